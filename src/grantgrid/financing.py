"""The financing plan of a dossier: every figure the outputs show, computed once. Pure arithmetic.

Totals, money by funder kind, each line's share, each fund's share of public money, the
co-financing the grid expects, and the eligible cost every rate is computed on. Per
`SPEC-financing.md`: amounts exclude VAT; a line's cost = amount + its VAT when not
recoverable; the total cost (`expenses`) = Σ line costs, what the resources must balance;
the eligible cost = Σ costs of the lines of eligible categories (a line without category is
eligible). Without categories and VAT, eligible cost = total cost = Σ expenses.
Outputs read these figures; none recomputes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from grantgrid.models.dossier import Applicant, Budget
from grantgrid.models.grid import Financing
from grantgrid.money import quotient, rate_as_checked, round_cents

ZERO = Decimal(0)
PUBLIC_KINDS = ("eu", "public")
"""Public money (SPEC.md, `budget.cofinancing`): funders of kind `eu` and `public`."""


def usable(amount: Decimal) -> bool:
    """Finite amounts take part in the totals; NaN or infinities are reported, never summed."""
    return amount.is_finite()


@dataclass(frozen=True)
class LineCost:
    """One expense line as the rules count it."""

    amount: Decimal
    """Excluding VAT; for `amount: flat`, the computed flat-rate amount."""
    vat: Decimal
    """The VAT the line declares (0 without `vat`)."""
    vat_recoverable: bool
    """The line's own `vat_recoverable`, else the applicant's."""
    cost: Decimal
    """amount + VAT when not recoverable."""
    eligible: bool
    """Its category is eligible (a line without category, or of an unknown one, is)."""
    category: str | None = None
    flat: bool = False
    """Written `amount: flat`: grantgrid computed the amount."""
    usable: bool = True
    """False when the amount is not a finite number (it is then left out of every total)."""

    @property
    def vat_cost(self) -> Decimal:
        """The part of the VAT that is a cost."""
        return ZERO if self.vat_recoverable else self.vat

    @property
    def eligible_cost(self) -> Decimal:
        return self.cost if self.eligible and self.usable else ZERO


@dataclass(frozen=True)
class FlatRateFigure:
    """A flat-rate category's computation: maximum = round_half_up(rate × base, 0.01)."""

    category: str
    rate: Decimal
    of: tuple[str, ...]
    base: Decimal
    """Σ eligible costs of the lines of the `of` categories."""
    maximum: Decimal
    lines: tuple[int, ...]
    """The indexes of the dossier's lines of this category."""


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier; 29 February gives 28 February (a day more counted)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class FinancingPlan:
    expenses: Decimal
    """The total cost: Σ line costs (amounts excluding VAT + non-recoverable VAT)."""
    resources: Decimal
    funds: dict[str, Decimal] = field(default_factory=dict)
    """Total per funder id, in order of first appearance."""
    public: Decimal = ZERO
    self_financing: Decimal = ZERO
    private: Decimal = ZERO
    by_kind: dict[str, Decimal] = field(default_factory=dict)
    """Money per funder kind (`eu`, `public`, `private`, `self`, `unknown` for an unlisted
    funder)."""
    kinds: dict[str, str] = field(default_factory=dict)
    """Each funder id's kind (`unknown` when the grid does not list it)."""
    expense_shares: tuple[Decimal | None, ...] = ()
    """Each expense line's share of Σ expenses, exact, in line order (None: not a usable
    amount)."""
    resource_shares: tuple[Decimal | None, ...] = ()
    """Each resource line's share of Σ resources, in line order."""
    cofinancing_fund: str | None = None
    cofinancing_expected: Decimal | None = None
    """The co-financing fund the grid expects: round_half_up(rate_of_public × public)."""
    eligible: Decimal = ZERO
    """The cost every rate is computed on: Σ costs of eligible lines (SPEC-financing.md)."""
    lines: tuple[LineCost, ...] = ()
    """Each expense line, in line order."""
    amount_ht: Decimal = ZERO
    """Σ amounts excluding VAT."""
    vat: Decimal = ZERO
    """Σ VAT declared."""
    vat_cost: Decimal = ZERO
    """Σ VAT that is a cost (not recoverable)."""
    flat_rates: tuple[FlatRateFigure, ...] = ()
    """The computation of each flat-rate category the dossier has a line of."""
    received: dt.date | None = None
    public_owner: bool = False
    de_minimis_from: dt.date | None = None
    """The first day of the de minimis period: `years` before `received` (None without it:
    every listed aid counts)."""
    de_minimis_prior: Decimal = ZERO
    """Σ de minimis aid listed that falls in the period."""
    public_rate: Decimal | None = None
    """Public money / eligible cost, as the `max_public_rate` rule judges it (exact, or the
    bound itself when the amount is the bound to the cent: `money.rate_as_checked`)."""
    self_financing_rate: Decimal | None = None
    """Self-financing / eligible cost, as the `min_self_financing` rule judges it."""

    @property
    def ineligible(self) -> Decimal:
        return self.expenses - self.eligible

    @property
    def own_and_public(self) -> Decimal:
        """Self-financing + public money: what CGCT L1111-10 takes a share of."""
        return self.self_financing + self.public

    @property
    def balanced(self) -> bool:
        return self.expenses == self.resources

    def fund(self, funder: str) -> Decimal:
        return self.funds.get(funder, ZERO)

    def share(self, funder: str) -> Decimal | None:
        """A funder's share of the total resources (exact)."""
        return quotient(self.fund(funder), self.resources)

    def share_of_public(self, funder: str) -> Decimal | None:
        """A public funder's share of all public money, the co-financing rule's measure (exact)."""
        return quotient(self.fund(funder), self.public)

    def is_public(self, funder: str) -> bool:
        return self.kinds.get(funder) in PUBLIC_KINDS


