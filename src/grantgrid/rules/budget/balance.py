"""budget.unbalanced: Σ expenses = Σ resources, to the cent.

Fails: expenses 45 848,51 €, resources 45 848,50 €. Passes: the reference fiche.
"""

from __future__ import annotations

from collections.abc import Iterator

from grantgrid.diagnostics import Finding
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule, Check
from grantgrid.words import Money, Said

_SIDE = {"add": Said("add", "ajoutez"), "remove": Said("remove", "retirez")}


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    if not budget.expenses or not budget.resources or plan.balanced:
        return
    difference = plan.expenses - plan.resources
    yield Finding(
        RULE.code,
        ("budget", "resources"),
        {
            "expenses": Money(plan.expenses),
            "resources": Money(plan.resources),
            "gap": Money(abs(difference)),
            "side": _SIDE["add" if difference > 0 else "remove"],
        },
    )


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    return [Check(RULE.code, not found, Money(plan.resources), Money(plan.expenses))]


RULE = BudgetRule(
    "budget.unbalanced",
    "Total cost (Σ expenses, plus their non-recoverable VAT) ≠ Σ resources, to the cent. The message gives both totals and the difference.",
    "Adjust a line (usually self-financing) by the difference.",
    message=Said(
        "the budget is not balanced: expenses {expenses}, resources {resources}, difference "
        "{gap}; {side} {gap} of resources (or change the expenses)",
        "le budget n'est pas équilibré : dépenses {expenses}, ressources {resources}, écart "
        "{gap} ; {side} {gap} de ressources (ou modifiez les dépenses)",
    ),
    check=check,
    measure_rows=measure,
    shows=Said("{bound} / {value}", "{bound} / {value}"),
    label=Said("Expenses and resources balance", "Équilibre dépenses / ressources"),
)
