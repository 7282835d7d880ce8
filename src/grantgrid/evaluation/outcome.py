"""What is known about one dossier file after a run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from grantgrid.diagnostics import Diagnostics
from grantgrid.financing import FinancingPlan
from grantgrid.grids import LoadedGrid
from grantgrid.loading import Document
from grantgrid.models.dossier import Dossier
from grantgrid.models.grid import Grid
from grantgrid.models.types import is_clean_text
from grantgrid.rules.budget import Check
from grantgrid.scoring import Reason, StageResult, Status


@dataclass
class Outcome:
    path: str
    source: Path
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    document: Document | None = None
    dossier: Dossier | None = None
    grid: Grid | None = None
    grid_file: LoadedGrid | None = None
    financing: FinancingPlan | None = None
    checks: list[Check] = field(default_factory=list)
    """The ✓ / ✗ row of each budget rule the grid sets (`rules.budget.evaluate`)."""
    stages: list[StageResult] = field(default_factory=list)
    final: StageResult | None = None
    status: Status = Status.INVALID
    reasons: list[Reason] = field(default_factory=list)
    rank: int | None = None
    sha256: str | None = None
    """SHA-256 of the bytes read and validated (`LoadResult.sha256`); None: not read."""

    def _field(self, name: str) -> str | None:
        data = self.document.data if self.document else None
        value = data.get(name) if isinstance(data, dict) else None
        return value if is_clean_text(value) else None  # never print raw escapes of a bad file

    @property
    def dossier_id(self) -> str | None:
        return self.dossier.dossier if self.dossier else self._field("dossier")

    @property
    def title(self) -> str | None:
        return self.dossier.title if self.dossier else self._field("title")

    @property
    def fiche_action(self) -> str | None:
        """The dossier's `fiche_action` text (the maquette's fiche is its first word)."""
        return self.dossier.fiche_action if self.dossier else self._field("fiche_action")

    @property
    def grid_id(self) -> str | None:
        return self.grid.grid if self.grid else None

    @property
    def budget_ok(self) -> bool | None:
        """Whether every budget rule of the grid holds; None when the plan is not shown."""
        if self.financing is None:
            return None
        return all(check.ok for check in self.checks)
