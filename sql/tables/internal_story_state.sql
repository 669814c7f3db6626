-- Schema `internal`: bookkeeping of the pipeline, NOT part of the BI contract. Its tables may change
-- or vanish with any release; read dim_article.story_id and mart_stories instead. It is published
-- with the warehouse so that the next run clusters stories from what it added
-- (flows/story_state.py; the algorithm in flows/transform/stories.py).
create schema if not exists internal;

-- One row: what the other tables were computed with. Another value here means recompute them.
create table if not exists internal.story_state (
    algorithm varchar not null,          -- parameters of the clustering and the Polars version
    threshold double not null,           -- least estimated Jaccard similarity of a stored pair
    articles bigint not null,            -- rows of internal.story_article
    counted_texts bigint not null,       -- the first this-many distinct texts are counted in story_slot
    common_cap integer not null          -- a slot counted more often than this is left out of signatures
);
comment on table internal.story_state is 'Internal, not for BI: parameters of the stored story state.';

-- One row per article of dim_article, in clustering order.
create table if not exists internal.story_article (
    position integer not null,           -- 0, 1, ...: the order articles were clustered in
    article_id varchar not null,         -- references dim_article
    text_hash ubigint not null,          -- hash of the normalised text (lowercase words)
    text_length bigint not null,         -- bytes of the normalised text; 0: no word
    -- MinHash signature of the text, 256 16-bit bins packed four to a value (bin 4k in the low
    -- bits of value k); only on the first article of each distinct text with words, else NULL.
    signature ubigint[64]
);
comment on table internal.story_article is 'Internal, not for BI: text key and MinHash signature per article.';

-- Shingle occurrences per count slot in the counted texts; slots never seen have no row.
create table if not exists internal.story_slot (
    slot integer not null,
    occurrences bigint not null
);
comment on table internal.story_slot is 'Internal, not for BI: shingle counts that decide which shingles are common.';

-- Verified near-duplicate pairs, by position of the first article of each text.
create table if not exists internal.story_pair (
    a integer not null,                  -- internal.story_article.position, a < b
    b integer not null,
    similarity double not null           -- estimated Jaccard similarity (bins that agree / 256)
);
comment on table internal.story_pair is 'Internal, not for BI: verified near-duplicate pairs of articles.';
