-- One row per mention of an entity in an article body.
create table if not exists fact_mention (
    mention_id varchar not null,       -- key: article_id:char_start:char_end
    article_id varchar not null,
    entity_id varchar not null,
    sentence_no integer not null,         -- 1-based sentence of the body
    char_start integer not null,          -- 0-based character offset into dim_article.body
    char_end integer not null,            -- exclusive
    surface varchar not null              -- the text as written
);
comment on table fact_mention is 'Entity mentions with sentence numbers and character offsets into dim_article.body.';
comment on column fact_mention.char_start is '0-based: substring(body, char_start + 1, char_end - char_start) = surface.';
