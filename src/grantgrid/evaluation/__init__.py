"""A run: every dossier of the given paths, checked, scored and ranked.

- `outcome`: what is known about one file;
- `pipeline`: one file, from bytes to scores;
- `pool`: large runs in worker processes;
- `across`: checks across the dossiers of a run (duplicate ids, grid twins);
- `decide`: status and rank, pure functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from grantgrid.call import Call, GridCatalogue
from grantgrid.errors import UsageError
from grantgrid.evaluation import pool
from grantgrid.evaluation.across import flag_duplicate_ids, flag_grid_twins
from grantgrid.evaluation.decide import ranks, status_of
from grantgrid.evaluation.outcome import Outcome
from grantgrid.evaluation.pipeline import check_file
from grantgrid.evaluation.programme import Programme, check_fiches, load_maquette_of, programme
from grantgrid.grids import YAML_SUFFIXES, LoadedGrid
from grantgrid.scoring import Status

__all__ = ["Outcome", "Run", "UsageError", "discover", "evaluate"]


def discover(paths: Iterable[Path]) -> list[Path]:
    """Dossier files from files and folders (a folder's `*.yaml`/`*.yml`, not recursive)."""
    found: list[Path] = []
    for path in paths:
        try:
            path.stat()
        except OSError as exc:  # missing, or a name the system refuses (too long…)
            raise UsageError(f"no such file or folder: {path} ({exc.strerror})") from None
        if path.is_dir():
            found.extend(
                sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
            )
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"no such file or folder: {path}")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


@dataclass
class Run:
    """The result of a run; it never prints. Its exit code is a property of it (black's
    `Report.return_code`): 1 when a dossier or a grid has errors, else 0."""

    outcomes: list[Outcome]
    catalogue: GridCatalogue
    call: Call | None = None
    programme: Programme = field(default_factory=Programme)
    """The committee's decisions and the maquette, when the call has them."""

    @property
    def grids(self) -> list[LoadedGrid]:
        return self.catalogue.all()

    @property
    def has_errors(self) -> bool:
        return any(o.diagnostics.has_errors for o in self.outcomes) or any(
            g.diagnostics.has_errors for g in self.grids
        )

    @property
    def stage_ids(self) -> list[str] | None:
        """The stage ids of the run's grids (None: no grid could be read)."""
        found = {s.id for g in self.grids if g.grid for s in g.grid.stages}
        return sorted(found) or None

    @property
    def exit_code(self) -> int:
        return 1 if self.has_errors else 0

    def ordered(self) -> list[Outcome]:
        """Ranked dossiers by rank then id, then incomplete, then invalid (each by id)."""
        order = {Status.SELECTED: 0, Status.REJECTED: 0, Status.INCOMPLETE: 1, Status.INVALID: 2}
        return sorted(
            self.outcomes,
            key=lambda o: (
                order[o.status],
                o.grid_id or "",
                o.rank or 0,
                o.dossier_id or "",
                o.path,
            ),
        )


def evaluate(
    paths: Iterable[Path],
    grids_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    keep_dossiers: bool = True,
    call: Call | None = None,
) -> Run:
    """Check, score and rank every dossier of `paths`.

    `call`: the call folder (default: found from the current folder and the paths, as
    SPEC.md says). Each outcome keeps its validated `dossier` unless `keep_dossiers` is False (scores and
    diagnostics do not need it); the parsed `document` keeps only the id and title. Large
    sets are checked in worker processes, with the same results as in one.
    """
    paths = list(paths)
    files = discover(paths)
    call = call or Call.find(paths)
    catalogue = GridCatalogue(grids_dir)
    outcomes: list[Outcome] = []
    workers = pool.workers(len(files))
    if workers > 1:
        try:
            for chunk in pool.check_in_pool(files, catalogue, keep_dossiers, workers):
                outcomes += chunk
                if progress:
                    progress(len(outcomes), len(files))
        except Exception:  # a worker that died (memory, a signal): check them all here instead
            catalogue, outcomes = GridCatalogue(grids_dir), []
    if not outcomes:
        for index, source in enumerate(files, start=1):
            outcomes.append(check_file(source, catalogue, keep_dossiers))
            if progress:
                progress(index, len(files))
    flag_duplicate_ids(outcomes)
    flag_grid_twins(outcomes, catalogue)
    maquette = load_maquette_of(call)
    check_fiches(outcomes, maquette)
    for outcome in outcomes:
        outcome.status, outcome.reasons = status_of(outcome)
    statuses = [o.status for o in outcomes]
    for outcome, position in zip(outcomes, ranks(outcomes, statuses), strict=True):
        outcome.rank = position
    run = Run(outcomes, catalogue, call)
    run.programme = programme(call, outcomes, run.stage_ids, maquette)
    return run
