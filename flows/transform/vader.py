"""VADER's `SentimentIntensityAnalyzer.polarity_scores`, vectorised over a Series of sentences with Polars.

This is a port of the algorithm of the installed vaderSentiment (3.3.2), not a reimplementation of the
paper: it reads the package's own lexicon and emoji files (next to its module) and its module-level
constants (B_INCR, C_INCR, N_SCALAR, NEGATE, BOOSTER_DICT, SPECIAL_CASES, normalize's alpha), and
mirrors its steps, quirks included, so that scores agree with calling VADER sentence by sentence:

1. Emoji characters become their descriptions (a space before one unless a space precedes it).
2. Tokens are Python's `str.split()` words (Unicode whitespace plus \\x1c-\\x1f), each stripped of
   leading/trailing `string.punctuation` unless that leaves two characters or fewer (emoticons); no
   token is dropped. Lexicon look-ups use the lower-cased token.
3. Each lexicon token that is not a booster (nor "kind" before "of") gets its valence, then in
   VADER's order: "no" before a lexicon word scores 0 and "no" up to 3 words before (or "no X or/nor")
   flips it (x N_SCALAR); ALL CAPS adds C_INCR when the sentence mixes all-caps and other words; for
   each of the 3 preceding words that is not a lexicon word: its booster/dampener scalar (sign of the
   running valence, caps emphasis, decay 1 / 0.95 / 0.9), then negation (NEGATE, "n't", "never
   so/this" x1.25, "without doubt", and VADER's precedence quirk that "so"/"this" right before the word
   also gives x1.25 at the third step), then at the third step the SPECIAL_CASES phrases and the
   "kind of"/"sort of"/"just enough" dampeners; finally "least" (not after "at"/"very") flips it.
4. "but": words before the first "but" x0.5, after it x1.5 -- including VADER's `list.index` quirk
   (a value equal to an earlier, already scaled one scales that earlier one instead), replayed with
   VADER's own `_but_check` on the few sentences where two values collide.
5. Sum, "!" (up to 4, x0.292) and "?" (2-3 x0.18, more 0.96) emphasis, `normalize`, and the pos/neg/neu
   proportions of `_sift_sentiment_scores`; sums are sequential as in Python and rounding is Python's
   `round` (decided on the binary value), so equal inputs give bit-equal floats.

Not mirrored, by design: `_sentiment_laden_idioms_check` (SENTIMENT_LADEN_IDIOMS) is never called by
VADER 3.3.2 ("future work"), so it is not applied here either. No rule is approximated. The one known
source of difference is Unicode data: case tests and lower-casing use the tables of Rust's regex and
`to_lowercase`, newer than Python 3.11's, so letters added in Unicode 15-16 can differ. Measured
with `python -m bench.tone`: every lead sentence of the seeds and of 20,000 bench-corpus articles
(152,538 sentences) scores exactly as VADER (compound, pos, neg, neu), and so do the random
rule-dense sentences of `tests/transform/test_tone.py`.

How it is fast: sentences are split on spaces and exploded to one row per token once; the batch's
distinct tokens (far fewer than tokens) are stripped, lower-cased and looked up once, giving each
token a word id; only lexicon words can score, and each one's context (3 words before, 2 after) is
gathered by token index, so every rule is a column expression over those rows. Python runs only for
the rare sentences needing VADER's own `_but_check` and for near-ties in rounding.

The fixed amounts inside VADER's methods (0.95/0.9 decay, 1.25, 0.5/1.5, 0.292, 0.18, 0.96) are not
module constants there, so they are repeated here; `tests/transform/test_tone.py` compares with VADER
itself on sentences exercising each rule.
"""

from __future__ import annotations

import functools
import inspect
import string
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from vaderSentiment import vaderSentiment as vs

# Python's str.split() splits on Unicode White_Space (regex \s) and on the separators \x1c-\x1f.
_WS = r"\s\x1c-\x1f"
_ODD_SPACE = rf"[{_WS}]{{2,}}|[{_WS}&&[^ ]]"
# str.isupper(): at least one Uppercase character and no Lowercase or titlecase one. The sentence is
# normalised to single spaces first, so a token is a run of non-spaces.
_UPPER_TOKEN = r"(?:^| )[^ \p{Lowercase}\p{Lt}]*\p{Uppercase}[^ \p{Lowercase}\p{Lt}]*(?: |$)"
_OTHER_TOKEN = r"[\p{Lowercase}\p{Lt}]|(?:^| )[^ \p{Uppercase}]+(?: |$)"

