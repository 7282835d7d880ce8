"""`maquette.yaml` from a call folder, through the hardened loader and the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import grantgrid.rules.reading  # noqa: F401  (the yaml.* and schema.* codes it may report)
from grantgrid.diagnostics import Diagnostic, place
from grantgrid.loading import Document, entry_exists, load_yaml
from grantgrid.maquette.models import Maquette
from grantgrid.maquette.rules import file_findings
from grantgrid.validation import validate

MAQUETTE_FILE = "maquette.yaml"


@dataclass
class LoadedMaquette:
    """The maquette of a call: its model (None when the file cannot be read), its document
    (for positions) and every problem of the file itself."""

    path: str
    maquette: Maquette | None
    document: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sha256: str | None = None
    """The SHA-256 of the bytes validated (None: not read)."""

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def find_maquette(call_dir: Path) -> Path | None:
    """The call's `maquette.yaml`, or None when the call has none (the maquette is optional).
    Anything at that name counts: a folder or a FIFO is a maquette that cannot be read."""
    path = call_dir / MAQUETTE_FILE
    return path if entry_exists(path) else None


def load_maquette(path: Path, display: str = MAQUETTE_FILE) -> LoadedMaquette:
    """Read, validate and check a maquette file; never raises for bad input."""
    result = load_yaml(path, display)
    if result.document is None:
        return LoadedMaquette(display, None, None, list(result.diagnostics), result.sha256)
    document = result.document
    maquette, problems = validate(Maquette, document)
    diagnostics = [*result.diagnostics, *problems]
    if maquette is not None:
        diagnostics += [place(document, f) for f in file_findings(maquette)]
    ordered = sorted(diagnostics, key=Diagnostic.sort_key)
    return LoadedMaquette(display, maquette, document, ordered, result.sha256)
