-- A contiguous calendar spanning every date the facts refer to.
create table if not exists dim_date (
    date_id integer not null,       -- key: yyyymmdd
    date date not null,
    year integer not null,
    quarter integer not null,
    month integer not null,
    day_of_week integer not null          -- ISO: 1 Monday .. 7 Sunday
);
comment on table dim_date is 'Calendar from the earliest to the latest date referenced by articles, captions and events.';
