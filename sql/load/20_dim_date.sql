-- Rebuild the calendar after every load so it spans every date any fact or article refers to.
create or replace temp table _calendar as
with referenced as (
    select published_date as d from dim_article where published_date is not null
    union all
    select strptime(cast(date_id as varchar), '%Y%m%d')::date from fact_caption where date_id is not null
    union all
    select strptime(cast(date_id as varchar), '%Y%m%d')::date from fact_event where date_id is not null
),
bounds as (
    select min(d) as first_day, max(d) as last_day from referenced
),
calendar as (
    select unnest(generate_series(first_day, last_day, interval 1 day))::date as date
    from bounds
    where first_day is not null
),
final as (
    select
        cast(strftime(date, '%Y%m%d') as integer) as date_id,
        date,
        year(date) as year,
        quarter(date) as quarter,
        month(date) as month,
        isodow(date) as day_of_week,
    from calendar
)
select * from final order by date_id;
delete from dim_date;
insert into dim_date by name select * from _calendar;
drop table _calendar;
