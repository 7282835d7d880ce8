"""`grantgrid new --notes STAGE --member ID`: the call's dossiers and committee read, then the
member's notes skeleton (`grantgrid.notes.skeleton`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from grantgrid.cli.app import fail, run_paths

if TYPE_CHECKING:
    from grantgrid.call import Call


def notes_skeleton_of(stage_id: str, member: str | None, call: Call) -> tuple[str, list[Path]]:
    from grantgrid.committee.facts import same_id
    from grantgrid.diagnostics import suggestion
    from grantgrid.evaluation.scorers import load_committee_files
    from grantgrid.notes.apply import conflicts_of, members_of
    from grantgrid.notes.skeleton import ToScore, notes_skeleton

    if member is None:
        raise fail("notes_needs_member")
    read = load_committee_files(call)
    committee = read.committee.committee if read.committee else None
    if committee is None or read.committee is None:
        raise fail("notes_no_committee")
    names = members_of(committee)
    if member not in names:
        raise fail("notes_member", member=member, suggestion=suggestion(member, names))
    applications = call.applications_dir
    run = (
        run_paths([applications], None, quiet=True, call=call.root)
        if applications is not None and applications.is_dir()
        else None
    )
    outcomes = run.outcomes if run else []
    individual = sorted({s.id for o in outcomes if o.grid for s in o.grid.stages if s.individual})
    if stage_id not in individual:
        raise fail("notes_stage", stage=stage_id, stages=", ".join(individual) or "—")
    standing, declared = conflicts_of(committee, read.meetings)
    at_stage = declared.get(stage_id, {})
    todo: list[ToScore] = []
    left_out: list[str] = []
    stage = None
    for outcome in sorted(outcomes, key=lambda o: o.dossier_id or ""):
        grid, dossier = outcome.grid, outcome.dossier_id
        if grid is None or dossier is None:
            continue
        found = next((s for s in grid.stages if s.id == stage_id and s.individual), None)
        if found is None:
            continue
        stage = stage or found
        key = (member, same_id(dossier))
        if key in standing or key in at_stage:
            left_out.append(dossier)
        else:
            todo.append(ToScore(dossier, outcome.title or "", grid))
    assert stage is not None
    inputs = [read.committee.path, *(o.source for o in outcomes)]
    return notes_skeleton(stage, member, names[member], todo, left_out), inputs
