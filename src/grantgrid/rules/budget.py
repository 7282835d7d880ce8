"""Budget rules: one function per `budget.*` code, each yielding findings.

The bounds of the programme's rules are compared in cents: a rate × a total is rounded half-up
to the cent first (EU Reg. 1103/97 art. 5), so that the reference fiche's 9 169,70 € of
self-financing on 45 848,51 € counts as the 20 % it is meant to be.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from grantgrid.diagnostics import DataPath, Finding, did_you_mean
from grantgrid.financing import ZERO, FinancingPlan, usable
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.money import (
    format_eur,
    format_percent,
    percent_beside,
    round_cents,
)

BudgetRule = Callable[[Budget, Financing, FinancingPlan], Iterator[Finding]]


def _sign_problem(amount: Decimal, *, zero_allowed: bool) -> tuple[str, str] | None:
    """Whether a line may be zero or negative (in English and French); its shape (finite,
    cents, digits) is the type's job."""
    if amount < 0:
        return ("is negative", "est négatif")
    if amount == 0 and not zero_allowed:
        return (
            "is 0: an expense must be more than 0 (remove the line if it costs nothing)",
            "vaut 0 : une dépense doit être supérieure à 0 (supprimez la ligne si elle ne coûte rien)",
        )
    return None


def _lines(budget: Budget) -> Iterator[tuple[DataPath, Decimal, str, str, bool]]:
    """Each line's place, amount, name in messages (English, French) and whether it may be 0."""
    for i, expense in enumerate(budget.expenses):
        name, nom = f"expense {expense.label!r}", f"la dépense « {expense.label} »"
        yield ("budget", "expenses", i, "amount"), expense.amount, name, nom, False
    for i, resource in enumerate(budget.resources):
        name, nom = f"resource {resource.funder!r}", f"la ressource « {resource.funder} »"
        yield ("budget", "resources", i, "amount"), resource.amount, name, nom, True


