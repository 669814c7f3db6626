-- One row per coded interaction between two actors.
create table if not exists fact_event (
    event_id varchar not null,       -- key (unique, checked by validation)
    article_id varchar not null,
    sentence_no integer not null,
    event_code varchar not null,          -- references dim_event_type
    actor1_country_code varchar,          -- who acts
    actor2_country_code varchar,          -- who is acted upon
    actor1_entity_id varchar,             -- the person, organization or country named; NULL where unknown
    actor2_entity_id varchar,
    quad_class integer not null,
    goldstein double not null,
    date_id integer,                      -- NULL when the text does not date the event
    date_precision varchar,               -- day, week, month or year ("next week": the week's Monday)
    evidence varchar not null,            -- the sentence the event was coded from
    predicate varchar                     -- the phrase that signalled the event
);
comment on table fact_event is 'CAMEO-coded interactions between countries, with the evidence sentence.';
comment on column fact_event.date_precision is 'How precisely date_id is known: day, or week/month/year (then date_id is the first day of it).';
