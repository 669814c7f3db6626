"""News agencies named in photo-caption credits, as `agency` entities."""

from __future__ import annotations

import polars as pl

from flows.ids import entity_id
from flows.transform.entities import ENTITY_SCHEMA, Gazetteer, agency_entities_for_credit


def caption_agencies(captions: pl.DataFrame, gazetteer: Gazetteer) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Attach `agency_entity_id` to captions; return (captions, agency entities).

    Credits go through the same mapping as everywhere else (`agency_entities_for_credit`: every form
    of every agency, `PHOTOGRAPHER / AGENCY`, `AFP/Getty Images`), so captions and body mentions meet in
    one entity. A credit naming no known agency still becomes an agency entity named as the parser
    read it, so nothing a caption says is dropped; adding it to `news_agencies.csv` later merges it.
    """
    credits = captions.select("credit", "agency").unique().drop_nulls("agency")
    known = [agency_entities_for_credit(c or a, gazetteer) for c, a in credits.iter_rows()]
    names = [k[1] if k else a for k, (_, a) in zip(known, credits.iter_rows(), strict=True)]
    resolved = credits.with_columns(
        canonical=pl.Series(names, dtype=pl.String),
        agency_entity_id=pl.Series([entity_id("agency", n) for n in names], dtype=pl.String),
    )
    details = gazetteer.agencies.select("name", "acronym", country_code="iso3").unique("name", keep="first")
    joined = captions.join(resolved, on=["credit", "agency"], how="left", nulls_equal=True)
    entities = (
        resolved.join(details, left_on="canonical", right_on="name", how="left")
        .select(
            entity_id="agency_entity_id",
            entity_type=pl.lit("agency"),
            name="canonical",
            acronym="acronym",
            role=pl.lit(None, pl.String),
            country_code="country_code",
        )
        .unique("entity_id", keep="first", maintain_order=True)
        .sort("entity_id")
        .cast(ENTITY_SCHEMA)
    )
    return joined.select(*captions.columns, "agency_entity_id"), entities
