"""A call folder as the committee commands read it: the committee, its meetings, the dossiers.

The integration builds `DossierFacts` from its own run (`facts.facts_from_run`). The commands
here do the same through `grantgrid.evaluation.evaluate`; while that module is being
reshaped and cannot be imported, `light_facts` reads the dossiers through the same loader,
models and scoring (without the budget rules: a dossier whose budget breaks a rule is then
counted `selected` when its scores say so; the message of each command says so).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


class CallError(Exception):
    """The command itself is wrong (no committee.yaml, a meeting file that does not exist)."""


@dataclass
class Call:
    root: Path
    committee: LoadedCommittee
    meetings: list[LoadedMeeting]
    dossiers: list[DossierFacts]
    stages: list[str] | None
    inputs: list[tuple[str, str]] = field(default_factory=list)
    """(path shown, SHA-256) of every file read."""
    complete_run: bool = True
    """False: the dossiers were read without the budget rules (see the module's docstring)."""


def find_root(start: Path) -> Path:
    """The call folder: `start` or the nearest parent holding `applications/` or `grids/`."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / "applications").is_dir() or (folder / "grids").is_dir():
            return folder
    return here


def shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root))
    except ValueError:
        return str(path)


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


def light_facts(root: Path) -> tuple[list[DossierFacts], list[str] | None]:
    """The dossiers of `applications/` scored without the budget rules (see above)."""
    from grantgrid.committee.lightrun import read_dossiers

    return read_dossiers(root, _yaml_files(root / "applications"))


def run_facts(root: Path) -> tuple[list[DossierFacts], list[str] | None, bool]:
    """The dossiers' facts from the full run, else from `light_facts` (False)."""
    try:
        from grantgrid.evaluation import evaluate

        run = evaluate([root / "applications"])
    except ImportError:  # the reshape in progress: evaluation does not import yet
        facts, stages = light_facts(root)
        return facts, stages, False
    return facts_from_run(run), _stages(run), True


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
) -> Call:
    """Everything the committee commands need, from `call_dir` (`--call`), else the call
    folder at or above `start` (or above the meeting file)."""
    if call_dir is not None:
        root = call_dir.resolve()
    else:
        root = find_root(start if meeting is None else meeting.parent)
    path = root / "committee.yaml"
    if not path.is_file():
        raise CallError(str(path))
    committee = load_committee(path, shown(path, root))
    meetings: list[LoadedMeeting] = []
    if all_meetings:
        meetings = load_meetings(root / "meetings", root)
    if meeting is not None:
        if not meeting.is_file():
            raise CallError(str(meeting))
        target = meeting.resolve()
        meetings = [m for m in meetings if m.path.resolve() != target]
        meetings.append(load_meeting(meeting, shown(meeting, root)))
    if run is not None:  # the caller's own run: its dossiers, not a second evaluation
        dossiers, stages, complete = facts_from_run(run), _stages(run), True
    else:
        dossiers, stages, complete = run_facts(root)
    inputs = [(committee.display, committee.sha256)]
    inputs += [(m.display, m.sha256) for m in meetings]
    seen = {p for p, _ in inputs}
    for facts in dossiers:
        for name in (facts.grid_path, facts.path):
            if name and name not in seen:
                seen.add(name)
                candidate = Path(name) if Path(name).is_absolute() else root / name
                inputs.append((name, sha256(candidate)))
    return Call(root, committee, meetings, dossiers, stages, inputs, complete)
