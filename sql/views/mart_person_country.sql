-- Who is named with which countries: persons and the countries mentioned in the same sentences.
create or replace view mart_person_country as
with persons as (
    select m.article_id, m.sentence_no, e.entity_id as person_id, e.name as person, e.role,
        e.country_code as person_country,
    from fact_mention m
    join dim_entity e using (entity_id)
    where e.entity_type = 'person'
),
countries as (
    select distinct m.article_id, m.sentence_no, e.country_code,
    from fact_mention m
    join dim_entity e using (entity_id)
    where e.entity_type = 'country'
),
final as (
    select
        p.person_id,
        p.person,
        p.role,
        p.person_country,
        c.country_code,
        dc.name as country_name,
        count(*) as sentences,
        count(distinct p.article_id) as articles,
    from persons p
    join countries c using (article_id, sentence_no)
    left join dim_country dc on dc.country_code = c.country_code
    group by all
)
select * from final;
comment on view mart_person_country is 'Persons and the countries named in the same sentence, with sentence and article counts.';
