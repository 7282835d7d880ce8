"""budget.self_financing: self-financing ≥ min_self_financing × eligible cost (the bound allowed).

The bound is rounded half-up to the cent first (EU Reg. 1103/97 art. 5), so that the reference
fiche's 9 169,70 € on 45 848,51 € counts as the 20 % it is meant to be.
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
    return share_bound(financing.min_self_financing, plan.eligible)


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    bound = _bound(financing, plan)
    if bound is None or plan.self_financing >= bound:
        return
    assert financing.min_self_financing is not None
    yield Finding(
        RULE.code,
        ("budget", "resources"),
        {
            "own": Money(plan.self_financing),
            "shown": shown_share(plan.self_financing, plan.eligible, financing.min_self_financing),
            "cost": Money(plan.eligible),
            "rate": Share(financing.min_self_financing),
            "bound": bound,
            "missing": Money(bound - plan.self_financing),
        },
    )


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    assert financing.min_self_financing is not None
    rate = financing.min_self_financing
    bound = _bound(financing, plan)
    return [share_check(RULE.code, found, plan.self_financing, plan.eligible, rate, bound)]


RULE = BudgetRule(
    "budget.self_financing",
    "Σ self-financing < min_self_financing × eligible cost (Σ expenses without categories or VAT; rounded half-up to the cent; the bound itself is allowed).",
    "Raise self-financing to the amount given.",
    message=Said(
        "self-financing is {own} ({shown} of {cost}), less than the {rate} required: at least "
        "{bound} (add {missing})",
        "l'autofinancement est de {own} ({shown} de {cost}), moins que les {rate} exigés : au "
        "moins {bound} (ajoutez {missing})",
    ),
    applies=lambda budget, financing: financing.min_self_financing is not None,
    check=check,
    measure_rows=measure,
    shows=Said("{shown}", "{shown}"),
    label=Said(
        "Self-financing at least {rate} of the cost", "Autofinancement au moins {rate} du coût"
    ),
)
