-- Country pairs and how they interact: counts per quad class, mean Goldstein, first and last date.
-- The pair is unordered (the two codes sorted), so "who did what to whom" is in fact_event itself.
create or replace view mart_country_dyads as
with events as (
    select
        least(actor1_country_code, actor2_country_code) as country_a,
        greatest(actor1_country_code, actor2_country_code) as country_b,
        quad_class,
        goldstein,
        date_id,
    from fact_event
    where actor1_country_code is not null and actor2_country_code is not null
),
dated as (
    select events.*, d.date,
    from events
    left join dim_date d using (date_id)
),
final as (
    select
        country_a,
        ca.name as country_a_name,
        country_b,
        cb.name as country_b_name,
        count(*) as events,
        count(*) filter (where quad_class = 1) as verbal_cooperation,
        count(*) filter (where quad_class = 2) as material_cooperation,
        count(*) filter (where quad_class = 3) as verbal_conflict,
        count(*) filter (where quad_class = 4) as material_conflict,
        round(avg(goldstein), 2) as mean_goldstein,
        min(date) as first_date,
        max(date) as last_date,
    from dated
    left join dim_country ca on ca.country_code = dated.country_a
    left join dim_country cb on cb.country_code = dated.country_b
    group by all
)
select * from final;
comment on view mart_country_dyads is 'Unordered country pairs: event counts per quad class, mean Goldstein, first and last event date.';
