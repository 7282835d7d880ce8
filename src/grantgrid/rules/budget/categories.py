"""budget.unknown_category: every line's category is one the grid lists (when it lists some).

Fails: `category: etude` under a grid listing `etudes`. Passes: any listed id, a line without
category (eligible), any category under a grid without `financing.categories`.
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
    if not financing.categories:
        return
    for i, expense in enumerate(budget.expenses):
        if expense.category is not None and expense.category not in financing.categories:
            yield Finding(
                RULE.code,
                ("budget", "expenses", i, "category"),
                {
                    "category": Quoted(expense.category),
                    "suggestion": suggestion(expense.category, financing.categories),
                },
            )


def uses_categories(budget: Budget, financing: Financing) -> bool:
    """The grid lists categories and the dossier files a line under one."""
    return bool(financing.categories) and any(e.category for e in budget.expenses)


RULE = BudgetRule(
    "budget.unknown_category",
    "An expense's `category` is not one of the grid's `financing.categories` (checked only when the grid lists some); the closest id is suggested.",
    "Use one of the listed ids, or leave the line without category (it is then eligible).",
    message=Said(
        "unknown expense category {category}.{suggestion}",
        "catégorie de dépense inconnue {category}.{suggestion}",
    ),
    applies=uses_categories,
    check=check,
    on_partial=True,
    label=Said(
        "Expense categories allowed by the grid", "Catégories de dépenses admises par la grille"
    ),
)
