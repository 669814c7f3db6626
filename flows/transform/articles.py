"""Parsed files to `dim_source_file`, `dim_article`, `fact_caption` and quarantine rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from flows.dates import date_id
from flows.extract import SourceFile
from flows.ids import stable_id
from flows.parse import ParseResult

SOURCE_FILE_SCHEMA = {
    "source_file_id": pl.String,
    "path": pl.String,
    "file_name": pl.String,
    "sha256": pl.String,
    "format": pl.String,
    "size_bytes": pl.Int64,
    "loaded_at": pl.Datetime("us", "UTC"),
    "run_id": pl.String,
    "note": pl.String,
    "modified_ns": pl.Int64,
}
ARTICLE_SCHEMA = {
    "article_id": pl.String,
    "source_file_id": pl.String,
    "ordinal": pl.Int32,
    "headline": pl.String,
    "body": pl.String,
    "dateline": pl.String,
    "content_sha256": pl.String,
    "published_date": pl.Date,
}
CAPTION_SCHEMA = {
    "caption_id": pl.String,
    "article_id": pl.String,
    "caption_no": pl.Int32,
    "caption": pl.String,
    "credit": pl.String,
    "agency": pl.String,
    "date_id": pl.Int32,
}
QUARANTINE_SCHEMA = {
    "run_id": pl.String,
    "path": pl.String,
    "sha256": pl.String,
    "article_ordinal": pl.Int32,
    "reason": pl.String,
    "detected_at": pl.Datetime("us", "UTC"),
}


@dataclass(frozen=True)
class RunContext:
    run_id: str
    started_at: datetime


def source_file_id(sha256: str) -> str:
    """A file is its bytes: the same bytes under two names are one source file."""
    return stable_id("file", sha256)


def article_id(file_id: str, ordinal: int) -> str:
    return stable_id("article", file_id, ordinal)


def articles_frames(parsed: list[tuple[SourceFile, ParseResult]], run: RunContext) -> dict[str, pl.DataFrame]:
    """Frames for the files of one batch that parsed, and quarantine rows for what did not."""
    files, articles, captions, quarantine = [], [], [], []
    for source, result in parsed:
        file_rejected = any(r.ordinal is None for r in result.rejections)
        for rejection in result.rejections:
            quarantine.append(
                (run.run_id, source.path, source.sha256, rejection.ordinal, rejection.reason, run.started_at)
            )
        if file_rejected:
            continue
        file_id = source_file_id(source.sha256)
        files.append(
            (
                file_id,
                source.path,
                source.file_name,
                source.sha256,
                result.format,
                source.size_bytes,
                run.started_at,
                run.run_id,
                source.note,
                source.modified_ns,
            )
        )
        for art in result.articles:
            a_id = article_id(file_id, art.ordinal)
            content = hashlib.sha256(f"{art.headline or ''}\n{art.body}".encode()).hexdigest()
            articles.append(
                (
                    a_id,
                    file_id,
                    art.ordinal,
                    art.headline,
                    art.body,
                    art.dateline,
                    content,
                    art.published_date,
                )
            )
            for n, cap in enumerate(art.captions, start=1):
                captions.append(
                    (
                        stable_id("caption", a_id, n),
                        a_id,
                        n,
                        cap.text,
                        cap.credit,
                        cap.agency,
                        date_id(cap.taken_on),
                    )
                )
    article_frame = pl.DataFrame(articles, schema=ARTICLE_SCHEMA, orient="row")
    return {
        "dim_source_file": pl.DataFrame(files, schema=SOURCE_FILE_SCHEMA, orient="row"),
        "dim_article": article_frame.with_columns(
            word_count=pl.col("body").str.count_matches(r"\S+").cast(pl.Int32),
        ),
        "fact_caption": pl.DataFrame(captions, schema=CAPTION_SCHEMA, orient="row"),
        "audit_quarantine": pl.DataFrame(quarantine, schema=QUARANTINE_SCHEMA, orient="row"),
    }


def quarantined_files_frame(sources: list[SourceFile], run: RunContext) -> pl.DataFrame:
    """Quarantine rows for files rejected before parsing (empty, binary, undecodable, vanished)."""
    rows = [(run.run_id, s.path, s.sha256, None, s.reason, run.started_at) for s in sources if not s.ok]
    return pl.DataFrame(rows, schema=QUARANTINE_SCHEMA, orient="row")
