"""Finding and loading grids: by path relative to a dossier, or by id in a grids folder."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from grantgrid.diagnostics import Diagnostics, Finding, place
from grantgrid.loading import load_yaml
from grantgrid.models.grid import Grid
from grantgrid.models.types import is_id
from grantgrid.rules.grid import NOT_FOUND, check_grid
from grantgrid.validation import Salvaged, validate

YAML_SUFFIXES = (".yaml", ".yml")

_CROSS_REFERENCES = {
    "grid.unknown_phase",
    "grid.unknown_funder",
    "grid.unknown_axis",
    "grid.empty_axis",
    "grid.no_funders",
}
"""Grid checks that name another part of the grid, held back while parts are pruned."""


def _miss(variant: str, **params: object) -> Finding:
    """Why a dossier's grid could not be had (`grid.not_found`), at its `grid:`."""
    return Finding(NOT_FOUND.code, ("grid",), params, variant=variant)


@dataclass
class LoadedGrid:
    path: Path
    display: str
    grid: Grid | None
    diagnostics: Diagnostics
    grid_id: str | None = None
    sha256: str | None = None
    """SHA-256 of the bytes read and validated; None: the file could not be read."""


def load_grid(path: Path, display: str | None = None) -> LoadedGrid:
    shown = display or str(path)
    diagnostics = Diagnostics()
    loaded = load_yaml(path, shown)
    diagnostics.extend(loaded.diagnostics)
    if loaded.document is None:
        return LoadedGrid(path, shown, None, diagnostics, sha256=loaded.sha256)
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
        loaded.sha256,
    )


def _is_file(path: Path) -> bool:
    """`Path.is_file`, false for a name the system refuses (too long, …) rather than raising."""
    try:
        return path.is_file()
    except OSError:
        return False


def resolved(path: Path) -> Path:
    """`Path.resolve()` that never raises: Python 3.11 raises RuntimeError for a loop of
    symbolic links (`ln -s x.yaml x.yaml` in applications/), os.path.realpath does not."""
    return Path(os.path.realpath(path))


def _display(path: Path, *, follow: bool = True) -> str:
    """A path as the user would type it: relative to the current folder when possible.

    `follow=False` names a symbolic link itself rather than its target."""
    real = resolved(path) if follow else resolved(path.parent) / path.name
    try:
        shown = str(real.relative_to(resolved(Path.cwd())))
    except ValueError:
        shown = str(path)
    # File names reach terminals, JSON and reports: control and bidi characters, and the
    # surrogates that stand for non-UTF-8 bytes, are shown escaped ('\x1b'), never raw.
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)
