"""budget.ineligible (warning): a line of a category the grid declares `eligible: false`.

The line is part of the total cost (the resources must cover it) but not of the eligible
cost every rate is computed on: the applicant sees which money no rate takes into account.
Fails (warns): `{label: Bénévolat, amount: 1200, category: benevolat}` with `benevolat:
{eligible: false}`.
"""

from __future__ import annotations

from collections.abc import Iterator

from grantgrid.diagnostics import Finding, Severity
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule, Check
from grantgrid.words import Money, Quoted, Said


def _ineligible(financing: Financing, category: str | None) -> bool:
    known = financing.categories.get(category or "")
    return known is not None and not known.eligible


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    for i, (expense, line) in enumerate(zip(budget.expenses, plan.lines, strict=True)):
        if _ineligible(financing, expense.category):
            assert expense.category is not None
            yield Finding(
                RULE.code,
                ("budget", "expenses", i, "category"),
                {
                    "label": Quoted(expense.label),
                    "cost": Money(line.cost),
                    "category": financing.categories[expense.category].label,
                },
            )


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    # A warning: the row tells how much is left out of the eligible cost, it never fails.
    return [Check(RULE.code, True, Money(plan.ineligible), Money(plan.eligible))]


RULE = BudgetRule(
    "budget.ineligible",
    "An expense of a category the grid declares `eligible: false` (e.g. volunteering, second-hand equipment): counted in the total cost, not in the eligible cost.",
    "Nothing, if it is meant: finance it with resources outside the rates (self-financing, private money); or remove the line.",
    message=Said(
        "expense {label} ({cost}) is of category {category}, which is not eligible: it counts "
        "in the total cost the resources must cover, not in the eligible cost the rates are "
        "computed on",
        "la dépense {label} ({cost}) relève de la catégorie {category}, inéligible : elle compte "
        "dans le coût total que les ressources doivent couvrir, pas dans le coût éligible sur "
        "lequel les taux sont calculés",
    ),
    severity=Severity.WARNING,
    applies=lambda budget, financing: any(
        _ineligible(financing, e.category) for e in budget.expenses
    ),
    check=check,
    measure_rows=measure,
    shows=Said("{value} (eligible cost {bound})", "{value} (coût éligible {bound})"),
    label=Said(
        "Ineligible expenses, outside the eligible cost", "Dépenses inéligibles, hors coût éligible"
    ),
)
