"""The file formats, as pydantic models: the single source of `grantgrid schema`."""

from grantgrid.models.dossier import Dossier
from grantgrid.models.grid import Grid

__all__ = ["Dossier", "Grid"]
