"""budget.cofinancing: the co-financing fund is `rate_of_public` × public money, within a cent.

|fund − round_half_up(rate_of_public × Σ public, 0.01)| ≤ 0.01, where public money is the
funders of kind `eu` and `public`, the fund included (SPEC.md). The reference fiche: LEADER
29 343,05 € = 80 % of 36 678,81 €.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from grantgrid.diagnostics import Finding
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.money import round_cents
from grantgrid.rules.budget.base import BudgetRule, Check, first_line
from grantgrid.words import Money, Said, Share

TOLERANCE = Decimal("0.01")


def fund_label(financing: Financing, fund: str) -> str:
    funder = financing.funders.get(fund)
    return fund.upper() if fund == "leader" or not funder else funder.label


def _others_for(fund: Decimal, rate: Decimal) -> Decimal:
    """The other public money that makes `fund` exactly `rate` of all public money."""
    return round_cents(fund * (1 - rate) / rate)


def _within(financing: Financing, fund: str, amount: Decimal) -> Decimal:
    """`amount` brought within the fund's limits (`fund_limits`), if the grid sets any."""
    limit = financing.fund_limits.get(fund)
    if limit is not None and limit.min is not None and amount < limit.min:
        return limit.min
    if limit is not None and limit.max is not None and amount > limit.max:
        return limit.max
    return amount


def check(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    rule = financing.co_financing
    if rule is None or not budget.resources or not 0 <= rule.rate_of_public <= 1:
        return
    if financing.funders and any(r.funder not in financing.funders for r in budget.resources):
        return  # one slip, one diagnostic: `budget.unknown_funder` says it, and no kind is known
    assert plan.cofinancing_expected is not None
    fund = plan.fund(rule.fund)
    if abs(fund - plan.cofinancing_expected) <= TOLERANCE:
        return
    params: dict[str, object] = {
        "fund": fund_label(financing, rule.fund),
        "amount": Money(fund),
        "expected": Money(plan.cofinancing_expected),
        "rate": Share(rule.rate_of_public),
        "public": Money(plan.public),
    }
    variant = "no_fix"
    rate = rule.rate_of_public
    if 0 < rate < 1:
        # With the other public funds unchanged: fund = rate × others / (1 − rate); a fix is
        # offered only if it keeps the fund within its limits, else the other public money
        # the fund (kept within its limits) needs; with none, say that a co-financer is missing.
        others = plan.public - fund
        target = round_cents(rate * others / (1 - rate))
        kept = _within(financing, rule.fund, max(fund, Decimal(0)))
        params["others"] = Money(others)
        if others <= 0:
            variant = "missing"
            params["kept"] = Money(kept)
            params["needed"] = Money(_others_for(kept, rate))
        elif _within(financing, rule.fund, target) != target or target <= 0:
            variant = "limits"
            kept = _within(financing, rule.fund, target)
            params["target"] = Money(target)
            params["kept"] = Money(kept)
            params["needed"] = Money(_others_for(kept, rate))
        else:
            params["target"] = Money(target)
            variant = ""
    yield Finding(RULE.code, first_line(budget, rule.fund), params, variant=variant)


def measure(budget: Budget, financing: Financing, plan: FinancingPlan, found: bool) -> list[Check]:
    rule = financing.co_financing
    assert rule is not None
    return [
        Check(
            RULE.code,
            not found,
            Money(plan.fund(rule.fund)),
            Money(plan.cofinancing_expected) if plan.cofinancing_expected is not None else None,
            rule.fund,
            {"fund": financing.funder_label(rule.fund), "rate": Share(rule.rate_of_public)},
            plan.share_of_public(rule.fund),
        )
    ]


_BASE = (
    "{fund} is {amount} but should be {expected} ({rate} of {public} public money)",
    "{fund} vaut {amount} mais devrait valoir {expected} ({rate} des {public} d'argent public)",
)
RULE = BudgetRule(
    "budget.cofinancing",
    "|fund − round_half_up(rate_of_public × Σ public, 0.01)| > 0.01, where public money is the funders of kind `eu` and `public`, the fund included.",
    "Set the fund to the amount the message gives (with the other public funds unchanged, fund = rate × others / (1 − rate)).",
    message={
        "": Said(
            _BASE[0] + "; with the other public funds unchanged ({others}), set {fund} to {target}",
            _BASE[1]
            + " ; à autres financements publics inchangés ({others}), fixez {fund} à {target}",
        ),
        "no_fix": Said(*_BASE),
        "missing": Said(
            _BASE[0] + "; there is no other public funding: add a national public co-financer "
            "(region, department, municipality…) of {needed} for {fund} at {kept}",
            _BASE[1] + " ; aucun autre financement public : ajoutez un cofinanceur public "
            "national (région, département, commune…) de {needed} pour {fund} à {kept}",
        ),
        "limits": Said(
            _BASE[0] + "; {target} would break the fund's limits: keep {fund} at {kept} and "
            "bring the other public funds from {others} to {needed}",
            _BASE[1] + " ; {target} sortirait des limites du fonds : gardez {fund} à {kept} et "
            "portez les autres financements publics de {others} à {needed}",
        ),
    },
    applies=lambda budget, financing: financing.co_financing is not None,
    check=check,
    measure_rows=measure,
    shows=Said("{value}, i.e. {share}", "{value}, soit {share}"),
    label=Said("{fund} = {rate} of public money", "{fund} = {rate} de l'argent public"),
)
