"""The run's individual stages scored from the members' notes (SPEC-committee §3).

Called by the run after every dossier is checked and before status and rank are decided:
each individual stage of a dossier is scored again from the aggregate of its counted notes,
so that completeness, final stage, status and rank work exactly as for a collective stage.
Every problem of a notes file is a diagnostic positioned in that file; a note that is wrong
(`score.out_of_range`), unknown or conflicted is never counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from grantgrid.committee.facts import same_id
from grantgrid.diagnostics import Diagnostic, Finding, place, suggestion
from grantgrid.models.grid import Grid, Slot, Stage
from grantgrid.notes.aggregate import Panel, Scorer, cell_stats
from grantgrid.notes.load import LoadedNotes
from grantgrid.notes.models import DossierNotes
from grantgrid.notes.rules import (
    CONFLICT,
    DUPLICATE,
    MISPLACED,
    STAGE_MODE,
    UNKNOWN_DOSSIER,
    UNKNOWN_MEMBER,
    UNKNOWN_STAGE,
)
from grantgrid.rules.scores import OUT_OF_RANGE, stage_scores
from grantgrid.scoring import final_stage, score_stage
from grantgrid.words import Quoted, Said

if TYPE_CHECKING:
    from grantgrid.committee.load import LoadedMeeting
    from grantgrid.committee.models import Committee
    from grantgrid.evaluation.outcome import Outcome


@dataclass
class NotesResult:
    """The notes files of the run and their diagnostics."""

    files: list[LoadedNotes] = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted((d for f in self.files for d in f.diagnostics), key=Diagnostic.sort_key)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for f in self.files for d in f.diagnostics)


@dataclass(frozen=True)
class _Counted:
    member: str
    notes: DossierNotes
    axes: dict[str, dict[str, Decimal | None]]
    wrong: frozenset[tuple[str, str]]
    """(axis, cell) of the notes that failed their check: never counted."""


def members_of(committee: Committee | None) -> dict[str, str]:
    """Member id → name, in the order of committee.yaml."""
    if committee is None:
        return {}
    return {m.id: m.name for seat in committee.seats for m in seat.members}


def conflicts_of(
    committee: Committee | None, meetings: Sequence[LoadedMeeting]
) -> tuple[set[tuple[str, str]], dict[str, dict[tuple[str, str], str]]]:
    """Standing declarations (member, dossier); and per stage, the declarations made at a
    meeting of that stage, with the meeting's id."""
    standing = set()
    if committee is not None:
        standing = {(m, same_id(d)) for m, ids in committee.conflicts.items() for d in ids}
    by_stage: dict[str, dict[tuple[str, str], str]] = {}
    for loaded in meetings:
        meeting = loaded.meeting
        if meeting is None or meeting.stage is None:
            continue
        declared = by_stage.setdefault(meeting.stage, {})
        for key, decision in meeting.decisions.items():
            for member in decision.conflicts:
                declared.setdefault((member, same_id(key)), meeting.meeting)
    return standing, by_stage


def _stages(outcomes: Iterable[Outcome]) -> dict[str, list[Stage]]:
    found: dict[str, list[Stage]] = {}
    seen: set[int] = set()
    for outcome in outcomes:
        grid = outcome.grid
        if grid is None or id(grid) in seen:
            continue
        seen.add(id(grid))
        for stage in grid.stages:
            found.setdefault(stage.id, []).append(stage)
    return found


def _stage_of(grid: Grid, stage_id: str) -> Stage | None:
    return next((s for s in grid.stages if s.id == stage_id), None)


