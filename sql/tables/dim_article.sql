-- One row per article: a feed story or a digest line.
create table if not exists dim_article (
    article_id varchar not null,       -- key: hash of (source file, ordinal)
    source_file_id varchar not null,      -- references dim_source_file
    ordinal integer not null,             -- 1-based position in its file
    headline varchar,                     -- NULL where the format has none (digest)
    body varchar not null,                -- the text all character offsets refer to
    dateline varchar,                     -- "RIYADH" when the body opens with "RIYADH:"
    word_count integer not null,
    content_sha256 varchar not null,      -- sha256 of headline and body
    published_date date,                  -- NULL where neither text nor file gives it
    story_id varchar,                     -- near-duplicate cluster: equal for articles telling one story
    tone double,                          -- VADER compound score, -1 (negative) .. 1 (positive)
    tone_positive double,                 -- VADER's share of positive, negative and neutral text
    tone_negative double,
    tone_neutral double
);
comment on table dim_article is 'Articles parsed from the input files; body is the text every offset refers to.';
comment on column dim_article.ordinal is '1-based position of the article in its file, counting rejected ones.';
comment on column dim_article.body is 'Article text; fact_mention offsets are 0-based character offsets into it.';
comment on column dim_article.published_date is 'Publication date written in the article or file; NULL when unknown.';
comment on column dim_article.story_id is 'Near-duplicate cluster id: equal for articles that tell the same story.';
comment on column dim_article.tone is 'Tone from the VADER sentiment lexicon: compound score, -1 negative .. 1 positive.';
