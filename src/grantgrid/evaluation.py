"""A run: every dossier of the given paths, checked, scored and ranked.

One broken file never stops the others: any failure inside a file, even a bug of grantgrid,
becomes a diagnostic on that file and the run goes on.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from grantgrid.diagnostics import Diagnostic, Diagnostics, Finding, Position
from grantgrid.financing import FinancingPlan, plan
from grantgrid.grids import YAML_SUFFIXES, GridCatalogue, LoadedGrid, _display, place, to_diagnostic
from grantgrid.loading import Document, load_yaml
from grantgrid.models.dossier import Answers, Budget, Dossier, Period, Scores
from grantgrid.models.grid import Grid
from grantgrid.models.types import is_clean_text
from grantgrid.rules.budget import BUDGET_RULES, LINE_RULES
from grantgrid.rules.scores import answers as answer_rules
from grantgrid.rules.scores import scores as score_rules
from grantgrid.scoring import (
    Rankable,
    Reason,
    StageResult,
    Status,
    decide,
    final_stage,
    rank,
    score_stages,
    tie_break_key,
)
from grantgrid.validation import Salvaged, validate


class UsageError(Exception):
    """The command itself is wrong (a path that does not exist): exit code 2."""


@dataclass
class Outcome:
    """Everything known about one dossier file after a run."""

    path: str
    source: Path
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    document: Document | None = None
    dossier: Dossier | None = None
    grid: Grid | None = None
    grid_file: LoadedGrid | None = None
    financing: FinancingPlan | None = None
    stages: list[StageResult] = field(default_factory=list)
    final: StageResult | None = None
    status: Status = Status.INVALID
    reasons: list[Reason] = field(default_factory=list)
    rank: int | None = None

    @property
    def dossier_id(self) -> str | None:
        if self.dossier:
            return self.dossier.dossier
        data = self.document.data if self.document else None
        value = data.get("dossier") if isinstance(data, dict) else None
        return value if is_clean_text(value) else None  # never print raw escapes of a bad file

    @property
    def title(self) -> str | None:
        if self.dossier:
            return self.dossier.title
        data = self.document.data if self.document else None
        value = data.get("title") if isinstance(data, dict) else None
        return value if is_clean_text(value) else None

    @property
    def grid_id(self) -> str | None:
        return self.grid.grid if self.grid else None


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


def _check(outcome: Outcome, catalogue: GridCatalogue) -> None:
    loaded = load_yaml(outcome.source, outcome.path)
    outcome.diagnostics.extend(loaded.diagnostics)
    document = outcome.document = loaded.document
    if document is None:
        return
    dossier, problems = validate(Dossier, document)
    outcome.diagnostics.extend(problems)
    outcome.dossier = dossier
    # Each section is checked even when another one is broken, so that every problem shows:
    # a broken section is salvaged (its invalid leaves pruned) to run its own rules.
    sections = document.data
    period = dossier.period if dossier else Salvaged(Period | None, sections.get("period")).value
    if period and period.end < period.start:
        outcome.diagnostics.add(
            to_diagnostic(
                document,
                "dossier.period",
                f"the period ends ({period.end}) before it starts ({period.start})",
                ("period",),
                french=f"la période finit ({period.end}) avant de commencer ({period.start})",
            )
        )

    reference = dossier.grid if dossier else sections.get("grid")
    if not isinstance(reference, str):
        return
    grid_file, miss = catalogue.resolve(reference, outcome.source)
    outcome.grid_file = grid_file
    if grid_file is None:
        assert miss is not None
        outcome.diagnostics.add(place(document, miss))
        return
    if grid_file.grid is None:
        outcome.diagnostics.add(
            to_diagnostic(
                document,
                "grid.invalid",
                f"the grid {grid_file.display} has errors: run `grantgrid grid check {grid_file.display}`",
                ("grid",),
                french=f"la grille {grid_file.display} contient des erreurs : lancez "
                f"`grantgrid grid check {grid_file.display}`",
            )
        )
        return
    grid = outcome.grid = grid_file.grid

    salvaged = None if dossier else Salvaged(Budget, sections.get("budget"), ("budget",))
    budget: Budget | None = dossier.budget if dossier else salvaged.value  # type: ignore[union-attr]
    findings: list[Finding] = []
    if budget is not None:
        partial = salvaged is not None and salvaged.pruned
        outcome.financing = plan(budget, grid.financing)
        for rule in LINE_RULES if partial else BUDGET_RULES:
            for finding in rule(budget, grid.financing, outcome.financing):
                findings.append(
                    replace(finding, at=salvaged.locate(finding.at)) if salvaged else finding
                )
        if partial:
            outcome.financing = None  # totals over a pruned budget would mislead
    scores = (
        dossier.scores if dossier else Salvaged(Scores, sections.get("scores") or {}).value or {}
    )
    answers = (
        dossier.answers if dossier else Salvaged(Answers, sections.get("answers") or {}).value or {}
    )
    findings += [*score_rules(grid, scores), *answer_rules(grid, answers)]
    outcome.diagnostics.extend(place(document, finding) for finding in findings)
    # An invalid dossier still shows its committee's scores (its status stays `invalid`).
    outcome.stages = score_stages(grid, scores)
    outcome.final = final_stage(outcome.stages)


def _guarded(outcome: Outcome, catalogue: GridCatalogue) -> None:
    try:
        _check(outcome, catalogue)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        outcome.diagnostics.add(
            Diagnostic(
                "internal.error",
                f"grantgrid failed on this file ({type(exc).__name__} in {Path(where.filename).name}:{where.lineno}); "
                "the other files were processed; please report it",
                outcome.path,
                Position(1, 1),
            )
        )
        outcome.stages, outcome.final = [], None


def _slim(outcome: Outcome, keep_dossier: bool) -> None:
    """Once a file is checked, drop what no output reads: a parsed file weighs some fifty times
    its size, and a regional committee's 10,000 dossiers would not fit in memory.

    Keeps the dossier's id and title and where the id is (for `dossier.duplicate_id`); the
    validated `Dossier` only when asked (reports and workbooks show it, scores do not).
    """
    document = outcome.document
    if document is None:
        return
    data = document.data if isinstance(document.data, dict) else {}
    kept = {key: data[key] for key in ("dossier", "title") if key in data}
    if outcome.dossier is not None and not keep_dossier:
        kept = {"dossier": outcome.dossier.dossier, "title": outcome.dossier.title}
        outcome.dossier = None
    # Where the id and the grid are: run-wide checks (duplicate ids, grid twins) point there.
    kept_at = ((), ("dossier",), ("grid",))
    outcome.document = Document(
        document.path,
        kept,
        "",
        {p: document.positions[p] for p in kept_at if p in document.positions},
        {p: document.key_positions[p] for p in kept_at if p in document.key_positions},
    )


def _check_file(source: Path, catalogue: GridCatalogue, keep_dossiers: bool) -> Outcome:
    outcome = Outcome(_display(source), source)
    _guarded(outcome, catalogue)
    _slim(outcome, keep_dossiers)
    return outcome


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
    outcomes = [_check_file(source, catalogue, keep_dossiers) for source in files]
    grid_paths = [o.grid_file.path if o.grid_file else None for o in outcomes]
    for outcome in outcomes:
        outcome.grid, outcome.grid_file = None, None
    return outcomes, grid_paths, [g.path for g in catalogue.by_path.values()]


def _workers(files: int) -> int:
    if files < POOL_FROM:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cores or 1, 8)


def _check_in_pool(
    files: list[Path], catalogue: GridCatalogue, keep_dossiers: bool, workers: int
) -> Iterator[list[Outcome]]:
    """Chunks of outcomes, in file order, checked by `workers` processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    chunks = [files[i : i + POOL_CHUNK] for i in range(0, len(files), POOL_CHUNK)]
    # fork: workers start at once with grantgrid already imported; the CLI's progress bar
    # runs no thread that a fork could catch holding a lock.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, context, _start_worker, (catalogue.grids_dir,)) as pool:
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


