"""The financing plan of a dossier: totals, public and self-financing shares. Pure arithmetic."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.money import ratio

ZERO = Decimal(0)


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

    @property
    def balanced(self) -> bool:
        return self.expenses == self.resources

    @property
    def public_rate(self) -> Decimal | None:
        return ratio(self.public, self.expenses)

    @property
    def self_financing_rate(self) -> Decimal | None:
        return ratio(self.self_financing, self.expenses)

    def share(self, funder: str) -> Decimal | None:
        """A funder's share of the total resources."""
        return ratio(self.funds.get(funder, ZERO), self.resources)


def plan(budget: Budget, financing: Financing) -> FinancingPlan:
    funds: dict[str, Decimal] = {}
    for resource in budget.resources:
        if usable(resource.amount):
            funds[resource.funder] = funds.get(resource.funder, ZERO) + resource.amount
    by_kind: dict[str, Decimal] = {}
    for funder_id, amount in funds.items():
        funder = financing.funders.get(funder_id)
        kind = funder.kind if funder else "unknown"
        by_kind[kind] = by_kind.get(kind, ZERO) + amount
    return FinancingPlan(
        expenses=sum((e.amount for e in budget.expenses if usable(e.amount)), ZERO),
        resources=sum(funds.values(), ZERO),
        funds=funds,
        public=by_kind.get("eu", ZERO) + by_kind.get("public", ZERO),
        self_financing=by_kind.get("self", ZERO),
        private=by_kind.get("private", ZERO),
    )
