"""Writing files safely: atomically, never over an input, never over a file without --force."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


class OutputError(Exception):
    """An output that must not be written; the message says why and what to do."""


def safe_name(text: str, fallback: str = "dossier", limit: int = 80) -> str:
    """A file name from dossier data: ASCII letters, digits, '-', '_' and '.', safe on Windows."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip(".-_ ")
    name = re.sub(r"-{2,}", "-", name)[:limit].rstrip(".-_ ")
    if not name or name.split(".")[0].lower() in _WINDOWS_RESERVED:
        name = f"{fallback}-{name}" if name else fallback
    return name


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def check_target(target: Path, inputs: Iterable[Path] = (), *, force: bool = False) -> None:
    """Refuse before anything is written: an input (even through a link), a folder, or an existing file."""
    resolved = target.resolve()
    for source in inputs:
        if resolved == source.resolve() or _same_file(target, source):
            raise OutputError(f"{target} is one of the input files: choose another output")
    if target.is_dir():
        raise OutputError(f"{target} is a folder: give a file name")
    if target.exists() and not force:
        raise OutputError(f"{target} already exists: use --force to replace it")


def inside(folder: Path, name: str) -> Path:
    """`folder/name`, refusing any name that would land outside the folder."""
    target = (folder / name).resolve()
    if folder.resolve() not in target.parents:
        raise OutputError(f"refusing to write {name!r} outside {folder}")
    return folder / name


def atomic_write(
    target: Path, content: bytes | str, inputs: Iterable[Path] = (), *, force: bool = False
) -> None:
    """Write to a temporary file beside the target, fsync, then rename over it.

    An interruption leaves the previous file intact and no temporary file behind.
    """
    check_target(target, list(inputs), force=force)
    data = content.encode("utf-8") if isinstance(content, str) else content
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
