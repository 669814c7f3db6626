"""Find input files, read their bytes, hash them and decode them, or say why they are quarantined.

Nothing here modifies or deletes an input file: quarantine is a verdict recorded in the warehouse,
the original bytes stay where the user put them.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# cp1252 bytes 0x80-0x9F that decode to typographic punctuation: the reason Windows text is not Latin-1.
# C0/C1 control characters other than tab, newline and form feed: text never holds many of them.
_CONTROL_CHARS = re.compile("[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_CP1252_PUNCTUATION = set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ")


@dataclass(frozen=True)
class SourceFile:
    """One input file as read: its identity (sha256) and either its text or a quarantine reason."""

    path: str
    size_bytes: int
    sha256: str
    text: str | None
    reason: str | None = None
    note: str | None = None
    # Size and modification time as read: a later run that sees the same pair skips the file unread.
    modified_ns: int | None = None

    @property
    def file_name(self) -> str:
        return Path(self.path).name

    @property
    def ok(self) -> bool:
        return self.reason is None


def discover_files(seeds_dir: Path) -> list[Path]:
    """Every regular, non-hidden file under `seeds_dir`, in a stable order.

    Symlinks are followed only when they stay inside the folder, so a crafted link cannot make the
    job read (and publish) a file from elsewhere on the machine. A symlinked folder is listed itself,
    not walked, so that it is quarantined with a reason instead of silently ignored.
    """
    root = seeds_dir.resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"seeds folder not found: {seeds_dir}")
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        visible = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(dirpath) / d for d in visible if os.path.islink(Path(dirpath) / d))
        dirnames[:] = [d for d in visible if not os.path.islink(Path(dirpath) / d)]
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            found.append(Path(dirpath) / name)
    return sorted(found)


def batches(paths: list[Path], batch_bytes: int) -> Iterator[list[Path]]:
    """Group paths into batches of at most `batch_bytes` (a larger single file is its own batch)."""
    batch: list[Path] = []
    size = 0
    for path in paths:
        try:
            n = path.stat().st_size
        except OSError:
            n = 0
        if batch and size + n > batch_bytes:
            yield batch
            batch, size = [], 0
        batch.append(path)
        size += n
    if batch:
        yield batch


def read_source(path: Path, root: Path, max_line_chars: int) -> SourceFile:
    """Read one file and decide whether it is text we can parse."""
    shown = str(path)
    try:
        resolved = path.resolve(strict=True)
        if not resolved.is_relative_to(root.resolve()):
            return SourceFile(shown, 0, "", None, "symlink points outside the seeds folder; not read")
        if resolved.is_dir():
            return SourceFile(shown, 0, "", None, "symlinked folder; not followed (links can loop)")
        before = path.stat()
        data = path.read_bytes()
        after = path.stat()
    except FileNotFoundError:
        return SourceFile(shown, 0, "", None, "file vanished while being read; it will be retried next run")
    except OSError as exc:
        return SourceFile(shown, 0, "", None, f"file could not be read: {exc.strerror or exc}")
    digest = hashlib.sha256(data).hexdigest()
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or len(
        data
    ) != after.st_size:
        return SourceFile(
            shown, len(data), digest, None, "file changed while being read; it will be retried next run"
        )
    text, reason, note = decode(data, max_line_chars)
    return SourceFile(shown, len(data), digest, text, reason, note, after.st_mtime_ns)


def decode(data: bytes, max_line_chars: int) -> tuple[str | None, str | None, str | None]:
    """Return (text, quarantine reason, note). Exactly one of text and reason is set."""
    if not data:
        return None, "empty file (0 bytes)", None
    notes: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None, "starts with a UTF-16 byte-order mark but is not valid UTF-16", None
        notes.append("decoded as UTF-16 (byte-order mark)")
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            return None, f"binary file: contains NUL bytes (first at byte {nul})", None
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
            notes.append("UTF-8 byte-order mark removed")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = _unambiguous_cp1252(data)
            if text is None:
                bad = data[exc.start]
                return (
                    None,
                    f"not UTF-8 text (invalid byte 0x{bad:02X} at offset {exc.start}) and not unambiguously "
                    "Windows-1252/Latin-1 either",
                    None,
                )
            notes.append(
                "not UTF-8; decoded as Windows-1252 because every non-ASCII byte is a Western letter "
                "or typographic punctuation in that encoding"
            )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append("CR/CRLF line ends normalised")
    longest = max((len(line) for line in text.split("\n")), default=0)
    if longest > max_line_chars:
        return (
            None,
            f"a single line of {longest:,} characters (limit {max_line_chars:,}): not news prose",
            None,
        )
    controls = len(_CONTROL_CHARS.findall(text))
    if controls > max(2, len(text) // 1000):
        return None, f"binary file: {controls} control characters", None
    if not text.strip():
        return None, "no text: the file holds only whitespace", None
    return text, None, "; ".join(notes) or None


def _unambiguous_cp1252(data: bytes) -> str | None:
    """Decode as Windows-1252 only if every non-ASCII character is a Latin letter or known punctuation.

    Latin-1 is a subset of what we accept here; bytes that would decode to C1 controls, symbols or
    non-Latin letters mean the encoding is really unknown, and guessing would corrupt names.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    for ch in set(text):
        if ord(ch) < 128:
            continue
        if ch in _CP1252_PUNCTUATION or ch in "\u00a0«»°£§©®´·¿¡":
            continue
        if unicodedata.category(ch).startswith("L") and "LATIN" in unicodedata.name(ch, ""):
            continue
        return None
    return text
