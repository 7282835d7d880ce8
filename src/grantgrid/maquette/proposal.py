"""The proposal for the next meeting: which dossiers each fiche can still fund.

Per fiche, the `selected` dossiers without a decision (or *ajourné*), in rank order, each
tried in turn against what is left: *finançable* when its requested amount fits (it then takes
it), else *liste d'attente*, and the next one is tried all the same: a later, smaller dossier
may still fit (SPEC-committee §4). The amount left after each is given, so that the committee
sees where the money stops.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from grantgrid.ids import same_id
from grantgrid.maquette.figures import Figures
from grantgrid.maquette.inputs import Candidate

UNRANKED = 10**9


@dataclass(frozen=True)
class Proposed:
    dossier: str
    title: str
    rank: int | None
    amount: Decimal
    """The LEADER amount requested."""
    fundable: bool
    """*Finançable*; False: *liste d'attente*."""
    remaining: Decimal
    """What the fiche has left after this dossier (unchanged by a dossier on the waiting list)."""


def awaiting(figures: Figures, candidate: Candidate) -> bool:
    """Selected, on a fiche of the maquette, and not decided yet (or postponed)."""
    if candidate.status != "selected" or candidate.fiche not in figures.fiches:
        return False
    decision = figures.final.get(same_id(candidate.dossier))
    return decision is None or decision.state == "ajourne"


def propose(figures: Figures, candidates: Sequence[Candidate]) -> dict[str, list[Proposed]]:
    """Per fiche (in the maquette's order, only those with dossiers awaiting), the proposal."""
    by_fiche: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        if awaiting(figures, candidate):
            by_fiche.setdefault(candidate.fiche, []).append(candidate)
    proposal: dict[str, list[Proposed]] = {}
    for fiche_id, fiche in figures.fiches.items():
        waiting = by_fiche.get(fiche_id)
        if not waiting:
            continue
        ordered = sorted(
            waiting,
            key=lambda c: (c.rank if c.rank is not None else UNRANKED, same_id(c.dossier)),
        )
        remaining = fiche.disponible
        rows: list[Proposed] = []
        for candidate in ordered:
            fundable = candidate.amount <= remaining
            if fundable:
                remaining -= candidate.amount
            rows.append(
                Proposed(
                    candidate.dossier,
                    candidate.title,
                    candidate.rank,
                    candidate.amount,
                    fundable,
                    remaining,
                )
            )
        proposal[fiche_id] = rows
    return proposal
