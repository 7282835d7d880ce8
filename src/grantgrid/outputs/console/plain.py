"""Diagnostics and the run's summary line as plain text lines, coloured only in a terminal.

No rich here: `validate` prints nothing else, and importing rich would be a tenth of its
start-up (an applicant's editor runs it on every save). Colours follow the conventions rich
follows for the tables: `NO_COLOR` (https://no-color.org) turns them off, `FORCE_COLOR` on,
`TERM=dumb` and a pipe off.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from grantgrid.diagnostics import Diagnostic
from grantgrid.scoring import Status
from grantgrid.words import terms

if TYPE_CHECKING:
    from grantgrid.evaluation import Run

STATUS_LABEL = {status: terms.STATUS[status.value].fr for status in Status}

_RED, _YELLOW, _RESET = "\x1b[31m", "\x1b[33m", "\x1b[0m"


def colours(stream: TextIO) -> bool:
    """Whether to colour what is written to `stream`."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def print_diagnostics(stream: TextIO, diagnostics: Iterable[Diagnostic]) -> None:
    """One `PATH:LINE:COL: error CODE: message` line each: red for errors, yellow for warnings.

    Messages and paths are already escaped (`diagnostics.show`, `grids._display`): no control
    character from a file reaches the terminal.
    """
    coloured = colours(stream)
    for diagnostic in diagnostics:
        line = diagnostic.format()
        if coloured:
            line = f"{_RED if diagnostic.is_error else _YELLOW}{line}{_RESET}"
        stream.write(line + "\n")
    stream.flush()


def print_run_diagnostics(stream: TextIO, run: Run) -> None:
    """The grids' diagnostics first, then each dossier's, by file name."""
    for grid in run.grids:
        print_diagnostics(stream, grid.diagnostics.sorted())
    print_diagnostics(stream, sorted(run.skipped, key=lambda d: d.sort_key()))
    for outcome in sorted(run.outcomes, key=lambda o: o.path):
        print_diagnostics(stream, outcome.diagnostics.sorted())


def print_validation(stream: TextIO, run: Run, *, quiet: bool) -> None:
    """What `grantgrid validate` prints: every diagnostic, then the summary line."""
    print_run_diagnostics(stream, run)
    if not quiet:
        stream.write(summary_line(run) + "\n")


def summary_line(run: Run) -> str:
    """`5 dossier(s) · 1 incomplet · 3 retenu · 1 entrée ignorée · 0 erreur(s), 1 avertissement(s)`.

    Entries of a folder that are not regular files (`dossier.not_a_file`) are counted as
    ignored, and their warnings with the others."""
    counts = {status: 0 for status in Status}
    for outcome in run.outcomes:
        counts[outcome.status] += 1
    errors = sum(len(o.diagnostics.errors) for o in run.outcomes) + sum(
        len(g.diagnostics.errors) for g in run.grids
    )
    warnings = sum(len(o.diagnostics.warnings) for o in run.outcomes)
    warnings += sum(not d.is_error for d in run.skipped)
    errors += sum(d.is_error for d in run.skipped)
    parts = [f"{len(run.outcomes)} dossier(s)"]
    parts += [f"{counts[s]} {STATUS_LABEL[s]}" for s in Status if counts[s]]
    if run.skipped:
        parts.append(f"{len(run.skipped)} entrée(s) ignorée(s)")
    parts.append(f"{errors} erreur(s), {warnings} avertissement(s)")
    return " · ".join(parts)