def _lines(budget: Budget, financing: Financing, applicant: Applicant | None) -> list[LineCost]:
    """Each line's cost; flat-rate amounts are computed from the other lines' eligible costs."""
    recoverable = applicant.vat_recoverable if applicant else False
    categories = financing.categories
    lines: list[LineCost] = []
    for expense in budget.expenses:
        category = categories.get(expense.category or "")
        vat = expense.vat if expense.vat is not None and usable(expense.vat) else ZERO
        own = recoverable if expense.vat_recoverable is None else expense.vat_recoverable
        flat = expense.amount == "flat"
        amount = ZERO if isinstance(expense.amount, str) else expense.amount
        fine = usable(amount)
        cost = amount + (ZERO if own else vat) if fine else amount
        eligible = category is None or category.eligible
        lines.append(LineCost(amount, vat, own, cost, eligible, expense.category, flat, fine))
    for i, line in enumerate(lines):
        category = categories.get(line.category or "")
        if line.flat and category is not None and category.flat_rate is not None:
            amount = _flat_maximum(lines, financing, line.category or "")
            lines[i] = LineCost(
                amount,
                line.vat,
                line.vat_recoverable,
                amount + line.vat_cost,
                line.eligible,
                line.category,
                True,
            )
    return lines


def _flat_base(lines: list[LineCost], of: list[str]) -> Decimal:
    return sum((line.eligible_cost for line in lines if line.category in of), ZERO)


def _flat_maximum(lines: list[LineCost], financing: Financing, category: str) -> Decimal:
    rule = financing.categories[category].flat_rate
    assert rule is not None
    return round_cents(rule.rate * _flat_base(lines, rule.of))


def _flat_rates(lines: list[LineCost], financing: Financing) -> tuple[FlatRateFigure, ...]:
    figures = []
    for category_id, category in financing.categories.items():
        indexes = tuple(i for i, line in enumerate(lines) if line.category == category_id)
        if category.flat_rate is None or not indexes:
            continue
        rule = category.flat_rate
        figures.append(
            FlatRateFigure(
                category_id,
                rule.rate,
                tuple(rule.of),
                _flat_base(lines, rule.of),
                _flat_maximum(lines, financing, category_id),
                indexes,
            )
        )
    return tuple(figures)


def plan(
    budget: Budget,
    financing: Financing,
    *,
    applicant: Applicant | None = None,
    received: dt.date | None = None,
) -> FinancingPlan:
    funds: dict[str, Decimal] = {}
    for resource in budget.resources:
        if usable(resource.amount):
            funds[resource.funder] = funds.get(resource.funder, ZERO) + resource.amount
    kinds = {
        funder_id: (
            financing.funders[funder_id].kind if funder_id in financing.funders else "unknown"
        )
        for funder_id in dict.fromkeys(r.funder for r in budget.resources)
    }
    by_kind: dict[str, Decimal] = {}
    for funder_id, amount in funds.items():
        by_kind[kinds[funder_id]] = by_kind.get(kinds[funder_id], ZERO) + amount
    lines = _lines(budget, financing, applicant)
    expenses = sum((line.cost for line in lines if line.usable), ZERO)
    eligible = sum((line.eligible_cost for line in lines), ZERO)
    de_minimis_from = None
    prior = ZERO
    if financing.de_minimis is not None:
        if received is not None:
            de_minimis_from = years_before(received, financing.de_minimis.years)
        prior = sum(
            (
                aid.amount
                for aid in budget.de_minimis or []
                if usable(aid.amount) and (de_minimis_from is None or aid.date >= de_minimis_from)
            ),
            ZERO,
        )
    resources = sum(funds.values(), ZERO)
    public = sum((by_kind.get(kind, ZERO) for kind in PUBLIC_KINDS), ZERO)
    rule = financing.co_financing
    own = by_kind.get("self", ZERO)
    return FinancingPlan(
        expenses=expenses,
        resources=resources,
        funds=funds,
        public=public,
        self_financing=own,
        private=by_kind.get("private", ZERO),
        by_kind=by_kind,
        kinds=kinds,
        expense_shares=tuple(
            quotient(line.cost, expenses) if line.usable else None for line in lines
        ),
        resource_shares=tuple(
            quotient(r.amount, resources) if usable(r.amount) else None for r in budget.resources
        ),
        cofinancing_fund=rule.fund if rule else None,
        cofinancing_expected=round_cents(rule.rate_of_public * public) if rule else None,
        public_rate=rate_as_checked(public, eligible, financing.max_public_rate),
        self_financing_rate=rate_as_checked(own, eligible, financing.min_self_financing),
        eligible=eligible,
        lines=tuple(lines),
        amount_ht=sum((line.amount for line in lines if line.usable), ZERO),
        vat=sum((line.vat for line in lines), ZERO),
        vat_cost=sum((line.vat_cost for line in lines), ZERO),
        flat_rates=_flat_rates(lines, financing),
        received=received,
        public_owner=applicant.public_owner if applicant else False,
        de_minimis_from=de_minimis_from,
        de_minimis_prior=prior,
    )
