"""A run of the library with a progress bar on stderr, for the command line.

Apart from `cli.py` so that the editor's `grantgrid validate FILE` (`grantgrid.main`) runs the
same code without building the typer application.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grantgrid.evaluation import UsageError, evaluate

if TYPE_CHECKING:
    from grantgrid.evaluation import Run

PROGRESS_THRESHOLD = 30
"""Show a progress bar from this many files on (in a terminal only)."""


def evaluate_with_progress(
    paths: list[Path] | None, grids: Path | None, *, quiet: bool, keep_dossiers: bool
) -> Run:
    """Evaluate the given paths (default applications/), with a progress bar on long runs.

    The bar shows on stderr only in a terminal, from PROGRESS_THRESHOLD files on, and never
    with --quiet; it is drawn on each update (at most ten times a second), without the refresh
    thread that worker processes could inherit mid-lock. rich is imported with the bar only: a
    run of a few files never pays for it. `keep_dossiers=False` frees each validated dossier
    once scored (see `evaluate`). A wrong path or `--grids` folder raises `UsageError`.
    """
    chosen = paths or [Path("applications")]
    if grids is not None and not grids.is_dir():
        raise UsageError(f"--grids {grids}: no such folder")
    if quiet or not sys.stderr.isatty():
        return evaluate(chosen, grids, keep_dossiers=keep_dossiers)
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
            task = progress.add_task("Lecture des dossiers", total=total)
        now = time.monotonic()
        if now - drawn >= 0.1 or done == total:
            progress.update(task, completed=done, refresh=True)
            drawn = now

    try:
        return evaluate(chosen, grids, advance, keep_dossiers=keep_dossiers)
    finally:
        if progress is not None:
            progress.stop()
