"""News agencies named in photo-caption credits, as `agency` entities."""

from __future__ import annotations

import polars as pl

from flows.ids import entity_id

ENTITY_SCHEMA = {
    "entity_id": pl.String,
    "entity_type": pl.String,
    "name": pl.String,
    "acronym": pl.String,
    "role": pl.String,
    "country_code": pl.String,
}


def agency_lookup(agencies: pl.DataFrame) -> pl.DataFrame:
    """Every surface form of every agency (name, short form, aliases) to its canonical entity."""
    forms = agencies.select(
        "name",
        "iso3",
        pl.when(pl.col("short") != pl.col("name")).then(pl.col("short")).alias("acronym"),
        pl.concat_list(
            pl.col("name"),
            pl.col("short").fill_null(pl.col("name")),
            pl.col("aliases").fill_null("").str.split("|"),
        ).alias("surface"),
    ).explode("surface")
    return (
        forms.with_columns(pl.col("surface").str.strip_chars())
        .filter(pl.col("surface") != "")
        .with_columns(key=pl.col("surface").str.to_lowercase())
        .unique("key", keep="first", maintain_order=True)
        .select("key", "name", "acronym", country_code="iso3")
    )


def caption_agencies(captions: pl.DataFrame, lookup: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Attach `agency_entity_id` to captions; return (captions, agency entities).

    A credit whose agency is not in the reference file still becomes an agency entity named as
    written, so nothing a caption says is dropped; adding it to `news_agencies.csv` later merges it.
    """
    joined = captions.with_columns(key=pl.col("agency").str.to_lowercase()).join(lookup, on="key", how="left")
    joined = joined.with_columns(
        canonical=pl.coalesce("name", "agency"),
    ).with_columns(
        agency_entity_id=pl.when(pl.col("canonical").is_not_null()).then(
            pl.col("canonical").map_elements(lambda n: entity_id("agency", n), return_dtype=pl.String)
        )
    )
    entities = (
        joined.filter(pl.col("agency_entity_id").is_not_null())
        .select(
            entity_id="agency_entity_id",
            entity_type=pl.lit("agency"),
            name="canonical",
            acronym="acronym",
            role=pl.lit(None, pl.String),
            country_code="country_code",
        )
        .unique("entity_id", keep="first", maintain_order=True)
        .cast(ENTITY_SCHEMA)
    )
    return joined.select(*captions.columns, "agency_entity_id"), entities
