"""Properties of the second layer: splitting a line keeps the cost, the eligible cost and
every verdict; moving money to an ineligible category never raises a rate's numerator."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from grantgrid.financing import FinancingPlan, plan
from grantgrid.models.dossier import Applicant, Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget import evaluate

FINANCING = Financing.model_validate(
    {
        "co_financing": {"fund": "leader", "rate_of_public": Decimal("0.80")},
        "max_public_rate": Decimal("0.80"),
        "min_self_financing": Decimal("0.20"),
        "fund_rates": {"leader": {"min": Decimal("0.15"), "max": Decimal("0.60")}},
        "public_owner_share": Decimal("0.20"),
        "de_minimis": {"ceiling": 300000, "years": 3},
        "categories": {
            "etudes": {"label": "Études"},
            "frais_salariaux": {"label": "Salaires"},
            "indirects": {
                "label": "Indirects",
                "flat_rate": {"rate": Decimal("0.15"), "of": ["frais_salariaux"]},
            },
            "benevolat": {"label": "Bénévolat", "eligible": False},
        },
        "funders": {
            "leader": {"label": "LEADER", "kind": "eu"},
            "region": {"label": "Région", "kind": "public"},
            "mecenat": {"label": "Mécénat", "kind": "private"},
            "autofinancement": {"label": "Autofinancement", "kind": "self"},
        },
    }
)
REAL = [None, "etudes", "frais_salariaux", "benevolat"]
"""Categories of real-cost lines (the flat-rate line is added apart)."""

cents = st.integers(min_value=2, max_value=10**7)
lines = st.lists(
    st.tuples(
        cents,
        st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)),
        st.sampled_from(REAL),
        st.one_of(st.none(), st.booleans()),
    ),
    min_size=1,
    max_size=6,
)
resources = st.lists(
    st.tuples(
        st.sampled_from(["leader", "region", "mecenat", "autofinancement"]),
        st.integers(min_value=0, max_value=10**7),
    ),
    min_size=1,
    max_size=5,
)
applicants = st.builds(
    lambda owner, recoverable: Applicant.model_validate(
        {"name": "A", "public_owner": owner, "vat_recoverable": recoverable}
    ),
    st.booleans(),
    st.booleans(),
)


def euros(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def line(amount: Any, vat: int | None, category: str | None, own: bool | None) -> dict:
    expense: dict[str, Any] = {"label": "x", "amount": amount}
    if vat is not None:
        expense["vat"] = euros(vat)
    if category is not None:
        expense["category"] = category
    if own is not None:
        expense["vat_recoverable"] = own
    return expense


def budget(expenses: list[dict], funds: list[tuple[str, int]], flat: bool) -> Budget:
    if flat:
        expenses = [*expenses, {"label": "f", "amount": "flat", "category": "indirects"}]
    return Budget.model_validate(
        {
            "expenses": expenses,
            "resources": [{"funder": f, "amount": euros(a)} for f, a in funds],
            "de_minimis": [],
        }
    )


def verdicts(b: Budget, applicant: Applicant) -> tuple[FinancingPlan, set, list]:
    figures = plan(b, FINANCING, applicant=applicant)
    verdict = evaluate(b, FINANCING, figures)
    rows = [(c.code, c.subject, c.ok) for c in verdict.checks]
    return figures, {f.code for f in verdict.findings}, rows


@settings(max_examples=150, deadline=None)
@given(lines, resources, applicants, st.booleans(), st.data())
def test_splitting_a_line_keeps_cost_eligible_cost_and_verdicts(
    drawn: list, funds: list, applicant: Applicant, flat: bool, data: st.DataObject
) -> None:
    expenses = [line(euros(a), v, c, o) for a, v, c, o in drawn]
    i = data.draw(st.integers(min_value=0, max_value=len(drawn) - 1))
    amount, vat, category, own = drawn[i]
    first = data.draw(st.integers(min_value=1, max_value=amount - 1))
    first_vat = None if vat is None else data.draw(st.integers(min_value=0, max_value=vat))
    halves = [
        line(euros(first), first_vat, category, own),
        line(euros(amount - first), None if vat is None else vat - first_vat, category, own),
    ]
    split = [*expenses[:i], *halves, *expenses[i + 1 :]]
    before, found, rows = verdicts(budget(expenses, funds, flat), applicant)
    after, found_after, rows_after = verdicts(budget(split, funds, flat), applicant)
    assert (after.expenses, after.eligible) == (before.expenses, before.eligible)
    assert [f.maximum for f in after.flat_rates] == [f.maximum for f in before.flat_rates]
    assert found_after == found
    assert [r for r in rows_after if r[0] != "budget.empty"] == [
        r for r in rows if r[0] != "budget.empty"
    ]


@settings(max_examples=150, deadline=None)
@given(lines, resources, applicants, st.booleans(), st.data())
def test_moving_money_to_an_ineligible_category_never_raises_a_numerator(
    drawn: list, funds: list, applicant: Applicant, flat: bool, data: st.DataObject
) -> None:
    eligible = [i for i, (_, _, category, _) in enumerate(drawn) if category != "benevolat"]
    if not eligible:
        return
    i = data.draw(st.sampled_from(eligible))
    amount, vat, category, own = drawn[i]
    moved = data.draw(st.integers(min_value=1, max_value=amount - 1))
    expenses = [line(euros(a), v, c, o) for a, v, c, o in drawn]
    after_lines = [
        *expenses[:i],
        line(euros(amount - moved), vat, category, own),
        *expenses[i + 1 :],
        line(euros(moved), None, "benevolat", None),
    ]
    before = plan(budget(expenses, funds, flat), FINANCING, applicant=applicant)
    after = plan(budget(after_lines, funds, flat), FINANCING, applicant=applicant)
    # The cost is kept, but for a flat rate that follows its base down.
    assert after.expenses == before.expenses if not flat else after.expenses <= before.expenses
    assert after.eligible <= before.eligible
    # The numerators of every rate: public, self-financing, each fund, the de minimis total,
    # and a flat rate's maximum (a numerator of the eligible cost itself).
    assert (after.public, after.self_financing, after.funds) == (
        before.public,
        before.self_financing,
        before.funds,
    )
    assert after.de_minimis_prior + after.public == before.de_minimis_prior + before.public
    for later, earlier in zip(after.flat_rates, before.flat_rates, strict=True):
        assert later.maximum <= earlier.maximum
