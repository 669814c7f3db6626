-- Per country and month: how often it is named, how many events it takes part in, and their tone.
-- Months come from the event date, else the article's published date; undated rows have month NULL.
create or replace view mart_country_activity as
with event_sides as (
    select e.actor1_country_code as country_code, e.article_id, e.date_id, e.quad_class, e.goldstein,
    from fact_event e
    union all
    select e.actor2_country_code, e.article_id, e.date_id, e.quad_class, e.goldstein,
    from fact_event e
),
events as (
    select
        s.country_code,
        date_trunc('month', coalesce(d.date, a.published_date)) as month,
        count(*) as events,
        count(*) filter (where s.quad_class in (1, 2)) as cooperation_events,
        count(*) filter (where s.quad_class in (3, 4)) as conflict_events,
        avg(s.goldstein) as mean_goldstein,
    from event_sides s
    join dim_article a using (article_id)
    left join dim_date d using (date_id)
    where s.country_code is not null
    group by all
),
mentions as (
    select
        e.country_code,
        date_trunc('month', a.published_date) as month,
        count(*) as mentions,
        count(distinct m.article_id) as articles,
    from fact_mention m
    join dim_entity e using (entity_id)
    join dim_article a using (article_id)
    where e.entity_type = 'country'
    group by all
),
final as (
    select
        country_code,
        c.name as country_name,
        c.region,
        month,
        coalesce(mentions.mentions, 0) as mentions,
        coalesce(mentions.articles, 0) as articles,
        coalesce(events.events, 0) as events,
        coalesce(events.cooperation_events, 0) as cooperation_events,
        coalesce(events.conflict_events, 0) as conflict_events,
        round(events.mean_goldstein, 2) as mean_goldstein,
    from mentions
    full outer join events using (country_code, month)
    left join dim_country c using (country_code)
)
select * from final;
comment on view mart_country_activity is 'Per country and month: mentions, articles, events by cooperation/conflict, mean Goldstein.';
