"""From the cells read back to the edits of each dossier file, every value checked first.

A value is checked like its YAML counterpart: the score rules of `grantgrid.rules.scores`
(0 to the cell's points, a multiple of the grid's step), after reading the cell as a number
(`1`, `1.5`, or text such as `1,5` typed where Excel took it for text). Text, a formula, a date
or true/false is `collect.value`. **A cleared cell removes the note** (the workbook is the
meeting's record: a note withdrawn there is withdrawn from the file); a cell empty at export
and still empty changes nothing, and nor does a value equal to the file's.

Nothing is written unless every value of every workbook is right, every dossier is found as
it was at the export (`collect.changed` otherwise, unless `force`) and every edited file
validates again with no new error (`write.prepare`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from grantgrid.authoring.yaml_edit import DELETE, Delete, Edit
from grantgrid.authoring.yaml_values import Value
from grantgrid.call import Call
from grantgrid.collect.reading import CellRead, ReadBack, read_workbook
from grantgrid.collect.rules import CHANGED, INVALID, UNKNOWN, VALUE, WORKBOOK
from grantgrid.diagnostics import Diagnostic, said
from grantgrid.evaluation import Outcome, Run, evaluate
from grantgrid.grids import _display
from grantgrid.models.grid import Grid
from grantgrid.outputs.workbook.readback import IndexRow
from grantgrid.rules.registry import rule
from grantgrid.rules.scores import scores as score_rules
from grantgrid.words import Quoted, Score

_NUMBER = re.compile(r"[+-]?[0-9]{1,15}(?:[.,][0-9]{1,15})?")


@dataclass(frozen=True)
class Change:
    stage: str
    """The stage (a dossier's `scores:`), or the dossier (a member's notes file's `notes:`):
    the key under the file's `root`."""
    group: str
    cell: str
    old: object
    """The file's value: a Decimal, None, or what a file with errors holds there."""
    new: Decimal | None
    where: str
    """The workbook cell it comes from (`comite.xlsx!'DLQC-2017-01'!H12`)."""

    @property
    def key(self) -> str:
        return f"{self.stage}.{self.group}.{self.cell}"


@dataclass
class FileChange:
    path: Path
    shown: str
    """The path relative to the call, as the index records it."""
    display: str
    """How diagnostics name the file."""
    sha256: str
    """Of the bytes checked: the file must still hold them when it is replaced."""
    errors: set[tuple[str, tuple[str | int, ...]]]
    """(code, data path) of the errors the file already has: re-validation allows only these."""
    kind: str = "dossier"
    """dossier, meeting or notes (re-validated as such)."""
    root: str = "scores"
    """The key the notes go under: `scores` (a dossier) or `notes` (a member's notes file)."""
    created: str | None = None
    """A notes file absent at export: the skeleton `new --notes` would write, into which the
    notes are edited (the file must still be absent when it is written)."""
    changes: list[Change] = field(default_factory=list)
    decision_edits: list[Edit] = field(default_factory=list)
    decided: list[str] = field(default_factory=list)
    """The dossier ids whose decision changes (a meeting file)."""
    before: str = ""
    after: str = ""
    before_bytes: bytes = b""

    existing: dict[str, set[str]] | None = None
    """None: one edit per cell. Else the stages of the file's `scores:` and the axes of each: notes into a stage or an axis
    the file does not have yet are written as one new mapping (one edit, not one per cell:
    the editor re-reads the text after each edit)."""

    def edits(self) -> list[Edit]:
        notes: list[Edit] = []
        fresh: dict[tuple[str, ...], dict[str, Value]] = {}
        known = self.existing
        for c in self.changes:
            value = DELETE if c.new is None else _yaml(c.new)
            top = self.root
            if known is None or isinstance(value, Delete):
                notes.append(Edit((top, c.stage, c.group, c.cell), value))
            elif c.stage not in known:
                stage = fresh.setdefault((top, c.stage), {})
                axis = stage.setdefault(c.group, {})
                assert isinstance(axis, dict)
                axis[c.cell] = value
            elif c.group not in known[c.stage]:
                fresh.setdefault((top, c.stage, c.group), {})[c.cell] = value
            else:
                notes.append(Edit((top, c.stage, c.group, c.cell), value))
        notes += [Edit(path, mapping) for path, mapping in fresh.items()]
        return notes + self.decision_edits


@dataclass
class Collected:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[FileChange] = field(default_factory=list)
    cells: int = 0
    """Note cells read."""
    written: bool = False

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def _yaml(value: Decimal) -> int | Decimal:
    """`2`, not `2.0`; `1.5`."""
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def number_of(value: Any) -> Decimal | str | None:
    """The note a cell holds: a Decimal, None for an empty cell, or "" when it is no number."""
    if value is None:
        return None
    if isinstance(value, bool | datetime | date | time):
        return ""
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else ""
    if isinstance(value, Decimal):
        return value if value.is_finite() else ""
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace("\u202f", "")
        if not text:
            return None
        if _NUMBER.fullmatch(text):
            try:
                return Decimal(text.replace(",", "."))
            except InvalidOperation:
                return ""
        return ""
    return ""


def _maximum(grid: Grid, group: str, cell: str) -> Decimal | None:
    for slot in grid.slots():
        if slot.group == group and slot.id == cell:
            return slot.points
    return None


def _shown_value(value: Any) -> Quoted:
    text = value if isinstance(value, str) else repr(value)
    return Quoted(text if len(text) <= 60 else text[:57] + "…")


def check_cell(grid: Grid, read: CellRead) -> tuple[Decimal | None, list[Diagnostic]]:
    """The note of one cell and what is wrong with it, positioned at the cell."""
    row = read.row
    maximum = _maximum(grid, row.group, row.cell) or Decimal(0)
    if read.formula:
        params = {"value": _shown_value(read.value), "maximum": Score(maximum)}
        return None, [Diagnostic(VALUE.code, params, read.where, variant="formula")]
    value = number_of(read.value)
    if isinstance(value, str):
        params = {"value": _shown_value(read.value), "maximum": Score(maximum)}
        return None, [Diagnostic(VALUE.code, params, read.where)]
    if value is None:
        return None, []
    findings = score_rules(grid, {row.stage: {row.group: {row.cell: value}}})
    problems = [
        Diagnostic(
            f.code,
            f.params,
            read.where,
            severity=rule(f.code).severity,
            data_path=f.at,
            variant=f.variant,
        )
        for f in findings
    ]
    return value, problems


def typed_value(
    grid: Grid, cell: CellRead, old: object, diagnostics: list[Diagnostic]
) -> tuple[bool, Decimal | None]:
    """The note a cell asks for, checked: (False, None) with its problems added to
    `diagnostics`, or (True, the note or None for a cleared cell)."""
    as_read = None if cell.formula else number_of(cell.value)
    if not cell.formula and as_read == old and not isinstance(as_read, str):
        # As in the file: nothing to write, and nothing to check (a wrong note already in
        # the file is `validate`'s to report, not a reason to refuse the others).
        return True, as_read
    value, problems = check_cell(grid, cell)
    diagnostics += problems
    return not problems, value


def _current(outcome: Outcome, row: IndexRow, raw: dict[str, Any]) -> Decimal | object | None:
    """The file's note for the row's cell: from the validated dossier, or, for a dossier whose
    structure has errors, from its YAML as read (`raw`, loaded once per file). Something that
    is no number in the file is returned as is (any note typed then replaces it)."""
    if outcome.dossier is not None:
        return outcome.dossier.scores.get(row.stage, {}).get(row.group, {}).get(row.cell)
    if row.path not in raw:
        from grantgrid.loading import load_yaml

        document = load_yaml(outcome.source, outcome.path).document
        data = document.data if document is not None else None
        raw[row.path] = data.get("scores") if isinstance(data, dict) else None
    value: Any = raw[row.path]
    for key in (row.stage, row.group, row.cell):
        value = value.get(key) if isinstance(value, dict) else None
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal):
        return Decimal(str(value))
    return value


