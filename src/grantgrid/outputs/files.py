"""Writing files safely: atomically, never over an input, never over a file without --force.

Every file grantgrid writes goes through `atomic_write`: the content goes to a temporary file
in the target's folder, is flushed to disk, then renamed over the target in one step, so a
reader (or a crash) sees the old file or the new one, never half of one. Names taken from
dossier data go through `safe_name` and `inside` first.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from grantgrid.errors import OutputError

_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    "conin$",
    "conout$",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def safe_name(text: str, fallback: str = "dossier", limit: int = 80) -> str:
    """A file name from dossier data: ASCII letters, digits, '-', '_' and '.', safe on Windows.

    Deterministic, so that a re-run replaces the same files: accents are dropped (é → e), any
    run of other characters (slashes, backslashes, colons, NUL, bidi or control characters)
    becomes one '-', leading dots (hidden files) and trailing dots or spaces (Windows) are
    removed, the length is capped, and Windows device names (CON, NUL, COM1…) get a prefix.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip(".-_ ")
    name = re.sub(r"-{2,}", "-", name)[:limit].rstrip(".-_ ")
    if not name or name.split(".")[0].lower() in _WINDOWS_RESERVED:
        name = f"{fallback}-{name}"[:limit].rstrip(".-_ ") if name else fallback
    return name


@dataclass(frozen=True)
class InputFiles:
    """The files a run read, resolved once: checking an output against them is a set lookup
    (checking each of 2,000 reports against 2,000 inputs one by one took minutes)."""

    paths: frozenset[Path]
    identities: frozenset[tuple[int, int]]
    """(device, inode) of each: the same file reached through a hard link or a symlink."""

    @classmethod
    def of(cls, paths: Iterable[Path]) -> InputFiles:
        resolved, identities = set(), set()
        for path in paths:
            resolved.add(real_path(path))
            identity = _identity(path)
            if identity is not None:
                identities.add(identity)
        return cls(frozenset(resolved), frozenset(identities))

    def holds(self, target: Path) -> bool:
        """Whether `target` is one of the inputs, by its name, a symlink or a hard link."""
        if real_path(target) in self.paths:
            return True
        identity = _identity(target)
        return identity is not None and identity in self.identities


def real_path(path: Path) -> Path:
    """`Path.resolve()` that never raises (Python 3.11 raises RuntimeError on a symlink loop)."""
    return Path(os.path.realpath(path))


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def _as_input_files(inputs: InputFiles | Iterable[Path]) -> InputFiles:
    return inputs if isinstance(inputs, InputFiles) else InputFiles.of(inputs)


def check_target(
    target: Path, inputs: InputFiles | Iterable[Path] = (), *, force: bool = False
) -> None:
    """Refuse before anything is written: an input (even through a link), a folder, or an existing file."""
    if _as_input_files(inputs).holds(target):
        raise OutputError(
            f"{target} is one of the input files: choose another output",
            f"{target} est l'un des fichiers lus : choisissez une autre sortie",
        )
    if target.is_dir():
        raise OutputError(
            f"{target} is a folder: give a file name",
            f"{target} est un dossier : donnez un nom de fichier",
        )
    if target.exists() and not force:
        raise already_exists(target)


def already_exists(target: Path) -> OutputError:
    """An output that is there already, without --force (the one sentence for every writer)."""
    return OutputError(
        f"{target} already exists: use --force to replace it",
        f"{target} existe déjà : ajoutez --force pour le remplacer",
    )


def check_folder(folder: Path, inputs: InputFiles | Iterable[Path]) -> None:
    """Refuse an output folder that holds input files: outputs and inputs never mix."""
    resolved = real_path(folder)
    for source in sorted(_as_input_files(inputs).paths):
        if source.parent == resolved:
            raise OutputError(
                f"{folder} holds input files ({source.name}): write to another folder, e.g. "
                "out/reports",
                f"{folder} contient des fichiers lus ({source.name}) : écrivez dans un autre "
                "dossier, par exemple out/reports",
            )


def inside(folder: Path, name: str) -> Path:
    """`folder/name`, refusing any name that would land outside the folder."""
    target = real_path(folder / name)
    if real_path(folder) not in target.parents:
        raise OutputError(
            f"refusing to write {name!r} outside {folder}",
            f"refus d'écrire {name!r} hors de {folder}",
        )
    return folder / name


def _new_file_mode(target: Path) -> int:
    """The mode the file would get from a plain open(): the old file's, or 0666 minus umask.

    mkstemp creates 0600 files; a report shared on a network drive must stay readable.
    """
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not possible (nor needed) on Windows."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _publish(temporary: Path, target: Path, force: bool) -> None:
    """Put the finished temporary file in place of the target, in one step."""
    if not force:
        # A hard link fails if the target appeared since check_target: never clobber it.
        try:
            os.link(temporary, target)
        except FileExistsError:
            raise already_exists(target) from None
        except OSError:
            pass  # no hard links on this file system: fall back to a rename
        else:
            temporary.unlink()
            return
    os.replace(temporary, target)


