"""An ASCII *skeleton* of article text in which one character of the body is one byte.

Why: Polars' Aho-Corasick (`str.find_many`) and binary slicing work in bytes, while the warehouse
stores offsets in Unicode characters. Mapping every character to exactly one ASCII character (curly
quotes to straight ones, accented letters to their base letter, any other letter to `X`/`x`, ...)
gives a string where byte offsets *are* character offsets, so all matching and context checks run on
the skeleton at byte speed and the offsets they produce are valid for the original body unchanged.
The surface text of a mention is then sliced from the original body.
"""

from __future__ import annotations

import unicodedata

import polars as pl

# One-to-one replacements (a single character for a single character, so offsets never move).
_PUNCT = {
    "'": "\u2018\u2019\u201a\u201b\u2032\u02bc\u02bb\u00b4\u0060",
    '"': "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a",
    "-": "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad",
    ".": "\u2026\u00b7",
    " ": "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
    "\u3000\u200b\u200c\u200d\u2060\ufeff\t\r\x0b\x0c\x85",
    "\n": "\u2028\u2029",
}
_SPECIAL_LETTERS = {
    "ß": "s",
    "Æ": "A",
    "æ": "a",
    "Ø": "O",
    "ø": "o",
    "Đ": "D",
    "đ": "d",
    "Ł": "L",
    "ł": "l",
    "ı": "i",
    "Œ": "O",
    "œ": "o",
    "Þ": "T",
    "þ": "t",
    "Ð": "D",
    "ð": "d",
    "Ħ": "H",
    "ħ": "h",
}


# A wire dateline opening the body: a city in capitals, maybe its country, maybe a date, maybe the
# wire in brackets, then a dash or a colon ("BEIJING (AP) --", "TBILISI, Georgia (AP) --", "MOSCOW,
# Nov 20 (Reuters) -", "WASHINGTON:"). Groups: the whole dateline, the blanks before it, the city,
# the country after the city. The dashes of the original text are accepted as well as the skeleton's.
WIRE_DATELINE = (
    r"^((\s*)([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3})(, [A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){0,2})?"
    r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2})? ?(?:\([A-Za-z][A-Za-z .&/-]{0,30}\) ?)?"
    "[-:\u2013\u2014])"
)


def _fold_table() -> tuple[list[str], list[str]]:
    """Accented Latin letters to their base letter, plus typographic punctuation to ASCII."""
    src: list[str] = []
    dst: list[str] = []
    for target, chars in _PUNCT.items():
        for ch in chars:
            src.append(ch)
            dst.append(target)
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        if ch in _SPECIAL_LETTERS:
            src.append(ch)
            dst.append(_SPECIAL_LETTERS[ch])
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii() and base.isalpha():
            src.append(ch)
            dst.append(base)
    return src, dst


FOLD_FROM, FOLD_TO = _fold_table()


_COMMON_FROM = [c for c in FOLD_FROM if ord(c) >= 0x2000 or c == "\u00a0"]
_COMMON_TO = [FOLD_TO[FOLD_FROM.index(c)] for c in _COMMON_FROM]


def skeleton(expr: pl.Expr) -> pl.Expr:
    """The one-byte-per-character ASCII skeleton of a text expression (see the module docstring).

    Letters keep their case (`É` -> `E`, `Ж` -> `X`, `ж` -> `x`) because capitalisation drives name
    detection; combining marks become `x` so a word never breaks in two.
    """
    return (
        expr.str.replace_many(FOLD_FROM, FOLD_TO)
        .str.replace_all(r"[\p{Lu}&&[^\x00-\x7F]]", "X")
        .str.replace_all(r"[[\p{L}\p{M}]&&[^\x00-\x7F]]", "x")
        .str.replace_all(r"[\p{N}&&[^\x00-\x7F]]", "0")
        .str.replace_all(r"[\s&&[^\x00-\x7F]]", " ")
        .str.replace_all(r"[^\x00-\x7F]", "#")
    )


def name_key(expr: pl.Expr) -> pl.Expr:
    """A spelling-insensitive key for a person name on a *skeleton* string.

    "Lee Jae-myung", "Lee Jae Myung" and "LEE Jae-Myung" share `lee jae myung`; "J.D. Vance" and
    "JD Vance" share `jd vance`; a trailing possessive is dropped.
    """
    return (
        expr.str.to_lowercase()
        .str.replace_all(r"'s$", "")
        .str.replace_all(r"\.", "")
        .str.replace_all(r"[-\s]+", " ")
        .str.strip_chars()
    )


# Lower-case words that join a family name to what precedes it: "von der Leyen", "de Gaulle",
# "bin Salman". News copy capitalises them at the start of a sentence ("Von der Leyen said") and some
# families always do ("Bart De Wever"), so the surname key lower-cases them.
NAME_PARTICLES = (
    "al",
    "el",
    "bin",
    "bint",
    "ibn",
    "abu",
    "von",
    "van",
    "der",
    "den",
    "de",
    "da",
    "do",
    "di",
    "du",
    "del",
    "della",
    "dos",
    "das",
    "la",
    "le",
    "ben",
)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


