"""The newsdw flow: discover, extract, parse, transform, load, validate, publish.

Wiring only; each stage lives in its own module. Files stream through in batches of bounded size,
one process writes DuckDB, and the published warehouse changes only by an atomic swap after the
build validates.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from flows import extract, publish
from flows.extract import SourceFile
from flows.parse import ParseResult, parse_text
from flows.settings import Settings
from flows.transform.agencies import agency_lookup, caption_agencies
from flows.transform.articles import RunContext, articles_frames, quarantined_files_frame
from flows.transform.entities import (
    Gazetteer,
    country_dimension,
    entities_from_mentions,
    extract_mentions,
    load_gazetteer,
    split_sentences,
)
from flows.transform.events import EventLexicon, code_events, event_types, load_event_lexicon
from flows.transform.quotes import extract_quotes, load_speech_verbs
from flows.transform.stories import assign_stories
from flows.transform.themes import article_themes, load_theme_lexicon
from flows.transform.tone import article_tone
from flows.validate import ValidationReport, validate_build
from flows.warehouse import Build

# Exit codes a cron wrapper or CI can act on.
EXIT_OK = 0
EXIT_VALIDATION_FAILED = 1
EXIT_QUARANTINED = 3


@dataclass
class RunSummary:
    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    status: str = "running"
    files_seen: int = 0
    files_loaded: int = 0
    files_skipped: int = 0
    files_quarantined: int = 0
    articles_loaded: int = 0
    files_retired: int = 0
    message: str | None = None
    row_counts: dict[str, int] = field(default_factory=dict)
    validation: list[dict] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        if self.status not in ("published", "unchanged"):
            return EXIT_VALIDATION_FAILED
        return EXIT_QUARANTINED if self.files_quarantined else EXIT_OK


@dataclass(frozen=True)
class References:
    """Reference data loaded once per run and shipped to every batch."""

    agencies: pl.DataFrame
    gazetteer: Gazetteer
    event_types: pl.DataFrame
    events: EventLexicon
    themes: pl.DataFrame
    speech_verbs: pl.DataFrame

    @classmethod
    def load(cls, reference_dir: Path) -> References:
        types = event_types(reference_dir)
        gazetteer = load_gazetteer(reference_dir)
        return cls(
            agencies=agency_lookup(gazetteer.agencies),
            gazetteer=gazetteer,
            event_types=types,
            events=load_event_lexicon(reference_dir, types),
            themes=load_theme_lexicon(reference_dir),
            speech_verbs=load_speech_verbs(reference_dir),
        )


def new_run_id(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@task(cache_policy=NONE)
def discover(seeds_dir: Path) -> list[Path]:
    """List every input file under the seeds folder."""
    return extract.discover_files(seeds_dir)


@task(cache_policy=NONE, retries=2, retry_delay_seconds=[1, 5])
def extract_batch(paths: list[Path], root: Path, max_line_chars: int) -> list[SourceFile]:
    """Read, hash and decode one batch of files (I/O: retried with backoff)."""
    return [extract.read_source(p, root, max_line_chars) for p in paths]


@task(cache_policy=NONE)
def parse_batch(sources: list[SourceFile]) -> list[tuple[SourceFile, ParseResult]]:
    """Detect each file's format from its content and parse it into articles."""
    return [(s, parse_text(s.text)) for s in sources if s.text is not None]


@task(cache_policy=NONE)
def transform_batch(
    parsed: list[tuple[SourceFile, ParseResult]], run: RunContext, refs: References
) -> dict[str, pl.DataFrame]:
    """Turn parsed articles into warehouse-shaped frames."""
    frames = articles_frames(parsed, run)
    frames["fact_caption"], agencies = caption_agencies(frames["fact_caption"], refs.agencies)
    articles = frames["dim_article"]
    sentences = split_sentences(articles)
    mentions = extract_mentions(articles, sentences, refs.gazetteer)
    frames["dim_entity"] = pl.concat([agencies, entities_from_mentions(mentions)], how="vertical_relaxed")
    frames["fact_mention"] = mentions.select(
        "mention_id", "article_id", "entity_id", "sentence_no", "char_start", "char_end", "surface"
    )
    frames["fact_event"] = code_events(articles, sentences, mentions, refs.events)
    frames["fact_quote"] = extract_quotes(articles, mentions, refs.speech_verbs)
    frames["article_theme"] = article_themes(articles, refs.themes)
    tone = article_tone(articles)
    frames["dim_article"] = articles.join(
        tone.rename({"positive": "tone_positive", "negative": "tone_negative", "neutral": "tone_neutral"}),
        on="article_id",
        how="left",
    )
    return frames


@task(cache_policy=NONE)
def load_batch(build: Build, frames: dict[str, pl.DataFrame]) -> None:
    """Append one batch's frames to the build database (the single writer)."""
    for table, frame in frames.items():
        build.append(table, frame)


@task(cache_policy=NONE)
def finish_build(build: Build, settings: Settings, refs: References) -> None:
    """Derive what needs every batch: stories, reference dimensions, entities, calendar, views."""
    build.replace("dim_country", country_dimension(refs.gazetteer))
    build.replace("dim_event_type", refs.event_types)
    articles = build.con.sql("select article_id, body from dim_article").pl()
    # Stories span files and batches, so they are clustered over every article once loading is done.
    build.con.register("_stories", assign_stories(articles).to_arrow())
    try:
        build.con.execute(
            "update dim_article set story_id = s.story_id "
            "from _stories s where s.article_id = dim_article.article_id"
        )
    finally:
        build.con.unregister("_stories")
    build.run_sql_folder(settings.sql_dir, "load")
    build.run_sql_folder(settings.sql_dir, "views")


