"""News agencies named in photo-caption credits, as `agency` entities."""

from __future__ import annotations

import polars as pl

from flows.ids import entity_id
from flows.transform.entities import ENTITY_SCHEMA


def agency_lookup(agency_forms: pl.DataFrame) -> pl.DataFrame:
    """The gazetteer's agency forms (every name, short form and alias, lower-cased) keyed for a join."""
    return agency_forms.select(key="form", name="name", acronym="acronym", country_code="iso3").unique(
        "key", keep="first", maintain_order=True
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