def _flag_duplicate_ids(outcomes: list[Outcome]) -> None:
    # Ignoring case: DLQC-2017-01 and dlqc-2017-01 are one file name on Windows and macOS,
    # and one sheet name in Excel.
    by_id: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        if outcome.dossier_id:
            by_id.setdefault(outcome.dossier_id.casefold(), []).append(outcome)
    for same in by_id.values():
        if len(same) < 2:
            continue
        for outcome in same:
            dossier_id = outcome.dossier_id
            others = ", ".join(o.path for o in same if o is not outcome)
            assert outcome.document is not None
            outcome.diagnostics.add(
                to_diagnostic(
                    outcome.document,
                    "dossier.duplicate_id",
                    f"dossier id {dossier_id!r} is also used by {others}: give each dossier its own id",
                    ("dossier",),
                    french=f"l'identifiant de dossier {dossier_id!r} est aussi celui de {others} : "
                    "donnez à chaque dossier son propre identifiant",
                )
            )


def _flag_grid_twins(outcomes: list[Outcome], catalogue: GridCatalogue) -> None:
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
            files_by_id.setdefault(outcome.grid.grid, {})[outcome.grid_file.path.resolve()] = shown
    for outcome in outcomes:
        files = files_by_id.get(outcome.grid_id or "", {})
        if len(files) < 2 or outcome.document is None or outcome.grid_file is None:
            continue
        folders = [folder.resolve() for folder in catalogue.search_dirs(outcome.source)]
        official = [path for path in files if path.parent in folders]
        if len(official) == 1 and outcome.grid_file.path.resolve() == official[0]:
            continue
        names = ", ".join(sorted(files.values()))
        outcome.diagnostics.add(
            to_diagnostic(
                outcome.document,
                "grid.duplicate_id",
                f"grid id {outcome.grid_id!r} is declared by several grid files of this run "
                f"({names}): the dossiers of a call are scored by one grid; name it by its id",
                ("grid",),
                french=f"l'identifiant de grille {outcome.grid_id!r} est déclaré par plusieurs "
                f"fichiers de grille de ce calcul ({names}) : les dossiers d'un appel sont notés "
                "avec une seule grille ; nommez-la par son identifiant",
            )
        )


