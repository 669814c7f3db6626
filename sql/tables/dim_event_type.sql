-- CAMEO event codes with GDELT's quad class and Goldstein score.
create table if not exists dim_event_type (
    event_code varchar not null,       -- key: CAMEO code, leading zeros kept ("036")
    event_name varchar not null,
    root_code varchar not null,           -- two-digit CAMEO root
    quad_class integer not null,          -- 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict
    goldstein double not null             -- -10 (most conflictual) .. 10 (most cooperative)
);
comment on table dim_event_type is 'CAMEO event types with quad class and Goldstein score (reference/cameo_event_types.csv).';
