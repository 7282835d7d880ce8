"""Finding and loading grids: by path relative to a dossier, or by id in a grids folder."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from grantgrid.diagnostics import Diagnostic, Diagnostics, Finding, Severity, did_you_mean
from grantgrid.loading import Document, load_yaml
from grantgrid.models.grid import Grid
from grantgrid.models.types import is_id
from grantgrid.rules import CATALOGUE
from grantgrid.rules.grid import check_grid
from grantgrid.validation import Salvaged, validate

YAML_SUFFIXES = (".yaml", ".yml")

_CROSS_REFERENCES = {
    "grid.unknown_phase",
    "grid.unknown_funder",
    "grid.unknown_axis",
    "grid.empty_axis",
}
"""Grid checks that name another part of the grid, held back while parts are pruned."""


def to_diagnostic(
    document: Document,
    code: str,
    message: str,
    at: tuple[str | int, ...],
    key: bool = False,
    french: str | None = None,
) -> Diagnostic:
    """A rule's finding placed in its file; the severity comes from the catalogue."""
    entry = CATALOGUE.get(code)
    severity = Severity.WARNING if entry and entry.severity == "warning" else Severity.ERROR
    position = document.position(at, key=key)
    return Diagnostic(code, message, document.path, position, severity, at, french)


def place(document: Document, finding: Finding) -> Diagnostic:
    """`to_diagnostic` for a rule's `Finding`."""
    return to_diagnostic(
        document, finding.code, finding.message, finding.at, finding.key, finding.french
    )


def _miss(code: str, message: str, french: str) -> Finding:
    """Why a dossier's grid could not be had (`grid.not_found`, `grid.duplicate_id`), at `grid:`."""
    return Finding(code, message, ("grid",), french=french)


@dataclass
class LoadedGrid:
    path: Path
    display: str
    grid: Grid | None
    diagnostics: Diagnostics
    grid_id: str | None = None


def load_grid(path: Path, display: str | None = None) -> LoadedGrid:
    shown = display or str(path)
    diagnostics = Diagnostics()
    loaded = load_yaml(path, shown)
    diagnostics.extend(loaded.diagnostics)
    if loaded.document is None:
        return LoadedGrid(path, shown, None, diagnostics)
    document = loaded.document
    raw_id = document.data.get("grid") if isinstance(document.data, dict) else None
    grid, problems = validate(Grid, document)
    diagnostics.extend(problems)
    # A grid with schema errors is still checked, so that one typo does not hide the rest.
    salvaged = None if grid is not None else Salvaged(Grid, document.data)
    checked = grid if grid is not None else salvaged.value  # type: ignore[union-attr]
    if checked is not None:
        for finding in check_grid(checked):
            if salvaged is not None and salvaged.pruned and finding.code in _CROSS_REFERENCES:
                continue  # it may name what was pruned: reported once the schema errors are fixed
            at = salvaged.locate(finding.at) if salvaged is not None else finding.at
            diagnostics.add(place(document, replace(finding, at=at)))
    return LoadedGrid(
        path,
        shown,
        grid if not diagnostics.has_errors else None,
        diagnostics,
        raw_id if is_id(raw_id) else None,  # an invalid id is never suggested to a dossier
    )


