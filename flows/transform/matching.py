"""Vectorised candidate generation: gazetteer hits and capitalised tokens over a whole batch.

Both run on the one-byte-per-character skeleton (`text.prepare`), so every offset produced here is a
Unicode character offset into the original body.
"""

from __future__ import annotations

import polars as pl

from flows.transform.gazetteer import Gazetteer
from flows.transform.text import HYPHEN_PARTICLES, NAME_PARTICLES, NAME_SUFFIXES

SPAN_SCHEMA = {"_a": pl.UInt32, "s": pl.Int64, "e": pl.Int64, "pattern": pl.String}
_AFTER_HYPHEN_PARTICLE = rf"(?:^|[^A-Za-z])(?i:{'|'.join(HYPHEN_PARTICLES)})-$"


def _is_alnum(b: pl.Expr) -> pl.Expr:
    return b.is_between(48, 57) | b.is_between(65, 90) | b.is_between(97, 122)


def _is_alpha(b: pl.Expr) -> pl.Expr:
    return b.is_between(65, 90) | b.is_between(97, 122)


def phrase_hits(prep: pl.DataFrame, gaz: Gazetteer) -> pl.DataFrame:
    """Every whole-word occurrence of every gazetteer pattern: _a, s, e, pattern.

    One overlapping Aho-Corasick pass (`find_many` + `extract_many`, ~70 MB/s) instead of a regex
    alternation of thousands of names (~1 MB/s). Whole word: the characters around the hit are not
    letters or digits; a prefix form such as `Indo-` must be followed by a letter (`Indo-US`).
    """
    if prep.height == 0 or not gaz.patterns:
        return pl.DataFrame(schema=SPAN_SCHEMA)
    pats = list(gaz.patterns)
    hits = (
        prep.with_row_index("_p")
        .select(
            "_a",
            "_p",
            s=pl.col("sk").str.find_many(pats, overlapping=True),
            pattern=pl.col("sk").str.extract_many(pats, overlapping=True),
        )
        .explode(["s", "pattern"])
        .drop_nulls("s")
    )
    if hits.height == 0:
        return pl.DataFrame(schema=SPAN_SCHEMA)
    hits = hits.with_columns(s=pl.col("s").cast(pl.Int64)).with_columns(
        e=pl.col("s") + pl.col("pattern").str.len_bytes().cast(pl.Int64)
    )
    body = pl.lit(prep["skb"]).gather(pl.col("_p"))  # prep may be a subset of the batch
    before = pl.when(pl.col("s") > 0).then(
        body.bin.get(pl.max_horizontal(pl.col("s") - 1, pl.lit(0)), null_on_oob=True)
    )
    after = body.bin.get(pl.col("e"), null_on_oob=True)
    hits = hits.with_columns(_b=before.fill_null(32).cast(pl.Int32), _n=after.fill_null(32).cast(pl.Int32))
    prefix = pl.col("pattern").str.ends_with("-")
    ok = ~_is_alnum(pl.col("_b")) & pl.when(prefix).then(_is_alpha(pl.col("_n"))).otherwise(
        ~_is_alnum(pl.col("_n"))
    )
    hits = hits.filter(ok).with_row_index("_h")
    # After a hyphenated name particle the words are a family name, not the group or country they
    # spell: "Abdul-Malik al-Houthi", "Hashem al-Iraqi". Few hits follow a hyphen, so only those
    # have the text before them read.
    dashed = hits.filter(pl.col("_b") == 45)
    if dashed.height:
        lead = body.bin.slice(
            pl.max_horizontal(pl.col("s") - 5, pl.lit(0)), pl.min_horizontal(pl.col("s"), 5)
        )
        family = dashed.filter(lead.cast(pl.String).str.contains(_AFTER_HYPHEN_PARTICLE))["_h"]
        hits = hits.filter(~pl.col("_h").is_in(family.implode()))
    return hits.select(list(SPAN_SCHEMA)).cast(SPAN_SCHEMA)