# Words the rules test by name; the words of multi-word SPECIAL_CASES and BOOSTER_DICT keys are added.
_RULE_WORDS = (
    "no",
    "or",
    "nor",
    "never",
    "so",
    "this",
    "without",
    "doubt",
    "least",
    "at",
    "very",
    "kind",
    "of",
    "but",
)


@dataclass(frozen=True)
class _Tables:
    """VADER's data as arrays indexed by word id (id 0: any word VADER does not look at)."""

    words: list[str]
    n_lexicon: int  # ids 1..n_lexicon are lexicon words
    nt_id: int  # any other word containing "n't"
    lex: pl.Series
    booster: pl.Series
    boost: pl.Series
    negate: pl.Series
    code: pl.Series
    in_phrase: pl.Series  # a word of a multi-word SPECIAL_CASES or BOOSTER_DICT key
    codes: dict[str, int]
    base: int
    special2: dict[int, float]
    special3: dict[int, float]
    boost2: dict[int, float]
    boost3: dict[int, float]
    emoji_keys: list[str]
    emoji_descriptions: list[str]
    emoji_class: str
    alpha: float


def _package_text(name: str) -> str:
    return (Path(vs.__file__).parent / name).read_text(encoding="utf-8")


@functools.cache
def _tables() -> _Tables:
    # Parsed exactly as SentimentIntensityAnalyzer.make_lex_dict / make_emoji_dict do.
    lexicon: dict[str, float] = {}
    for line in _package_text("vader_lexicon.txt").rstrip("\n").split("\n"):
        if not line:
            continue
        word, measure = line.strip().split("\t")[0:2]
        lexicon[word] = float(measure)
    emojis: dict[str, str] = {}
    for line in _package_text("emoji_utf8_lexicon.txt").rstrip("\n").split("\n"):
        emoji, description = line.strip().split("\t")[0:2]
        emojis[emoji] = description
    # VADER replaces character by character, so only one-character keys can ever match.
    single = {k: v for k, v in emojis.items() if len(k) == 1}

    phrases = [k for k in (*vs.SPECIAL_CASES, *vs.BOOSTER_DICT) if " " in k]
    phrase_words = {w for p in phrases for w in p.split(" ")}
    code_words = list(dict.fromkeys([*_RULE_WORDS, *sorted(phrase_words)]))
    codes = {w: i + 1 for i, w in enumerate(code_words)}
    base = len(codes) + 1

    def ngram(phrase: str) -> int:
        key = 0
        for w in phrase.split(" "):
            key = key * base + codes[w]
        return key

    def phrase_map(table: dict, n: int) -> dict[int, float]:
        return {ngram(k): float(v) for k, v in table.items() if len(k.split(" ")) == n}

    # A token never holds a space, so keys with one cannot match a token.
    lex_words = [w for w in lexicon if " " not in w]
    others = [w for w in dict.fromkeys([*vs.BOOSTER_DICT, *vs.NEGATE, *code_words]) if w not in lexicon]
    # The last id stands for words holding "n't" outside NEGATE; its spelling cannot be a token.
    words = ["", *lex_words, *(w for w in others if " " not in w), " n't"]
    negate = set(vs.NEGATE)
    return _Tables(
        words=words,
        n_lexicon=len(lex_words),
        nt_id=len(words) - 1,
        lex=pl.Series([lexicon.get(w) if i else None for i, w in enumerate(words)], dtype=pl.Float64),
        booster=pl.Series([w in vs.BOOSTER_DICT for w in words], dtype=pl.Boolean),
        boost=pl.Series([float(vs.BOOSTER_DICT.get(w, 0.0)) for w in words], dtype=pl.Float64),
        negate=pl.Series([w in negate or "n't" in w for w in words], dtype=pl.Boolean),
        code=pl.Series([codes.get(w, 0) for w in words], dtype=pl.Int64),
        in_phrase=pl.Series([w in phrase_words for w in words], dtype=pl.Boolean),
        codes=codes,
        base=base,
        special2=phrase_map(vs.SPECIAL_CASES, 2),
        special3=phrase_map(vs.SPECIAL_CASES, 3),
        boost2=phrase_map(vs.BOOSTER_DICT, 2),
        boost3=phrase_map(vs.BOOSTER_DICT, 3),
        emoji_keys=list(single),
        emoji_descriptions=list(single.values()),
        emoji_class="[" + "".join(f"\\x{{{ord(k):x}}}" for k in single) + "]",
        alpha=float(inspect.signature(vs.normalize).parameters["alpha"].default),
    )