@task(cache_policy=NONE)
def validate(build: Build, settings: Settings) -> ValidationReport:
    """Run every Great Expectations suite against the build; the result decides publishing."""
    return validate_build(build.con, settings.expectations_dir)


@task(cache_policy=NONE, retries=2, retry_delay_seconds=[1, 5])
def publish_build(build: Build, warehouse: Path) -> None:
    """Swap the validated build into place atomically (I/O: retried with backoff)."""
    publish.swap_into_place(build.path, warehouse)


def _record_audit(build: Build, summary: RunSummary, report: ValidationReport) -> None:
    run_row = {k: v for k, v in asdict(summary).items() if k in _AUDIT_RUN_COLUMNS}
    build.append("audit_run", pl.DataFrame([run_row]))
    build.append(
        "audit_validation",
        pl.DataFrame(
            [{"run_id": summary.run_id, **asdict(r)} for r in report.results],
            schema={
                "run_id": pl.String,
                "table_name": pl.String,
                "expectation": pl.String,
                "success": pl.Boolean,
                "unexpected_count": pl.Int64,
                "sample": pl.String,
            },
        ),
    )


_AUDIT_RUN_COLUMNS = (
    "run_id",
    "started_at",
    "finished_at",
    "status",
    "files_seen",
    "files_loaded",
    "files_skipped",
    "files_quarantined",
    "articles_loaded",
    "message",
)


@flow(name="newsdw", log_prints=True)
def newsdw_flow(
    seeds_dir: str | None = None,
    warehouse: str | None = None,
    full_refresh: bool = False,
    lock_wait_seconds: float = 0.0,
) -> RunSummary:
    """Load every file under `seeds_dir` into the warehouse at `warehouse`, validated and published."""
    defaults = Settings()
    settings = Settings(
        seeds_dir=Path(seeds_dir) if seeds_dir else defaults.seeds_dir,
        warehouse=Path(warehouse) if warehouse else defaults.warehouse,
    )
    logger = get_run_logger()
    started = datetime.now(UTC)
    summary = RunSummary(run_id=new_run_id(started), started_at=started)
    run = RunContext(summary.run_id, started)
    with publish.writer_lock(settings.warehouse, lock_wait_seconds):
        publish.remove_stale_builds(settings.warehouse)
        try:
            _run(settings, run, summary, full_refresh, logger)
        except Exception as exc:
            summary.status = "failed"
            summary.message = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            summary.finished_at = datetime.now(UTC)
            publish.append_run_log(settings.run_log, asdict(summary))
    logger.info(
        "run %s %s: %d files seen, %d loaded, %d skipped, %d quarantined, %d articles",
        summary.run_id,
        summary.status,
        summary.files_seen,
        summary.files_loaded,
        summary.files_skipped,
        summary.files_quarantined,
        summary.articles_loaded,
    )
    return summary


def _run(settings: Settings, run: RunContext, summary: RunSummary, full_refresh: bool, logger) -> None:
    paths = discover(settings.seeds_dir)
    summary.files_seen = len(paths)
    refs = References.load(settings.reference_dir)
    build = Build.start(
        settings.warehouse,
        publish.build_path(settings.warehouse, run.run_id),
        settings.sql_dir,
        settings.storage_version,
        full_refresh,
    )
    try:
        known = build.known_sha256()
        present: set[str] = set()
        batches = list(extract.batches(paths, settings.batch_bytes))
        for number, batch in enumerate(batches, start=1):
            tick = time.perf_counter()
            sources = extract_batch(batch, settings.seeds_dir, settings.max_line_chars)
            fresh: list[SourceFile] = []
            for source in (s for s in sources if s.ok):
                if source.sha256 in known or source.sha256 in present:
                    summary.files_skipped += 1
                    logger.info(
                        "skipped %s: content already loaded (sha256 %s)", source.path, source.sha256[:12]
                    )
                else:
                    fresh.append(source)
                present.add(source.sha256)
            quarantined = quarantined_files_frame(sources, run)
            frames = transform_batch(parse_batch(fresh), run, refs) if fresh else {}
            if frames:
                quarantined = pl.concat([quarantined, frames.pop("audit_quarantine")])
                summary.files_loaded += frames["dim_source_file"].height
                summary.articles_loaded += frames["dim_article"].height
            bad_files = quarantined.filter(pl.col("article_ordinal").is_null()).height
            summary.files_quarantined += bad_files
            for row in quarantined.iter_rows(named=True):
                logger.warning(
                    "quarantined %s%s: %s",
                    row["path"],
                    f" article {row['article_ordinal']}" if row["article_ordinal"] else "",
                    row["reason"],
                )
            frames["audit_quarantine"] = quarantined
            load_batch(build, frames)
            megabytes = sum(s.size_bytes for s in sources) / 1e6
            logger.info(
                "batch %d/%d: %d files, %.1f MB, %d articles so far (%.1f s)",
                number,
                len(batches),
                len(sources),
                megabytes,
                summary.articles_loaded,
                time.perf_counter() - tick,
            )
        summary.files_retired = build.retire_files(present)
        if summary.files_retired:
            logger.info("retired %d files no longer in %s", summary.files_retired, settings.seeds_dir)
        finish_build(build, settings, refs)
        report = validate(build, settings)
        summary.validation = [asdict(r) for r in report.results]
        summary.row_counts = build.row_counts()
        if not report.success:
            summary.status = "failed_validation"
            summary.message = report.summary()
            logger.error("not published: %s", summary.message)
            build.discard()
            return
        summary.status = "published"
        summary.finished_at = datetime.now(UTC)
        _record_audit(build, summary, report)
        build.close()
        publish_build(build, settings.warehouse)
    except BaseException:
        build.discard()
        raise
