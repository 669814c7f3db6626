-- Stories told more than once: near-duplicate clusters and their sources.
select story_id, articles, title, files, agencies
from mart_stories
where articles > 1
order by articles desc, story_id;
