"""budget.public_rate: public money ≤ max_public_rate × eligible cost (the bound allowed).

The bound is rounded half-up to the cent (EU Reg. 1103/97 art. 5) before comparing.
"""

from __future__ import annotations

from collections.abc import Iterator

from grantgrid.diagnostics import Finding
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule, Check, share_bound, share_check, shown_share
from grantgrid.words import Money, Said, Share


def _bound(financing: Financing, plan: FinancingPlan) -> Money | None:
    rate = financing.max_public_rate
    if rate is not None and 0 <= rate <= 1 and not plan.eligible and plan.expenses:
        return Money(0)  # costs, none of them eligible (SPEC-financing.md): no public money
    return share_bound(rate, plan.eligible)


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    bound = _bound(financing, plan)
    if bound is None or plan.public <= bound:
        return
    assert financing.max_public_rate is not None
    yield Finding(
        RULE.code,
        ("budget", "resources"),
        {
            "public": Money(plan.public),
            "shown": shown_share(plan.public, plan.eligible, financing.max_public_rate),
            "cost": Money(plan.eligible),
            "rate": Share(financing.max_public_rate),
            "bound": bound,
            "excess": Money(plan.public - bound),
        },
    )


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    assert financing.max_public_rate is not None
    rate, bound = financing.max_public_rate, _bound(financing, plan)
    return [share_check(RULE.code, found, plan.public, plan.eligible, rate, bound)]


RULE = BudgetRule(
    "budget.public_rate",
    "Σ public > max_public_rate × eligible cost (Σ expenses without categories or VAT; rounded half-up to the cent; the bound itself is allowed).",
    "Reduce public funding or raise self-financing by the excess.",
    message=Said(
        "public money is {public} ({shown} of {cost}), more than the {rate} allowed ({bound}): "
        "reduce it by {excess}",
        "l'aide publique est de {public} ({shown} de {cost}), plus que les {rate} autorisés "
        "({bound}) : réduisez-la de {excess}",
    ),
    applies=lambda budget, financing: financing.max_public_rate is not None,
    check=check,
    measure_rows=measure,
    shows=Said("{shown}", "{shown}"),
    label=Said(
        "Public funding at most {rate} of the cost", "Aides publiques au plus {rate} du coût"
    ),
)