def apply_notes(
    outcomes: Sequence[Outcome],
    files: list[LoadedNotes],
    committee: Committee | None,
    meetings: Sequence[LoadedMeeting],
    *,
    every_dossier: bool,
    committee_file: bool = False,
) -> NotesResult:
    """Score every individual stage of `outcomes` from `files`, in place.

    `every_dossier`: the run reads every dossier of the call, so a notes entry on another id
    is `notes.unknown_dossier` (a run on a few dossiers cannot tell); `committee_file`: the
    call has a committee.yaml (when `committee` is None, it could not be read)."""
    by_id: dict[str, Outcome] = {}  # every dossier the run knows (its grid may be missing)
    for outcome in outcomes:
        if outcome.dossier_id is not None:
            by_id.setdefault(same_id(outcome.dossier_id), outcome)
    stages = _stages(outcomes)
    members = members_of(committee)
    standing, declared = conflicts_of(committee, meetings)
    counted: dict[tuple[str, str], list[_Counted]] = {}
    """(stage id, dossier) → the counted notes."""
    scoring: dict[str, set[str]] = {}
    """Stage id → the members with a counted notes file."""
    seen: dict[tuple[str, str], str] = {}
    limits: dict[int, dict[tuple[str, str], Decimal]] = {}
    unknown = 0  # notes.unknown_dossier so far
    for loaded in sorted(files, key=lambda f: f.display):
        model, document = loaded.notes, loaded.document
        if model is None or document is None:
            continue
        findings: list[Finding] = []
        member, stage_id = model.member, model.stage
        usable = True
        # A misspelt `member:` (or `stage:`) is its own error below: never advise renaming the
        # file after the typo.
        names_known = committee is not None and member in members and stage_id in stages
        if names_known and (loaded.folder, loaded.path.stem) != (stage_id, member):
            expected = f"notes/{stage_id}/{member}.yaml"
            at = ("stage",) if loaded.folder != stage_id else ("member",)
            findings.append(
                Finding(
                    MISPLACED.code,
                    at,
                    {"member": Quoted(member), "stage": Quoted(stage_id), "expected": expected},
                )
            )
        if committee is None:
            usable = False
            findings.append(
                Finding(
                    UNKNOWN_MEMBER.code,
                    ("member",),
                    {"member": Quoted(member)},
                    variant="bad_committee" if committee_file else "no_committee",
                )
            )
        elif member not in members:
            usable = False
            findings.append(
                Finding(
                    UNKNOWN_MEMBER.code,
                    ("member",),
                    {"member": Quoted(member), "suggestion": suggestion(member, list(members))},
                )
            )
        known = stages.get(stage_id)
        if not known:
            usable = False
            if stages:  # no grid could be read: no stage can be judged unknown
                findings.append(
                    Finding(
                        UNKNOWN_STAGE.code,
                        ("stage",),
                        {"stage": Quoted(stage_id), "suggestion": suggestion(stage_id, stages)},
                    )
                )
        elif not any(s.individual for s in known):
            usable = False
            findings.append(Finding(STAGE_MODE.code, ("stage",), {"stage": Quoted(stage_id)}))
        if (stage_id, member) in seen:
            usable = False
            findings.append(
                Finding(
                    DUPLICATE.code,
                    ("member",),
                    {
                        "member": Quoted(member),
                        "stage": Quoted(stage_id),
                        "other": seen[(stage_id, member)],
                    },
                )
            )
        else:
            seen[(stage_id, member)] = loaded.display
        if usable:
            scoring.setdefault(stage_id, set()).add(member)
        shown: list[str] | None = None  # the run's dossier ids, for "did you mean"
        for key, entry in model.notes.items():
            dossier = same_id(key)
            target = by_id.get(dossier)
            if target is None:
                if every_dossier:
                    if shown is None:
                        shown = [o.dossier_id for o in by_id.values() if o.dossier_id]
                    # "Did you mean" compares with every id (difflib, ~0.2 s among 2,000): for
                    # the run's first few only, so that notes on a thousand dossiers that
                    # could not be read are still reported in a moment.
                    unknown += 1
                    near = suggestion(key, shown) if unknown <= SUGGESTED else Said("", "")
                    findings.append(
                        Finding(
                            UNKNOWN_DOSSIER.code,
                            ("notes", key),
                            {"dossier": Quoted(key), "suggestion": near},
                            key=True,
                        )
                    )
                continue
            if target.grid is None:
                continue  # the dossier's own diagnostics say why it has no grid
            grid = target.grid
            stage = _stage_of(grid, stage_id)
            if stage is None:
                if known:
                    findings.append(
                        Finding(
                            UNKNOWN_STAGE.code,
                            ("notes", key),
                            {"stage": Quoted(stage_id), "dossier": Quoted(key)},
                            key=True,
                            variant="grid",
                        )
                    )
                continue
            if not stage.individual:
                if any(s.individual for s in known or []):  # another grid has it individual
                    findings.append(
                        Finding(
                            STAGE_MODE.code,
                            ("notes", key),
                            {"stage": Quoted(stage_id)},
                            key=True,
                        )
                    )
                continue
            axes = entry.axes
            checked = (
                list(stage_scores(grid, axes, ("notes", key)))
                if _suspect(axes, _points(grid, limits), grid.step)
                else []
            )
            findings += checked
            meeting = declared.get(stage_id, {}).get((member, dossier))
            if (member, dossier) in standing or meeting is not None:
                where = (
                    Said(f" (meeting {meeting})", f" (séance {meeting})")
                    if meeting is not None and (member, dossier) not in standing
                    else Said("", "")
                )
                findings.append(
                    Finding(
                        CONFLICT.code,
                        ("notes", key),
                        {
                            "member": members.get(member, member),
                            "dossier": Quoted(key),
                            "where": where,
                        },
                        key=True,
                    )
                )
                continue
            if usable:
                wrong = frozenset(
                    (str(f.at[2]), str(f.at[3]))
                    for f in checked
                    if f.code == OUT_OF_RANGE.code and len(f.at) == 4
                )
                counted.setdefault((stage_id, dossier), []).append(
                    _Counted(member, entry, axes, wrong)
                )
        loaded.diagnostics += [place(document, f) for f in findings]
        loaded.diagnostics.sort(key=Diagnostic.sort_key)
    # Who is left out of each dossier for a declared interest: the members scoring the stage
    # (a notes file counted) with a declaration on it, whether or not they wrote notes on it.
    left_out: dict[tuple[str, str], set[str]] = {}
    for stage_id, scorers in scoring.items():
        pairs = set(standing) | set(declared.get(stage_id, {}))
        for member, dossier in pairs:
            if member in scorers:
                left_out.setdefault((stage_id, dossier), set()).add(member)
    order = {member: i for i, member in enumerate(members)}
    slots_of: dict[int, list[Slot]] = {}
    for dossier, outcome in by_id.items():
        its_grid = outcome.grid
        if its_grid is None or not outcome.stages or not any(s.individual for s in its_grid.stages):
            continue
        for i, stage in enumerate(its_grid.stages):
            if not stage.individual or i >= len(outcome.stages):
                continue
            entries = sorted(
                counted.get((stage.id, dossier), []), key=lambda c: order.get(c.member, 0)
            )
            out = sorted(left_out.get((stage.id, dossier), set()), key=lambda m: order.get(m, 0))
            slots = slots_of.get(id(its_grid))
            if slots is None:
                slots = slots_of[id(its_grid)] = its_grid.slots()
            panel = build_panel(
                its_grid, stage, entries, [(m, members.get(m, m)) for m in out], members, slots
            )
            result = score_stage(its_grid, stage, panel_scores(panel))
            outcome.stages[i] = replace(result, panel=panel)
        outcome.final = final_stage(outcome.stages)
    return NotesResult(files)


