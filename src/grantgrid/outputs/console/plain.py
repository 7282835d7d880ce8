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
from grantgrid.words import Count, language, terms
from grantgrid.words.console import C, count

if TYPE_CHECKING:
    from grantgrid.evaluation import Run

_RED, _YELLOW, _RESET = "\x1b[31m", "\x1b[33m", "\x1b[0m"


def status_label(status: Status, lang: str) -> str:
    return terms.STATUS[status.value](lang)


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


def print_diagnostics(
    stream: TextIO,
    diagnostics: Iterable[Diagnostic],
    lang: str | None = None,
    *,
    warnings: bool = True,
) -> None:
    """One `PATH:LINE:COL: error CODE: message` line each: red for errors, yellow for warnings.

    The message is in `lang` (default: the run's language); `error` / `warning` and the code
    stay as they are, for the editors and CI logs that parse the line (docs/decisions.md).
    Without `warnings`, only errors. Messages and paths are already escaped
    (`diagnostics.show`, `grids._display`): no control character from a file reaches the
    terminal.
    """
    lang = lang or language()
    coloured = colours(stream)
    for diagnostic in diagnostics:
        if not warnings and not diagnostic.is_error:
            continue
        line = diagnostic.format(lang)
        if coloured:
            line = f"{_RED if diagnostic.is_error else _YELLOW}{line}{_RESET}"
        stream.write(line + "\n")
    stream.flush()


def print_run_diagnostics(
    stream: TextIO, run: Run, lang: str | None = None, *, warnings: bool = True
) -> None:
    """The grids' diagnostics first, then those of a committee, meeting or maquette file that
    could not be read, then each dossier's, by file name."""
    for grid in run.grids:
        print_diagnostics(stream, grid.diagnostics.sorted(), lang, warnings=warnings)
    print_diagnostics(
        stream, sorted(run.skipped, key=lambda d: d.sort_key()), lang, warnings=warnings
    )
    print_diagnostics(stream, run.programme.refused(), lang, warnings=warnings)
    for outcome in sorted(run.outcomes, key=lambda o: o.path):
        print_diagnostics(stream, outcome.diagnostics.sorted(), lang, warnings=warnings)
    if run.notes is not None:  # the members' notes files (SPEC-committee §3)
        print_diagnostics(stream, run.notes.diagnostics, lang, warnings=warnings)


def print_validation(
    stream: TextIO, run: Run, *, quiet: bool, lang: str | None = None, warnings: bool = True
) -> None:
    """What `grantgrid validate` prints: every diagnostic, then the summary line."""
    print_run_diagnostics(stream, run, lang, warnings=warnings)
    if not quiet:
        stream.write(summary_line(run, lang, warnings=warnings) + "\n")


def summary_line(run: Run, lang: str | None = None, *, warnings: bool = True) -> str:
    """`5 dossiers · 1 incomplet · 3 retenus · 0 erreur, 0 avertissement` (English with
    `lang="en"`); hidden warnings are counted: `2 avertissements (2 masqués)`;
    entries of a folder that are not regular files (`dossier.not_a_file`) are counted as
    ignored, and their warnings with the others."""
    lang = lang or language()
    counts = {status: 0 for status in Status}
    for outcome in run.outcomes:
        counts[outcome.status] += 1
    errors = sum(len(o.diagnostics.errors) for o in run.outcomes) + sum(
        len(g.diagnostics.errors) for g in run.grids
    )
    warned = sum(len(o.diagnostics.warnings) for o in run.outcomes)
    warned += sum(not d.is_error for d in run.skipped)
    if run.notes is not None:
        errors += sum(d.is_error for d in run.notes.diagnostics)
        warned += sum(not d.is_error for d in run.notes.diagnostics)
    errors += sum(d.is_error for d in run.skipped)
    programme = run.programme.refused()
    warned += sum(not d.is_error for d in programme)
    errors += sum(d.is_error for d in programme)
    parts = [count(len(run.outcomes), "dossiers")(lang)]
    for status in Status:
        if counts[status]:
            many = C[f"{status.value}_many"]
            parts.append(Count(counts[status], terms.STATUS[status.value], many)(lang))
    if run.skipped:
        parts.append(count(len(run.skipped), "skipped")(lang))
    tail = f"{count(errors, 'errors')(lang)}, {count(warned, 'warnings')(lang)}"
    if not warnings and warned:
        tail += f" ({count(warned, 'hidden')(lang)})"
    parts.append(tail)
    return " · ".join(parts)
