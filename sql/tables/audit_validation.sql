-- One row per expectation checked in a run.
create table if not exists audit_validation (
    run_id varchar not null,
    table_name varchar not null,
    expectation varchar not null,         -- expectation type and its column
    success boolean not null,
    unexpected_count bigint,
    sample varchar                        -- a few unexpected values, for failed expectations
);
comment on table audit_validation is 'Great Expectations results per run, table and expectation.';
