-- One row per distinct input file content. A file is its bytes: the same bytes under two names load once.
create table if not exists dim_source_file (
    source_file_id varchar not null,       -- key: hash of sha256: stable while the bytes are unchanged
    path varchar not null,               -- where the file was found when it was loaded
    file_name varchar not null,
    sha256 varchar not null,
    format varchar not null,             -- detected from content: feed, digest
    size_bytes bigint not null,
    loaded_at timestamptz not null,      -- start of the run that first loaded these bytes
    run_id varchar not null,
    note varchar,                        -- how the text was decoded when it was not plain UTF-8
    modified_ns bigint                   -- file mtime (ns) when read: size + mtime unchanged = skip unread
);
-- Warehouses built before the column existed gain it on their next run.
alter table dim_source_file add column if not exists modified_ns bigint;
comment on table dim_source_file is 'Input files that were loaded, one row per distinct content (sha256).';
comment on column dim_source_file.source_file_id is 'Key derived from sha256; stable across re-runs.';
comment on column dim_source_file.format is 'Input format detected from the content (feed, digest).';
comment on column dim_source_file.loaded_at is 'Start of the run that first loaded this content.';
comment on column dim_source_file.note is 'Decoding notes: byte-order mark removed, CRLF normalised, decoded as Windows-1252.';
comment on column dim_source_file.modified_ns is 'Modification time (ns since epoch) when read; with size_bytes, lets a re-run skip the file without reading it.';
