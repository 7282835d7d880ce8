"""What every output of the maquette shows: figures, proposal and diagnostics, computed once.

The terminal table, the JSON, the chart, the workbook sheet and the reports all read a
`MaquetteView`; none of them computes anything (STYLE.md: views computed by the domain,
formatted by no one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from grantgrid.diagnostics import Diagnostic
from grantgrid.maquette.figures import Figures, compute
from grantgrid.maquette.inputs import Candidate, Decided
from grantgrid.maquette.load import LoadedMaquette
from grantgrid.maquette.models import Maquette
from grantgrid.maquette.proposal import Proposed, propose
from grantgrid.maquette.rules import figure_diagnostics


@dataclass(frozen=True)
class MaquetteView:
    maquette: Maquette
    figures: Figures
    proposal: dict[str, list[Proposed]]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """The file's own problems, then the overruns and overpayments."""

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def build_view(
    loaded: LoadedMaquette,
    decided: Sequence[Decided] = (),
    candidates: Sequence[Candidate] = (),
) -> MaquetteView | None:
    """The maquette after `decided` (every valid decision), with the proposal for
    `candidates`; None when the file could not be read (its diagnostics say why)."""
    if loaded.maquette is None:
        return None
    figures = compute(loaded.maquette, decided)
    diagnostics = [*loaded.diagnostics, *figure_diagnostics(figures, loaded.document)]
    return MaquetteView(
        loaded.maquette,
        figures,
        propose(figures, candidates),
        sorted(diagnostics, key=Diagnostic.sort_key),
    )


def after_meeting(
    loaded: LoadedMaquette,
    decided: Sequence[Decided],
    meeting: str,
    candidates: Sequence[Candidate] = (),
) -> MaquetteView | None:
    """The maquette as it stands after one meeting: its decisions and every earlier one (for
    the minutes, SPEC-committee §6)."""
    last = [d for d in decided if d.meeting == meeting]
    if not last:
        return build_view(loaded, decided, candidates)
    day = max(d.date for d in last)
    earlier = [d for d in decided if (d.date, d.meeting) <= (day, meeting)]
    return build_view(loaded, earlier, candidates)