def leftmost_longest(spans: pl.DataFrame) -> pl.DataFrame:
    """Keep non-overlapping spans, longest first among those starting together, left to right.

    So `North Korea` beats `Korea`, `South China Sea` beats `China`, `Indian Ocean` beats `Indian`.
    A span is dropped when it starts before the end of any earlier-starting (or equally starting,
    longer) span; the greedy sweep is expressed as a running maximum so it stays vectorised.
    """
    if spans.height == 0:
        return spans
    if spans["_a"].max() < (1 << 19) and (spans["e"] - spans["s"]).max() < (1 << 10):
        # one integer key (article, start, longest first) sorts several times faster than three columns
        packed = ((pl.col("_a").cast(pl.Int64) * (1 << 34) + pl.col("s")) * (1 << 10)) + (
            (1 << 10) - 1 - (pl.col("e") - pl.col("s"))
        )
        spans = spans.sort(packed)
    else:
        spans = spans.sort(["_a", "s", "e"], descending=[False, False, True])
    # offsets made global by the article number, so one running maximum serves all articles
    g = pl.col("_a").cast(pl.Int64) * (1 << 34)
    prev_end = (g + pl.col("e")).cum_max().shift(1)
    return spans.filter(prev_end.is_null() | ((g + pl.col("s")) >= prev_end))


# A capitalised token, or a lowercase name particle (`bin`, `al-`, `von`, `da`), preceded by the start
# of the text, whitespace, an opening quote or bracket. Splitting the text on it (keeping it at the
# end of each piece) gives pieces that tile the body, so offsets are cumulative sums of lengths.
_TOKEN = rf"""(?:^|[\s"'(\[])(?:[A-Z]|(?:{"|".join(NAME_PARTICLES)})(?:-[A-Z]|\b))\S*"""
_QUOTE_BYTES = [ord(c) for c in "\"'(["]
_PARTICLE_END = rf"""(?:^|\s)["'(\[]?(?:{"|".join(NAME_PARTICLES)})(?:-[A-Z]\S*)?$"""
_NAME_LIKE = (
    r"^(?:[A-Z][a-z]+(?:['-]?[A-Za-z]+)*|[A-Z]'[A-Z][a-z]+(?:-[A-Za-z]+)*|(?:[A-Z]\.)+[A-Z]?|[A-Z]|[A-Z]{2}"
    r"|(?:al|el|bin|ibn|abu|ul|ud|ad|as|ash|at|az|ben|da|de|di|le|la|van|von)-[A-Z][A-Za-z'-]*)$"
)
TOKEN_SCHEMA = {
    "_a": pl.UInt32,
    "start": pl.Int64,
    "end": pl.Int64,
    "core": pl.String,
    "core_start": pl.Int64,
    "core_end": pl.Int64,
    "poss": pl.Boolean,
    "clean_tail": pl.Boolean,
    "dot_tail": pl.Boolean,
    "gap1": pl.Boolean,
    "name_like": pl.Boolean,
    "initial": pl.Boolean,
    "particle": pl.Boolean,
    "suffix": pl.Boolean,
}