def collect(
    workbooks: list[tuple[Path, str]],
    call: Call,
    *,
    force: bool = False,
    meeting: Path | None = None,
) -> tuple[Collected, Run | None]:
    """Read every workbook, check every value, and plan the edits (nothing written here).

    `meeting`: the meeting file the decision columns must come from (`collect --meeting`)."""
    result = Collected()
    reads: list[ReadBack] = []
    for path, shown in workbooks:
        read = read_workbook(path, shown)
        result.diagnostics += read.diagnostics
        reads.append(read)
        if meeting is not None and not read.diagnostics:
            result.diagnostics += _meeting_check(read, meeting, call)
    if result.has_errors:
        return result, None
    root = call.root or Path(".")
    paths: dict[str, Path] = {}
    for read in reads:
        for row in read.rows:
            paths.setdefault(row.path, root / row.path)
    missing = [p for p in paths if not (paths[p].is_file() or paths[p].is_symlink())]
    for relative in missing:
        shown_in = next(r.shown for r in reads if any(x.path == relative for x in r.rows))
        result.diagnostics.append(
            said(
                UNKNOWN.code,
                f"the workbook names {relative}, which this call does not have (a workbook "
                "from another call? run collect in the call it was exported from, or --call DIR)",
                f"le classeur nomme {relative}, que cet appel n'a pas (un classeur d'un autre "
                "appel ? lancez collect dans l'appel exporté, ou --call DIR)",
                path=shown_in,
            )
        )
    if result.has_errors:
        return result, None
    run = evaluate(list(paths.values()), None, call=call, keep_dossiers=True)
    by_source = {o.source.resolve(): o for o in run.outcomes}
    outcomes = {rel: by_source.get(p.resolve()) for rel, p in paths.items()}
    files: dict[str, FileChange] = {}
    typed: dict[tuple[str, str, str, str], tuple[Decimal | None, str]] = {}
    refused: set[str] = set()
    raw: dict[str, Any] = {}
    for read in reads:
        if read.member is not None:  # a member's workbook: into their notes file (members.py)
            from grantgrid.collect.members import member_notes

            member_notes(read, call, outcomes, force, result, files)
            continue
        for cell, outcome in known_cells(read, outcomes, force, result, refused):
            row = cell.row
            assert outcome.grid is not None
            old = _current(outcome, row, raw)
            right, value = typed_value(outcome.grid, cell, old, result.diagnostics)
            if not right:
                continue
            key = (row.path, row.stage, row.group, row.cell)
            if key in typed and typed[key][0] != value:
                result.diagnostics.append(
                    said(
                        WORKBOOK.code,
                        f"{row.stage}.{row.group}.{row.cell} of {row.dossier} is also given "
                        f"{typed[key][0]} by {typed[key][1]}: keep one value",
                        f"{row.stage}.{row.group}.{row.cell} de {row.dossier} reçoit aussi "
                        f"{typed[key][0]} de {typed[key][1]} : gardez une seule valeur",
                        path=cell.where,
                    )
                )
                continue
            typed[key] = (value, cell.where)
            if (old is None and value is None) or (
                old is not None and value is not None and old == value
            ):
                continue
            if row.path not in files:
                files[row.path] = _file_change(paths[row.path], row.path, outcome)
            entry = files[row.path]
            if all(c.key != f"{row.stage}.{row.group}.{row.cell}" for c in entry.changes):
                entry.changes.append(Change(row.stage, row.group, row.cell, old, value, cell.where))
    _decisions(reads, call, force, result, files)
    result.files = sorted(files.values(), key=lambda f: f.shown)
    return result, run


