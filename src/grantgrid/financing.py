"""The financing plan of a dossier: every figure the outputs show, computed once. Pure arithmetic.

Totals, money by funder kind, each line's share, each fund's share of public money, the
co-financing the grid expects, and the eligible cost every rate is computed on
(`SPEC-financing.md`: without categories and VAT, eligible cost = total cost = Σ expenses).
Outputs read these figures; none recomputes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.money import quotient, rate_as_checked, round_cents

ZERO = Decimal(0)
PUBLIC_KINDS = ("eu", "public")
"""Public money (SPEC.md, `budget.cofinancing`): funders of kind `eu` and `public`."""


def usable(amount: Decimal) -> bool:
    """Finite amounts take part in the totals; NaN or infinities are reported, never summed."""
    return amount.is_finite()


@dataclass(frozen=True)
class FinancingPlan:
    expenses: Decimal
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

    @property
    def eligible(self) -> Decimal:
        """The cost every rate is computed on (SPEC-financing.md)."""
        return self.expenses

    @property
    def balanced(self) -> bool:
        return self.expenses == self.resources

    public_rate: Decimal | None = None
    """Public money / eligible cost, as the `max_public_rate` rule judges it (exact, or the
    bound itself when the amount is the bound to the cent: `money.rate_as_checked`)."""
    self_financing_rate: Decimal | None = None
    """Self-financing / eligible cost, as the `min_self_financing` rule judges it."""

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


def plan(budget: Budget, financing: Financing) -> FinancingPlan:
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
    expenses = sum((e.amount for e in budget.expenses if usable(e.amount)), ZERO)
    resources = sum(funds.values(), ZERO)
    public = sum((by_kind.get(kind, ZERO) for kind in PUBLIC_KINDS), ZERO)
    rule = financing.co_financing
    eligible = expenses  # SPEC-financing.md: without categories and VAT, the total cost
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
            quotient(e.amount, expenses) if usable(e.amount) else None for e in budget.expenses
        ),
        resource_shares=tuple(
            quotient(r.amount, resources) if usable(r.amount) else None for r in budget.resources
        ),
        cofinancing_fund=rule.fund if rule else None,
        cofinancing_expected=round_cents(rule.rate_of_public * public) if rule else None,
        public_rate=rate_as_checked(public, eligible, financing.max_public_rate),
        self_financing_rate=rate_as_checked(own, eligible, financing.min_self_financing),
    )
