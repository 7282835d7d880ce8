"""budget.amount: expenses > 0, resources ≥ 0, VAT ≥ 0, de minimis aid ≥ 0, a declared total > 0.

Fails: `{label: Étude, amount: 0}` (an expense of nothing), `{funder: region, amount: -5}`.
Passes: `{funder: region, amount: 0}` (a funder named but not contributing).
The shape of an amount (finite, cents, digits, notation) is the type's job (`models.types`),
reported under the same code.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from grantgrid.diagnostics import DataPath, Finding
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule
from grantgrid.words import Quoted, Said

_PROBLEM = {
    "negative": Said("is negative", "est négatif"),
    "zero": Said(
        "is 0: an expense must be more than 0 (remove the line if it costs nothing)",
        "vaut 0 : une dépense doit être supérieure à 0 (supprimez la ligne si elle ne coûte rien)",
    ),
}


def _sign_problem(amount: Decimal, *, zero_allowed: bool) -> str | None:
    if amount < 0:
        return "negative"
    if amount == 0 and not zero_allowed:
        return "zero"
    return None


def _lines(budget: Budget) -> Iterator[tuple[DataPath, Decimal, str, str, bool]]:
    """Each line's place, amount, kind of line, name and whether it may be 0."""
    for i, expense in enumerate(budget.expenses):
        at: DataPath = ("budget", "expenses", i)
        if not isinstance(expense.amount, str):  # `flat`: computed, see budget.flat_rate
            yield (*at, "amount"), expense.amount, "expense", expense.label, False
        if expense.vat is not None:
            yield (*at, "vat"), expense.vat, "vat", expense.label, True
    for i, aid in enumerate(budget.de_minimis or []):
        yield ("budget", "de_minimis", i, "amount"), aid.amount, "aid", aid.label or "", True
    for i, resource in enumerate(budget.resources):
        yield (
            ("budget", "resources", i, "amount"),
            resource.amount,
            "resource",
            resource.funder,
            True,
        )


def show_amount(amount: Decimal) -> str:
    """An amount as written (`-5`, `0.00`), before any formatting: the figure at fault."""
    return format(amount, "f") if amount.is_finite() else str(amount)


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    for at, amount, kind, name, zero_allowed in _lines(budget):
        problem = _sign_problem(amount, zero_allowed=zero_allowed)
        if problem:
            yield Finding(
                RULE.code,
                at,
                {"name": Quoted(name), "amount": show_amount(amount), "problem": _PROBLEM[problem]},
                variant=kind,
            )
    if budget.total is not None:
        problem = _sign_problem(budget.total, zero_allowed=False)
        if problem:
            yield Finding(
                RULE.code,
                ("budget", "total"),
                {"amount": show_amount(budget.total), "problem": _PROBLEM[problem]},
                variant="total",
            )


RULE = BudgetRule(
    "budget.amount",
    "An amount that is ≤ 0 (expense) or < 0 (resource, VAT, de minimis aid, `-0.00` included), not finite, with more than 2 decimals or more than 15 digits, or text in another notation than `1234.56`, `1234,56`, `1 234,56 €` (no `1e2`, no `1_000`).",
    "Write the amount in euros and cents.",
    message={
        "expense": Said(
            "the amount of expense {name} ({amount}) {problem}",
            "le montant de la dépense {name} ({amount}) {problem}",
        ),
        "resource": Said(
            "the amount of resource {name} ({amount}) {problem}",
            "le montant de la ressource {name} ({amount}) {problem}",
        ),
        "vat": Said(
            "the VAT of expense {name} ({amount}) {problem}",
            "la TVA de la dépense {name} ({amount}) {problem}",
        ),
        "aid": Said(
            "the amount of de minimis aid {name} ({amount}) {problem}",
            "le montant de l'aide de minimis {name} ({amount}) {problem}",
        ),
        "total": Said(
            "the declared total ({amount}) {problem}", "le total déclaré ({amount}) {problem}"
        ),
        "": Said("{detail}", "{detail}"),
    },
    check=check,
    on_partial=True,
    label=Said("Valid amounts (positive, to the cent)", "Montants valides (positifs, au centime)"),
)