def _meeting_check(read: ReadBack, meeting: Path, call: Call) -> list[Diagnostic]:
    root = (call.root or Path(".")).resolve()
    named = {row.path for row in read.decisions}
    if not named:
        return [
            said(
                WORKBOOK.code,
                "--meeting: this workbook has no decision columns (export it with --meeting)",
                "--meeting : ce classeur n'a pas de colonnes de décision (exportez-le avec "
                "--meeting)",
                path=read.shown,
            )
        ]
    wanted = meeting.resolve()
    if all((root / path).resolve() != wanted for path in named):
        return [
            said(
                WORKBOOK.code,
                f"--meeting {meeting}: this workbook holds the decisions of "
                f"{', '.join(sorted(named))}",
                f"--meeting {meeting} : ce classeur porte les décisions de "
                f"{', '.join(sorted(named))}",
                path=read.shown,
            )
        ]
    return []


def _file_change(path: Path, shown: str, outcome: Outcome) -> FileChange:
    errors = {(d.code, d.data_path) for d in outcome.diagnostics.errors}
    change = FileChange(path, shown, outcome.path, outcome.sha256 or "", errors)
    if outcome.dossier is not None:  # else one edit per cell: the editor finds its way
        change.existing = {stage: set(axes) for stage, axes in outcome.dossier.scores.items()}
    return change


