"""A member's workbook (`grantgrid sheets`) read back into `notes/<stage>/<member>.yaml`.

The workbook's index names the member, the stage and the notes file with its SHA-256 at
export (`readback.MemberIndex`); its rows are the member's note cells, one dossier sheet each.
Refused: a member who is not in committee.yaml, a stage or notes file that is not the
workbook's own (`notes/<stage>/<member>.yaml`), a notes file that names another member or
stage, a notes file changed (or created) since the export unless `--force`, and, as for the
committee's workbook, a dossier or grid changed since (`plan.known_cells`). Each value is
checked as a note is (`plan.typed_value`: the score rules of the dossier's grid); a cleared
cell removes the note. An absent notes file is created from the skeleton `new --notes` writes,
the notes edited into it.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grantgrid.call import Call
from grantgrid.collect.plan import Change, Collected, FileChange, known_cells, typed_value
from grantgrid.collect.reading import ReadBack, where
from grantgrid.collect.rules import CHANGED, UNKNOWN, WORKBOOK
from grantgrid.diagnostics import Diagnostic, said
from grantgrid.grids import _display
from grantgrid.outputs.workbook.readback import ABSENT, MemberIndex, relative_path

if TYPE_CHECKING:
    from grantgrid.evaluation import Outcome
    from grantgrid.notes.load import LoadedNotes


def _members(call: Call) -> dict[str, str] | None:
    from grantgrid.committee.load import load_committee
    from grantgrid.notes.apply import members_of

    path = call.committee_file
    if path is None or not path.is_file():
        return None
    found = load_committee(path, _display(path))
    return members_of(found.committee) if found.committee is not None else None


def _refusal(read: ReadBack, index: MemberIndex, call: Call) -> Diagnostic | None:
    """Why the workbook's member, stage or notes file are not this call's."""
    members = _members(call)
    if members is None or index.member not in members:
        return said(
            UNKNOWN.code,
            f"this workbook holds the notes of {index.member}, who is not a member of "
            "committee.yaml (a workbook from another call? collect it in its own call, or "
            "--call DIR)",
            f"ce classeur porte les notes de {index.member}, qui n'est pas membre de "
            "committee.yaml (un classeur d'un autre appel ? reportez-le dans son appel, ou "
            "--call DIR)",
            path=read.shown,
        )
    expected = relative_path(_notes_path(call, index), call.root)
    if index.notes != expected or any(r.stage != index.stage for r in read.rows):
        return said(
            WORKBOOK.code,
            f"the hidden sheet _grantgrid was edited (the notes of {index.member} go into "
            f"{expected}): write the workbook again with `grantgrid sheets`",
            f"la feuille masquée _grantgrid a été modifiée (les notes de {index.member} vont "
            f"dans {expected}) : écrivez à nouveau le classeur avec `grantgrid sheets`",
            path=where(read.shown, "_grantgrid", "A1"),
        )
    return None


def _notes_path(call: Call, index: MemberIndex) -> Path:
    folder = call.notes_dir or Path("notes")
    return folder / index.stage / f"{index.member}.yaml"


def member_notes(
    read: ReadBack,
    call: Call,
    outcomes: dict[str, Outcome | None],
    force: bool,
    result: Collected,
    files: dict[str, FileChange],
) -> None:
    """Plan the edits of one member's notes file from their workbook (nothing written)."""
    from grantgrid.notes.load import load_notes

    index = read.member
    assert index is not None
    problem = _refusal(read, index, call)
    if problem is not None:
        result.diagnostics.append(problem)
        return
    path = _notes_path(call, index)
    shown = index.notes
    if shown in files:
        result.diagnostics.append(
            said(
                WORKBOOK.code,
                f"two workbooks hold the notes of {index.member} at stage {index.stage}: "
                "collect one",
                f"deux classeurs portent les notes de {index.member} à l'étape {index.stage} : "
                "reportez-en un seul",
                path=read.shown,
            )
        )
        return
    loaded: LoadedNotes | None = None
    digest = ABSENT
    if path.is_file() or path.is_symlink():
        loaded = load_notes(path, _display(path))
        digest = loaded.sha256 or hashlib.sha256(path.read_bytes()).hexdigest()
    display = loaded.display if loaded else _display(path)
    if digest != index.notes_sha256 and not force:
        params = {"path": shown, "then": index.notes_sha256[:12], "now": digest[:12]}
        result.diagnostics.append(Diagnostic(CHANGED.code, params, display))
        return
    model = loaded.notes if loaded else None
    if model is not None and (model.member, model.stage) != (index.member, index.stage):
        result.diagnostics.append(
            said(
                UNKNOWN.code,
                f"{shown} holds the notes of {model.member} at stage {model.stage}, not of "
                f"{index.member} at stage {index.stage} as this workbook: correct the file",
                f"{shown} porte les notes de {model.member} à l'étape {model.stage}, pas de "
                f"{index.member} à l'étape {index.stage} comme ce classeur : corrigez le fichier",
                path=display,
            )
        )
        return
    current: dict[str, dict[str, dict[str, Decimal | None]]] = (
        {key: entry.axes for key, entry in model.notes.items()} if model is not None else {}
    )
    changes: list[Change] = []
    for cell, outcome in known_cells(read, outcomes, force, result, set()):
        row = cell.row
        assert outcome.grid is not None
        old: Any = current.get(row.dossier, {}).get(row.group, {}).get(row.cell)
        right, value = typed_value(outcome.grid, cell, old, result.diagnostics)
        if not right or old == value:
            continue
        changes.append(Change(row.dossier, row.group, row.cell, old, value, cell.where))
    if not changes:
        return
    errors = {(d.code, d.data_path) for d in loaded.diagnostics if d.is_error} if loaded else set()
    change = FileChange(path, shown, display, digest, errors, "notes", root="notes")
    change.changes = changes
    clean = loaded is not None and not errors and model is not None
    change.existing = {key: set(axes) for key, axes in current.items()} if clean else None
    if loaded is None:
        change.created = _skeleton(index, read, outcomes, call)
        change.existing = None  # the skeleton holds every dossier's cells: edited one by one
    files[shown] = change


def _skeleton(
    index: MemberIndex, read: ReadBack, outcomes: dict[str, Outcome | None], call: Call
) -> str:
    """The file `new --notes STAGE --member ID` writes, on the workbook's dossiers."""
    from grantgrid.notes.skeleton import ToScore, notes_skeleton

    items: list[ToScore] = []
    stage = None
    for path in dict.fromkeys(r.path for r in read.rows):
        outcome = outcomes.get(path)
        if outcome is None or outcome.grid is None or outcome.dossier_id is None:
            continue
        stage = stage or next((s for s in outcome.grid.stages if s.id == index.stage), None)
        items.append(ToScore(outcome.dossier_id, outcome.title or "", outcome.grid))
    assert stage is not None
    name = (_members(call) or {}).get(index.member, index.member)
    left_out = [i for i in index.left_out.split(",") if i]
    return notes_skeleton(stage, index.member, name, items, left_out)
