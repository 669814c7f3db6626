-- One row per distinct photo caption of an article.
create table if not exists fact_caption (
    caption_id varchar not null,       -- key (unique, checked by validation)
    article_id varchar not null,
    caption_no integer not null,          -- 1-based order among the article's distinct captions
    caption varchar not null,             -- as written, credit included
    credit varchar,                       -- the credit as written: "AFP", "FAYEZ NURELDINE / AFP"
    agency varchar,                       -- the agency part of the credit
    agency_entity_id varchar,             -- references dim_entity (entity_type agency)
    date_id integer                       -- a date written in the caption
);
comment on table fact_caption is 'Photo captions of feed articles, de-duplicated, with their agency credit and date.';
