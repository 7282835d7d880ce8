"""A run: every dossier of the given paths, checked, scored and ranked.

- `outcome`: what is known about one file;
- `pipeline`: one file, from bytes to scores;
- `pool`: large runs in worker processes;
- `across`: checks across the dossiers of a run (duplicate ids, grid twins);
- `decide`: status and rank, pure functions.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from grantgrid.call import Call, GridCatalogue
from grantgrid.diagnostics import Diagnostic
from grantgrid.errors import UsageError
from grantgrid.evaluation import pool
from grantgrid.evaluation.across import flag_duplicate_ids, flag_grid_twins
from grantgrid.evaluation.decide import ranks, status_of
from grantgrid.evaluation.outcome import Outcome
from grantgrid.evaluation.pipeline import check_file
from grantgrid.evaluation.programme import Programme, check_fiches, load_maquette_of, programme
from grantgrid.evaluation.scorers import score_notes
from grantgrid.grids import YAML_SUFFIXES, LoadedGrid, _display, resolved
from grantgrid.loading.read import kind_of_entry
from grantgrid.rules.dossier import NOT_A_FILE
from grantgrid.rules.registry import rule
from grantgrid.scoring import Status
from grantgrid.words import Said

if TYPE_CHECKING:
    from grantgrid.evaluation.scorers import CommitteeFiles
    from grantgrid.notes.apply import NotesResult

__all__ = ["InputFile", "Outcome", "Run", "UsageError", "discover", "evaluate", "find_dossiers"]


def _not_a_file(path: Path) -> Said | None:
    """What an entry is when it is not a regular file (following links), else None.

    Only `stat` calls: nothing is opened, so a FIFO or a device never blocks the run.
    """
    try:
        link = stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError as exc:
        return Said(f"unreadable ({exc.strerror})", f"illisible ({exc.strerror})")
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Said("a loop of symbolic links", "une boucle de liens symboliques")
        if link and exc.errno == errno.ENOENT:
            return Said(
                "a symbolic link to nothing (dangling)", "un lien symbolique vers rien (cassé)"
            )
        return Said(f"unreadable ({exc.strerror})", f"illisible ({exc.strerror})")
    if stat.S_ISREG(mode):
        return None
    english, french = kind_of_entry(mode)
    if link:
        return Said(f"a symbolic link to {english}", f"un lien symbolique vers {french}")
    return Said(english, french)


def _skipped(path: Path, kind: Said) -> Diagnostic:
    # The entry's own name, not its link's target (a dangling link has none to show).
    shown = _display(path, follow=False)
    return Diagnostic(NOT_A_FILE.code, {"kind": kind}, shown, None, rule(NOT_A_FILE.code).severity)


def find_dossiers(paths: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Dossier files from files and folders (a folder's `*.yaml`/`*.yml`, not recursive), and
    a `dossier.not_a_file` warning for each entry that is not a regular file (skipped)."""
    found: list[Path] = []
    skipped: list[Diagnostic] = []
    for path in paths:
        try:
            os.lstat(path)
        except (OSError, ValueError) as exc:  # missing, or a name the system refuses
            reason = getattr(exc, "strerror", None) or str(exc)
            raise UsageError(
                f"no such file or folder: {path} ({reason})",
                f"fichier ou dossier introuvable : {path} ({reason})",
            ) from None
        if _is_folder(path):
            try:
                entries = sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES)
            except OSError as exc:
                raise UsageError(
                    f"cannot list the folder {path}: {exc.strerror}",
                    f"impossible de lister le dossier {path} : {exc.strerror}",
                ) from None
        else:
            entries = [path]
        for entry in entries:
            kind = _not_a_file(entry)
            if kind is None:
                found.append(entry)
            else:
                skipped.append(_skipped(entry, kind))
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(resolved(path), path)
    return list(unique.values()), skipped


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def discover(paths: Iterable[Path]) -> list[Path]:
    """The dossier files of `find_dossiers`."""
    return find_dossiers(paths)[0]


@dataclass(frozen=True)
class InputFile:
    """A file the run read, and the SHA-256 of the very bytes it validated."""

    role: str
    """"dossier", "grid", "committee", "meeting", "notes" or "maquette"."""
    shown: str
    path: Path
    sha256: str | None
    """None: the file could not be read (or was too large even to hash)."""


