"""budget.flat_rate: a flat-rate category (a simplified cost option, Reg. (EU) 2021/1060 art.
53-55) has at most one line, without VAT, whose amount is at most round_half_up(rate × Σ
eligible costs of the `of` categories, 0.01); `amount: flat` is exactly that maximum.

Fails: `{label: Coûts indirects, amount: 1800.01, category: couts_indirects}` when 15 % of the
direct staff costs is 1 800,00 €; `amount: flat` on a line of an ordinary category.
Passes: `amount: flat`, or any amount up to the maximum.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from grantgrid.diagnostics import Finding
from grantgrid.financing import FinancingPlan, FlatRateFigure
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule, Check
from grantgrid.words import Money, Quoted, Said, Share


def _of(financing: Financing, figure: FlatRateFigure) -> str:
    return ", ".join(
        financing.categories[c].label if c in financing.categories else c for c in figure.of
    )


def _terms(financing: Financing, figure: FlatRateFigure) -> dict[str, object]:
    return {
        "category": financing.categories[figure.category].label,
        "rate": Share(figure.rate),
        "base": Money(figure.base),
        "of": _of(financing, figure),
        "maximum": Money(figure.maximum),
    }


def _flat_ids(financing: Financing) -> list[str]:
    return [c for c, category in financing.categories.items() if category.flat_rate is not None]


def _problems(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    for figure in plan.flat_rates:
        first, *others = figure.lines
        for i in others:
            yield Finding(
                RULE.code,
                ("budget", "expenses", i, "category"),
                {
                    "category": Quoted(figure.category),
                    "first": Quoted(budget.expenses[first].label),
                },
                variant="twice",
            )
        for i in figure.lines:
            expense, line = budget.expenses[i], plan.lines[i]
            if expense.vat is not None and expense.vat:
                yield Finding(
                    RULE.code,
                    ("budget", "expenses", i, "vat"),
                    {"label": Quoted(expense.label)},
                    variant="vat",
                )
            if not line.flat and line.amount > figure.maximum:
                yield Finding(
                    RULE.code,
                    ("budget", "expenses", i, "amount"),
                    {
                        "label": Quoted(expense.label),
                        "amount": Money(line.amount),
                        **_terms(financing, figure),
                        "excess": Money(line.amount - figure.maximum),
                    },
                    variant="above",
                )
    flat_ids = _flat_ids(financing)
    for i, expense in enumerate(budget.expenses):
        if expense.amount == "flat" and (expense.category or "") not in flat_ids:
            listed = ", ".join(f"'{c}'" for c in flat_ids)
            yield Finding(
                RULE.code,
                ("budget", "expenses", i, "amount"),
                {"label": Quoted(expense.label), "categories": listed or "—"},
                variant="not_flat",
            )


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    yield from _problems(budget, financing, plan)


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    rows = []
    for figure in plan.flat_rates:
        lines = [plan.lines[i] for i in figure.lines]
        amount = sum((line.amount for line in lines), Decimal(0))
        ok = len(lines) == 1 and amount <= figure.maximum and not any(line.vat for line in lines)
        rows.append(
            Check(
                RULE.code,
                ok,
                Money(amount),
                Money(figure.maximum),
                figure.category,
                _terms(financing, figure),
            )
        )
    if not rows:  # `amount: flat` where no flat rate applies
        rows.append(
            Check(
                RULE.code,
                not found,
                terms={"category": "—", "rate": "—", "base": "—", "of": "—", "maximum": "—"},
            )
        )
    return rows


def _applies(budget: Budget, financing: Financing) -> bool:
    flat_ids = _flat_ids(financing)
    return any(e.amount == "flat" or (e.category or "") in flat_ids for e in budget.expenses)


RULE = BudgetRule(
    "budget.flat_rate",
    "A flat-rate category (`flat_rate: {rate, of}`) with more than one line, with VAT, or whose amount exceeds round_half_up(rate × Σ eligible costs of the `of` categories, 0.01) (the maximum itself is allowed); or `amount: flat` on a line that is not of a flat-rate category.",
    "Write `amount: flat` (grantgrid computes the maximum) or an amount up to the maximum given, on a single line without VAT.",
    message={
        "above": Said(
            "flat-rate expense {label} is {amount}, more than {rate} of {base} ({of}): at most "
            "{maximum}; write `amount: flat` or reduce it by {excess}",
            "la dépense forfaitaire {label} vaut {amount}, plus que {rate} de {base} ({of}) : au "
            "plus {maximum} ; écrivez `amount: flat` ou réduisez-la de {excess}",
        ),
        "twice": Said(
            "flat-rate category {category} already has its line ({first}): a flat rate is a "
            "single line, merge them",
            "la catégorie forfaitaire {category} a déjà sa ligne ({first}) : un forfait tient en "
            "une seule ligne, fusionnez-les",
        ),
        "vat": Said(
            "flat-rate expense {label} has VAT: a flat rate applies to costs that already "
            "include their non-recoverable VAT; remove `vat`",
            "la dépense forfaitaire {label} porte de la TVA : un forfait s'applique à des coûts "
            "qui comprennent déjà leur TVA non récupérable ; supprimez `vat`",
        ),
        "not_flat": Said(
            "expense {label} says `amount: flat`, but its category is not a flat rate of the "
            "grid ({categories}): write its amount, or give it a flat-rate category",
            "la dépense {label} indique `amount: flat`, mais sa catégorie n'est pas un forfait "
            "de la grille ({categories}) : écrivez son montant, ou donnez-lui une catégorie "
            "forfaitaire",
        ),
    },
    applies=_applies,
    check=check,
    measure_rows=measure,
    shows=Said("{value}", "{value}"),
    label=Said(
        "{category}: at most {rate} × {base} ({of}) = {maximum}",
        "{category} : au plus {rate} × {base} ({of}) = {maximum}",
    ),
)
