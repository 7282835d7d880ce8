"""The maquette: each fiche action's LEADER envelope, what is programmed, reserved, available
and paid, and the proposal for the next meeting (SPEC-committee §4).

Data flows one way: `load` (maquette.yaml → model) → `figures` (+ the committee's decisions)
→ `proposal` (+ the selected dossiers) → `view` → outputs (`terminal`, `json`, `chart`,
`html`, `workbook`). `rules` and `fiche` register the `maquette.*` codes.

Importing this package loads none of its modules: `validate` reads `maquette.load` on every
save in the applicant's editor and must not pay for the figures, the proposal or the views.
The names below are found in their modules on first use (PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from grantgrid.maquette.fiche import FICHE_ACTION, check_fiche, fiche_diagnostic, fiche_of
    from grantgrid.maquette.figures import FicheFigures, Figures, compute
    from grantgrid.maquette.inputs import Candidate, Decided, State, Where, requested
    from grantgrid.maquette.load import MAQUETTE_FILE, LoadedMaquette, find_maquette, load_maquette
    from grantgrid.maquette.models import Maquette, schema
    from grantgrid.maquette.proposal import Proposed, propose
    from grantgrid.maquette.skeleton import maquette_skeleton
    from grantgrid.maquette.view import MaquetteView, after_meeting, build_view

_HOMES = {
    "FICHE_ACTION": "fiche",
    "check_fiche": "fiche",
    "fiche_diagnostic": "fiche",
    "fiche_of": "fiche",
    "FicheFigures": "figures",
    "Figures": "figures",
    "compute": "figures",
    "Candidate": "inputs",
    "Decided": "inputs",
    "State": "inputs",
    "Where": "inputs",
    "requested": "inputs",
    "MAQUETTE_FILE": "load",
    "LoadedMaquette": "load",
    "find_maquette": "load",
    "load_maquette": "load",
    "Maquette": "models",
    "schema": "models",
    "Proposed": "proposal",
    "propose": "proposal",
    "maquette_skeleton": "skeleton",
    "MaquetteView": "view",
    "after_meeting": "view",
    "build_view": "view",
}

__all__ = [
    "FICHE_ACTION",
    "MAQUETTE_FILE",
    "Candidate",
    "Decided",
    "FicheFigures",
    "Figures",
    "LoadedMaquette",
    "Maquette",
    "MaquetteView",
    "Proposed",
    "State",
    "Where",
    "after_meeting",
    "build_view",
    "check_fiche",
    "compute",
    "fiche_diagnostic",
    "fiche_of",
    "find_maquette",
    "load_maquette",
    "maquette_skeleton",
    "propose",
    "requested",
    "schema",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
