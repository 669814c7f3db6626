-- One row per story (near-duplicate cluster) with its articles and sources.
create or replace view mart_stories as
with articles as (
    select a.story_id, a.article_id, a.headline, a.body, a.published_date, f.file_name, f.format,
    from dim_article a
    join dim_source_file f using (source_file_id)
    where a.story_id is not null
),
agencies as (
    select c.article_id, string_agg(distinct e.name, ', ' order by e.name) as agencies,
    from fact_caption c
    join dim_entity e on e.entity_id = c.agency_entity_id
    group by 1
),
final as (
    select
        story_id,
        count(*) as articles,
        list(article_id order by article_id) as article_ids,
        min(published_date) as first_published,
        max(published_date) as last_published,
        arg_min(coalesce(headline, left(body, 120)), article_id) as title,
        string_agg(distinct file_name, ', ' order by file_name) as files,
        string_agg(distinct agencies, ', ' order by agencies) as agencies,
    from articles
    left join agencies using (article_id)
    group by story_id
)
select * from final;
comment on view mart_stories is 'Stories: near-duplicate clusters of articles, with count, ids, title, dates, files and agencies.';