def _decide_and_rank(outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        errors = [
            Reason(f"{d.code}: {d.message}", f"{d.code} : {d.message_in('fr')}")
            for d in outcome.diagnostics.errors
        ]
        if outcome.grid is None:
            outcome.status, outcome.reasons = (
                Status.INVALID,
                errors
                or [Reason("the dossier cannot be scored", "le dossier ne peut pas être noté")],
            )
            continue
        outcome.status, outcome.reasons = decide(outcome.grid, outcome.final, errors)
    by_grid: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        if outcome.status in (Status.SELECTED, Status.REJECTED) and outcome.grid and outcome.final:
            by_grid.setdefault(outcome.grid.grid, []).append(outcome)
    for members in by_grid.values():
        pairs = [
            (Rankable(o.dossier_id or o.path, tie_break_key(o.grid, o.final)), o)
            for o in members
            if o.grid and o.final
        ]
        owner = {id(entry): o for entry, o in pairs}
        for entry, position in rank([entry for entry, _ in pairs]):
            owner[id(entry)].rank = position


@dataclass
class Run:
    outcomes: list[Outcome]
    catalogue: GridCatalogue

    @property
    def grids(self) -> list[LoadedGrid]:
        return self.catalogue.all()

    @property
    def has_errors(self) -> bool:
        return any(o.diagnostics.has_errors for o in self.outcomes) or any(
            g.diagnostics.has_errors for g in self.grids
        )

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
) -> Run:
    """Check, score and rank every dossier of `paths`.

    Each outcome keeps its validated `dossier` unless `keep_dossiers` is False (scores and
    diagnostics do not need it); the parsed `document` keeps only the id and title. Large
    sets are checked in worker processes, with the same results as in one.
    """
    files = discover(paths)
    catalogue = GridCatalogue(grids_dir)
    outcomes: list[Outcome] = []
    workers = _workers(len(files))
    if workers > 1:
        try:
            for chunk in _check_in_pool(files, catalogue, keep_dossiers, workers):
                outcomes += chunk
                if progress:
                    progress(len(outcomes), len(files))
        except Exception:  # a worker that died (memory, a signal): check them all here instead
            catalogue, outcomes = GridCatalogue(grids_dir), []
    if not outcomes:
        for index, source in enumerate(files, start=1):
            outcomes.append(_check_file(source, catalogue, keep_dossiers))
            if progress:
                progress(index, len(files))
    _flag_duplicate_ids(outcomes)
    _flag_grid_twins(outcomes, catalogue)
    _decide_and_rank(outcomes)
    return Run(outcomes, catalogue)
