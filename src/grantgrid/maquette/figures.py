"""The maquette's figures: per fiche programmé, réservé, disponible, payé and % programmé.

Pure: a `Maquette` and the committee's valid decisions in, figures out (SPEC-committee §4).

The history and the decisions are replayed in date order. A dossier counts once, with its
latest state and amount: reserved for 12 000 € then programmed for 15 000 € is 15 000 €
programmé, not 27 000 €. A decision *exceeds* its fiche when, at its date, it raises what the
fiche has committed (programmé + réservé) and leaves disponible below zero: for a changed
decision only the change counts (the 3 000 € more), since the 12 000 € were already counted
when they were reserved, and a lowered amount never exceeds. The decision still counts, so
that the maquette shows the overrun the committee must correct.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from grantgrid.ids import same_id
from grantgrid.maquette.inputs import Decided, State
from grantgrid.maquette.models import Maquette

ZERO = Decimal("0.00")
COMMITTED: tuple[State, ...] = ("programme", "reserve")
"""The states that take money from an envelope."""


@dataclass(frozen=True)
class Commitment:
    """A dossier's state at one point of the replay: from the history or from a decision."""

    dossier: str
    fiche: str
    state: State
    amount: Decimal
    date: datetime.date
    meeting: str = ""
    """"" for a history line."""
    history: int | None = None
    """The index of the history line it comes from; None for a decision."""
    decision: Decided | None = None

    @property
    def committed(self) -> Decimal:
        return self.amount if self.state in COMMITTED else ZERO


@dataclass(frozen=True)
class Overrun:
    """A commitment that left its fiche's disponible below zero (`maquette.exceeded`)."""

    commitment: Commitment
    envelope: Decimal
    before: Decimal
    """Disponible just before it."""
    after: Decimal
    """Disponible just after it (negative)."""
    previous: Commitment | None = None
    """The dossier's earlier commitment it replaced, if any."""

    @property
    def overrun(self) -> Decimal:
        return -self.after


@dataclass(frozen=True)
class Overpayment:
    """A dossier paid more than it has programmed (`maquette.overpaid`)."""

    dossier: str
    payment: int
    """The index of the payment line that crossed the programmed amount."""
    paid: Decimal
    programmed: Decimal
    state: State | None
    """The dossier's final state (None: no decision, no history line)."""

    @property
    def excess(self) -> Decimal:
        return self.paid - self.programmed


@dataclass(frozen=True)
class FicheFigures:
    fiche: str
    label: str
    envelope: Decimal
    programme: Decimal = ZERO
    reserve: Decimal = ZERO
    paye: Decimal = ZERO

    @property
    def disponible(self) -> Decimal:
        return self.envelope - self.programme - self.reserve

    @property
    def programme_share(self) -> Decimal | None:
        """programmé / enveloppe, the exact quotient (28 significant digits); None for an
        envelope of 0."""
        if not self.envelope:
            return None
        return self.programme / self.envelope


@dataclass(frozen=True)
class Figures:
    maquette: str
    fund: str
    fiches: dict[str, FicheFigures]
    totals: FicheFigures
    final: dict[str, Commitment] = field(default_factory=dict)
    """Each dossier's latest commitment, by `same_id`."""
    overruns: list[Overrun] = field(default_factory=list)
    overpayments: list[Overpayment] = field(default_factory=list)
    unattributed: Decimal = ZERO
    """Payments to dossiers the maquette cannot place on a fiche (also `maquette.overpaid`)."""


def _commitments(maquette: Maquette, decisions: Sequence[Decided]) -> list[Commitment]:
    """History lines and decisions, in date order: on one day the history first, then the
    meetings by id, each meeting's decisions in the order given (its agenda)."""
    history = [
        Commitment(h.dossier, h.fiche, "programme", h.amount, h.date, history=i)
        for i, h in enumerate(maquette.history)
    ]
    decided = [
        Commitment(d.dossier, d.fiche, d.state, d.amount, d.date, d.meeting, decision=d)
        for d in decisions
    ]
    events = history + decided
    return sorted(events, key=lambda c: (c.date, c.history is None, c.meeting))


def compute(maquette: Maquette, decisions: Sequence[Decided] = ()) -> Figures:
    """Every fiche's figures after the history and `decisions` (valid decisions, any order)."""
    envelopes = {fiche_id: fiche.envelope for fiche_id, fiche in maquette.fiches.items()}
    committed = dict.fromkeys(envelopes, ZERO)
    final: dict[str, Commitment] = {}
    overruns: list[Overrun] = []
    for event in _commitments(maquette, decisions):
        key = same_id(event.dossier)
        previous = final.get(key)
        before = (
            envelopes[event.fiche] - committed[event.fiche] if event.fiche in envelopes else None
        )
        if previous is not None and previous.fiche in committed:
            committed[previous.fiche] -= previous.committed
        if event.fiche in committed:
            committed[event.fiche] += event.committed
        final[key] = event
        if before is None:
            continue  # a fiche the maquette does not have: `maquette.unknown_fiche` says so
        after = envelopes[event.fiche] - committed[event.fiche]
        if after < 0 and after < before:
            overruns.append(Overrun(event, envelopes[event.fiche], before, after, previous))

    programme = dict.fromkeys(envelopes, ZERO)
    reserve = dict.fromkeys(envelopes, ZERO)
    for commitment in final.values():
        if commitment.fiche not in envelopes:
            continue
        if commitment.state == "programme":
            programme[commitment.fiche] += commitment.amount
        elif commitment.state == "reserve":
            reserve[commitment.fiche] += commitment.amount

    paye = dict.fromkeys(envelopes, ZERO)
    unattributed = ZERO
    paid: dict[str, Decimal] = {}
    overpayments: list[Overpayment] = []
    payments = sorted(enumerate(maquette.payments), key=lambda item: item[1].date)
    for index, payment in payments:
        key = same_id(payment.dossier)
        payee = final.get(key)
        if payee is not None and payee.fiche in paye:
            paye[payee.fiche] += payment.amount
        else:
            unattributed += payment.amount
        programmed = payee.amount if payee is not None and payee.state == "programme" else ZERO
        before_paid = paid.get(key, ZERO)
        paid[key] = before_paid + payment.amount
        if before_paid <= programmed < paid[key]:
            state = payee.state if payee is not None else None
            overpayments.append(Overpayment(payment.dossier, index, ZERO, programmed, state))
    # The message gives what the dossier was paid in all, not only up to the line that crossed.
    overpayments = [
        Overpayment(o.dossier, o.payment, paid[same_id(o.dossier)], o.programmed, o.state)
        for o in overpayments
    ]

    fiches = {
        fiche_id: FicheFigures(
            fiche_id,
            fiche.label,
            fiche.envelope,
            programme[fiche_id],
            reserve[fiche_id],
            paye[fiche_id],
        )
        for fiche_id, fiche in maquette.fiches.items()
    }
    totals = FicheFigures(
        "",
        "",
        sum((f.envelope for f in fiches.values()), ZERO),
        sum((f.programme for f in fiches.values()), ZERO),
        sum((f.reserve for f in fiches.values()), ZERO),
        sum((f.paye for f in fiches.values()), ZERO),
    )
    return Figures(
        maquette.maquette,
        maquette.fund,
        fiches,
        totals,
        final,
        overruns,
        overpayments,
        unattributed,
    )
