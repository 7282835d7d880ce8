"""budget.fund_limit: each limited fund's total within the grid's [min, max] (bounds allowed;
an absent fund counts as 0). One check row per limited fund."""

from __future__ import annotations

from collections.abc import Iterator

from grantgrid.diagnostics import Finding
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule, Check, first_line
from grantgrid.rules.budget.cofinancing import fund_label
from grantgrid.words import Money, Said

_UNBOUNDED = Said("no limit", "sans limite")


def _outside(financing: Financing, fund: str, plan: FinancingPlan) -> str | None:
    limit, amount = financing.fund_limits[fund], plan.fund(fund)
    if limit.min is not None and amount < limit.min:
        return "below"
    if limit.max is not None and amount > limit.max:
        return "above"
    return None


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    if financing.funders and any(r.funder not in financing.funders for r in budget.resources):
        return  # one slip, one diagnostic: a misspelt `leadr` is `budget.unknown_funder` only
    for fund, limit in financing.fund_limits.items():
        side = _outside(financing, fund, plan)
        if side is None:
            continue
        amount = plan.fund(fund)
        params: dict[str, object] = {"fund": fund_label(financing, fund), "amount": Money(amount)}
        if side == "below":
            assert limit.min is not None
            params["min"] = Money(limit.min)
        else:
            assert limit.max is not None
            params["max"] = Money(limit.max)
            params["excess"] = Money(amount - limit.max)
        yield Finding(RULE.code, first_line(budget, fund), params, variant=side)


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    return [
        Check(
            RULE.code,
            _outside(financing, fund, plan) is None,
            Money(plan.fund(fund)),
            (
                Money(limit.min) if limit.min is not None else None,
                Money(limit.max) if limit.max is not None else None,
            ),
            fund,
            {
                "fund": financing.funder_label(fund),
                "min": Money(limit.min) if limit.min is not None else _UNBOUNDED,
                "max": Money(limit.max) if limit.max is not None else _UNBOUNDED,
            },
        )
        for fund, limit in financing.fund_limits.items()
    ]


RULE = BudgetRule(
    "budget.fund_limit",
    "A fund's total is outside the grid's `fund_limits` [min, max] (the bounds are allowed; an absent fund counts as 0).",
    "Bring the amount within the limits.",
    message={
        "below": Said(
            "{fund} is {amount}, below the minimum of {min} per dossier",
            "{fund} vaut {amount}, sous le minimum de {min} par dossier",
        ),
        "above": Said(
            "{fund} is {amount}, above the maximum of {max} per dossier: reduce it by {excess}",
            "{fund} vaut {amount}, au-dessus du maximum de {max} par dossier : réduisez-le de "
            "{excess}",
        ),
    },
    applies=lambda budget, financing: bool(financing.fund_limits),
    check=check,
    measure_rows=measure,
    shows=Said("{value}", "{value}"),
    label=Said("{fund} amount between {min} and {max}", "Montant {fund} entre {min} et {max}"),
)