# What may close a name without being its surname: "Jr.", and the regnal numbers of monarchs and
# popes ("Charles III", "Leo XIV"), from II -- a lone "I" or "V" is more often a pronoun or an initial.
NAME_SUFFIXES = ("Jr", "Sr", *(_roman(n) for n in range(2, 40)))
# Particles written hyphenated to the name they belong to: "al-Assad", "el-Sisi".
HYPHEN_PARTICLES = ("al", "el", "bin", "ibn", "abu", "ben", "da", "de", "di", "le", "la", "van", "von")
_PARTICLE = "(?i:" + "|".join(NAME_PARTICLES) + ")"
_PARTICLE_SURNAME = (
    rf"(?:^|\s)({_PARTICLE}(?:\s{_PARTICLE})*)\s([A-Z][^\s]*?)(?:,?\s(?:{'|'.join(NAME_SUFFIXES)})\.?)?$"
)


def particle_surname(expr: pl.Expr) -> pl.Expr:
    """The family name with its particles, particles lower-cased ("Charles de Gaulle", "De Gaulle"
    -> `de Gaulle`); null for a name without particles before its last word.

    A later mention of the person keeps the particles, so `Gaulle` alone is not how they are called.
    """
    groups = expr.str.extract_groups(_PARTICLE_SURNAME)
    return groups.struct.field("1").str.to_lowercase() + " " + groups.struct.field("2")


def hyphen_surname(expr: pl.Expr) -> pl.Expr:
    """A one-word name with a hyphenated particle, particle lower-cased ("Al-Sisi" -> `al-Sisi`, the
    way the full name writes it mid-sentence); other words unchanged."""
    groups = expr.str.extract_groups(r"^([A-Z][a-z]{1,2})(-[A-Z].*)$")
    prefix = groups.struct.field("1").str.to_lowercase()
    return (
        pl.when(prefix.is_in(list(HYPHEN_PARTICLES))).then(prefix + groups.struct.field("2")).otherwise(expr)
    )


def prepare(articles: pl.DataFrame) -> pl.DataFrame:
    """Number the articles (`_a`) and add their skeleton `sk` (String) and `skb` (Binary view).

    Articles whose body is already ASCII skip the (cheap but not free) skeleton passes.
    """
    frame = articles.select(
        pl.col("article_id").cast(pl.String),
        pl.col("body").cast(pl.String).fill_null(""),
        (
            pl.col("published_date").cast(pl.Date)
            if "published_date" in articles.columns
            else pl.lit(None, pl.Date).alias("published_date")
        ),
    ).with_row_index("_a")
    frame = frame.with_columns(_ascii=pl.col("body").str.len_bytes() == pl.col("body").str.len_chars())
    if frame.height and not frame["_ascii"].all():
        # Most non-ASCII news text is typographic punctuation only (curly quotes, dashes): one cheap
        # Aho-Corasick pass fixes it; the full skeleton runs only where something else remains.
        plain = frame.filter(pl.col("_ascii")).with_columns(sk=pl.col("body"))
        fancy = frame.filter(~pl.col("_ascii")).with_columns(
            sk=pl.col("body").str.replace_many(_COMMON_FROM, _COMMON_TO)
        )
        rest = fancy.filter(pl.col("sk").str.len_bytes() != pl.col("sk").str.len_chars())
        if rest.height:
            rest = rest.with_columns(sk=skeleton(pl.col("sk")))
            fancy = pl.concat(
                [fancy.filter(pl.col("sk").str.len_bytes() == pl.col("sk").str.len_chars()), rest]
            )
        frame = pl.concat([plain, fancy]).sort("_a")
    else:
        frame = frame.with_columns(sk=pl.col("body"))
    return frame.with_columns(skb=pl.col("sk").cast(pl.Binary))


def window_after(skb: pl.Series, a: pl.Expr, pos: pl.Expr, n: int) -> pl.Expr:
    """The `n` skeleton characters starting at `pos` of article `a` (fewer at the end of the body)."""
    return pl.lit(skb).gather(a).bin.slice(pos, n).cast(pl.String)


def window_before(skb: pl.Series, a: pl.Expr, pos: pl.Expr, n: int) -> pl.Expr:
    """The up-to-`n` skeleton characters that end right before `pos` in article `a`."""
    start = pl.max_horizontal(pos - n, pl.lit(0))
    return pl.lit(skb).gather(a).bin.slice(start, pos - start).cast(pl.String)


def surfaces(frame: pl.DataFrame, bodies: pl.DataFrame) -> pl.Series:
    """The original text of each span (`_a`, `char_start`, `char_end`) of `frame`.

    ASCII bodies are sliced as bytes (fast); the others by characters (`str.slice` counts from the
    start of the string, so it is used only where it is needed).
    """
    if frame.height == 0:
        return pl.Series("surface", [], pl.String)
    tmp = pl.DataFrame(
        {
            "_i": pl.int_range(frame.height, eager=True),
            "_a": frame["_a"],
            "start": frame["char_start"],
            "length": frame["char_end"] - frame["char_start"],
            "ascii": bodies["_ascii"].gather(frame["_a"]),
        }
    )
    plain = tmp.filter(pl.col("ascii"))
    plain = plain.select(
        "_i",
        surface=pl.lit(bodies["skb"])
        .gather(pl.col("_a"))
        .bin.slice(pl.col("start"), pl.col("length"))
        .cast(pl.String),
    )
    fancy = tmp.filter(~pl.col("ascii"))
    fancy = fancy.select(
        "_i",
        surface=pl.lit(bodies["body"]).gather(pl.col("_a")).str.slice(pl.col("start"), pl.col("length")),
    )
    return pl.concat([plain, fancy]).sort("_i")["surface"]
