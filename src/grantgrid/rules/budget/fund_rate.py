"""budget.fund_rate: each fund of `fund_rates` within its [min, max] share of the eligible cost.

The bounds are rounded half-up to the cent (EU Reg. 1103/97 art. 5) and allowed: with
`leader: {min: 0.15, max: 0.80}` and 10 000,00 € eligible, LEADER from 1 500,00 € to
8 000,00 €. An absent fund counts as 0. One check row per fund.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from grantgrid.diagnostics import Finding
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing, FundRate
from grantgrid.money import round_cents
from grantgrid.rules.budget.base import BudgetRule, Check, first_line
from grantgrid.rules.budget.cofinancing import fund_label
from grantgrid.words import Money, RateOf, Said, Share


def _bounds(rate: FundRate, plan: FinancingPlan) -> tuple[Money | None, Money | None]:
    def bound(value: Decimal | None) -> Money | None:
        if value is None or not plan.expenses:
            return None
        return Money(round_cents(value * plan.eligible)) if 0 <= value <= 1 else None

    return bound(rate.min), bound(rate.max)


def _side(rate: FundRate, fund: str, plan: FinancingPlan) -> str | None:
    low, high = _bounds(rate, plan)
    amount = plan.fund(fund)
    if low is not None and amount < low:
        return "below"
    if high is not None and amount > high:
        return "above"
    return None


def _shown(rate: FundRate, fund: str, plan: FinancingPlan) -> object:
    if not plan.eligible:
        return "—"
    bound = rate.max if rate.max is not None else rate.min
    assert bound is not None
    return RateOf(plan.fund(fund), plan.eligible, bound)


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    for fund, rate in financing.fund_rates.items():
        side = _side(rate, fund, plan)
        if side is None:
            continue
        low, high = _bounds(rate, plan)
        amount = plan.fund(fund)
        params: dict[str, object] = {
            "fund": fund_label(financing, fund),
            "amount": Money(amount),
            "shown": _shown(rate, fund, plan),
            "cost": Money(plan.eligible),
        }
        if side == "below":
            assert low is not None and rate.min is not None
            params |= {"rate": Share(rate.min), "bound": low, "gap": Money(low - amount)}
        else:
            assert high is not None and rate.max is not None
            params |= {"rate": Share(rate.max), "bound": high, "gap": Money(amount - high)}
        yield Finding(RULE.code, first_line(budget, fund), params, variant=side)


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    return [
        Check(
            RULE.code,
            _side(rate, fund, plan) is None,
            Money(plan.fund(fund)),
            _bounds(rate, plan),
            fund,
            {
                "fund": financing.funder_label(fund),
                "min": Share(rate.min if rate.min is not None else 0),
                "max": Share(rate.max if rate.max is not None else 1),
                "shown": _shown(rate, fund, plan),
            },
            share=plan.fund(fund) / plan.eligible if plan.eligible else None,
        )
        for fund, rate in financing.fund_rates.items()
        if rate.min is not None or rate.max is not None
    ]


RULE = BudgetRule(
    "budget.fund_rate",
    "A fund's total is outside its `fund_rates` [min, max] share of the eligible cost (bounds rounded half-up to the cent and allowed; an absent fund counts as 0).",
    "Bring the fund to the amount given, financing the difference from (or by) another resource; or change the eligible cost.",
    message={
        "below": Said(
            "{fund} is {amount} ({shown} of the eligible cost {cost}), below its minimum of "
            "{rate}: at least {bound} (add {gap})",
            "{fund} vaut {amount} ({shown} du coût éligible {cost}), sous son minimum de {rate} : "
            "au moins {bound} (ajoutez {gap})",
        ),
        "above": Said(
            "{fund} is {amount} ({shown} of the eligible cost {cost}), above its maximum of "
            "{rate}: at most {bound} (reduce it by {gap}, financed by another resource)",
            "{fund} vaut {amount} ({shown} du coût éligible {cost}), au-dessus de son maximum de "
            "{rate} : au plus {bound} (réduisez-le de {gap}, financés par une autre ressource)",
        ),
    },
    applies=lambda budget, financing: bool(financing.fund_rates),
    check=check,
    measure_rows=measure,
    shows=Said("{shown}", "{shown}"),
    label=Said(
        "{fund} between {min} and {max} of the eligible cost",
        "{fund} entre {min} et {max} du coût éligible",
    ),
)