def cap_tokens(prep: pl.DataFrame, units: pl.DataFrame | None = None) -> pl.DataFrame:
    """Capitalised tokens (and name particles) with their core (punctuation and `'s` stripped).

    `gap1`: the token follows the previous token after exactly one space (names are contiguous);
    `clean_tail`: nothing trails the core; `dot_tail`: a full stop does (`W.`, `Jr.`).

    With `units` (accepted spans: _a, s, e, etype), tokens inside a span other than a blocking
    place are dropped -- they can never be part of a name -- and the token after one is marked
    `after_unit` (no name continues across it); `unit` is `block` for tokens in blocking places.
    """
    # The pieces tile every body (the last one is the text after the last token), so a global
    # running total minus the length of the bodies before gives each token's end.
    tok = (
        prep.select("_a", m=pl.col("sk").str.split(_TOKEN, inclusive=True, literal=False))
        .explode("m")
        .drop_nulls("m")
    )
    if tok.height == 0:
        return pl.DataFrame(schema=TOKEN_SCHEMA)
    lengths = prep["sk"].str.len_bytes().cast(pl.Int64)
    base = lengths.cum_sum() - lengths
    m = pl.col("m")
    # The token is the last non-blank run of its piece (`_p`: where it starts; null for the blank
    # tail of a body). Offsets, the test that it opens like a name (a capital, or a particle:
    # `_PARTICLE_END`) and the one-space test come from lengths and single bytes of the skeleton,
    # and covered tokens are dropped, before any token text is copied.
    tok = tok.with_columns(
        end=m.str.len_bytes().cast(pl.Int64).cum_sum() - pl.lit(base).gather(pl.col("_a")),
        _p=m.str.find(r"\S+$").cast(pl.Int64),
        _m0=m.cast(pl.Binary).bin.get(0, null_on_oob=True),
    ).with_columns(start=pl.col("end") - m.str.len_bytes().cast(pl.Int64) + pl.col("_p"))
    # the token's first two bytes, read in its own piece
    mb = m.cast(pl.Binary)
    tok = tok.with_columns(
        _b0=mb.bin.get(pl.col("_p"), null_on_oob=True), _b1=mb.bin.get(pl.col("_p") + 1, null_on_oob=True)
    ).with_columns(
        _quote=pl.col("_b0").is_in(_QUOTE_BYTES),
        # the first letter: after at most one opening quote or bracket
        _c=pl.when(pl.col("_b0").is_in(_QUOTE_BYTES)).then(pl.col("_b1")).otherwise(pl.col("_b0")),
    )
    upper = pl.col("_c").is_between(65, 90)
    lower = pl.col("_c").is_between(97, 122)
    # a lower-case start is a token only as a name particle (`bin`, `al-Assad`): rare, so the
    # regex reads those pieces only
    maybe = tok.with_row_index("_t").filter(lower)
    particles = maybe.filter(m.str.contains(_PARTICLE_END))["_t"]
    tok = tok.with_row_index("_t").filter(
        pl.col("_p").is_not_null() & (upper | (lower & pl.col("_t").is_in(particles.implode())))
    )
    tok = tok.select(
        "_a",
        "m",
        "_p",
        "start",
        "end",
        # exactly one plain space since the previous token (a quote or bracket breaks a name)
        gap1=(pl.col("_m0") == 32) & (pl.col("_p") == 1),
        lead_len=pl.col("_quote").cast(pl.Int64),
    )
    if units is not None and units.height:
        g = pl.col("_a").cast(pl.Int64) * (1 << 34)
        tok = tok.with_columns(_g=(g + pl.col("start") + pl.col("lead_len")).set_sorted())
        spans = units.select(
            _g=g + pl.col("s"), _ue=g + pl.col("e"), _ublock=pl.col("etype") == "block"
        ).sort("_g")
        tok = tok.join_asof(spans, on="_g", strategy="backward")
        covered = pl.col("_ue").is_not_null() & (pl.col("_ue") > pl.col("_g"))
        tok = tok.with_columns(_covered=covered)
        hidden = pl.col("_covered") & ~pl.col("_ublock")
        tok = tok.with_columns(after_unit=hidden.shift(1).fill_null(False)).filter(~hidden)
        # the class is only read for the tokens left, which a blocking place may cover
        tok = tok.with_columns(unit=pl.when(pl.col("_covered")).then(pl.lit("block")))
    else:
        tok = tok.with_columns(unit=pl.lit(None, pl.String), after_unit=pl.lit(False))
    tok = tok.with_columns(lead=m.str.slice(pl.col("_p") + pl.col("lead_len")))
    tok = tok.with_columns(t1=pl.col("lead").str.strip_chars_end(".,;:!?\"')]}>"))
    poss = pl.col("t1").str.ends_with("'s") | pl.col("t1").str.ends_with("'S")
    tok = tok.with_columns(
        poss=poss,
        core=pl.when(poss).then(pl.col("t1").str.head(-2)).otherwise(pl.col("t1")),
        t1_len=pl.col("t1").str.len_bytes().cast(pl.Int64),
        lead_blen=pl.col("lead").str.len_bytes().cast(pl.Int64),
    )
    tok = tok.with_columns(
        core_start=pl.col("start") + pl.col("lead_len"),
        core_end=pl.col("start") + pl.col("lead_len") + pl.col("core").str.len_bytes().cast(pl.Int64),
        clean_tail=pl.col("t1_len") == pl.col("lead_blen"),
        dot_tail=(pl.col("t1_len") < pl.col("lead_blen"))
        & (pl.col("lead").cast(pl.Binary).bin.get(pl.col("t1_len"), null_on_oob=True) == 46),
        gap1=pl.col("gap1") & (pl.col("lead_len") == 0) & ~pl.col("after_unit"),
        name_like=pl.col("core").str.contains(_NAME_LIKE),
        initial=pl.col("core").str.contains(r"^(?:[A-Z]\.)*[A-Z]$"),
        particle=pl.col("core").is_in(list(NAME_PARTICLES)),
        suffix=pl.col("core").is_in(list(NAME_SUFFIXES)),
    )
    return tok.filter(pl.col("core") != "").select(*TOKEN_SCHEMA, "unit").cast(TOKEN_SCHEMA)