def lexicon() -> dict[str, float]:
    """The lexicon as read here (single words): tests compare it with VADER's own."""
    t = _tables()
    return {w: v for w, v in zip(t.words, t.lex.to_list(), strict=True) if v is not None}


def _non_ascii(text: pl.Series) -> pl.Series:
    return text.str.len_bytes() != text.str.len_chars()


def _demojize(text: pl.Series, t: _Tables) -> pl.Series:
    # Every emoji is non-ASCII; that test is much cheaper than the character class.
    idx = _non_ascii(text).arg_true()
    idx = idx.filter(text.gather(idx).str.contains(t.emoji_class))
    if idx.len() == 0:
        return text
    emoji = text.gather(idx)
    # Each emoji becomes MARK + description; a MARK after a space or at the start disappears, any
    # other becomes the space VADER inserts (after a word or after another emoji's description).
    # MARK is a character none of these texts holds.
    mark = next(m for m in map(chr, range(0xE000, 0xF900)) if not emoji.str.contains(m, literal=True).any())
    converted = (
        emoji.str.replace_many(t.emoji_keys, [mark + d for d in t.emoji_descriptions])
        .str.replace_all(f"(^| ){mark}", "${1}")
        .str.replace_all(mark, " ", literal=True)
    )
    return text.scatter(idx, converted)


def _round(values: pl.Series, decimals: int) -> pl.Series:
    """Python's round(): Polars treats 0.12345 (stored a hair below or above) as a tie, Python does not."""
    scaled = values * 10**decimals
    idx = (((scaled - scaled.floor()) - 0.5).abs() < 1e-6).arg_true()
    out = values.round(decimals)
    if idx.len():
        out = out.scatter(idx, [round(v, decimals) for v in values.gather(idx).to_list()])
    return out


def _is_upper(tokens: pl.Series) -> pl.Series:
    return tokens.str.contains(r"\p{Uppercase}") & ~tokens.str.contains(r"[\p{Lowercase}\p{Lt}]")


