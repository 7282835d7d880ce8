"""budget.public_owner: a public project owner finances at least `public_owner_share` of the
public financing of its project itself (CGCT art. L1111-10 III: 20 %).

Measured as self-financing / (self-financing + Σ public), the owner's own funds being public
money too; the bound round_half_up(share × (self-financing + Σ public), 0.01) is allowed.
Only for a dossier whose `applicant.public_owner` is true, under a grid that sets the share.
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
    if not plan.public_owner:
        return None
    return share_bound(financing.public_owner_share, plan.own_and_public)


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    bound = _bound(financing, plan)
    if bound is None or plan.self_financing >= bound:
        return
    share = financing.public_owner_share
    assert share is not None
    yield Finding(
        RULE.code,
        ("budget", "resources"),
        {
            "own": Money(plan.self_financing),
            "shown": shown_share(plan.self_financing, plan.own_and_public, share),
            "total": Money(plan.own_and_public),
            "rate": Share(share),
            "bound": bound,
            "missing": Money(bound - plan.self_financing),
        },
    )


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    if not plan.public_owner:
        return []  # not a public owner: the rule does not concern it
    share = financing.public_owner_share
    assert share is not None
    bound = _bound(financing, plan)
    return [share_check(RULE.code, found, plan.self_financing, plan.own_and_public, share, bound)]


RULE = BudgetRule(
    "budget.public_owner",
    "A public project owner (`applicant.public_owner: true`) whose self-financing / (self-financing + Σ public) is under the grid's `public_owner_share` (CGCT L1111-10; rounded half-up to the cent, the bound allowed).",
    "Raise self-financing to the amount given and lower the public aid by as much (the total stays the same).",
    message=Said(
        "as a public project owner, the applicant finances {own} itself ({shown} of {total}, "
        "its own funds and the public aid), less than the {rate} required by CGCT art. "
        "L1111-10: at least {bound}; raise the self-financing by {missing} and lower the public "
        "aid by as much",
        "maître d'ouvrage public, le porteur finance lui-même {own} ({shown} de {total}, fonds "
        "propres et aides publiques), moins que les {rate} exigés par l'article L1111-10 du "
        "CGCT : au moins {bound} ; augmentez l'autofinancement de {missing} et réduisez "
        "d'autant les aides publiques",
    ),
    applies=lambda budget, financing: financing.public_owner_share is not None,
    check=check,
    measure_rows=measure,
    shows=Said("{shown}", "{shown}"),
    label=Said(
        "Public owner's own funds at least {rate} of public financing (CGCT L1111-10)",
        "Part du maître d'ouvrage public au moins {rate} des financements publics (CGCT L1111-10)",
    ),
)
