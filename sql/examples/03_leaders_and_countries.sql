-- Which leaders are named with which countries (other than their own)?
select person, role, person_country, country_name, sentences, articles
from mart_person_country
where country_code is distinct from person_country
order by sentences desc, person, country_name;
