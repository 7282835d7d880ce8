"""What the maquette needs from the rest of a run: the committee's decisions and the
candidates for the next meeting.

Small frozen values, so that the maquette depends on no other part of the run: the meetings
code turns its valid decisions into `Decided`, the scoring code its dossiers into `Candidate`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from grantgrid.diagnostics import DataPath, Position

if TYPE_CHECKING:
    from grantgrid.loading import Document

State = Literal["programme", "reserve", "refuse", "ajourne"]
"""A decision as it counts in the maquette (SPEC-committee §2: favorable and reserve are
*réservé*, programme *programmé*, defavorable *refusé*, ajourne *ajourné*)."""

STATES: tuple[State, ...] = ("programme", "reserve", "refuse", "ajourne")


@dataclass(frozen=True)
class Where:
    """Where a value is in a file: the display path, the 1-based position and the data path."""

    path: str
    position: Position | None = None
    data_path: DataPath = ()

    @classmethod
    def of(cls, document: Document, data_path: DataPath, *, key: bool = False) -> Where:
        """The place of `data_path` in a loaded document."""
        return cls(document.path, document.position(data_path, key=key), tuple(data_path))


@dataclass(frozen=True)
class Decided:
    """One valid decision of a meeting on a dossier.

    Give every valid decision of every meeting (a dossier reserved at one meeting and
    programmed at the next gives two): the maquette replays them in date order, and a dossier's
    latest decision is the one that counts. Giving only each dossier's latest decision is also
    right; the overruns are then judged on those alone.
    """

    dossier: str
    fiche: str
    """The dossier's fiche (`fiche_of(dossier.fiche_action)`); "" when it has none."""
    state: State
    amount: Decimal
    """The LEADER amount decided (only programmé and réservé amounts count)."""
    date: datetime.date
    meeting: str
    at: Where | None = None
    """The decision in its meeting file (`Where.of(meeting_document, ("decisions", id))`)."""


@dataclass(frozen=True)
class Candidate:
    """A dossier of the run, for the proposal to the next meeting."""

    dossier: str
    fiche: str
    """The dossier's fiche (`fiche_of(dossier.fiche_action)`); "" when it has none."""
    rank: int | None
    amount: Decimal
    """The LEADER amount requested: the dossier's resource of the maquette's fund."""
    status: str
    """`selected`, `rejected`, `incomplete` or `invalid`; only `selected` is proposed."""
    title: str = ""


def requested(resources: Iterable[tuple[str, Decimal]], fund: str) -> Decimal:
    """A dossier's requested amount: Σ its resource lines of the maquette's fund (e.g.
    `requested(((r.funder, r.amount) for r in dossier.budget.resources), maquette.fund)`)."""
    return sum((amount for funder, amount in resources if funder == fund), Decimal("0.00"))
