"""The financing plan as every output shows it: lines with their shares, totals, money by
funder kind, the co-financing, and one ✓ / ✗ row per rule of the grid.

Figures come from `financing.FinancingPlan`, verdicts from `rules.budget` (the outcome's
`checks`), row labels from the rules themselves: nothing here computes a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from grantgrid.diagnostics import Diagnostic
from grantgrid.evaluation.outcome import Outcome
from grantgrid.financing import FinancingPlan
from grantgrid.rules.budget import RULES, Check
from grantgrid.words import Share, Style, render

_RULES = {rule.code: rule for rule in RULES}


@dataclass(frozen=True)
class ExpenseLine:
    label: str
    category: str | None
    amount: Decimal
    """Excluding VAT (for `amount: flat`, the computed flat-rate amount)."""
    share: Decimal | None
    """Its share of the total cost."""
    vat: Decimal = Decimal(0)
    vat_cost: Decimal = Decimal(0)
    """The VAT that is a cost (not recoverable)."""
    cost: Decimal = Decimal(0)
    eligible_cost: Decimal = Decimal(0)
    eligible: bool = True
    flat: bool = False
    """`amount: flat`: grantgrid computed the amount."""
    category_label: str | None = None
    """The category's label in the grid (its id when the grid does not list it)."""


@dataclass(frozen=True)
class ResourceLine:
    funder: str
    label: str
    """The funder's label in the grid (its id when the grid does not list it)."""
    detail: str | None
    kind: str
    """eu, public, private, self, or unknown."""
    amount: Decimal
    share: Decimal | None


@dataclass(frozen=True)
class CheckRow:
    check: Check
    messages: list[Diagnostic] = field(default_factory=list)
    """The dossier's diagnostics of this rule, when it fails."""

    @property
    def code(self) -> str:
        return self.check.code

    @property
    def ok(self) -> bool:
        return self.check.ok

    def label(self, lang: str, style: Style | None = None) -> str:
        rule = _RULES[self.check.code]
        assert rule.label is not None
        return render(rule.label, self.check.terms, lang, style)

    def shows(self, lang: str, style: Style | None = None) -> str:
        """What the row shows of the dossier ("" for a rule on lines rather than a figure)."""
        rule = _RULES[self.check.code]
        if rule.shows is None:
            return ""
        check = self.check
        share = Share(check.share) if check.share is not None else "—"
        params = {"value": check.value, "bound": check.bound, "share": share, **check.terms}
        return render(rule.shows, params, lang, style)


@dataclass(frozen=True)
class Cofinancing:
    fund: str
    label: str
    amount: Decimal
    expected: Decimal | None
    share_of_public: Decimal | None
    rate_of_public: Decimal


@dataclass(frozen=True)
class BudgetView:
    plan: FinancingPlan
    expenses: list[ExpenseLine]
    resources: list[ResourceLine]
    declared_total: Decimal | None
    cofinancing: Cofinancing | None
    checks: list[CheckRow]

    funder_labels: dict[str, str] = field(default_factory=dict)
    detailed: bool = False
    """The budget uses VAT, categories or a flat rate: outputs show HT, VAT, cost and eligible
    cost per line and in total (without them, the plain table of old, figure for figure)."""

    @property
    def ok(self) -> bool:
        return all(row.ok for row in self.checks)

    def funder_label(self, funder: str) -> str:
        return self.funder_labels.get(funder, funder)


def budget_view(outcome: Outcome) -> BudgetView | None:
    """None when the plan cannot be shown (no valid dossier, no grid, unreadable lines)."""
    dossier, grid, plan = outcome.dossier, outcome.grid, outcome.financing
    if dossier is None or grid is None or plan is None:
        return None
    rules, budget = grid.financing, dossier.budget
    categories = rules.categories
    expenses = [
        ExpenseLine(
            e.label,
            e.category,
            line.amount,
            share,
            line.vat,
            line.vat_cost,
            line.cost,
            line.eligible_cost,
            line.eligible,
            line.flat,
            categories[e.category].label if e.category in categories else e.category,
        )
        for e, line, share in zip(budget.expenses, plan.lines, plan.expense_shares, strict=True)
    ]
    detailed = (
        any(e.vat is not None for e in budget.expenses)
        or any(line.flat for line in plan.lines)
        or (bool(categories) and any(e.category for e in budget.expenses))
    )
    resources = [
        ResourceLine(
            r.funder,
            rules.funder_label(r.funder),
            r.label,
            plan.kinds.get(r.funder, "unknown"),
            r.amount,
            share,
        )
        for r, share in zip(budget.resources, plan.resource_shares, strict=True)
    ]
    cofinancing = None
    if rules.co_financing is not None:
        fund = rules.co_financing.fund
        cofinancing = Cofinancing(
            fund,
            rules.funder_label(fund),
            plan.fund(fund),
            plan.cofinancing_expected,
            plan.share_of_public(fund),
            rules.co_financing.rate_of_public,
        )
    errors = outcome.diagnostics.sorted()
    checks = [
        CheckRow(check, [] if check.ok else [d for d in errors if d.code == check.code])
        for check in outcome.checks
    ]
    labels = {funder: rules.funder_label(funder) for funder in plan.funds}
    return BudgetView(
        plan, expenses, resources, budget.total, cofinancing, checks, labels, detailed
    )
