-- Which themes dominate, and how is their tone?
select t.theme, count(*) as articles, round(avg(a.tone), 3) as mean_tone
from article_theme t
join dim_article a using (article_id)
group by t.theme
order by articles desc, t.theme;
