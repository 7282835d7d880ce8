"""budget.empty: at least one expense line and one resource line.

Fails: `expenses: []`, or no `resources:`. Passes: one line of each.
"""

from __future__ import annotations

from collections.abc import Iterator

from grantgrid.diagnostics import Finding
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule, Check
from grantgrid.words import Count, Said


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    for side in ("expenses", "resources"):
        if not getattr(budget, side):
            at = ("budget", side) if side in budget.model_fields_set else ("budget",)
            yield Finding(RULE.code, at, variant=side)


_EXPENSE = (Said("expense", "dépense"), Said("expenses", "dépenses"))
_RESOURCE = (Said("resource", "ressource"), Said("resources", "ressources"))


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    counts = {
        "expenses": Count(len(budget.expenses), *_EXPENSE),
        "resources": Count(len(budget.resources), *_RESOURCE),
    }
    return [Check(RULE.code, not found, terms=counts)]


RULE = BudgetRule(
    "budget.empty",
    "The budget has no expense line or no resource line.",
    "Add the lines of the financing plan.",
    message={
        "expenses": Said(
            "the budget has no expense line: list the expenses under `expenses:`",
            "le budget n'a aucune ligne de dépense : listez les dépenses sous `expenses:`",
        ),
        "resources": Said(
            "the budget has no resource line: list the funding under `resources:`",
            "le budget n'a aucune ligne de ressource : listez les financements sous `resources:`",
        ),
    },
    check=check,
    measure_rows=measure,
    shows=Said("{expenses}, {resources}", "{expenses}, {resources}"),
    label=Said("Expenses and resources listed", "Dépenses et ressources renseignées"),
)
