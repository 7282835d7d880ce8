"""A set of files written all or nothing: a folder of reports and their index.

Every file is first written and flushed to disk in a temporary folder beside the target
folder (`.{folder}.grantgrid-tmp-XXXXXXXX`, on the same file system): a full disk, an error or
SIGTERM there leaves the target folder exactly as it was. Then:

- a target folder that does not exist yet is the temporary folder, renamed in one step;
- into an existing folder, each file is moved in place by a rename (which needs no space);
  a file replaced with --force is kept aside first, and if anything fails before the last
  file is in place, every file moved is taken back and every replaced one restored.

Only a SIGKILL or a power cut can leave the temporary folder behind; the next run on the same
folder removes it (`files.clean_stale`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from grantgrid.errors import OutputError
from grantgrid.outputs.files import (
    _new_file_mode,
    _sync_folder,
    already_exists,
    clean_stale,
    real_path,
    temporary_prefix,
    write_failure,
)

NOTHING_WRITTEN = ("nothing was written", "rien n'a été écrit")


def stage(path: Path, content: bytes) -> None:
    """Write one file of the set in the temporary folder, flushed to disk."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())


def _folder_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o777 & ~mask


def write_all(folder: Path, files: Sequence[tuple[str, bytes]], *, force: bool = False) -> None:
    """Write every `(name, content)` into `folder`, or none of them (see the module).

    Names are plain file names already checked (`inside`, `check_target`); an existing file
    is replaced only with `force`.
    """
    real = real_path(folder)
    if os.path.islink(folder) and not real.exists():
        # Renaming the new folder into place would create it wherever the link points.
        raise OutputError(
            f"{folder} is a symbolic link to nothing: give a real folder",
            f"{folder} est un lien symbolique vers rien : donnez un vrai dossier",
        )
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(real)
        staging = Path(tempfile.mkdtemp(prefix=temporary_prefix(real), dir=real.parent))
    except OSError as exc:
        raise write_failure(folder, exc, kept=NOTHING_WRITTEN) from None
    try:
        for name, content in files:
            try:
                stage(staging / name, content)
                os.chmod(staging / name, _new_file_mode(real / name))
            except OSError as exc:
                raise write_failure(folder / name, exc, kept=NOTHING_WRITTEN) from None
        _sync_folder(staging)
        if not real.exists():
            try:
                os.chmod(staging, _folder_mode())
                os.rename(staging, real)
            except OSError as exc:
                raise write_failure(folder, exc, kept=NOTHING_WRITTEN) from None
        else:
            _move_in(staging, real, folder, [name for name, _ in files], force)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _sync_folder(real.parent)
    _sync_folder(real)


def _move_in(staging: Path, real: Path, folder: Path, names: list[str], force: bool) -> None:
    """Move the staged files into the existing folder; on any failure, undo every move."""
    moved: list[tuple[Path, Path | None]] = []  # (target, the previous file kept aside)
    try:
        for index, name in enumerate(names):
            target = real / name
            kept = None
            if os.path.lexists(target):
                if not force:
                    raise already_exists(folder / name)
                kept = staging / f".previous-{index}"
                os.replace(target, kept)
            moved.append((target, kept))
            os.replace(staging / name, target)
    except BaseException as exc:  # an error, Ctrl-C or SIGTERM: put everything back
        for target, kept in reversed(moved):
            try:
                if kept is not None:
                    os.replace(kept, target)
                else:
                    target.unlink(missing_ok=True)
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise write_failure(
                folder,
                exc,
                kept=("the previous reports are intact", "les rapports précédents sont intacts"),
            ) from None
        raise
