"""Large runs: dossiers checked in worker processes, one per core, with the same results."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from grantgrid.call import GridCatalogue
from grantgrid.evaluation.outcome import Outcome
from grantgrid.evaluation.pipeline import check_file

POOL_FROM = 200
"""From this many files on, dossiers are checked in worker processes, one per core."""
POOL_CHUNK = 64
"""Files per task sent to a worker: few enough round trips, a progress bar that moves."""

_worker_catalogue: GridCatalogue | None = None


def _start_worker(grids_dir: Path | None) -> None:
    global _worker_catalogue
    _worker_catalogue = GridCatalogue(grids_dir)


def _check_chunk(
    files: list[Path], keep_dossiers: bool
) -> tuple[list[Outcome], list[Path | None], list[Path]]:
    """In a worker: outcomes without their grid (the parent has its own copy), the grid file
    of each, and every grid file the worker has loaded so far."""
    catalogue = _worker_catalogue or GridCatalogue()
    outcomes = [check_file(source, catalogue, keep_dossiers) for source in files]
    grid_paths = [o.grid_file.path if o.grid_file else None for o in outcomes]
    for outcome in outcomes:
        outcome.grid, outcome.grid_file = None, None
    return outcomes, grid_paths, [g.path for g in catalogue.by_path.values()]


def workers(files: int) -> int:
    if files < POOL_FROM:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cores or 1, 8)


def check_in_pool(
    files: list[Path], catalogue: GridCatalogue, keep_dossiers: bool, count: int
) -> Iterator[list[Outcome]]:
    """Chunks of outcomes, in file order, checked by `count` processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [files[i : i + POOL_CHUNK] for i in range(0, len(files), POOL_CHUNK)]
    # fork: workers start at once with grantgrid already imported; the CLI's progress bar
    # runs no thread that a fork could catch holding a lock.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(count, context, _start_worker, (catalogue.grids_dir,)) as pool:
        for outcomes, grid_paths, loaded in pool.map(
            _check_chunk, chunks, [keep_dossiers] * len(chunks)
        ):
            for path in loaded:  # the run lists every grid the checks loaded, as in one process
                catalogue.load(path)
            for outcome, grid_path in zip(outcomes, grid_paths, strict=True):
                if grid_path is not None:
                    outcome.grid_file = catalogue.load(grid_path)
                    outcome.grid = outcome.grid_file.grid
            yield outcomes
