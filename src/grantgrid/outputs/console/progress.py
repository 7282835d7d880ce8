"""A run of the library with a progress bar on stderr, for the command line.

Apart from `cli.py` so that the editor's `grantgrid validate FILE` (`grantgrid.main`) runs the
same code without building the typer application.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grantgrid.evaluation import UsageError, evaluate

if TYPE_CHECKING:
    from grantgrid.evaluation import Run

PROGRESS_THRESHOLD = 30
"""Show a progress bar from this many files on (in a terminal only)."""


def _looks_like_grid(path: Path) -> bool:
    """A file whose top level has `grid:` and `axes:` but no `dossier:`: a grid given where a
    dossier was expected (read as text, cheaply: only for files named on the command line)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(1 << 16).decode("utf-8", "replace")
    except OSError:
        return False
    keys = set(re.findall(r"^([a-z_]+)\s*:", head, flags=re.MULTILINE))
    return {"grid", "axes"} <= keys and "dossier" not in keys


def check_paths(
    paths: list[Path] | None, grids: Path | None, call: Path | None
) -> tuple[list[Path], Path | None]:
    """The dossier paths and the grids folder of a run, as the call folder gives them
    (SPEC.md, "A call folder"): without paths, the call's `applications/`; without
    `--grids`, the call's `grids/`. A wrong path is a `UsageError` in the run's language."""
    from grantgrid.call import Call
    from grantgrid.words import language
    from grantgrid.words.console import say

    lang = language()
    if call is not None and not call.is_dir():
        raise UsageError(say("no_call_folder", lang, path=call))
    if grids is not None and not grids.is_dir():
        raise UsageError(say("no_grids_folder", lang, path=grids))
    found = Call.find(paths or (), call=call, grids=grids)
    if paths:
        chosen = list(paths)
        for path in chosen:
            try:
                path.stat()
            except FileNotFoundError:
                raise UsageError(say("no_path", lang, path=path)) from None
            except OSError:
                continue  # a name the system refuses: `evaluate` says why
            if path.suffix in (".yaml", ".yml") and path.is_file() and _looks_like_grid(path):
                raise UsageError(say("is_a_grid", lang, file=path))
            if path.is_dir():
                files = [p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()]
                if files and all(_looks_like_grid(p) for p in files):
                    raise UsageError(say("is_a_grids_folder", lang, folder=path))
    else:
        chosen = [found.applications_dir or Path("applications")]
        if not chosen[0].is_dir():
            raise UsageError(say("no_applications", lang, path=chosen[0]))
    if grids is None and found.grids_dir is not None and found.grids_dir.is_dir():
        grids = found.grids_dir
    return chosen, grids


def evaluate_with_progress(
    paths: list[Path] | None,
    grids: Path | None,
    *,
    quiet: bool,
    keep_dossiers: bool,
    call: Path | None = None,
) -> Run:
    """Evaluate the given paths (default: the call's applications/), with a progress bar on
    long runs.

    The bar shows on stderr only in a terminal, from PROGRESS_THRESHOLD files on, and never
    with --quiet; it is drawn on each update (at most ten times a second), without the refresh
    thread that worker processes could inherit mid-lock. rich is imported with the bar only: a
    run of a few files never pays for it. `keep_dossiers=False` frees each validated dossier
    once scored (see `evaluate`). A wrong path or `--grids` folder raises `UsageError`.
    """
    chosen, grids = check_paths(paths, grids, call)
    # `--call DIR` names the call whose committee, meetings and notes the run reads too (from
    # another folder, the current one would be found instead).
    found = None
    if call is not None:
        from grantgrid.call import Call

        found = Call.find(paths or (), call=call, grids=grids)
    if quiet or not sys.stderr.isatty():
        return evaluate(chosen, grids, keep_dossiers=keep_dossiers, call=found)
    progress: Any = None
    task = None
    drawn = 0.0

    def advance(done: int, total: int) -> None:
        nonlocal progress, task, drawn
        if total < PROGRESS_THRESHOLD:
            return
        if progress is None:
            from rich.console import Console
            from rich.progress import Progress

            console = Console(stderr=True, highlight=False)
            progress = Progress(console=console, transient=True, auto_refresh=False)
            progress.start()
            from grantgrid.words import language
            from grantgrid.words.console import C

            task = progress.add_task(C["progress"](language()), total=total)
        now = time.monotonic()
        if now - drawn >= 0.1 or done == total:
            progress.update(task, completed=done, refresh=True)
            drawn = now

    try:
        return evaluate(chosen, grids, advance, keep_dossiers=keep_dossiers, call=found)
    finally:
        if progress is not None:
            progress.stop()
