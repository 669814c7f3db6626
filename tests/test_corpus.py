"""bench.corpus: deterministic, counted right, realistic sizes, near-duplicates, bad files of each kind."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from bench import corpus
from bench.corpus import CorpusManifest, generate_corpus


def _text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")


def _count(manifest: CorpusManifest) -> tuple[int, int]:
    """(feed articles, digest articles) counted from the good files' content, not their names."""
    bad = set(manifest.bad_files)
    feed = digest = 0
    for path in manifest.files:
        if path in bad:
            continue
        lines = _text(path).split("\n")
        tt = sum(line == "TT" for line in lines)
        if tt:
            feed += tt
        else:
            digest += sum(bool(line.strip()) for line in lines)
    return feed, digest


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> CorpusManifest:
    return generate_corpus(tmp_path_factory.mktemp("small"), 600, seed=7, articles_per_file=25, bad_files=10)


@pytest.fixture(scope="module")
def sized(tmp_path_factory: pytest.TempPathFactory) -> CorpusManifest:
    return generate_corpus(tmp_path_factory.mktemp("sized"), 2000, seed=3)


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_same_arguments_give_identical_bytes(tmp_path: Path, small: CorpusManifest) -> None:
    again = generate_corpus(tmp_path / "again", 600, seed=7, articles_per_file=25, bad_files=10)
    assert _snapshot(tmp_path / "again") == _snapshot(small.files[0].parent)
    assert (again.n_bytes, again.n_articles, len(again.bad_files)) == (
        small.n_bytes,
        small.n_articles,
        len(small.bad_files),
    )


def test_workers_do_not_change_the_bytes(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "one", 300, seed=5, articles_per_file=20, bad_files=5)
    generate_corpus(tmp_path / "two", 300, seed=5, articles_per_file=20, bad_files=5, workers=2)
    assert _snapshot(tmp_path / "one") == _snapshot(tmp_path / "two")


def test_other_seed_gives_other_content(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "a", 200, seed=1)
    generate_corpus(tmp_path / "b", 200, seed=2)
    a, b = _snapshot(tmp_path / "a"), _snapshot(tmp_path / "b")
    assert sorted(a.values()) != sorted(b.values())
    assert set(a.values()).isdisjoint(b.values())


def test_article_counts_match_the_content(small: CorpusManifest, sized: CorpusManifest) -> None:
    for manifest, requested in ((small, 600), (sized, 2000)):
        feed, digest = _count(manifest)
        assert (feed, digest) == (manifest.feed_articles, manifest.digest_articles)
        assert manifest.n_articles == feed + digest == requested
        assert abs(feed - digest) <= 1
    assert sum(p.stat().st_size for p in small.files) == small.n_bytes
    assert len(set(small.files)) == len(small.files) == len(list(small.files[0].parent.iterdir()))


def test_bad_files_of_each_kind(small: CorpusManifest) -> None:
    kinds: Counter[str] = Counter()
    complete_in_bad = 0
    for path in small.bad_files:
        data = path.read_bytes()
        if not data:
            kinds["empty"] += 1
        elif b"\x00" in data:
            kinds["binary"] += 1
        elif data.endswith(b"\nTT\n"):
            kinds["truncated_feed"] += 1
            text = data.decode()
            assert text.split("\n")[-2] == "TT"
            complete_in_bad += text.split("\n").count("TT") - 1
        else:
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
            text = data.decode("cp1252")
            assert "São Paulo" in text and "\u201c" in text
            kinds["cp1252"] += 1
            complete_in_bad += sum(bool(line.strip()) for line in text.split("\n"))
    # 10 slots cycle through 5 kinds; the two BOM/CRLF slots are valid files, not bad ones
    assert kinds == {"empty": 2, "binary": 2, "cp1252": 2, "truncated_feed": 2}
    assert len(small.bad_files) == 8
    assert small.articles_in_bad_files == complete_in_bad > 0

    bom = [p for p in small.files if p.read_bytes().startswith(b"\xef\xbb\xbf")]
    assert len(bom) == 2 and not set(bom) & set(small.bad_files)
    for path in bom:
        data = path.read_bytes()
        assert data.count(b"\r\n") == data.count(b"\n") > 0
        data.decode("utf-8")