TEMPORARY = ".grantgrid-tmp-"
"""Every temporary file or folder is `.{target name}.grantgrid-tmp-XXXXXXXX`, beside its
target: recognisable, so that the next run on that target removes what a SIGKILL left."""
RUN_STARTED = time.time()
"""Temporary files older than this are left over from an earlier run: no run writes them now."""
_OLD_TEMPORARY = re.compile(r"\.[A-Za-z0-9_]{8}\.tmp")
"""Before `TEMPORARY`: `.{name}.XXXXXXXX.tmp` (mkstemp's defaults)."""


def temporary_prefix(target: Path) -> str:
    return f".{target.name}{TEMPORARY}"


def clean_stale(target: Path) -> list[Path]:
    """Remove the temporary files (and folders) of `target` older than this run.

    Only entries named `temporary_prefix(target)…` (or the older `.{name}.XXXXXXXX.tmp`),
    beside the target, that are plain files or real folders (never a link) and were last
    modified before this run started: what an interrupted earlier run left behind.
    """
    prefix = temporary_prefix(target)
    old_prefix = f".{target.name}"
    removed = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        ours = name.startswith(prefix) or (
            name.startswith(old_prefix) and _OLD_TEMPORARY.fullmatch(name[len(old_prefix) :])
        )
        if not ours:
            continue
        try:
            status = entry.stat(follow_symlinks=False)
            if status.st_mtime >= RUN_STARTED:
                continue  # this run's own, or another run's at work right now
            if stat.S_ISREG(status.st_mode):
                os.unlink(entry.path)
            elif stat.S_ISDIR(status.st_mode):
                shutil.rmtree(entry.path)
            else:
                continue
        except OSError:
            continue  # not ours to fight over: it stays for the next run
        removed.append(Path(entry.path))
    return removed


def write_failure(target: Path, exc: OSError, *, kept: tuple[str, str] = ("", "")) -> OutputError:
    """The error for a write that failed, saying why in words a secretary can act on.

    `kept`: what was left as it was, in English and French ("the previous file is intact")."""
    code = exc.errno
    reason = exc.strerror or str(exc)
    en = f"; {kept[0]}" if kept[0] else ""
    fr = f" ; {kept[1]}" if kept[1] else ""
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return OutputError(
            f"cannot write {target}: disk full{en}: free some space and run again",
            f"impossible d'écrire {target} : disque plein{fr} : libérez de la place et relancez",
        )
    if code == errno.EROFS:
        return OutputError(
            f"cannot write {target}: the disk is read-only{en}: write elsewhere (-o)",
            f"impossible d'écrire {target} : disque en lecture seule{fr} : écrivez ailleurs (-o)",
        )
    if code in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY) or (
        getattr(exc, "winerror", None) in (32, 33)  # Windows: the file is open elsewhere
    ):
        return OutputError(
            f"cannot write {target}: {reason}{en}; if the file is open (in Excel, a PDF "
            "viewer…), close it and try again; otherwise check the folder's permissions",
            f"impossible d'écrire {target} : {reason}{fr} ; si le fichier est ouvert (dans "
            "Excel, un lecteur PDF…), fermez-le et réessayez ; sinon vérifiez les droits du "
            "dossier",
        )
    return OutputError(
        f"cannot write {target}: {reason}{en}", f"impossible d'écrire {target} : {reason}{fr}"
    )


KEPT_FILE = ("the previous file is intact", "le fichier précédent est intact")


def atomic_write(
    target: Path,
    content: bytes | str,
    inputs: InputFiles | Iterable[Path] = (),
    *,
    force: bool = False,
) -> None:
    """Write to a temporary file beside the target, fsync, then rename over it.

    An interruption (an exception, Ctrl-C, SIGTERM once `exit_on_sigterm` is installed) leaves
    the previous file intact and no temporary file behind; what a SIGKILL leaves is removed by
    the next write of the same target (`clean_stale`). A target that cannot be replaced (open
    in Excel on Windows, read-only) or a full disk is an `OutputError` saying so.
    """
    check_target(target, inputs, force=force)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(target)
        handle, name = tempfile.mkstemp(prefix=temporary_prefix(target), dir=target.parent)
    except OSError as exc:
        raise write_failure(target.parent, exc) from None
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _new_file_mode(target))
        _publish(temporary, target, force)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_failure(target, exc, kept=KEPT_FILE) from None
        raise
    _sync_folder(target.parent)
