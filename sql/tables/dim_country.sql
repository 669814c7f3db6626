-- Every ISO 3166-1 country, mentioned or not, so that BI tools can show zeroes.
create table if not exists dim_country (
    country_code varchar not null,       -- key: ISO 3166-1 alpha-3
    iso2 varchar,
    name varchar not null,
    region varchar,                       -- UN continent
    subregion varchar                     -- UN M49 subregion
);
comment on table dim_country is 'Every ISO 3166-1 country with its UN region and subregion (pycountry, country_converter).';
