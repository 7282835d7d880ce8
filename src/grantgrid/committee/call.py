"""A call folder as the committee commands read it: the committee, its meetings, the dossiers.

The dossiers come from the run (`facts.facts_from_run`): the caller's own, or one evaluated
here from the call's `applications/`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grantgrid.call import is_call
from grantgrid.committee.facts import DossierFacts, facts_from_run
from grantgrid.committee.load import (
    YAML_SUFFIXES,
    LoadedCommittee,
    LoadedMeeting,
    load_committee,
    load_meeting,
    load_meetings,
    sha256,
)
from grantgrid.errors import GrantgridError
from grantgrid.loading import entry_exists


class CallError(GrantgridError):
    """The command itself is wrong (no committee.yaml, a meeting file that does not exist)."""


@dataclass
class CommitteeFiles:
    root: Path
    committee: LoadedCommittee
    meetings: list[LoadedMeeting]
    dossiers: list[DossierFacts]
    stages: list[str] | None
    inputs: list[tuple[str, str]] = field(default_factory=list)
    """(path shown, SHA-256) of every file read."""


def find_root(start: Path) -> Path:
    """The call folder at or above `start` (`grantgrid.call.is_call`), else `start` itself."""
    here = start.resolve()
    return next((folder for folder in (here, *here.parents) if is_call(folder)), here)


def shown(path: Path, root: Path) -> str:
    """The path from the call's root; a link is named as itself, never by its target (a
    dangling `committee.yaml` link is not shown as `nowhere.yaml`)."""
    try:
        return str((path.parent.resolve() / path.name).relative_to(root))
    except ValueError:
        return str(path)


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES)


def run_facts(root: Path) -> tuple[list[DossierFacts], list[str] | None]:
    """The dossiers' facts from a run of the call's `applications/`."""
    from grantgrid.evaluation import evaluate

    run = evaluate([root / "applications"])
    return facts_from_run(run), _stages(run)


def _stages(run: Any) -> list[str] | None:
    """The stage ids of the run's grids (None: not known)."""
    grids = getattr(run, "grids", None) or []
    found = {s.id for g in grids if getattr(g, "grid", None) for s in g.grid.stages}
    return sorted(found) or None


def open_call(
    start: Path,
    meeting: Path | None = None,
    *,
    all_meetings: bool = True,
    call_dir: Path | None = None,
    run: Any | None = None,
) -> CommitteeFiles:
    """Everything the committee commands need, from `call_dir` (`--call`), else the call
    folder at or above `start` (or above the meeting file)."""
    if call_dir is not None:
        root = call_dir.resolve()
    else:
        root = find_root(start if meeting is None else meeting.parent)
    path = root / "committee.yaml"
    if not entry_exists(path):  # a FIFO or a folder there is read, and refused, as the file
        raise CallError(str(path))
    committee = load_committee(path, shown(path, root))
    meetings: list[LoadedMeeting] = []
    if all_meetings:
        meetings = load_meetings(root / "meetings", root)
    if meeting is not None:
        if not entry_exists(meeting):
            raise CallError(str(meeting))
        target = meeting.resolve()
        meetings = [m for m in meetings if m.path.resolve() != target]
        meetings.append(load_meeting(meeting, shown(meeting, root)))
    if run is not None:  # the caller's own run: its dossiers, not a second evaluation
        dossiers, stages = facts_from_run(run), _stages(run)
    else:
        dossiers, stages = run_facts(root)
    inputs = [(committee.display, committee.sha256)]
    inputs += [(m.display, m.sha256) for m in meetings]
    seen = {p for p, _ in inputs}
    for facts in dossiers:
        for name in (facts.grid_path, facts.path):
            if name and name not in seen:
                seen.add(name)
                candidate = Path(name) if Path(name).is_absolute() else root / name
                inputs.append((name, sha256(candidate)))
    maquette = root / "maquette.yaml"
    if entry_exists(maquette):  # the minutes end with the maquette after the meeting
        inputs.append((shown(maquette, root), sha256(maquette)))
    return CommitteeFiles(root, committee, meetings, dossiers, stages, inputs)