def test_bom_slots_beyond_the_regular_files_add_good_files(tmp_path: Path) -> None:
    manifest = generate_corpus(tmp_path, 0, bad_files=5)
    assert len(manifest.files) == 5 and len(manifest.bad_files) == 4
    assert manifest.n_articles == manifest.digest_articles == 5
    assert _count(manifest) == (0, 5)


def test_text_files_end_with_newline_and_names_mix(small: CorpusManifest) -> None:
    names = [p.name for p in small.files]
    assert names == sorted(names)
    assert any(n.endswith(("_feed.txt", "_digest.txt")) for n in names)
    assert sum(not n.endswith(("_feed.txt", "_digest.txt")) for n in names) > len(names) // 4
    for path in small.files:
        data = path.read_bytes()
        if data and b"\x00" not in data:
            assert data.endswith(b"\n"), path.name


def test_bytes_per_article(sized: CorpusManifest) -> None:
    assert 2200 <= sized.n_bytes / sized.n_articles <= 2800
    sizes: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in sized.files:
        text = _text(path)
        kind = "feed" if "\nTT\n" in text else "digest"
        sizes[kind][0] += len(text.encode())
    sizes["feed"][1], sizes["digest"][1] = sized.feed_articles, sized.digest_articles
    assert 3500 <= sizes["feed"][0] / sizes["feed"][1] <= 4500
    assert 800 <= sizes["digest"][0] / sizes["digest"][1] <= 1200


def _near_duplicate_pairs(lines: list[str]) -> int:
    """Pairs of lines sharing over half of their 5-word shingles."""
    shingles = [{tuple(w[i : i + 5]) for i in range(len(w) - 4)} for w in (line.split() for line in lines)]
    index: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for n, group in enumerate(shingles):
        for s in group:
            index[s].append(n)
    pairs = 0
    for n, group in enumerate(shingles):
        shared = Counter(m for s in group for m in index[s] if m < n)
        pairs += sum(1 for m, k in shared.items() if k > 0.5 * min(len(group), len(shingles[m])))
    return pairs


def test_near_duplicates_are_there_to_find(sized: CorpusManifest, tmp_path: Path) -> None:
    assert 0.01 * sized.n_articles <= sized.near_duplicates <= 0.06 * sized.n_articles
    digests = [
        line
        for path in sized.files
        if "\nTT\n" not in (text := _text(path))
        for line in text.split("\n")
        if line.strip()
    ]
    assert _near_duplicate_pairs(digests) >= 10

    clean = generate_corpus(tmp_path, 600, seed=3, duplicate_rate=0.0)
    assert clean.near_duplicates == 0
    lines = [line for p in clean.files if "\nTT\n" not in (t := _text(p)) for line in t.split("\n") if line]
    assert _near_duplicate_pairs(lines) == 0


def test_every_template_fills_from_a_context() -> None:
    rng = random.Random(0)
    for _ in range(20):
        ctx = corpus._context(rng)
        for templates in (
            corpus.HEADLINE_TEMPLATES,
            corpus.CAPTION_TEMPLATES,
            corpus.LEAD_TEMPLATES,
            corpus.BODY_TEMPLATES,
            corpus.QUOTE_TEMPLATES,
            corpus.DIGEST_LEADS,
            corpus.DIGEST_SENTENCES,
        ):
            for template in templates:
                text = template.format_map(ctx)
                assert "{" not in text and "}" not in text
    for sentence in corpus.CP1252_SENTENCES:
        sentence.encode("cp1252")


def test_cli_prints_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert corpus.main([str(tmp_path / "out"), "--articles", "120", "--seed", "4", "--bad-files", "3"]) == 0
    out = capsys.readouterr().out
    for word in ("files: 7 (3 bad)", "articles: 120", "MB", "seconds:"):
        assert word in out
