-- Which organizations are named, how often, and with which countries in the same sentence?
with orgs as (
    select m.article_id, m.sentence_no, e.name as organization, e.acronym
    from fact_mention m join dim_entity e using (entity_id)
    where e.entity_type = 'organization'
),
countries as (
    select distinct m.article_id, m.sentence_no, e.country_code
    from fact_mention m join dim_entity e using (entity_id)
    where e.entity_type = 'country'
)
select o.organization, o.acronym, count(distinct o.article_id) as articles,
    string_agg(distinct c.country_code, ', ' order by c.country_code) as countries_named_with
from orgs o
left join countries c using (article_id, sentence_no)
group by all
order by articles desc, o.organization;
