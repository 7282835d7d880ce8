"""budget.total_mismatch: the declared `total`, when given, equals Σ expenses.

Fails: `total: 45848.50` beside lines adding up to 45 848,51 €. Passes: no `total:`.
"""

from __future__ import annotations

from collections.abc import Iterator

from grantgrid.diagnostics import Finding
from grantgrid.financing import FinancingPlan, usable
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule, Check
from grantgrid.words import Money, Said


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    if budget.total is None or not usable(budget.total) or budget.total == plan.expenses:
        return
    yield Finding(
        RULE.code,
        ("budget", "total"),
        {
            "total": Money(budget.total),
            "expenses": Money(plan.expenses),
            "gap": Money(abs(budget.total - plan.expenses)),
            "plain": format(plan.expenses, "f"),
        },
    )


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    total = Money(budget.total) if budget.total is not None else None
    return [Check(RULE.code, not found, total, Money(plan.expenses))]


RULE = BudgetRule(
    "budget.total_mismatch",
    "The declared `total` differs from the total cost (Σ expenses, plus their non-recoverable VAT).",
    "Correct the total, or remove it (it is optional).",
    message=Said(
        "the declared total {total} differs from the sum of the expenses {expenses} "
        "(difference {gap}): write total: {plain}",
        "le total déclaré {total} diffère de la somme des dépenses {expenses} (écart {gap}) : "
        "écrivez total: {plain}",
    ),
    applies=lambda budget, financing: budget.total is not None,
    check=check,
    measure_rows=measure,
    shows=Said("{value}", "{value}"),
    label=Said(
        "Declared total equals the sum of expenses", "Total déclaré égal à la somme des dépenses"
    ),
)
