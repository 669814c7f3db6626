-- One row per theme an article is about (security, nuclear, trade, ...), from reference/themes.csv.
create table if not exists article_theme (
    article_id varchar not null,
    theme varchar not null,
    hits integer not null                 -- how many lexicon terms of the theme the article contains
);
comment on table article_theme is 'Themes per article from the versioned lexicon reference/themes.csv.';