@dataclass
class GridCatalogue:
    """Loads each grid file once per run and answers look-ups by path or id."""

    grids_dir: Path | None = None
    """`--grids DIR`, when given."""
    by_path: dict[Path, LoadedGrid] = field(default_factory=dict)

    def load(self, path: Path) -> LoadedGrid:
        key = path.resolve()
        if key not in self.by_path:
            self.by_path[key] = load_grid(path, _display(path))
        return self.by_path[key]

    def search_dirs(self, dossier_path: Path) -> list[Path]:
        if self.grids_dir is not None:
            return [self.grids_dir]
        local = Path("grids")
        if local.is_dir():
            return [local]
        return [dossier_path.resolve().parent.parent / "grids"]

    def within_call(self, path: Path, dossier_path: Path) -> bool:
        """Whether a grid file a dossier names lies in its call: the folder above the dossiers'
        (`../grids/x.yaml` from `applications/`) or a grids folder searched for ids. A dossier
        comes from an applicant: it must not pick a lenient grid of its own elsewhere, nor make
        grantgrid open (and quote the keys of) any YAML file of the machine."""
        target = path.resolve()
        roots = [dossier_path.resolve().parent.parent, *self.search_dirs(dossier_path)]
        return any(target.is_relative_to(root.resolve()) for root in roots)

    def in_dir(self, folder: Path) -> list[LoadedGrid]:
        if not folder.is_dir():
            return []
        files = sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
        return [self.load(p) for p in files]

    def resolve(
        self, reference: str, dossier_path: Path
    ) -> tuple[LoadedGrid | None, Finding | None]:
        """The grid a dossier names, or None and why not."""
        if "/" in reference or "\\" in reference or reference.endswith(YAML_SUFFIXES):
            # A dossier comes from an applicant: it may name a grid file, never any other file.
            if not reference.endswith(YAML_SUFFIXES):
                return None, _miss(
                    "grid.not_found",
                    f"{reference!r} is neither a grid id nor a .yaml file: write the grid's id "
                    "(e.g. leader-tulle-2014-2020) or the path of its .yaml file",
                    f"{reference!r} n'est ni un identifiant de grille ni un fichier .yaml : "
                    "écrivez l'identifiant de la grille (par ex. leader-tulle-2014-2020) ou le "
                    "chemin de son fichier .yaml",
                )
            path = dossier_path.parent / reference
            if not _is_file(path):
                return None, _miss(
                    "grid.not_found",
                    f"grid file {reference!r} not found (looked for {_display(path)})",
                    f"fichier de grille {reference!r} introuvable (cherché : {_display(path)})",
                )
            if not self.within_call(path, dossier_path):
                return None, _miss(
                    "grid.not_found",
                    f"grid file {reference!r} is outside the call's folder: name the grid by "
                    "its id, or keep its file in the call's grids/ folder",
                    f"le fichier de grille {reference!r} est hors du dossier de l'appel : "
                    "nommez la grille par son identifiant, ou gardez son fichier dans le "
                    "dossier grids/ de l'appel",
                )
            return self.load(path), None
        folders = self.search_dirs(dossier_path)
        candidates = [g for folder in folders for g in self.in_dir(folder)]
        matches = [g for g in candidates if g.grid_id == reference]
        if len(matches) > 1:
            names = ", ".join(g.display for g in matches)
            return None, _miss(
                "grid.duplicate_id",
                f"grid id {reference!r} is declared by several files ({names}): rename one",
                f"l'identifiant de grille {reference!r} est déclaré par plusieurs fichiers "
                f"({names}) : renommez-en un",
            )
        if matches:
            return matches[0], None
        where = ", ".join(_display(f) for f in folders)
        known = [g.grid_id for g in candidates if g.grid_id]
        return None, _miss(
            "grid.not_found",
            f"no grid with id {reference!r} in {where}.{did_you_mean(reference, known)}",
            f"aucune grille d'identifiant {reference!r} dans {where}."
            + did_you_mean(reference, known, "fr"),
        )

    def all(self) -> list[LoadedGrid]:
        return sorted(self.by_path.values(), key=lambda g: g.display)


def _is_file(path: Path) -> bool:
    """`Path.is_file`, false for a name the system refuses (too long, …) rather than raising."""
    try:
        return path.is_file()
    except OSError:
        return False


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the current folder when possible."""
    try:
        shown = str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(path)
    # File names reach terminals, JSON and reports: control and bidi characters, and the
    # surrogates that stand for non-UTF-8 bytes, are shown escaped ('\x1b'), never raw.
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)
