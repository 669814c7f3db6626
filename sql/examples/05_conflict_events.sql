-- Conflict: every event of quad class 3 (verbal) or 4 (material), with who acted on whom.
select e.actor1_country_code as actor, e.actor2_country_code as target, t.event_name, e.goldstein,
    e.evidence
from fact_event e
join dim_event_type t using (event_code)
where e.quad_class in (3, 4)
order by e.goldstein, e.event_id;
