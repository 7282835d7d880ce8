"""budget.de_minimis: aid under de minimis (Reg. (EU) 2023/2831: 300 000 € over three years).

Σ the de minimis aid listed under `budget.de_minimis` dated from `years` before `received`
on (the day `years` before included, 29 February counting from 28 February; aid dated after
`received` counts too), plus this dossier's public aid (kinds `eu` and `public`), must not
exceed the `ceiling` (the ceiling itself is allowed). Without `received`, every listed aid
counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from grantgrid.diagnostics import Finding
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget.base import BudgetRule, Check
from grantgrid.words import Money, Said


def _since(plan: FinancingPlan) -> object:
    if plan.de_minimis_from is None:
        return Said(
            "listed (the dossier has no `received`)", "listées (le dossier n'a pas de `received`)"
        )
    return Said(
        f"since {plan.de_minimis_from.isoformat()}", f"depuis le {plan.de_minimis_from:%d/%m/%Y}"
    )


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    rule = financing.de_minimis
    if rule is None:
        return
    total = plan.de_minimis_prior + plan.public
    if total <= rule.ceiling:
        return
    params = {
        "total": Money(total),
        "prior": Money(plan.de_minimis_prior),
        "since": _since(plan),
        "public": Money(plan.public),
        "ceiling": Money(rule.ceiling),
        "years": rule.years,
        "excess": Money(total - rule.ceiling),
        "room": Money(max(rule.ceiling - plan.de_minimis_prior, Decimal(0))),
    }
    full = plan.de_minimis_prior >= rule.ceiling
    yield Finding(RULE.code, ("budget", "resources"), params, variant="full" if full else "")


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    rule = financing.de_minimis
    assert rule is not None
    return [
        Check(
            RULE.code,
            not found,
            Money(plan.de_minimis_prior + plan.public),
            Money(rule.ceiling),
            terms={
                "years": rule.years,
                "ceiling": Money(rule.ceiling),
                "prior": Money(plan.de_minimis_prior),
            },
        )
    ]


RULE = BudgetRule(
    "budget.de_minimis",
    "Σ de minimis aid dated from `years` before `received` on (that day included), plus this dossier's public aid, exceeds the grid's `de_minimis.ceiling` (the ceiling itself is allowed).",
    "Lower the public aid by the excess given (financed by self-financing or private money), or grant the aid under another regime.",
    message={
        "": Said(
            "de minimis aid would reach {total} ({prior} received {since}, plus {public} of "
            "public aid in this dossier), more than the ceiling of {ceiling} over {years} years: "
            "lower the public aid by {excess} (at most {room})",
            "les aides de minimis atteindraient {total} ({prior} reçues {since}, plus {public} "
            "d'aides publiques dans ce dossier), plus que le plafond de {ceiling} sur {years} "
            "ans : réduisez les aides publiques de {excess} (au plus {room})",
        ),
        "full": Said(
            "the applicant has already received {prior} of de minimis aid {since}, the ceiling "
            "of {ceiling} over {years} years: no public aid ({public} here) can be granted under "
            "de minimis; finance the project otherwise or use another aid regime",
            "le porteur a déjà reçu {prior} d'aides de minimis {since}, soit le plafond de "
            "{ceiling} sur {years} ans : aucune aide publique ({public} ici) ne peut être "
            "accordée au titre du de minimis ; financez le projet autrement ou relevez d'un "
            "autre régime d'aide",
        ),
    },
    applies=lambda budget, financing: financing.de_minimis is not None,
    check=check,
    measure_rows=measure,
    shows=Said("{value} (of which {prior} already received)", "{value} (dont {prior} déjà reçues)"),
    label=Said(
        "De minimis aid over {years} years at most {ceiling}",
        "Aides de minimis sur {years} ans au plus {ceiling}",
    ),
)