SUGGESTED = 5
"""Unknown dossiers of a run that get a "did you mean"."""


def _points(
    grid: Grid, cache: dict[int, dict[tuple[str, str], Decimal]]
) -> dict[tuple[str, str], Decimal]:
    """(axis or "bonus", cell) → points, per grid, computed once."""
    found = cache.get(id(grid))
    if found is None:
        found = cache[id(grid)] = {(s.group, s.id): s.points for s in grid.slots()}
    return found


def _suspect(
    axes: dict[str, dict[str, Decimal | None]],
    points: dict[tuple[str, str], Decimal],
    step: Decimal,
) -> bool:
    """Whether one note may be wrong (an unknown cell, out of range, off the step): then the
    `score.*` rules run and say what and where. 12 members × 2,000 dossiers are checked here
    in a fraction of what the rules take."""
    for group, cells in axes.items():
        for cell, value in cells.items():
            maximum = points.get((group, cell))
            if maximum is None:
                return True
            if value is not None and (value < 0 or value > maximum or value % step):
                return True
    return False


def build_panel(
    grid: Grid,
    stage: Stage,
    entries: Sequence[_Counted],
    left_out: list[tuple[str, str]],
    names: dict[str, str],
    slots: list[Slot] | None = None,
) -> Panel:
    """Each cell's statistics from the counted notes, and each member's own total
    (`slots`: the grid's, when the caller has them already)."""
    slots = slots if slots is not None else grid.slots()
    cells = {}
    totals: dict[str, Decimal] = {}
    scored: dict[str, int] = {}
    for slot in slots:
        notes: dict[str, Decimal] = {}
        for entry in entries:
            value = entry.axes.get(slot.group, {}).get(slot.id)
            if isinstance(value, Decimal) and (slot.group, slot.id) not in entry.wrong:
                notes[entry.member] = value
                totals[entry.member] = totals.get(entry.member, Decimal(0)) + value * slot.weight
                scored[entry.member] = scored.get(entry.member, 0) + 1
        spread = stage.disagreement if stage.disagreement is not None else slot.points
        cells[slot.key] = cell_stats(notes, stage.aggregate, stage.min_scorers, spread)
    scorers = [
        Scorer(
            e.member,
            names.get(e.member, e.member),
            totals.get(e.member),
            scored.get(e.member, 0) == len(slots),
            e.notes.comment,
        )
        for e in entries
    ]
    return Panel(stage.aggregate, stage.min_scorers, cells, scorers, left_out)


def panel_scores(panel: Panel) -> dict[str, dict[str, Decimal | None]]:
    """The aggregate as a stage's scores (`StageScores`): cells under `min_scorers` left out."""
    scores: dict[str, dict[str, Decimal | None]] = {}
    for key, cell in panel.cells.items():
        if cell.value is not None:
            group, _, item = key.partition(".")
            scores.setdefault(group, {})[item] = cell.value
    return scores
