from __future__ import annotations

import os
from pathlib import Path

from flows.extract import batches, decode, discover_files, read_source

LIMIT = 1_000_000


def test_utf8_text_is_accepted_unchanged() -> None:
    text, reason, note = decode("Tehran’s “red lines”\n".encode(), LIMIT)
    assert reason is None and note is None
    assert text == "Tehran’s “red lines”\n"


def test_empty_file_is_quarantined() -> None:
    assert decode(b"", LIMIT)[1] == "empty file (0 bytes)"


def test_whitespace_only_is_quarantined() -> None:
    assert "only whitespace" in decode(b"  \n\n \t\n", LIMIT)[1]


def test_nul_bytes_mean_binary() -> None:
    text, reason, _ = decode(b"PK\x03\x04\x00\x00binary", LIMIT)
    assert text is None and "NUL" in reason and "byte 4" in reason


def test_control_characters_mean_binary() -> None:
    _, reason, _ = decode(bytes(range(1, 9)) * 50, LIMIT)
    assert reason.startswith("binary file")


def test_bom_and_crlf_are_accepted_and_noted() -> None:
    text, reason, note = decode(b"\xef\xbb\xbfHeadline\r\n\r\nBody line\r\n", LIMIT)
    assert reason is None
    assert text == "Headline\n\nBody line\n"
    assert "byte-order mark" in note and "CRLF" in note


def test_unambiguous_cp1252_is_decoded_and_said_so() -> None:
    raw = "Caf\u00e9 talks in S\u00e3o Paulo: \u201cno deal\u201d \u2013 minister".encode("cp1252")
    text, reason, note = decode(raw, LIMIT)
    assert reason is None
    assert text == "Café talks in São Paulo: “no deal” – minister"
    assert "Windows-1252" in note


def test_ambiguous_legacy_bytes_are_quarantined() -> None:
    # 0x81 is undefined in cp1252, and 0xD0 0xBF is Cyrillic in UTF-8 cut short: no honest guess.
    _, reason, _ = decode(b"Moscow \x81\x8d\xd0 report", LIMIT)
    assert reason is not None and "not UTF-8" in reason


def test_overlong_line_is_quarantined() -> None:
    _, reason, _ = decode(b"x" * 2000 + b"\nshort\n", 1000)
    assert "single line of 2,000 characters" in reason


def test_vanished_file_is_quarantined(tmp_path: Path) -> None:
    source = read_source(tmp_path / "gone.txt", tmp_path, LIMIT)
    assert not source.ok and "vanished" in source.reason


def test_symlink_outside_the_seeds_folder_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the warehouse")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    os.symlink(outside, seeds / "link.txt")
    source = read_source(seeds / "link.txt", seeds, LIMIT)
    assert source.text is None and "outside the seeds folder" in source.reason


def test_symlinked_folders_are_listed_and_quarantined_not_walked(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the warehouse")
    seeds = tmp_path / "seeds"
    (seeds / "inside").mkdir(parents=True)
    (seeds / "inside" / "a.txt").write_text("Japan and China met.")
    os.symlink(outside, seeds / "out_link")
    os.symlink(seeds / "inside", seeds / "in_link")
    found = discover_files(seeds)
    assert [p.relative_to(seeds.resolve()).as_posix() for p in found] == [
        "in_link",
        "inside/a.txt",
        "out_link",
    ]
    reasons = {p.name: read_source(p, seeds, LIMIT).reason for p in found}
    assert "outside the seeds folder" in reasons["out_link"]
    assert "symlinked folder" in reasons["in_link"]
    assert reasons["a.txt"] is None


def test_discovery_skips_hidden_files_and_is_ordered(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", ".hidden", "sub/c.txt", ".git/x"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in discover_files(tmp_path)] == [
        "a.txt",
        "b.txt",
        "sub/c.txt",
    ]


def test_batches_are_bounded_by_bytes(tmp_path: Path) -> None:
    paths = []
    for i in range(5):
        path = tmp_path / f"{i}.txt"
        path.write_bytes(b"x" * 100)
        paths.append(path)
    assert [len(b) for b in batches(paths, 250)] == [2, 2, 1]