def _tokens(text: pl.Series, t: _Tables) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per sentence: n (tokens), start (index of its first token), "!" and "?" counts and the text
    normalised to single spaces; per token: its word id in `t.words` (0 for any word VADER does not
    look at) and whether it is ALL CAPS (str.isupper())."""
    # Runs of spaces, tabs, non-breaking spaces... become one space, so that splitting on " " is
    # str.split(). The full test runs only where cheap ones say it may be needed.
    maybe = (
        _non_ascii(text)
        | text.str.contains("  ", literal=True)
        | text.str.contains(r"[\t\n\x0b\x0c\r\x1c-\x1f]")
    )
    idx = maybe.arg_true()
    norm = text.scatter(idx, text.gather(idx).str.replace_all(_ODD_SPACE, " ")).str.strip_chars(" ")
    lists = norm.str.split(" ")
    # "".split(" ") is [""]: a phantom token, kept so that offsets stay simple, but not counted.
    n_list = lists.list.len()
    sentences = pl.DataFrame(
        {
            "n": pl.select(pl.when(norm == "").then(0).otherwise(n_list)).to_series(),
            "start": (n_list.cum_sum() - n_list).cast(pl.Int64),
            "ep": text.str.count_matches("!", literal=True),
            "qm": text.str.count_matches("?", literal=True),
            "norm": norm,
        }
    )
    # Per distinct token rather than per token: a batch has far fewer distinct words than words.
    # Casting to an Enum of them numbers the tokens without touching Polars' global string cache.
    tokens = lists.explode()
    distinct = tokens.gather(tokens.arg_unique())
    codes = tokens.cast(pl.Enum(distinct)).to_physical()
    vocabulary = _vocabulary(distinct, t)
    return sentences, pl.DataFrame({name: column.gather(codes) for name, column in vocabulary.items()})


def _vocabulary(words: pl.Series, t: _Tables) -> dict[str, pl.Series]:
    """wid and upper of each distinct token, as `SentiText._strip_punc_if_word` and the look-ups of
    `polarity_scores` see it."""
    # Stripped of punctuation unless that leaves 2 characters or fewer (emoticons: ":)"), then lowered.
    stripped = words.str.strip_chars(string.punctuation)
    word = pl.select(pl.when(stripped.str.len_chars() <= 2).then(words).otherwise(stripped)).to_series()
    key = word.str.to_lowercase()
    wid = key.cast(pl.Enum(t.words), strict=False).to_physical().cast(pl.UInt32).fill_null(0)
    # Words with "n't" that VADER does not list negate too.
    nt = (wid == 0) & key.str.contains("n't", literal=True)
    return {
        "wid": wid.zip_with(~nt, pl.Series([t.nt_id], dtype=pl.UInt32).new_from_index(0, wid.len())),
        "upper": _is_upper(word),
    }


def _cap_differential(sentences: pl.DataFrame, sid: pl.Series) -> pl.Series:
    """VADER's `allcap_differential` (some but not all words ALL CAPS) of the sentences `sid`."""
    norm = sentences.get_column("norm").gather(sid)
    return norm.str.contains(_UPPER_TOKEN) & norm.str.contains(_OTHER_TOKEN)


