"""What a budget rule is: a registered code that applies to a grid, checks a dossier's
financing plan and measures it for the ✓ / ✗ rows of every output."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from grantgrid.diagnostics import DataPath, Finding
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.money import quotient, round_cents
from grantgrid.rules.registry import Rule
from grantgrid.words import Money, RateOf, Said, Share

Checker = Callable[[Budget, Financing, FinancingPlan], Iterator[Finding]]


@dataclass(frozen=True)
class Check:
    """One ✓ / ✗ row: a rule of the grid, what the dossier has and what the rule asks.

    `value` and `bound` carry `words` types (Money, Share) or None; `subject` names the fund
    of a rule that has one row per fund. JSON gives them as `budget.checks`."""

    code: str
    ok: bool
    value: object = None
    bound: object = None
    subject: str | None = None
    terms: Mapping[str, object] = field(default_factory=dict, hash=False)
    """The figures of the row's label (`{fund}`, `{rate}`, `{min}`…)."""
    share: Decimal | None = None
    """For a rule on a rate: the value as a share of what the rate applies to (exact)."""


Measurer = Callable[[Budget, Financing, FinancingPlan, bool], list[Check]]


def _always(budget: Budget, financing: Financing) -> bool:
    return True


@dataclass(frozen=True)
class BudgetRule(Rule):
    applies: Callable[[Budget, Financing], bool] = _always
    """Whether the grid sets this rule for this dossier: a rule it does not set is never
    shown as passed."""
    check: Checker | None = None
    measure_rows: Measurer | None = None
    """The check rows; by default one row, ✓ when `check` found nothing."""
    on_partial: bool = False
    """Still meaningful when some lines of the budget could not be read (a salvaged budget)."""
    label: Said | None = None
    """The check row's label, a template of the row's `terms`."""
    shows: Said | None = None
    """What the row shows of the dossier: a template of `value`, `bound`, `share` and the
    row's `terms`; None shows nothing (a rule on lines rather than on a figure)."""

    def findings(self, budget: Budget, financing: Financing, plan: FinancingPlan) -> list[Finding]:
        assert self.check is not None
        return list(self.check(budget, financing, plan))

    def measure(
        self, budget: Budget, financing: Financing, plan: FinancingPlan, found: bool
    ) -> list[Check]:
        if self.measure_rows is not None:
            return self.measure_rows(budget, financing, plan, found)
        return [Check(self.code, ok=not found)]


def first_line(budget: Budget, fund: str) -> DataPath:
    """Where a fund's amount is: its first resource line, else the resources."""
    for i, resource in enumerate(budget.resources):
        if resource.funder == fund:
            return ("budget", "resources", i, "amount")
    return ("budget", "resources")


def share_bound(rate: Decimal | None, base: Decimal) -> Money | None:
    """What a rule on a rate allows or asks: rate × base, rounded half-up to the cent before
    comparing (EU Reg. 1103/97 art. 5), so that an amount equal to it passes. None when the grid
    sets no rate in [0, 1] or there is no base to apply it to."""
    if rate is None or not base or not 0 <= rate <= 1:
        return None
    return Money(round_cents(rate * base))


def shown_share(amount: Decimal, base: Decimal, rate: Decimal) -> object:
    """The amount as a share of its base, as the messages and check rows show it."""
    return RateOf(amount, base, rate) if base else "—"


def share_check(
    code: str, found: bool, amount: Decimal, base: Decimal, rate: Decimal, bound: Money | None
) -> Check:
    """The ✓ / ✗ row of a rule on `amount` as a share of `base` (self-financing, public
    money, a public owner's own funds)."""
    return Check(
        code,
        not found,
        Money(amount),
        bound,
        terms={"rate": Share(rate), "shown": shown_share(amount, base, rate)},
        share=quotient(amount, base),
    )