def amounts(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    """budget.amount: expenses > 0, resources ≥ 0, a declared total > 0."""
    for at, amount, name, nom, zero_allowed in _lines(budget):
        problem = _sign_problem(amount, zero_allowed=zero_allowed)
        if problem:
            shown = show_amount(amount)
            yield Finding(
                "budget.amount",
                f"the amount of {name} ({shown}) {problem[0]}",
                at,
                french=f"le montant de {nom} ({shown}) {problem[1]}",
            )
    if budget.total is not None:
        problem = _sign_problem(budget.total, zero_allowed=False)
        if problem:
            yield Finding(
                "budget.amount",
                f"the declared total ({show_amount(budget.total)}) {problem[0]}",
                ("budget", "total"),
                french=f"le total déclaré ({show_amount(budget.total)}) {problem[1]}",
            )


def show_amount(amount: Decimal) -> str:
    return format(amount, "f") if amount.is_finite() else str(amount)


def empty(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    """budget.empty: at least one expense and one resource."""
    if not budget.expenses:
        yield Finding(
            "budget.empty",
            "the budget has no expense line: list the expenses under `expenses:`",
            ("budget", "expenses") if "expenses" in budget.model_fields_set else ("budget",),
            french="le budget n'a aucune ligne de dépense : listez les dépenses sous `expenses:`",
        )
    if not budget.resources:
        yield Finding(
            "budget.empty",
            "the budget has no resource line: list the funding under `resources:`",
            ("budget", "resources") if "resources" in budget.model_fields_set else ("budget",),
            french="le budget n'a aucune ligne de ressource : listez les financements sous "
            "`resources:`",
        )


def balance(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    """budget.unbalanced: Σ expenses = Σ resources, to the cent."""
    if not budget.expenses or not budget.resources or plan.balanced:
        return
    difference = plan.expenses - plan.resources
    side, side_fr = ("add", "ajoutez") if difference > 0 else ("remove", "retirez")
    gap = format_eur(abs(difference))
    yield Finding(
        "budget.unbalanced",
        f"the budget is not balanced: expenses {format_eur(plan.expenses)}, resources "
        f"{format_eur(plan.resources)}, difference {gap}; "
        f"{side} {gap} of resources (or change the expenses)",
        ("budget", "resources"),
        french=f"le budget n'est pas équilibré : dépenses {format_eur(plan.expenses)}, "
        f"ressources {format_eur(plan.resources)}, écart {gap} ; {side_fr} {gap} de ressources "
        "(ou modifiez les dépenses)",
    )


def declared_total(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    """budget.total_mismatch: the declared total equals Σ expenses."""
    if budget.total is None or not usable(budget.total) or budget.total == plan.expenses:
        return
    gap = format_eur(abs(budget.total - plan.expenses))
    yield Finding(
        "budget.total_mismatch",
        f"the declared total {format_eur(budget.total)} differs from the sum of the expenses "
        f"{format_eur(plan.expenses)} (difference {gap}): write total: {plan.expenses}",
        ("budget", "total"),
        french=f"le total déclaré {format_eur(budget.total)} diffère de la somme des dépenses "
        f"{format_eur(plan.expenses)} (écart {gap}) : écrivez total: {plan.expenses}",
    )


def funders(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    """budget.unknown_funder: every funder id is listed by the grid (when it lists any)."""
    if not financing.funders:
        return
    for i, resource in enumerate(budget.resources):
        if resource.funder not in financing.funders:
            yield Finding(
                "budget.unknown_funder",
                f"unknown funder {resource.funder!r}.{did_you_mean(resource.funder, financing.funders)}",
                ("budget", "resources", i, "funder"),
                french=f"financeur inconnu {resource.funder!r}."
                + did_you_mean(resource.funder, financing.funders, "fr"),
            )


def _fund_label(financing: Financing, fund: str) -> str:
    funder = financing.funders.get(fund)
    return fund.upper() if fund == "leader" or not funder else funder.label


def _first_line(budget: Budget, fund: str) -> tuple[str | int, ...]:
    for i, resource in enumerate(budget.resources):
        if resource.funder == fund:
            return ("budget", "resources", i, "amount")
    return ("budget", "resources")


def cofinancing(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    """budget.cofinancing: the fund is rate_of_public × public money, within a cent."""
    rule = financing.co_financing
    if rule is None or not budget.resources or not 0 <= rule.rate_of_public <= 1:
        return
    fund = plan.funds.get(rule.fund, ZERO)
    expected = round_cents(rule.rate_of_public * plan.public)
    if abs(fund - expected) <= Decimal("0.01"):
        return
    label = _fund_label(financing, rule.fund)
    others = plan.public - fund
    fixed = fixed_fr = ""
    if rule.rate_of_public < 1:
        target = format_eur(round_cents(rule.rate_of_public * others / (1 - rule.rate_of_public)))
        fixed = f"; with the other public funds unchanged ({format_eur(others)}), set {label} to {target}"
        fixed_fr = f" ; à autres financements publics inchangés ({format_eur(others)}), fixez {label} à {target}"
    rate, public = format_percent(rule.rate_of_public), format_eur(plan.public)
    yield Finding(
        "budget.cofinancing",
        f"{label} is {format_eur(fund)} but should be {format_eur(expected)} "
        f"({rate} of {public} public money){fixed}",
        _first_line(budget, rule.fund),
        french=f"{label} vaut {format_eur(fund)} mais devrait valoir {format_eur(expected)} "
        f"({rate} des {public} d'argent public){fixed_fr}",
    )


def public_rate(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    """budget.public_rate: public money ≤ max_public_rate × Σ expenses."""
    rate = financing.max_public_rate
    if rate is None or not plan.expenses or not 0 <= rate <= 1:
        return
    bound = round_cents(rate * plan.expenses)
    if plan.public <= bound:
        return
    shown = percent_beside(plan.public, plan.expenses, rate)
    excess = format_eur(plan.public - bound)
    yield Finding(
        "budget.public_rate",
        f"public money is {format_eur(plan.public)} ({shown} of {format_eur(plan.expenses)}), "
        f"more than the {format_percent(rate)} allowed ({format_eur(bound)}): "
        f"reduce it by {excess}",
        ("budget", "resources"),
        french=f"l'aide publique est de {format_eur(plan.public)} ({shown} de "
        f"{format_eur(plan.expenses)}), plus que les {format_percent(rate)} autorisés "
        f"({format_eur(bound)}) : réduisez-la de {excess}",
    )


def self_financing(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    """budget.self_financing: self-financing ≥ min_self_financing × Σ expenses."""
    rate = financing.min_self_financing
    if rate is None or not plan.expenses or not 0 <= rate <= 1:
        return
    bound = round_cents(rate * plan.expenses)
    if plan.self_financing >= bound:
        return
    shown = percent_beside(plan.self_financing, plan.expenses, rate)
    missing = format_eur(bound - plan.self_financing)
    yield Finding(
        "budget.self_financing",
        f"self-financing is {format_eur(plan.self_financing)} ({shown} of "
        f"{format_eur(plan.expenses)}), less than the {format_percent(rate)} required: "
        f"at least {format_eur(bound)} (add {missing})",
        ("budget", "resources"),
        french=f"l'autofinancement est de {format_eur(plan.self_financing)} ({shown} de "
        f"{format_eur(plan.expenses)}), moins que les {format_percent(rate)} exigés : au moins "
        f"{format_eur(bound)} (ajoutez {missing})",
    )


def fund_limits(budget: Budget, financing: Financing, plan: FinancingPlan) -> Iterator[Finding]:
    """budget.fund_limit: each limited fund within [min, max]."""
    for fund, limit in financing.fund_limits.items():
        amount = plan.funds.get(fund, ZERO)
        label = _fund_label(financing, fund)
        if limit.min is not None and amount < limit.min:
            yield Finding(
                "budget.fund_limit",
                f"{label} is {format_eur(amount)}, below the minimum of {format_eur(limit.min)} per dossier",
                _first_line(budget, fund),
                french=f"{label} vaut {format_eur(amount)}, sous le minimum de "
                f"{format_eur(limit.min)} par dossier",
            )
        if limit.max is not None and amount > limit.max:
            excess = format_eur(amount - limit.max)
            yield Finding(
                "budget.fund_limit",
                f"{label} is {format_eur(amount)}, above the maximum of {format_eur(limit.max)} per dossier: reduce it by {excess}",
                _first_line(budget, fund),
                french=f"{label} vaut {format_eur(amount)}, au-dessus du maximum de "
                f"{format_eur(limit.max)} par dossier : réduisez-le de {excess}",
            )


BUDGET_RULES: tuple[BudgetRule, ...] = (
    amounts,
    empty,
    balance,
    declared_total,
    funders,
    cofinancing,
    public_rate,
    self_financing,
    fund_limits,
)

LINE_RULES: tuple[BudgetRule, ...] = (amounts, funders)
"""The rules that still make sense when some lines of the budget could not be read."""


def check_budget(budget: Budget, financing: Financing, plan: FinancingPlan) -> list[Finding]:
    return [finding for rule in BUDGET_RULES for finding in rule(budget, financing, plan)]


def applicable(budget: Budget, financing: Financing) -> list[str]:
    """The budget codes that apply to this dossier under this grid, in the order the outputs
    list them as checks (✓ / ✗): a rule the grid does not set is not shown as passed."""
    codes = ["budget.empty", "budget.amount", "budget.unbalanced"]
    if budget.total is not None:
        codes.append("budget.total_mismatch")
    if financing.funders:
        codes.append("budget.unknown_funder")
    if financing.co_financing is not None:
        codes.append("budget.cofinancing")
    if financing.max_public_rate is not None:
        codes.append("budget.public_rate")
    if financing.min_self_financing is not None:
        codes.append("budget.self_financing")
    if financing.fund_limits:
        codes.append("budget.fund_limit")
    return codes
