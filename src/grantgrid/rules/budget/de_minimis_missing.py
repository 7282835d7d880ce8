"""budget.de_minimis_missing (warning): the grid grants its aid under de minimis, and the
dossier's budget has no `de_minimis` list (`de_minimis: []` declares none received)."""

from __future__ import annotations

from collections.abc import Iterator

from grantgrid.diagnostics import Finding, Severity
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule
from grantgrid.words import Money, Said


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    rule = financing.de_minimis
    if rule is not None and budget.de_minimis is None:
        yield Finding(
            RULE.code,
            ("budget",),
            {"ceiling": Money(rule.ceiling), "years": rule.years},
            key=True,
        )


RULE = BudgetRule(
    "budget.de_minimis_missing",
    "The grid sets `de_minimis` and the budget has no `de_minimis` list: the ceiling is checked as if the applicant had received no such aid.",
    "List under `budget.de_minimis` every de minimis aid of the period (`{date, amount, label}`), or write `de_minimis: []` when there is none.",
    message=Said(
        "the aid of this grid is granted under de minimis ({ceiling} over {years} years), but "
        "the budget does not list the de minimis aid already received: add `de_minimis:` under "
        "`budget:` with each aid of the last {years} years ({{date, amount, label}}), or "
        "`de_minimis: []` if there is none",
        "l'aide de cette grille relève du de minimis ({ceiling} sur {years} ans), mais le "
        "budget ne liste pas les aides de minimis déjà reçues : ajoutez `de_minimis:` sous "
        "`budget:` avec chaque aide des {years} dernières années ({{date, amount, label}}), ou "
        "`de_minimis: []` s'il n'y en a aucune",
    ),
    severity=Severity.WARNING,
    applies=lambda budget, financing: False,  # the de minimis row says the rest
    check=check,
)
