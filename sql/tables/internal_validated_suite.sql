-- Schema `internal` (see internal_story_state.sql): bookkeeping, not part of the BI contract.
create schema if not exists internal;

-- One row per suite validated whole (no meta.scope: the dimensions) in the run that published this
-- warehouse: a fingerprint of the suite and of the rows its query selected, and the verdicts. A later
-- run whose selection has the same fingerprint carries the verdicts over instead of validating again
-- (flows/validate.py).
create table if not exists internal.validated_suite (
    suite varchar not null,              -- the suite's name
    fingerprint varchar not null,        -- hash of the suite's JSON, row count, sum of row hashes
    results varchar not null             -- the verdicts, a JSON list of flows.validate.CheckResult
);
comment on table internal.validated_suite is 'Internal, not for BI: verdicts of the suites validated whole, by fingerprint of their rows.';
