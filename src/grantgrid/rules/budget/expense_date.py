"""budget.expense_date: with `expenses_from: received`, no expense dated before the dossier's
`received` (the day itself is allowed): an expense incurred before the request was received
is ineligible.

Fails: `date: 2024-01-14` with `received: 2024-01-15`. Passes: `date: 2024-01-15`, a line
without `date`.
"""

from __future__ import annotations

from collections.abc import Iterator

from grantgrid.diagnostics import Finding
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule, Check
from grantgrid.words import Quoted, Said


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    received = plan.received
    if financing.expenses_from != "received" or received is None:
        return
    for i, expense in enumerate(budget.expenses):
        if expense.date is not None and expense.date < received:
            yield Finding(
                RULE.code,
                ("budget", "expenses", i, "date"),
                {
                    "label": Quoted(expense.label),
                    "date": expense.date.isoformat(),
                    "received": received.isoformat(),
                },
            )


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    received = plan.received.isoformat() if plan.received else "—"
    return [Check(RULE.code, not found, terms={"received": received})]


def _applies(budget: Budget, financing: Financing) -> bool:
    return financing.expenses_from == "received" and any(e.date for e in budget.expenses)


RULE = BudgetRule(
    "budget.expense_date",
    "With the grid's `expenses_from: received`, an expense dated before the dossier's `received` (the day of receipt is allowed).",
    "Remove the expense (it is ineligible) and adjust the resources, or correct its date if it is wrong.",
    message=Said(
        "expense {label} is dated {date}, before the request was received ({received}): an "
        "expense incurred before receipt is ineligible; remove it and adjust the resources, or "
        "correct its date",
        "la dépense {label} est datée du {date}, avant la réception de la demande ({received}) "
        ": une dépense engagée avant le récépissé est inéligible ; retirez-la et ajustez les "
        "ressources, ou corrigez sa date",
    ),
    applies=_applies,
    check=check,
    measure_rows=measure,
    on_partial=True,
    label=Said(
        "Expenses dated from the receipt of the request ({received})",
        "Dépenses datées à partir de la réception de la demande ({received})",
    ),
)
