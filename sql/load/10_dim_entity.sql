-- Batches append the entities they saw; keep one row per entity_id, and only entities that some
-- fact still refers to (a retired file's people disappear with it). The attribute order is fixed so
-- that the same input always gives the same row.
create or replace temp table _entity as
with referenced as (
    select entity_id from fact_mention
    union
    select agency_entity_id from fact_caption where agency_entity_id is not null
    union
    select actor1_entity_id from fact_event where actor1_entity_id is not null
    union
    select actor2_entity_id from fact_event where actor2_entity_id is not null
    union
    select speaker_entity_id from fact_quote where speaker_entity_id is not null
),
ranked as (
    select
        *,
        row_number() over (
            partition by entity_id
            order by role nulls last, country_code nulls last, acronym nulls last, name
        ) as rank_in_entity,
    from dim_entity
    semi join referenced using (entity_id)
),
final as (
    select entity_id, entity_type, name, acronym, role, country_code,
    from ranked
    where rank_in_entity = 1
)
select * from final order by entity_id;
delete from dim_entity;
insert into dim_entity by name select * from _entity;
drop table _entity;