@dataclass
class Run:
    """The result of a run; it never prints. Its exit code is a property of it (black's
    `Report.return_code`): 1 when a dossier or a grid has errors, else 0."""

    outcomes: list[Outcome]
    catalogue: GridCatalogue
    skipped: list[Diagnostic] = field(default_factory=list)
    """A `dossier.not_a_file` warning for each entry that is not a regular file."""
    call: Call | None = None
    programme: Programme = field(default_factory=Programme)
    """The committee's decisions and the maquette, when the call has them."""
    notes: NotesResult | None = None
    """The members' notes files, when a grid has an individual stage or the call `notes/`."""
    committee_files: CommitteeFiles | None = None
    """committee.yaml and the meetings when read for the notes (`validate` reads them for
    nothing else)."""

    @property
    def grids(self) -> list[LoadedGrid]:
        return self.catalogue.all()

    @property
    def has_errors(self) -> bool:
        return (
            any(o.diagnostics.has_errors for o in self.outcomes)
            or any(g.diagnostics.has_errors for g in self.grids)
            or any(d.is_error for d in self.skipped)
            or any(d.is_error for d in self.programme.refused())
            or (self.notes is not None and self.notes.has_errors)
        )

    @property
    def stage_ids(self) -> list[str] | None:
        """The stage ids of the run's grids (None: no grid could be read)."""
        found = {s.id for g in self.grids if g.grid for s in g.grid.stages}
        return sorted(found) or None

    @property
    def exit_code(self) -> int:
        return 1 if self.has_errors else 0

    def inputs(self) -> list[InputFile]:
        """Every file the run read, dossiers by path then grids, with the hash of the bytes
        read when they were loaded: never read again, so an output describes what was
        validated even if a file changed since (and a huge or unreadable file is not read)."""
        files = [
            InputFile("dossier", o.path, o.source, o.sha256)
            for o in sorted(self.outcomes, key=lambda o: o.path)
        ]
        files += [InputFile("grid", g.display, g.path, g.sha256) for g in self.grids]
        committee, maquette = self.programme.committee, self.programme.maquette_file
        if committee is not None:
            loaded = committee.committee
            files.append(InputFile("committee", loaded.display, loaded.path, loaded.sha256))
            files += [
                InputFile("meeting", m.file.display, m.file.path, m.file.sha256)
                for m in committee.meetings
            ]
        elif self.committee_files is not None and self.committee_files.committee is not None:
            read = self.committee_files  # read for the members' notes only
            assert read.committee is not None
            files.append(
                InputFile(
                    "committee", read.committee.display, read.committee.path, read.committee.sha256
                )
            )
            files += [InputFile("meeting", m.display, m.path, m.sha256) for m in read.meetings]
        if self.notes is not None:
            files += [InputFile("notes", n.display, n.path, n.sha256) for n in self.notes.files]
        if maquette is not None and self.call is not None and self.call.maquette_file:
            files.append(
                InputFile("maquette", maquette.path, self.call.maquette_file, maquette.sha256)
            )
        return files

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
    with_programme: bool = True,
) -> Run:
    """Check, score and rank every dossier of `paths`.

    `call`: the call folder (default: found from the current folder and the paths, as
    SPEC.md says). Each outcome keeps its validated `dossier` unless `keep_dossiers` is False (scores and
    diagnostics do not need it); the parsed `document` keeps only the id and title. Large
    sets are checked in worker processes, with the same results as in one.
    `with_programme=False` leaves out the committee's decisions and the maquette's figures
    (`validate` judges the dossiers only; the maquette's fiches are still checked, since an
    unknown fiche makes a dossier invalid): the editor's check on every save stays quick.
    """
    paths = list(paths)
    files, skipped = find_dossiers(paths)
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
    notes, committee_files = score_notes(call, outcomes, files)
    for outcome in outcomes:
        outcome.status, outcome.reasons = status_of(outcome)
    statuses = [o.status for o in outcomes]
    for outcome, position in zip(outcomes, ranks(outcomes, statuses), strict=True):
        outcome.rank = position
    run = Run(outcomes, catalogue, skipped, call, notes=notes, committee_files=committee_files)
    if with_programme:
        run.programme = programme(call, outcomes, run.stage_ids, maquette, committee_files)
    else:
        run.programme = Programme(maquette_file=maquette)
    return run
