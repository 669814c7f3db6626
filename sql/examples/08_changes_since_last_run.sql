-- What changed in the last published run: the files it loaded and their articles.
with last_run as (
    select run_id from audit_run where status = 'published' order by started_at desc limit 1
)
select f.file_name, f.format, count(a.article_id) as articles, f.loaded_at
from dim_source_file f
join last_run using (run_id)
left join dim_article a using (source_file_id)
group by all
order by f.file_name;