def _decisions(
    reads: list[ReadBack], call: Call, force: bool, result: Collected, files: dict[str, FileChange]
) -> None:
    """The decision columns (`export --meeting`) into the meeting file."""
    from grantgrid.collect.decisions import edits_for, meeting_problem, wanted
    from grantgrid.committee.load import load_committee, load_meeting

    rows = [(read, row) for read in reads for row in read.decisions]
    if not rows:
        return
    members: set[str] | None = None
    committee = call.committee_file
    if committee is not None and committee.is_file():
        found = load_committee(committee)
        if found.committee is not None:
            members = {m.id for seat in found.committee.seats for m in seat.members}
    root = call.root or Path(".")
    loaded: dict[str, Any] = {}
    for read, row in rows:
        if row.path not in loaded:
            path = root / row.path
            meeting = load_meeting(path, _display(path)) if path.is_file() else None
            ok = meeting is not None and meeting.meeting is not None
            problem = meeting_problem(
                row,
                meeting.sha256 if meeting and ok else None,
                meeting.meeting.meeting if meeting and meeting.meeting else None,
                force,
                meeting.display if meeting else read.shown,
            )
            loaded[row.path] = (meeting, problem)
            if problem is not None:
                result.diagnostics.append(problem)
        meeting, problem = loaded[row.path]
        if problem is not None:
            continue
        want, problems = wanted(row, members)
        result.diagnostics += problems
        if problems:
            continue
        decision = meeting.meeting.decisions.get(row.dossier)
        current = decision.model_dump(exclude_none=True) if decision is not None else None
        if current is not None and decision is not None and decision.votes is not None:
            current["votes"] = decision.votes.model_dump()
        edits, changed = edits_for(row.dossier, want, current)
        if not changed:
            continue
        entry = files.get(row.path)
        if entry is None:
            errors = {(d.code, d.data_path) for d in meeting.diagnostics if d.is_error}
            entry = files[row.path] = FileChange(
                meeting.path, row.path, meeting.display, meeting.sha256, errors, "meeting"
            )
        entry.decision_edits += edits
        entry.decided.append(row.dossier)


def known_cells(
    read: ReadBack,
    outcomes: Mapping[str, Outcome | None],
    force: bool,
    result: Collected,
    refused: set[str],
) -> Iterator[tuple[CellRead, Outcome]]:
    """The workbook's cells whose dossier the run loaded and that has not changed since the
    export, each counted as read. A changed dossier is `collect.changed` once (its path goes
    into `refused`, shared by every workbook of the run) and none of its cells is read."""
    for cell in read.cells:
        row = cell.row
        outcome = outcomes.get(row.path)
        if outcome is None or row.path in refused:
            continue
        problem = dossier_problem(outcome, row, read.shown, force)
        if problem is not None:
            result.diagnostics.append(problem)
            refused.add(row.path)
            continue
        result.cells += 1
        yield cell, outcome


def dossier_problem(outcome: Outcome, row: IndexRow, shown: str, force: bool) -> Diagnostic | None:
    """Why a dossier of the index cannot take its notes: another id or grid, unreadable,
    changed since the export."""
    at = outcome.path
    if outcome.grid is None or outcome.sha256 is None:
        return said(
            INVALID.code,
            f"{row.dossier} cannot be read ({row.path} has errors that stop its notes being "
            "checked): correct them, then collect again",
            f"{row.dossier} ne peut être lu ({row.path} a des erreurs qui empêchent de vérifier "
            "ses notes) : corrigez-les, puis relancez collect",
            path=at,
        )
    if outcome.dossier_id != row.dossier:
        return said(
            UNKNOWN.code,
            f"{row.path} is dossier {outcome.dossier_id} now, not {row.dossier} as in "
            f"{shown}: a workbook from another call?",
            f"{row.path} est maintenant le dossier {outcome.dossier_id}, pas {row.dossier} "
            f"comme dans {shown} : un classeur d'un autre appel ?",
            path=at,
        )
    grid_file = outcome.grid_file
    grid_changed = grid_file is None or grid_file.sha256 != row.grid_sha256
    if outcome.grid.grid != row.grid or (grid_changed and not force):
        return said(
            UNKNOWN.code,
            f"{row.dossier} was exported with grid {row.grid} as it then was; its grid is now "
            f"{outcome.grid.grid} ({_display(grid_file.path) if grid_file else '?'}), changed "
            "since: export again (or --force: the notes are checked on the grid as it is)",
            f"{row.dossier} a été exporté avec la grille {row.grid} telle qu'elle était ; sa "
            f"grille est maintenant {outcome.grid.grid} "
            f"({_display(grid_file.path) if grid_file else '?'}), modifiée depuis : exportez à "
            "nouveau (ou --force : les notes sont vérifiées sur la grille telle qu'elle est)",
            path=at,
        )
    if outcome.sha256 != row.sha256 and not force:
        params = {"path": row.path, "then": row.sha256[:12], "now": outcome.sha256[:12]}
        return Diagnostic(CHANGED.code, params, at)
    return None
