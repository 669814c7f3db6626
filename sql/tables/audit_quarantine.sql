-- Input the run could not use, with a reason a person understands. The file itself is never touched.
create table if not exists audit_quarantine (
    run_id varchar not null,
    path varchar not null,
    sha256 varchar,                       -- empty when the file could not be read at all
    article_ordinal integer,              -- NULL when the whole file is quarantined
    reason varchar not null,
    detected_at timestamptz not null
);
comment on table audit_quarantine is 'Quarantined files and feed articles with the reason; the original bytes are left untouched.';