def _lexicon_valences(sentences: pl.DataFrame, tokens: pl.DataFrame, t: _Tables) -> pl.DataFrame:
    """(sid, pos, v): VADER's `sentiment_valence` of every lexicon token, before the "but" rule.

    Every other token scores 0, so only these rows are kept; their context (3 words before, 2 after)
    is gathered by global token index from the word ids.
    """
    codes, c = t.codes, pl.col
    wid = tokens.get_column("wid")
    n_tok = wid.len()
    start = sentences.get_column("start")
    g = ((wid >= 1) & (wid <= t.n_lexicon)).arg_true().cast(pl.Int64)
    sid = (start.search_sorted(g, side="right").cast(pl.Int64) - 1).alias("sid")
    pos = g - start.gather(sid)
    n = sentences.get_column("n").gather(sid)

    def context(k: int) -> pl.Series:
        ids = wid.gather((g - k).clip(0, n_tok - 1))
        inside = (pos >= k) if k > 0 else (pos - k < n)
        return ids * inside.cast(pl.UInt32)  # id 0 outside the sentence

    ids = {k: context(k) for k in (1, 2, 3, -1, -2)}
    ids[0] = wid.gather(g)
    cols: dict[str, pl.Series] = {"sid": sid, "pos": pos, "n": n}
    for k, w in ids.items():
        name = {0: "0", 1: "1", 2: "2", 3: "3", -1: "f1", -2: "f2"}[k]
        cols[f"lex{name}"] = t.lex.gather(w)
        cols[f"code{name}"] = t.code.gather(w)
        cols[f"booster{name}"] = t.booster.gather(w)
        cols[f"in_phrase{name}"] = t.in_phrase.gather(w)
        if k > 0:
            cols[f"neg{name}"] = t.negate.gather(w)
            cols[f"boost{name}"] = t.boost.gather(w)
    upper = tokens.get_column("upper")
    for k in (0, 1, 2, 3):
        cols[f"up{k}"] = upper.gather((g - k).clip(0, n_tok - 1))
    # Capitals count only on the word itself or on a booster before it, so the sentence-wide test
    # runs only for the few sentences where one is in capitals.
    caps = cols["up0"]
    for k in (1, 2, 3):
        caps = caps | (cols[f"booster{k}"] & cols[f"up{k}"])
    candidates = sid.filter(caps).unique()
    cap_diff = pl.repeat(False, sentences.height, dtype=pl.Boolean, eager=True)
    cap_diff = cap_diff.scatter(candidates, _cap_differential(sentences, candidates))
    cols["cap_diff"] = cap_diff.gather(sid)
    frame = pl.DataFrame(cols)

    # polarity_scores skips boosters and "kind" before "of" (they score 0) before sentiment_valence.
    frame = frame.filter(~c("booster0") & ~((c("code0") == codes["kind"]) & (c("codef1") == codes["of"])))

    def is_(col: str, *words: str) -> pl.Expr:
        return c(col).is_in([codes[w] for w in words]) if len(words) > 1 else c(col) == codes[words[0]]

    v = c("v")
    lex0 = c("lex0")
    no_before_lexicon = is_("code0", "no") & (c("pos") < c("n") - 1) & c("lexf1").is_not_null()
    no_negates = is_("code1", "no") | is_("code2", "no") | (is_("code3", "no") & is_("code1", "or", "nor"))
    frame = frame.with_columns(
        v=pl.when(no_negates).then(lex0 * vs.N_SCALAR).when(no_before_lexicon).then(0.0).otherwise(lex0)
    )
    frame = frame.with_columns(
        v=pl.when(c("up0") & c("cap_diff"))
        .then(pl.when(v > 0).then(v + vs.C_INCR).otherwise(v - vs.C_INCR))
        .otherwise(v)
    )
    for k in (1, 2, 3):
        # VADER only looks at a preceding word that is not itself a lexicon word.
        active = (c("pos") >= k) & c(f"lex{k}").is_null()
        scalar = pl.when(v < 0).then(c(f"boost{k}") * -1).otherwise(c(f"boost{k}"))
        scalar = (
            pl.when(c(f"up{k}") & c("cap_diff"))
            .then(pl.when(v > 0).then(scalar + vs.C_INCR).otherwise(scalar - vs.C_INCR))
            .otherwise(scalar)
        )
        scalar = pl.when(c(f"booster{k}")).then(scalar * {1: 1.0, 2: 0.95, 3: 0.9}[k]).otherwise(0.0)
        if k == 1:
            amplify, keep = pl.lit(False), pl.lit(False)
        elif k == 2:
            amplify = is_("code2", "never") & is_("code1", "so", "this")
            keep = is_("code2", "without") & is_("code1", "doubt")
        else:
            # VADER's `a and b or c`: "so"/"this" right before the word amplifies on its own.
            amplify = (is_("code3", "never") & is_("code2", "so", "this")) | is_("code1", "so", "this")
            keep = is_("code3", "without") & (is_("code2", "doubt") | is_("code1", "doubt"))
        frame = frame.with_columns(v=pl.when(active).then(v + scalar).otherwise(v))
        frame = frame.with_columns(
            v=pl.when(active & amplify)
            .then(v * 1.25)
            .when(active & keep)
            .then(v)
            .when(active & c(f"neg{k}"))
            .then(v * vs.N_SCALAR)
            .otherwise(v)
        )
        if k == 3:
            # Every phrase has two words or more, so only rows with two phrase words can match one.
            phrase_words = pl.sum_horizontal(c(f"in_phrase{p}") for p in ("0", "1", "2", "3", "f1", "f2"))
            idx = frame.select(active & (phrase_words >= 2)).to_series().arg_true()
            if idx.len():
                idioms = frame.gather(idx).select(_special_idioms(t)).to_series()
                frame = frame.with_columns(frame.get_column("v").scatter(idx, idioms))
    least = is_("code1", "least") & c("lex1").is_null() & ~is_("code2", "at", "very")
    frame = frame.with_columns(v=pl.when(least).then(v * vs.N_SCALAR).otherwise(v))
    return frame.select("sid", "pos", "v")


