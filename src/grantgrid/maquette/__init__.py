"""The maquette: each fiche action's LEADER envelope, what is programmed, reserved, available
and paid, and the proposal for the next meeting (SPEC-committee §4).

Data flows one way: `load` (maquette.yaml → model) → `figures` (+ the committee's decisions)
→ `proposal` (+ the selected dossiers) → `view` → outputs (`terminal`, `json`, `chart`,
`html`, `workbook`). `rules` and `fiche` register the `maquette.*` codes.
"""

from grantgrid.maquette.fiche import FICHE_ACTION, check_fiche, fiche_diagnostic, fiche_of
from grantgrid.maquette.figures import FicheFigures, Figures, compute
from grantgrid.maquette.inputs import Candidate, Decided, State, Where, requested
from grantgrid.maquette.load import MAQUETTE_FILE, LoadedMaquette, find_maquette, load_maquette
from grantgrid.maquette.models import Maquette, schema
from grantgrid.maquette.proposal import Proposed, propose
from grantgrid.maquette.skeleton import maquette_skeleton
from grantgrid.maquette.view import MaquetteView, after_meeting, build_view

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
