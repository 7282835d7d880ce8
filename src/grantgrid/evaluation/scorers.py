"""Several scorers per stage, in a run: the members' notes files read and applied to the
dossiers before status and rank (SPEC-committee §3).

A call whose grids have no individual stage and no `notes/` folder never imports the notes,
the committee or the meetings here: a collective call runs exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from grantgrid.call import Call
from grantgrid.evaluation.outcome import Outcome
from grantgrid.grids import YAML_SUFFIXES, _display, resolved

if TYPE_CHECKING:
    from grantgrid.committee.load import LoadedCommittee, LoadedMeeting
    from grantgrid.notes.apply import NotesResult


@dataclass
class CommitteeFiles:
    """committee.yaml and the meetings, read once for the notes and the programme."""

    committee: LoadedCommittee | None = None
    meetings: list[LoadedMeeting] = field(default_factory=list)


def _needed(call: Call, outcomes: Sequence[Outcome]) -> bool:
    if any(s.individual for o in outcomes if o.grid for s in o.grid.stages):
        return True
    notes = call.notes_dir
    return notes is not None and notes.is_dir()


def load_committee_files(call: Call) -> CommitteeFiles:
    from grantgrid.committee.load import load_committee, load_meetings

    found = CommitteeFiles()
    path = call.committee_file
    if path is not None and path.is_file():
        found.committee = load_committee(path, _display(path))
        meetings = call.meetings_dir
        if meetings is not None and meetings.is_dir():
            found.meetings = load_meetings(meetings, call.root)
    return found


def _every_dossier(call: Call, files: Sequence[Path]) -> bool:
    """Whether the run reads every dossier file of the call's `applications/`."""
    folder = call.applications_dir
    if folder is None or not folder.is_dir():
        return False
    read = {resolved(path) for path in files}
    return all(resolved(path) in read for path in folder.iterdir() if path.suffix in YAML_SUFFIXES)


def score_notes(
    call: Call, outcomes: Sequence[Outcome], files: Sequence[Path]
) -> tuple[NotesResult | None, CommitteeFiles | None]:
    """The notes applied to `outcomes` (in place), and the committee files read for them;
    (None, None) for a call without individual stages or notes."""
    if not _needed(call, outcomes):
        return None, None
    from grantgrid.notes.apply import apply_notes
    from grantgrid.notes.load import load_all

    committee = load_committee_files(call)
    notes_dir = call.notes_dir
    notes = load_all(notes_dir) if notes_dir is not None and notes_dir.is_dir() else []
    model = committee.committee.committee if committee.committee else None
    result = apply_notes(
        outcomes,
        notes,
        model,
        committee.meetings,
        every_dossier=_every_dossier(call, files),
        committee_file=committee.committee is not None,
    )
    return result, committee
