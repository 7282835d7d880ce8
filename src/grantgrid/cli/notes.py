"""`grantgrid new --notes STAGE --member ID` and `grantgrid sheets --stage ID`: the call's
dossiers and committee read, then for a member the dossiers they score at that stage — one
rule for both: every dossier whose grid scores the stage individually, less those the member
declared an interest in (standing declarations, or a meeting of that stage)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from grantgrid.cli.app import fail, run_paths

if TYPE_CHECKING:
    from grantgrid.call import Call
    from grantgrid.evaluation import Outcome, Run
    from grantgrid.models.grid import Stage


@dataclass
class StageOfCall:
    """An individual stage of the call, its committee and dossiers."""

    stage: Stage
    names: dict[str, str]
    """Member id → name, in the order of committee.yaml: who may score the stage."""
    outcomes: list[Outcome]
    """The dossiers scored at the stage, by id."""
    conflicts: set[tuple[str, str]]
    """(member, dossier id as compared) declared, standing or at a meeting of the stage."""
    committee_path: Path
    run: Run | None

    def dossiers_of(self, member: str) -> tuple[list[Outcome], list[str]]:
        """The member's dossiers, and the ids left out for a declared interest."""
        from grantgrid.committee.facts import same_id

        todo: list[Outcome] = []
        left_out: list[str] = []
        for outcome in self.outcomes:
            assert outcome.dossier_id is not None
            if (member, same_id(outcome.dossier_id)) in self.conflicts:
                left_out.append(outcome.dossier_id)
            else:
                todo.append(outcome)
        return todo, left_out


def stage_of_call(stage_id: str, call: Call, option: str = "--notes") -> StageOfCall:
    """The stage `stage_id` of the call, or a usage error (exit 2) saying why not.
    `option`: the command's option, for the messages (`--notes`, `--stage`)."""
    from grantgrid.evaluation.scorers import load_committee_files
    from grantgrid.notes.apply import conflicts_of, members_of

    read = load_committee_files(call)
    committee = read.committee.committee if read.committee else None
    if committee is None or read.committee is None:
        raise fail("notes_no_committee", option=option)
    applications = call.applications_dir
    run = (
        run_paths([applications], None, quiet=True, call=call.root)
        if applications is not None and applications.is_dir()
        else None
    )
    outcomes = run.outcomes if run else []
    individual = sorted({s.id for o in outcomes if o.grid for s in o.grid.stages if s.individual})
    if stage_id not in individual:
        raise fail(
            "notes_stage", option=option, stage=stage_id, stages=", ".join(individual) or "—"
        )
    standing, declared = conflicts_of(committee, read.meetings)
    scored: list[Outcome] = []
    stage = None
    for outcome in sorted(outcomes, key=lambda o: o.dossier_id or ""):
        grid, dossier = outcome.grid, outcome.dossier_id
        if grid is None or dossier is None:
            continue
        found = next((s for s in grid.stages if s.id == stage_id and s.individual), None)
        if found is None:
            continue
        stage = stage or found
        scored.append(outcome)
    assert stage is not None
    conflicts = standing | set(declared.get(stage_id, {}))
    return StageOfCall(stage, members_of(committee), scored, conflicts, read.committee.path, run)


def notes_skeleton_of(stage_id: str, member: str | None, call: Call) -> tuple[str, list[Path]]:
    from grantgrid.diagnostics import suggestion
    from grantgrid.notes.skeleton import ToScore, notes_skeleton

    if member is None:
        raise fail("notes_needs_member")
    found = stage_of_call(stage_id, call)
    names = found.names
    if member not in names:
        raise fail("notes_member", member=member, suggestion=suggestion(member, names))
    todo, left_out = found.dossiers_of(member)
    items = [ToScore(o.dossier_id or "", o.title or "", o.grid) for o in todo if o.grid]
    inputs = [found.committee_path, *(o.source for o in (found.run.outcomes if found.run else []))]
    return notes_skeleton(found.stage, member, names[member], items, left_out), inputs
