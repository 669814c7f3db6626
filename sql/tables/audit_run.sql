-- One row per published run. Runs that failed are in runs.jsonl beside the warehouse.
create table if not exists audit_run (
    run_id varchar not null,       -- key (unique, checked by validation)
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null,              -- published, failed_validation, failed
    files_seen integer not null,
    files_loaded integer not null,
    files_skipped integer not null,       -- already published with the same sha256
    files_quarantined integer not null,
    articles_loaded integer not null,
    message varchar,
    extraction_version varchar            -- hash of the reference files, code and libraries that extracted
);
-- Warehouses made before the column existed gain it empty: their extraction is of unknown rules.
alter table audit_run add column if not exists extraction_version varchar;
comment on table audit_run is 'Published runs with their file and article counts; every run is also in runs.jsonl.';
