"""`score --json`: one object, `{"grantgrid": VERSION, "dossiers": [...]}`, in the spec's shape.

Money is a string with two decimals; scores and rates are JSON numbers.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from grantgrid import __version__
from grantgrid.evaluation import Outcome, Run
from grantgrid.financing import FinancingPlan
from grantgrid.money import round_cents
from grantgrid.scoring import StageResult


def money(amount: Decimal) -> str:
    return f"{round_cents(amount) + 0:.2f}"  # "+ 0" turns -0.00 into 0.00


def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def budget_json(plan: FinancingPlan | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {
        "expenses": money(plan.expenses),
        "resources": money(plan.resources),
        "balanced": plan.balanced,
        "public": money(plan.public),
        "self": money(plan.self_financing),
        "public_rate": number(plan.public_rate),
        "self_financing_rate": number(plan.self_financing_rate),
        "funds": {funder: money(amount) for funder, amount in plan.funds.items()},
    }


def stage_json(result: StageResult) -> dict[str, Any]:
    return {
        "total": number(result.total),
        "max": number(result.maximum),
        "complete": result.complete,
        "missing": list(result.missing),
        "axes": {axis: number(value) for axis, value in result.axes.items()},
        "bonus": number(result.bonus),
    }


def outcome_json(outcome: Outcome, stage: str | None = None) -> dict[str, Any]:
    stages = [s for s in outcome.stages if stage is None or s.stage.id == stage]
    return {
        "path": outcome.path,
        "dossier": outcome.dossier_id,
        "title": outcome.title,
        "grid": outcome.grid_id,
        "errors": [d.to_json() for d in outcome.diagnostics.errors],
        "warnings": [d.to_json() for d in outcome.diagnostics.warnings],
        "budget": budget_json(outcome.financing),
        "stages": {s.stage.id: stage_json(s) for s in stages},
        "final_stage": outcome.final.stage.id if outcome.final else None,
        "total": number(outcome.final.total) if outcome.final else None,
        "status": outcome.status.value,
        "reasons": [str(reason) for reason in outcome.reasons],
        "rank": outcome.rank,
    }


def run_json(run: Run, stage: str | None = None) -> str:
    document = {
        "grantgrid": __version__,
        "dossiers": [outcome_json(o, stage) for o in run.ordered()],
        "inputs": [
            {"path": source.shown, "kind": source.role, "sha256": source.sha256}
            for source in run.inputs()
        ],
        "skipped": [{"path": d.path, **d.to_json()} for d in run.skipped],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