def _special_idioms(t: _Tables) -> pl.Expr:
    """VADER's `_special_idioms_check` on column v, with n-grams of word codes standing for the words."""
    c, b = pl.col, t.base

    def lookup(table: dict[int, float], *cols: str) -> pl.Expr:
        key = pl.lit(0, pl.Int64)
        for col in cols:
            key = key * b + c(col)
        return key.replace_strict(list(table), list(table.values()), default=None, return_dtype=pl.Float64)

    preceding = pl.coalesce(
        lookup(t.special2, "code1", "code0"),
        lookup(t.special3, "code2", "code1", "code0"),
        lookup(t.special2, "code2", "code1"),
        lookup(t.special3, "code3", "code2", "code1"),
        lookup(t.special2, "code3", "code2"),
    )
    v = pl.coalesce(preceding, c("v"))
    # Code 0 past the sentence end never completes a phrase, like VADER's length checks.
    v = pl.coalesce(lookup(t.special2, "code0", "codef1"), v)
    v = pl.coalesce(lookup(t.special3, "code0", "codef1", "codef2"), v)
    for dampener in (
        lookup(t.boost3, "code3", "code2", "code1"),
        lookup(t.boost2, "code3", "code2"),
        lookup(t.boost2, "code2", "code1"),
    ):
        v = pl.when(dampener.is_not_null()).then(v + dampener).otherwise(v)
    return v


def _but(valences: pl.DataFrame, sentences: pl.DataFrame, tokens: pl.DataFrame, t: _Tables) -> pl.DataFrame:
    """VADER's `_but_check`: x0.5 before the sentence's first "but", x1.5 after it."""
    c = pl.col
    start = sentences.get_column("start")
    g = (tokens.get_column("wid") == t.words.index("but")).arg_true().cast(pl.Int64)
    if g.len() == 0:
        return valences
    sid = start.search_sorted(g, side="right").cast(pl.Int64) - 1
    first = pl.DataFrame({"sid": sid, "bi": g - start.gather(sid)}).unique(
        "sid", keep="first", maintain_order=True
    )
    frame = valences.join(first, on="sid", how="left", maintain_order="left").with_columns(
        scale=pl.when(c("pos") < c("bi")).then(0.5).when(c("pos") > c("bi")).then(1.5).otherwise(1.0)
    )
    # VADER scales `sentiments[sentiments.index(value)]`: the first element *equal* to the value. That
    # is another element only when an earlier one, already scaled, equals this one's raw value; only
    # sentences where a scaled value equals a raw one are replayed with VADER's own code.
    nonzero = frame.filter(c("bi").is_not_null() & (c("v") != 0))
    collide = (
        nonzero.select("sid", x=c("v") * c("scale"))
        .join(nonzero.select("sid", x=c("v")), on=["sid", "x"], how="semi")
        .get_column("sid")
        .unique()
    )
    frame = frame.with_columns(raw=c("v"), v=c("v") * c("scale"))
    if collide.len():
        frame = _but_replay(frame, collide)
    return frame.select("sid", "pos", "v")


def _but_replay(frame: pl.DataFrame, sids: pl.Series) -> pl.DataFrame:
    """Recompute the "but" rule with vaderSentiment's `_but_check` for the sentences `sids`.

    Zeros neither change nor match a non-zero value, so the list handed to it holds only the non-zero
    values in order, with a 0 for the "but".
    """
    c = pl.col
    rows = frame.with_row_index("row").filter(c("sid").is_in(sids.implode()) & (c("v") != 0))
    new: list[float] = []
    for group in rows.partition_by("sid", maintain_order=True):
        raw = group.get_column("raw").to_list()
        before = int((group.get_column("pos") < group.get_column("bi")).sum())
        sentiments = [*raw[:before], 0.0, *raw[before:]]
        words = ["" for _ in sentiments]
        words[before] = "but"
        out = vs.SentimentIntensityAnalyzer._but_check(words, sentiments)
        new.extend(out[:before] + out[before + 1 :])
    return frame.with_columns(frame.get_column("v").scatter(rows.get_column("row"), new))


