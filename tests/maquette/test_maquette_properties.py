"""Properties of the figures and the proposal, against an independent computation."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from grantgrid.maquette import Candidate, Decided, compute, propose
from grantgrid.maquette.models import Maquette

FICHES = ["1.1", "2.1", "3.1"]
STATES = ["programme", "reserve", "refuse", "ajourne"]
DAYS = [datetime.date(2025, 1, 1) + datetime.timedelta(days=30 * i) for i in range(6)]

cents = st.integers(min_value=0, max_value=5_000_000).map(lambda c: Decimal(c).scaleb(-2))
positive = st.integers(min_value=1, max_value=3_000_000).map(lambda c: Decimal(c).scaleb(-2))


@st.composite
def cases(draw):
    envelopes = {f: draw(cents) for f in FICHES}
    history = [
        {
            "dossier": f"H-{i}",
            "fiche": draw(st.sampled_from(FICHES)),
            "amount": draw(positive),
            "date": "2016-06-01",
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    maquette = Maquette.model_validate(
        {
            "maquette": "m",
            "title": "T",
            "fund": "leader",
            "fiches": {f: {"label": f"Fiche {f}", "envelope": e} for f, e in envelopes.items()},
            "history": history,
        }
    )
    decisions = []
    for dossier in [f"D-{i}" for i in range(draw(st.integers(0, 6)))]:
        fiche = draw(st.sampled_from(FICHES))  # a dossier keeps its fiche
        days = draw(st.lists(st.sampled_from(DAYS), unique=True, max_size=3))
        for day in days:
            state = draw(st.sampled_from(STATES))
            decisions.append(
                Decided(dossier, fiche, state, draw(positive), day, f"cp-{day.isoformat()}")
            )
    decisions.sort(key=lambda d: (d.date, d.meeting))
    candidates = [
        Candidate(
            f"C-{i}",
            draw(st.sampled_from(FICHES)),
            draw(st.integers(1, 5)),
            draw(cents),
            "selected",
        )
        for i in range(draw(st.integers(0, 6)))
    ]
    # a few of the decided dossiers are candidates too (postponed ones must come back)
    candidates += [Candidate(d.dossier, d.fiche, 9, d.amount, "selected") for d in decisions[:2]]
    return maquette, decisions, candidates


def independent_figures(maquette, decisions):
    """Each dossier's latest decision (history first), summed by state, by fiche."""
    latest = {h.dossier: ("programme", h.fiche, h.amount) for h in maquette.history}
    for d in sorted(decisions, key=lambda d: (d.date, d.meeting)):
        latest[d.dossier] = (d.state, d.fiche, d.amount)
    programme = dict.fromkeys(maquette.fiches, Decimal(0))
    reserve = dict.fromkeys(maquette.fiches, Decimal(0))
    for state, fiche, amount in latest.values():
        if state == "programme":
            programme[fiche] += amount
        elif state == "reserve":
            reserve[fiche] += amount
    return programme, reserve, latest


@settings(max_examples=150, deadline=None)
@given(cases())
def test_figures_add_up_and_match_an_independent_computation(case):
    maquette, decisions, _ = case
    figures = compute(maquette, decisions)
    programme, reserve, _ = independent_figures(maquette, decisions)
    for fiche_id, fiche in figures.fiches.items():
        assert fiche.programme == programme[fiche_id]
        assert fiche.reserve == reserve[fiche_id]
        assert fiche.disponible + fiche.programme + fiche.reserve == fiche.envelope
        if fiche.disponible < 0:  # an overrun is always reported on its fiche
            assert any(o.commitment.fiche == fiche_id for o in figures.overruns)
    for overrun in figures.overruns:
        assert overrun.after < 0 and overrun.after < overrun.before
    totals = figures.totals
    assert totals.envelope == sum(f.envelope for f in figures.fiches.values())
    assert totals.disponible == totals.envelope - totals.programme - totals.reserve


@settings(max_examples=100, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_figures_do_not_depend_on_the_order_meetings_are_given(case, rng: random.Random):
    maquette, decisions, _ = case
    shuffled = list(decisions)
    rng.shuffle(shuffled)
    assert compute(maquette, shuffled).fiches == compute(maquette, decisions).fiches


@settings(max_examples=150, deadline=None)
@given(cases())
def test_the_proposal_never_funds_more_than_is_available(case):
    maquette, decisions, candidates = case
    figures = compute(maquette, decisions)
    _, _, latest = independent_figures(maquette, decisions)
    proposal = propose(figures, candidates)
    for fiche_id, rows in proposal.items():
        disponible = figures.fiches[fiche_id].disponible
        fundable = sum((p.amount for p in rows if p.fundable), Decimal(0))
        if rows and any(p.fundable for p in rows):
            assert fundable <= disponible
        left = disponible
        for proposed in rows:  # each one is tried against what the ones before left
            assert proposed.fundable == (proposed.amount <= left)
            left -= proposed.amount if proposed.fundable else 0
            assert proposed.remaining == left
        assert [p.rank for p in rows] == sorted(p.rank for p in rows)
        for proposed in rows:
            state = latest.get(proposed.dossier, ("ajourne",))[0]
            assert state == "ajourne"
