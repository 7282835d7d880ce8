"""The notes files of a call, `notes/<stage>/<member>.yaml`, through the hardened loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grantgrid.rules.reading  # noqa: F401  (registers the yaml.* and schema.* codes)
from grantgrid.diagnostics import Diagnostic
from grantgrid.grids import _display
from grantgrid.loading import Document, load_yaml
from grantgrid.loading.limits import MAX_NOTE_VALUES
from grantgrid.models.types import is_id
from grantgrid.notes.models import DossierNotes, NotesFile
from grantgrid.validation import Salvaged, validate

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class LoadedNotes:
    path: Path
    display: str
    folder: str
    """The stage folder it lies in (`notes/<folder>/`)."""
    notes: NotesFile | None
    """The file's notes; with a schema error, the part that validates (its wrong values
    left out), or None when even `member` or `stage` is unusable."""
    document: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sha256: str | None = None


def notes_files(folder: Path) -> list[Path]:
    """`notes/*/*.yaml`, by stage folder then file name."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for stage in folder.iterdir()
        if stage.is_dir()
        for path in stage.iterdir()
        if path.suffix in YAML_SUFFIXES and path.is_file()
    )


def _salvage(data: Any) -> NotesFile | None:
    """The usable part of a notes file that does not validate: its member and stage when they
    are ids, and every dossier's notes that validate."""
    if not isinstance(data, dict):
        return None
    member, stage = data.get("member"), data.get("stage")
    if not (is_id(member) and is_id(stage)):
        return None
    kept = Salvaged(dict[str, DossierNotes], data.get("notes") or {}, ("notes",)).value
    return NotesFile.model_construct(member=str(member), stage=str(stage), notes=kept or {})


def load_notes(path: Path, display: str) -> LoadedNotes:
    loaded = load_yaml(path, display, max_values=MAX_NOTE_VALUES)
    result = LoadedNotes(
        path, display, path.parent.name, None, loaded.document, list(loaded.diagnostics)
    )
    result.sha256 = loaded.sha256
    if loaded.document is None:
        return result
    model, problems = validate(NotesFile, loaded.document)
    result.diagnostics += problems
    result.notes = model if model is not None else _salvage(loaded.document.data)
    return result


def load_all(folder: Path) -> list[LoadedNotes]:
    """Every notes file of the call, named as the dossiers are (relative to the current
    folder), so that `PATH:LINE:COL` opens in an editor."""
    return [load_notes(p, _display(p)) for p in notes_files(folder)]