def _sequential_sums(valences: pl.DataFrame, n_sentences: int) -> tuple[pl.Series, ...]:
    """Per sentence: sum of v, of v + 1 over v > 0, of v - 1 over v < 0, and the count of v != 0.

    Python adds left to right; Polars' sums pair terms differently, and the last bit decides some
    roundings (4.8 / 25.6 is 0.1875, a tie for round(x, 3)). So the k-th values of all sentences are
    added together, k = 0, 1, ... (the rows are in sentence and token order).
    """
    c = pl.col
    terms = valences.select(
        total=c("v"),
        pos=pl.when(c("v") > 0).then(c("v") + 1).otherwise(0.0),
        neg=pl.when(c("v") < 0).then(c("v") - 1).otherwise(0.0),
    )
    runs = valences.get_column("sid").rle().struct.unnest()
    lengths, sid = runs.get_column("len").cast(pl.Int64), runs.get_column("value")
    starts = lengths.cum_sum() - lengths
    sums = {name: pl.zeros(n_sentences, pl.Float64, eager=True) for name in terms.columns}
    k = 0
    while lengths.len():
        rows = starts + k
        for name, acc in sums.items():
            sums[name] = acc.scatter(sid, acc.gather(sid) + terms.get_column(name).gather(rows))
        k += 1
        more = lengths > k
        lengths, sid, starts = lengths.filter(more), sid.filter(more), starts.filter(more)
    counts = valences.filter(c("v") != 0).get_column("sid").rle().struct.unnest()
    nonzero = pl.zeros(n_sentences, pl.Int64, eager=True).scatter(
        counts.get_column("value"), counts.get_column("len").cast(pl.Int64)
    )
    return sums["total"], sums["pos"], sums["neg"], nonzero


def _scores(sentences: pl.DataFrame, valences: pl.DataFrame, t: _Tables) -> pl.DataFrame:
    """VADER's `score_valence`: emphasis, normalize() and the proportions of `_sift_sentiment_scores`."""
    c = pl.col
    total, pos_sum, neg_sum, nonzero = _sequential_sums(valences, sentences.height)
    qm = c("qm")
    emphasis = c("ep").clip(upper_bound=4).cast(pl.Float64) * 0.292 + pl.when(qm > 1).then(
        pl.when(qm <= 3).then(qm.cast(pl.Float64) * 0.18).otherwise(0.96)
    ).otherwise(0.0)
    frame = sentences.select(
        "n",
        emphasis=emphasis,
        total=total,
        pos_sum=pos_sum,
        neg_sum=neg_sum,
        neutral=(c("n") - nonzero).cast(pl.Float64),
    )
    e = c("emphasis")
    x = (
        pl.when(c("total") > 0)
        .then(c("total") + e)
        .when(c("total") < 0)
        .then(c("total") - e)
        .otherwise(c("total"))
    )
    frame = frame.with_columns(
        compound=(x / (x * x + t.alpha).sqrt()).clip(-1.0, 1.0),
        pos_sum=pl.when(c("pos_sum") > c("neg_sum").abs()).then(c("pos_sum") + e).otherwise(c("pos_sum")),
        neg_sum=pl.when(c("pos_sum") < c("neg_sum").abs()).then(c("neg_sum") - e).otherwise(c("neg_sum")),
    ).with_columns(denominator=c("pos_sum") + c("neg_sum").abs() + c("neutral"))
    empty = c("n") == 0  # VADER returns zeros for a text without words
    frame = frame.select(
        neg=pl.when(empty).then(0.0).otherwise((c("neg_sum") / c("denominator")).abs()),
        neu=pl.when(empty).then(0.0).otherwise((c("neutral") / c("denominator")).abs()),
        pos=pl.when(empty).then(0.0).otherwise((c("pos_sum") / c("denominator")).abs()),
        compound=pl.when(empty).then(0.0).otherwise(c("compound")),
    )
    return pl.DataFrame(
        [
            _round(frame.get_column("neg"), 3),
            _round(frame.get_column("neu"), 3),
            _round(frame.get_column("pos"), 3),
            _round(frame.get_column("compound"), 4),
        ]
    )


def sentence_scores(texts: pl.Series) -> pl.DataFrame:
    """`polarity_scores` plus `words`, the number of words VADER sees in each text (str.split())."""
    t = _tables()
    text = _demojize(texts.cast(pl.String).fill_null(""), t)
    sentences, tokens = _tokens(text, t)
    valences = _but(_lexicon_valences(sentences, tokens, t), sentences, tokens, t)
    return _scores(sentences, valences, t).with_columns(words=sentences.get_column("n").cast(pl.Int64))


def polarity_scores(texts: pl.Series) -> pl.DataFrame:
    """neg, neu, pos and compound of each text (one row per text, in order), equal to what
    `SentimentIntensityAnalyzer().polarity_scores(text)` returns; a null text scores like ""."""
    return sentence_scores(texts).drop("words")
