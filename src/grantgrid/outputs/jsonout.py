"""`score --json`: one object, `{"grantgrid": VERSION, "dossiers": [...]}`, in the spec's shape.

Money is a string with two decimals; scores and rates are JSON numbers.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from grantgrid import __version__
from grantgrid.committee import jsonout as committee_json
from grantgrid.evaluation import Outcome, Run
from grantgrid.evaluation.programme import Programme
from grantgrid.financing import FinancingPlan
from grantgrid.maquette.fiche import fiche_of
from grantgrid.maquette.json import maquette_json
from grantgrid.money import round_cents
from grantgrid.notes.aggregate import Panel
from grantgrid.rules.budget import Check
from grantgrid.scoring import StageResult
from grantgrid.words import to_json


def money(amount: Decimal) -> str:
    return f"{round_cents(amount) + 0:.2f}"  # "+ 0" turns -0.00 into 0.00


def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def checks_json(checks: list[Check]) -> list[dict[str, Any]]:
    """`budget.checks`: one object per rule row, `{"code", "ok", "value", "bound"}` (money as
    strings, shares as exact numbers); rules with one row per fund or category add `subject`."""
    rows = []
    for check in checks:
        row: dict[str, Any] = {
            "code": check.code,
            "ok": check.ok,
            "value": _param(check.value),
            "bound": _param(check.bound),
        }
        if check.subject is not None:
            row["subject"] = check.subject
        rows.append(row)
    return rows


def _param(value: object) -> Any:
    shown = to_json(value)
    return number(shown) if isinstance(shown, Decimal) else shown


def budget_json(
    plan: FinancingPlan | None, checks: list[Check] | None = None
) -> dict[str, Any] | None:
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
        "checks": checks_json(checks or []),
    }


def stage_json(result: StageResult) -> dict[str, Any]:
    entry = {
        "total": number(result.total),
        "max": number(result.maximum),
        "complete": result.complete,
        "missing": list(result.missing),
        "axes": {axis: number(value) for axis, value in result.axes.items()},
        "bonus": number(result.bonus),
    }
    if result.panel is not None:
        entry.update(panel_json(result.panel))
    return entry


def panel_json(panel: Panel) -> dict[str, Any]:
    """An individual stage (SPEC-committee §3): its scorers, each cell's figures, and the
    cells to discuss; `notes` gives each counted member's note, `left_out` the members whose
    notes are not counted for a declared interest."""
    return {
        "scoring": "individual",
        "aggregate": panel.aggregate,
        "min_scorers": panel.min_scorers,
        "scorers": {
            s.member: {"total": number(s.total), "complete": s.complete, "comment": s.comment}
            for s in panel.scorers
        },
        "left_out": [member for member, _ in panel.left_out],
        "cells": {
            key: {
                "value": number(cell.value),
                "n": cell.n,
                "min": number(cell.minimum),
                "max": number(cell.maximum),
                "mean": number(cell.mean),
                "median": number(cell.median),
                "stdev": number(cell.stdev),
                "disagreement": cell.disagreement,
                "notes": {member: number(note) for member, note in cell.notes.items()},
            }
            for key, cell in panel.cells.items()
        },
        "disagreements": panel.disagreements,
    }


def outcome_json(
    outcome: Outcome, stage: str | None = None, programme: Programme | None = None
) -> dict[str, Any]:
    stages = [s for s in outcome.stages if stage is None or s.stage.id == stage]
    entry = {
        "path": outcome.path,
        "dossier": outcome.dossier_id,
        "title": outcome.title,
        "grid": outcome.grid_id,
        "errors": [d.to_json() for d in outcome.diagnostics.errors],
        "warnings": [d.to_json() for d in outcome.diagnostics.warnings],
        "budget": budget_json(outcome.financing, outcome.checks),
        "stages": {s.stage.id: stage_json(s) for s in stages},
        "final_stage": outcome.final.stage.id if outcome.final else None,
        "total": number(outcome.final.total) if outcome.final else None,
        "status": outcome.status.value,
        "reasons": [str(reason) for reason in outcome.reasons],
        "rank": outcome.rank,
    }
    if programme is not None and (programme.committee or programme.maquette_file):
        entry["fiche"] = fiche_of(outcome.fiche_action) or None
    if programme is not None and programme.committee is not None:
        decision = programme.committee.dossiers.get(outcome.dossier_id or "")
        entry["decision"] = committee_json.dossier_decision(decision)
    return entry


def run_json(run: Run, stage: str | None = None) -> str:
    programme = run.programme
    document: dict[str, Any] = {
        "grantgrid": __version__,
        "dossiers": [outcome_json(o, stage, programme) for o in run.ordered()],
        "inputs": [
            {"path": source.shown, "kind": source.role, "sha256": source.sha256}
            for source in run.inputs()
        ],
        "skipped": [{**d.to_json(), "path": d.path} for d in run.skipped],  # the entry itself
    }
    # SPEC-committee §5: the run's meetings and the maquette, when the call has them.
    if programme.committee is not None:
        document["committee"] = committee_json.committee_json(programme.committee)
        document["meetings"] = committee_json.to_json(programme.committee)
    if programme.maquette is not None:
        document["maquette"] = maquette_json(programme.maquette)
    if run.notes is not None:  # the members' notes files and their diagnostics
        document["notes"] = [
            {
                "path": f.display,
                "member": f.notes.member if f.notes else None,
                "stage": f.notes.stage if f.notes else None,
                "errors": [d.to_json() for d in f.diagnostics if d.is_error],
                "warnings": [d.to_json() for d in f.diagnostics if not d.is_error],
            }
            for f in sorted(run.notes.files, key=lambda f: f.display)
        ]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
