-- Which countries does the news talk about most?
select c.name, c.region, count(*) as mentions, count(distinct m.article_id) as articles
from fact_mention m
join dim_entity e using (entity_id)
join dim_country c on c.country_code = e.country_code
where e.entity_type = 'country'
group by all
order by mentions desc, c.name
limit 20;
