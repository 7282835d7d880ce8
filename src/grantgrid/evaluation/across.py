"""Checks across the dossiers of a run: an id used twice, a grid id declared by two files."""

from __future__ import annotations

from pathlib import Path

from grantgrid.call import GridCatalogue
from grantgrid.diagnostics import Finding, place
from grantgrid.evaluation.outcome import Outcome
from grantgrid.grids import resolved
from grantgrid.ids import same_id
from grantgrid.rules import dossier as dossier_rules
from grantgrid.rules.grid import DUPLICATE_ID
from grantgrid.words import Quoted


def flag_duplicate_ids(outcomes: list[Outcome]) -> None:
    by_id: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        if outcome.dossier_id:
            by_id.setdefault(same_id(outcome.dossier_id), []).append(outcome)
    for same in by_id.values():
        if len(same) < 2:
            continue
        for outcome in same:
            assert outcome.document is not None and outcome.dossier_id is not None
            others = [o.path for o in same if o is not outcome]
            finding = dossier_rules.duplicate_id(outcome.dossier_id, others)
            outcome.diagnostics.add(place(outcome.document, finding))


def flag_grid_twins(outcomes: list[Outcome], catalogue: GridCatalogue) -> None:
    """One grid id, two grid files in one run: a dossier could bring a lenient copy of the
    official grid (by path) and be ranked beside the others as if scored by the same rules.

    The file found by id in the grids folder is the official one: only the dossiers using
    another file are at fault (one applicant's copy never invalidates the whole call). With no
    official file among them, every dossier using one of the twins is.
    """
    files_by_id: dict[str, dict[Path, str]] = {}
    for outcome in outcomes:
        if outcome.grid is not None and outcome.grid_file is not None:
            shown = outcome.grid_file.display
            files_by_id.setdefault(outcome.grid.grid, {})[resolved(outcome.grid_file.path)] = shown
    for outcome in outcomes:
        files = files_by_id.get(outcome.grid_id or "", {})
        if len(files) < 2 or outcome.document is None or outcome.grid_file is None:
            continue
        folders = [resolved(folder) for folder in catalogue.search_dirs(outcome.source)]
        official = [path for path in files if path.parent in folders]
        if len(official) == 1 and resolved(outcome.grid_file.path) == official[0]:
            continue
        names = ", ".join(sorted(files.values()))
        finding = Finding(
            DUPLICATE_ID.code,
            ("grid",),
            {"grid": Quoted(outcome.grid_id or ""), "names": names},
            variant="twins",
        )
        outcome.diagnostics.add(place(outcome.document, finding))
