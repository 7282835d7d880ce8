"""`committee.yaml` and `meetings/*.yaml` through the hardened loader and the models."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

import grantgrid.rules.reading  # noqa: F401  (registers the yaml.* and schema.* codes)
from grantgrid.committee.composition import check_committee
from grantgrid.committee.models import Committee, Meeting
from grantgrid.diagnostics import Diagnostic, place
from grantgrid.loading import Document, LoadResult, file_sha256, load_yaml
from grantgrid.validation import validate

YAML_SUFFIXES = (".yaml", ".yml")

Model = TypeVar("Model", bound=BaseModel)


def sha256(path: Path) -> str:
    """The file's SHA-256, or "" when it cannot be read or is too large to hash (its load
    error says why): bounded and never blocking, like the loader (a 3 GB maquette.yaml was
    read whole, 14 s and 3 GB, for its hash)."""
    return file_sha256(path) or ""


@dataclass
class LoadedCommittee:
    path: Path
    display: str
    committee: Committee | None
    document: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Reading and schema problems (the `committee.*` checks come with the dossiers)."""
    sha256: str = ""


@dataclass
class LoadedMeeting:
    path: Path
    display: str
    meeting: Meeting | None
    document: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sha256: str = ""


def _read(
    path: Path, display: str | None, model: type[Model]
) -> tuple[str, LoadResult, Model | None, list[Diagnostic]]:
    """A committee or meeting file through the hardened loader, then its model."""
    shown = display or str(path)
    loaded = load_yaml(path, shown)
    found: Model | None = None
    diagnostics = list(loaded.diagnostics)
    if loaded.document is not None:
        found, problems = validate(model, loaded.document)
        diagnostics += problems
    return shown, loaded, found, diagnostics


def load_committee(path: Path, display: str | None = None) -> LoadedCommittee:
    shown, loaded, model, diagnostics = _read(path, display, Committee)
    return LoadedCommittee(path, shown, model, loaded.document, diagnostics, loaded.sha256 or "")


def load_meeting(path: Path, display: str | None = None) -> LoadedMeeting:
    shown, loaded, model, diagnostics = _read(path, display, Meeting)
    return LoadedMeeting(path, shown, model, loaded.document, diagnostics, loaded.sha256 or "")


def meeting_files(folder: Path) -> list[Path]:
    """The meeting files of `meetings/`, by name (the run orders them by date)."""
    if not folder.is_dir():
        return []
    # Every entry with the suffix, regular file or not: a FIFO or a folder named like a
    # meeting is a meeting that cannot be read (`yaml.read`), never one silently left out.
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES)


def load_meetings(folder: Path, root: Path | None = None) -> list[LoadedMeeting]:
    return [load_meeting(p, _display(p, root)) for p in meeting_files(folder)]


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str((path.parent.resolve() / path.name).relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


def committee_diagnostics(
    loaded: LoadedCommittee, dossier_ids: Collection[str] | None = None
) -> list[Diagnostic]:
    """Every problem of the committee file: reading, schema, then the `committee.*` checks."""
    found = list(loaded.diagnostics)
    if loaded.committee is not None and loaded.document is not None:
        document = loaded.document
        found += [place(document, f) for f in check_committee(loaded.committee, dossier_ids)]
    return sorted(found, key=Diagnostic.sort_key)
