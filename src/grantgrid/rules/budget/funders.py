"""budget.unknown_funder: every resource's funder is one the grid lists.

Fails: `funder: regoin` under a grid listing `region`. Passes: any listed id.
"""

from __future__ import annotations

from collections.abc import Iterator

from grantgrid.diagnostics import Finding, suggestion
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule
from grantgrid.words import Quoted, Said


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    if not financing.funders:
        return
    for i, resource in enumerate(budget.resources):
        if resource.funder not in financing.funders:
            yield Finding(
                RULE.code,
                ("budget", "resources", i, "funder"),
                {
                    "funder": Quoted(resource.funder),
                    "suggestion": suggestion(resource.funder, financing.funders),
                },
            )


RULE = BudgetRule(
    "budget.unknown_funder",
    "A resource's `funder` is not one of the grid's `financing.funders`; the closest id is suggested.",
    "Use one of the listed ids.",
    message=Said("unknown funder {funder}.{suggestion}", "financeur inconnu {funder}.{suggestion}"),
    applies=lambda budget, financing: bool(financing.funders),
    check=check,
    on_partial=True,
    label=Said("Funders allowed by the grid", "Financeurs admis par la grille"),
)
