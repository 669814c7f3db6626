-- Who said what? Quotations with the speaker resolved to a person or organization.
select coalesce(s.name, q.speaker) as speaker, s.role, s.country_code, q.quote
from fact_quote q
left join dim_entity s on s.entity_id = q.speaker_entity_id
order by speaker, q.quote_id;
