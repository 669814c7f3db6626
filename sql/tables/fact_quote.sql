-- One row per direct quotation.
create table if not exists fact_quote (
    quote_id varchar not null,       -- key (unique, checked by validation)
    article_id varchar not null,
    speaker_entity_id varchar,            -- NULL where the speaker is not resolved to an entity
    speaker varchar,                      -- as written
    quote varchar not null,               -- the words inside the quotation marks
    char_start integer,                   -- offsets of the quote in dim_article.body
    char_end integer,
    speech_verb varchar                   -- said, told, added, ...
);
comment on table fact_quote is 'Direct quotations with their speaker as written and, where resolved, as an entity.';
