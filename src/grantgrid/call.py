"""The call: one folder per call for projects, as `SPEC.md` describes it.

`grids/` (the selection grid in force), `applications/` (one dossier per project) and, as the
committee arrives, `committee.yaml`, `meetings/`, `notes/<stage>/<member>.yaml` and
`maquette.yaml`. Its root is `--call DIR` if given, else the current folder when it holds
`applications/` or `grids/`, else the nearest folder above the first dossier path that does.
Every look-up of a file of the call (a grid by id among them) goes through here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grantgrid.diagnostics import Finding, suggestion
from grantgrid.grids import (
    YAML_SUFFIXES,
    LoadedGrid,
    _display,
    _is_file,
    _miss,
    load_grid,
    resolved,
)
from grantgrid.rules.grid import DUPLICATE_ID
from grantgrid.words import Quoted

MARKERS = ("applications", "grids")
"""A folder holding one of these is a call's root."""


def is_call(folder: Path) -> bool:
    return any((folder / marker).is_dir() for marker in MARKERS)


def _near(folder: Path) -> Path:
    """A folder as the messages show it: relative to the current one (`..`) when it can be."""
    try:
        return Path(os.path.relpath(folder))
    except ValueError:  # another drive (Windows)
        return folder


@dataclass(frozen=True)
class Call:
    root: Path | None
    """None: no folder around holds `applications/` or `grids/`."""
    grids_option: Path | None = None
    """`--grids DIR`, when given: grid ids are looked up there only."""

    @classmethod
    def find(
        cls, paths: Sequence[Path] = (), *, call: Path | None = None, grids: Path | None = None
    ) -> Call:
        if call is not None:
            return cls(call, grids)
        here = Path.cwd()
        if is_call(here):
            return cls(Path("."), grids)
        for path in paths[:1]:
            for folder in resolved(path).parents:
                if is_call(folder):
                    return cls(_near(folder), grids)
        # Every command works from any folder inside the call (`applications/`, `notes/x/`).
        for folder in here.parents:
            if is_call(folder):
                return cls(_near(folder), grids)
        return cls(None, grids)

    def _place(self, name: str) -> Path | None:
        return self.root / name if self.root is not None else None

    @property
    def grids_dir(self) -> Path | None:
        return self._place("grids")

    @property
    def applications_dir(self) -> Path | None:
        return self._place("applications")

    @property
    def committee_file(self) -> Path | None:
        return self._place("committee.yaml")

    @property
    def meetings_dir(self) -> Path | None:
        return self._place("meetings")

    @property
    def notes_dir(self) -> Path | None:
        return self._place("notes")

    @property
    def maquette_file(self) -> Path | None:
        return self._place("maquette.yaml")


@dataclass
class GridCatalogue:
    """Loads each grid file once per run and answers look-ups by path or id."""

    grids_dir: Path | None = None
    """`--grids DIR`, when given."""
    by_path: dict[Path, LoadedGrid] = field(default_factory=dict)
    _listed: dict[Path, list[LoadedGrid]] = field(default_factory=dict, repr=False)

    def load(self, path: Path) -> LoadedGrid:
        key = resolved(path)
        if key not in self.by_path:
            self.by_path[key] = load_grid(path, _display(path))
        return self.by_path[key]

    def search_dirs(self, dossier_path: Path) -> list[Path]:
        if self.grids_dir is not None:
            return [self.grids_dir]
        local = Path("grids")
        if local.is_dir():
            return [local]
        return [resolved(dossier_path).parent.parent / "grids"]

    def within_call(self, path: Path, dossier_path: Path) -> bool:
        """Whether a grid file a dossier names lies in its call: the folder above the dossiers'
        (`../grids/x.yaml` from `applications/`) or a grids folder searched for ids. A dossier
        comes from an applicant: it must not pick a lenient grid of its own elsewhere, nor make
        grantgrid open (and quote the keys of) any YAML file of the machine."""
        target = resolved(path)
        roots = [resolved(dossier_path).parent.parent, *self.search_dirs(dossier_path)]
        return any(target.is_relative_to(resolved(root)) for root in roots)

    def in_dir(self, folder: Path) -> list[LoadedGrid]:
        """The grids of a folder, listed once per run: every dossier naming a grid by its id
        looks here, and listing and resolving the folder's files for each was a tenth of a
        2,000-dossier run's checking time."""
        found = self._listed.get(folder)
        if found is None:
            files = []
            if folder.is_dir():
                files = sorted(
                    p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file()
                )
            found = self._listed[folder] = [self.load(p) for p in files]
        return found

    def resolve(
        self, reference: str, dossier_path: Path
    ) -> tuple[LoadedGrid | None, Finding | None]:
        """The grid a dossier names, or None and why not."""
        if "/" in reference or "\\" in reference or reference.endswith(YAML_SUFFIXES):
            # A dossier comes from an applicant: it may name a grid file, never any other file.
            if not reference.endswith(YAML_SUFFIXES):
                return None, _miss("not_id", reference=Quoted(reference))
            path = dossier_path.parent / reference
            if not _is_file(path):
                return None, _miss("no_file", reference=Quoted(reference), looked=_display(path))
            if not self.within_call(path, dossier_path):
                return None, _miss("outside", reference=Quoted(reference))
            return self.load(path), None
        folders = self.search_dirs(dossier_path)
        candidates = [g for folder in folders for g in self.in_dir(folder)]
        matches = [g for g in candidates if g.grid_id == reference]
        if len(matches) > 1:
            names = ", ".join(g.display for g in matches)
            return None, Finding(
                DUPLICATE_ID.code,
                ("grid",),
                {"grid": Quoted(reference), "names": names},
                variant="files",
            )
        if matches:
            return matches[0], None
        where = ", ".join(_display(f) for f in folders)
        known = [g.grid_id for g in candidates if g.grid_id]
        return None, _miss(
            "no_id",
            reference=Quoted(reference),
            where=where,
            suggestion=suggestion(reference, known),
        )

    def all(self) -> list[LoadedGrid]:
        return sorted(self.by_path.values(), key=lambda g: g.display)
