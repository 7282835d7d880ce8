"""Budget rules: one module per `budget.*` code (see `base.BudgetRule`).

`RULES` is the one list of them, in the order every output shows the check rows; adding a
rule is a new module here, its line below, and its tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from grantgrid.diagnostics import Finding
from grantgrid.financing import FinancingPlan
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing
from grantgrid.rules.budget import (
    amount,
    balance,
    categories,
    cofinancing,
    de_minimis,
    de_minimis_missing,
    empty,
    expense_date,
    flat_rate,
    fund_limit,
    fund_rate,
    funders,
    ineligible,
    public_owner,
    public_rate,
    received_missing,
    self_financing,
    total,
)
from grantgrid.rules.budget.base import BudgetRule, Check
from grantgrid.rules.registry import register

RULES: tuple[BudgetRule, ...] = (
    empty.RULE,
    amount.RULE,
    balance.RULE,
    total.RULE,
    funders.RULE,
    categories.RULE,
    ineligible.RULE,
    flat_rate.RULE,
    cofinancing.RULE,
    public_rate.RULE,
    self_financing.RULE,
    fund_limit.RULE,
    fund_rate.RULE,
    public_owner.RULE,
    de_minimis.RULE,
    de_minimis_missing.RULE,
    expense_date.RULE,
    received_missing.RULE,
)
register(*RULES)


@dataclass(frozen=True)
class BudgetVerdict:
    findings: list[Finding]
    checks: list[Check]
    """One row per rule of the grid that applies (a rule the grid does not set is not shown
    as passed); none over a budget some of whose lines could not be read."""

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


def evaluate(
    budget: Budget, financing: Financing, plan: FinancingPlan, *, partial: bool = False
) -> BudgetVerdict:
    """Every budget rule on a dossier: what is wrong, and the ✓ / ✗ row of each rule.

    `partial`: some lines were pruned (unreadable); only the rules about single lines run,
    and no check row is given, since totals over the rest would mislead."""
    findings: list[Finding] = []
    checks: list[Check] = []
    for rule in RULES:
        if partial and not rule.on_partial:
            continue
        found = rule.findings(budget, financing, plan)
        findings += found
        if not partial and rule.applies(budget, financing):
            checks += rule.measure(budget, financing, plan, bool(found))
    return BudgetVerdict(findings, checks)


__all__ = ["RULES", "BudgetRule", "BudgetVerdict", "Check", "evaluate"]
