-- Who met whom? Meetings, visits and talks (CAMEO 04x) between countries, newest first.
select d.date, e.actor1_country_code, e.actor2_country_code, t.event_name, e.evidence
from fact_event e
join dim_event_type t using (event_code)
left join dim_date d using (date_id)
where t.root_code = '04'
order by d.date desc nulls last, e.event_id;
