"""budget.received_missing (warning): dates that need `received` to be checked, without it.

With `expenses_from: received`, dated expense lines; with `de_minimis`, listed de minimis
aid: without the date the request was received, expense dates cannot be checked and every
listed de minimis aid counts (the period cannot be placed).
"""

from __future__ import annotations

from collections.abc import Iterator

from grantgrid.diagnostics import DataPath, Finding, Severity
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule
from grantgrid.words import Said


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    if plan.received is not None:
        return
    if financing.expenses_from == "received":
        dated = [i for i, e in enumerate(budget.expenses) if e.date is not None]
        if dated:
            at: DataPath = ("budget", "expenses", dated[0], "date")
            yield Finding(RULE.code, at, {}, variant="expenses")
            return
    if financing.de_minimis is not None and budget.de_minimis:
        yield Finding(RULE.code, ("budget", "de_minimis", 0, "date"), {}, variant="de_minimis")


RULE = BudgetRule(
    "budget.received_missing",
    "The dossier has no `received` date while the grid needs it: dated expenses under `expenses_from: received` (their dates are not checked), or listed de minimis aid under `de_minimis` (all of it counts).",
    "Add `received:` (the date of the accusé de réception, e.g. `received: 2024-01-15`) at the top of the dossier.",
    message={
        "expenses": Said(
            "the expenses are dated but the dossier has no `received` date, so they cannot be "
            "checked against the receipt of the request: add `received:` (date of the accusé "
            "de réception, e.g. `received: 2024-01-15`) at the top of the dossier",
            "les dépenses sont datées mais le dossier n'a pas de date `received` : elles ne "
            "peuvent pas être comparées à la réception de la demande ; ajoutez `received:` "
            "(date de l'accusé de réception, par ex. `received: 2024-01-15`) en tête du dossier",
        ),
        "de_minimis": Said(
            "the dossier has no `received` date, so every de minimis aid listed counts towards "
            "the ceiling: add `received:` (date of the accusé de réception, e.g. `received: "
            "2024-01-15`) at the top of the dossier",
            "le dossier n'a pas de date `received` : toutes les aides de minimis listées "
            "comptent dans le plafond ; ajoutez `received:` (date de l'accusé de réception, par "
            "ex. `received: 2024-01-15`) en tête du dossier",
        ),
    },
    severity=Severity.WARNING,
    applies=lambda budget, financing: False,
    check=check,
)
