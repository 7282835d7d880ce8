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
from grantgrid.rules.registry import Rule
from grantgrid.words import Said

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
