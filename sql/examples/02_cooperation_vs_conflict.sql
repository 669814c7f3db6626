-- Which country pairs cooperate and which clash? Dyads ranked by mean Goldstein score.
select country_a_name, country_b_name, events,
    verbal_cooperation + material_cooperation as cooperation,
    verbal_conflict + material_conflict as conflict,
    mean_goldstein
from mart_country_dyads
order by mean_goldstein desc, events desc;
