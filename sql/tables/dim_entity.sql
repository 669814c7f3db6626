-- One row per real-world entity named in the news: country, person, organization, news agency.
create table if not exists dim_entity (
    entity_id varchar not null,       -- key: hash of (entity_type, canonical name): one id warehouse-wide
    entity_type varchar not null,         -- country, person, organization, agency
    name varchar not null,                -- canonical name
    acronym varchar,
    role varchar,                         -- persons: President, Foreign Minister, ...
    country_code varchar                  -- ISO3: a country's own, a person's or organization's where known
);
comment on table dim_entity is 'Countries, persons, organizations and news agencies; one id per entity across the warehouse.';
comment on column dim_entity.role is 'For persons, the role the text or reference data gives (e.g. President); else NULL.';
comment on column dim_entity.country_code is 'ISO 3166-1 alpha-3: the country itself, or the country a person or organization belongs to.';
