"""What a report template sees: one outcome of a run turned into plain values.

The context holds raw values (Decimal amounts and scores, rates, texts) and the template formats
them with the `eur`, `percent`, `number` and `signed` filters, so a custom template keeps the
locale's formatting. Every key is always present (None when unknown), because templates run
with StrictUndefined: a typo in a template is an error, not an empty cell. docs/reports.md
lists the keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from grantgrid.committee.views import decision_state, dossier_decisions
from grantgrid.evaluation import Outcome, Run
from grantgrid.models.grid import Grid
from grantgrid.outputs.report.svg import Bar, Group, bar_chart
from grantgrid.outputs.views.budget import budget_view
from grantgrid.scoring import StageResult, Status, across_stages
from grantgrid.words.numbers import Numbers
from grantgrid.words.report import Labels

SAFE_SCHEMES = ("http", "https", "mailto")


def safe_url(url: str | None) -> str | None:
    """The address if it is http(s) or mailto, else None: no javascript:, data: or file: links."""
    if not url:
        return None
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return text


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string for a `<style>` element (an `@page` margin box).

    Every character but ASCII letters, digits, space and `-_.` is written as a six-digit CSS
    escape: nothing from a dossier id can end the string, the rule or the style element.
    """
    safe = (c if c.isascii() and (c.isalnum() or c in " -_.") else f"\\{ord(c):06x}" for c in text)
    return Markup('"' + "".join(safe) + '"')


def _dossier(outcome: Outcome) -> dict[str, Any]:
    dossier = outcome.dossier
    base: dict[str, Any] = {
        "id": outcome.dossier_id,
        "title": outcome.title,
        "path": outcome.path,
        "valid_format": dossier is not None,
    }
    if dossier is None:
        return base | {
            "applicant": None,
            "fiche_action": None,
            "period": None,
            "context": None,
            "description": None,
            "evaluation": None,
            "remarks": None,
        }
    applicant = dossier.applicant
    return base | {
        "applicant": {
            "name": applicant.name,
            "address": applicant.address,
            "status": applicant.status,
            "contact": applicant.contact,
            "website": applicant.website,
            "website_url": safe_url(applicant.website),
        },
        "fiche_action": dossier.fiche_action,
        "period": {"start": dossier.period.start, "end": dossier.period.end}
        if dossier.period
        else None,
        "context": dossier.context,
        "description": dossier.description,
        "evaluation": {"target": dossier.evaluation.target, "impact": dossier.evaluation.impact}
        if dossier.evaluation and (dossier.evaluation.target or dossier.evaluation.impact)
        else None,
        "remarks": dossier.remarks if dossier.remarks and dossier.remarks.strip() else None,
    }


def _stage_total(result: StageResult, names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": result.stage.id,
        "label": result.stage.label,
        "total": result.total,
        "maximum": result.maximum,
        "complete": result.complete,
        "scored": result.scored,
        "missing": list(result.missing),
        "missing_labels": [names.get(m, m) for m in result.missing],
    }


def _scoring(outcome: Outcome, words: Mapping[str, str], numbers: Numbers) -> dict[str, Any] | None:
    """The grid laid out as the fiche: axes × cells with answers and one score per stage."""
    grid, dossier = outcome.grid, outcome.dossier
    if grid is None or dossier is None or not outcome.stages:
        return None
    results = outcome.stages

    def through(group: str | None) -> dict[str, Any]:
        stages = across_stages(results, group)
        return {
            "subtotals": stages.values,
            "partial": stages.partial,
            "differences": stages.differences,
        }

    cells: dict[str, list[dict[str, Any]]] = {}
    for slot in grid.slots():
        cell = slot.axis.cells[slot.id] if slot.axis else None
        entry = {
            "id": slot.id,
            "label": slot.label,
            "points": slot.points,
            "scores": [r.cells.get((slot.group, slot.id)) for r in results],
        }
        if cell is not None:
            entry |= {
                "criteria": list(cell.criteria),
                "objective": cell.objective,
                "answer": dossier.answers.get(slot.group, {}).get(slot.id),
                "weight": slot.weight if slot.weight != 1 else None,
            }
        cells.setdefault(slot.group, []).append(entry)
    axes = [
        {
            "id": axis.id,
            "label": axis.label,
            "maximum": grid.axis_max(axis),
            "cells": cells.get(axis.id, []),
            **through(axis.id),
        }
        for axis in grid.axes
    ]
    bonus = {"entries": cells.get("bonus", []), "maximum": grid.bonus_max(), **through("bonus")}
    # "economique.action" as the committee reads it: "Caractère économique — Action, vie du projet".
    names = {
        f"{a['id']}.{c['id']}": f"{a['label']} — {c['label']}" for a in axes for c in a["cells"]
    }
    names |= {f"bonus.{b.id}": f"{words['bonus']} — {b.label}" for b in grid.bonus}
    stages = [_stage_total(r, names) for r in results]
    totals = across_stages(results, None)
    pairs = [
        {
            "earlier": a["label"],
            "later": b["label"],
            "position": i + 1,
            "total": totals.differences[i],
        }
        for i, (a, b) in enumerate(pairwise(stages))
    ]

    return {
        "stages": stages,
        "panels": [_panel(r, grid, names) for r in results if r.panel is not None],
        "axes": axes,
        "bonus": bonus if grid.bonus else None,
        "totals": totals.values,
        "maximum": grid.maximum(),
        "differences": totals.differences,
        "stage_pairs": pairs,
        "chart": _chart(axes, bonus if grid.bonus else None, stages, words, numbers),
    }


def _panel(result: StageResult, grid: Grid, names: Mapping[str, str]) -> dict[str, Any]:
    """An individual stage (SPEC-committee §3): every counted member's note beside the
    aggregate, the spread, the disagreements, and who was left out for a declared interest."""
    panel = result.panel
    assert panel is not None
    members = panel.scorers
    rows = []
    for slot in grid.slots():
        cell = panel.cells[slot.key]
        rows.append(
            {
                "key": slot.key,
                "label": names.get(slot.key, slot.key),
                "points": slot.points,
                "notes": [cell.notes.get(m.member) for m in members],
                "value": cell.value,
                "n": cell.n,
                "min": cell.minimum,
                "max": cell.maximum,
                "stdev": cell.stdev,
                "disagreement": cell.disagreement,
                "under_min": cell.value is None and cell.n > 0,
            }
        )
    return {
        "id": result.stage.id,
        "label": result.stage.label,
        "aggregate": panel.aggregate,
        "min_scorers": panel.min_scorers,
        "members": [m.name for m in members],
        "rows": rows,
        "member_totals": [m.total for m in members],
        "member_complete": [m.complete for m in members],
        "total": result.total,
        "maximum": result.maximum,
        "complete": result.complete,
        "comments": [{"name": m.name, "text": m.comment} for m in members if m.comment],
        "left_out": [name for _, name in panel.left_out],
        "disagreements": [names.get(k, k) for k in panel.disagreements],
    }


def _chart(
    axes: list[dict[str, Any]],
    bonus: dict[str, Any] | None,
    stages: list[dict[str, Any]],
    words: Mapping[str, str],
    numbers: Numbers,
) -> Markup:
    """Each axis (and the bonus) against its maximum, one bar per stage."""

    def bar(value: Decimal | None, maximum: Decimal, partial: bool) -> Bar:
        shown = "–" if value is None else numbers.number(value)
        text = f"{shown}/{numbers.number(maximum)}"
        return Bar(value, f"{text} ({words['partial']})" if partial else text, partial)

    rows = [(a["label"], a["maximum"], a["subtotals"], a["partial"]) for a in axes]
    if bonus is not None:
        rows.append((words["bonus"], bonus["maximum"], bonus["subtotals"], bonus["partial"]))
    groups = [
        Group(label, top, [bar(v, top, p) for v, p in zip(values, partial, strict=True)])
        for label, top, values, partial in rows
    ]
    return bar_chart(words["chart_title"], [s["label"] for s in stages], groups)


def _financing(outcome: Outcome, words: Labels, numbers: Numbers) -> dict[str, Any] | None:
    """Expense and resource lines, totals, rates and each programme rule as met or not."""
    view = budget_view(outcome)
    if view is None:
        return None
    plan = view.plan
    checks = [
        {
            "code": row.code,
            "label": row.label(words.lang, numbers),
            "value": row.shows(words.lang, numbers),
            "ok": row.ok,
            "messages": [d.message_in(words.lang) for d in row.messages],
        }
        for row in view.checks
    ]
    cofinancing = view.cofinancing
    return {
        "expenses": [vars(line) for line in view.expenses],
        "resources": [
            vars(line) | {"kind": words[f"kind_{line.kind}"], "detail": line.detail}
            for line in view.resources
        ],
        "total_expenses": plan.expenses,
        "detailed": view.detailed,
        "total_ht": plan.amount_ht,
        "total_vat": plan.vat,
        "total_vat_cost": plan.vat_cost,
        "eligible": plan.eligible,
        "total_resources": plan.resources,
        "declared_total": view.declared_total,
        "balanced": plan.balanced,
        "public": plan.public,
        "public_rate": plan.public_rate,
        "self_financing": plan.self_financing,
        "self_financing_rate": plan.self_financing_rate,
        "private": plan.private,
        "cofinancing": None
        if cofinancing is None
        else {
            "fund": cofinancing.fund,
            "label": cofinancing.label,
            "amount": cofinancing.amount,
            "share_of_public": cofinancing.share_of_public,
            "rate_of_public": cofinancing.rate_of_public,
        },
        "checks": checks,
        "ok": view.ok,
    }


def _counted(outcome: Outcome) -> StageResult | None:
    """The final stage, unless the dossier is invalid: an invalid dossier's score does not count."""
    return None if outcome.status is Status.INVALID else outcome.final


def _decision(outcome: Outcome, run: Run, words: Labels) -> dict[str, Any]:
    ranked = [o for o in run.outcomes if o.rank is not None and o.grid_id == outcome.grid_id]
    final = _counted(outcome)
    return {
        "status": outcome.status.value,
        "label": words[f"status_{outcome.status.value}"],
        "reasons": [r.text(words.lang) for r in outcome.reasons]
        if outcome.status.value == "rejected"
        else [],
        "rank": outcome.rank,
        "ranked": len(ranked),
        "final_stage": final.stage.label if final else None,
        "total": final.total if final else None,
        "maximum": outcome.grid.maximum() if outcome.grid else None,
        "min_total": outcome.grid.selection.min_total if outcome.grid else None,
    }


def _programming(outcome: Outcome, run: Run, lang: str) -> dict[str, Any] | None:
    """The committee's decisions on the dossier (SPEC-committee §2), each with its conflicts
    in words and, when it is not valid, why; None when the call has no committee."""
    committee = run.programme.committee
    if committee is None:
        return None
    dossier_id = outcome.dossier_id or ""
    return {
        "state": decision_state(committee, dossier_id, lang),
        "decisions": dossier_decisions(committee, dossier_id, lang),
    }


def _problems(outcome: Outcome, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "severity": d.severity.value,
            "code": d.code,
            "line": d.position.line if d.position else None,
            "column": d.position.column if d.position else None,
            "message": d.message_in(lang),
        }
        for d in outcome.diagnostics.sorted()
    ]


def _inputs(outcome: Outcome) -> list[dict[str, Any]]:
    """The files behind this report, hashed when they were read (never read again)."""
    files = [{"role": "dossier", "path": outcome.path, "sha256": outcome.sha256}]
    if outcome.grid_file is not None:
        files.append(
            {
                "role": "grid",
                "path": outcome.grid_file.display,
                "sha256": outcome.grid_file.sha256,
            }
        )
    return files


def report_context(outcome: Outcome, run: Run, words: Labels, numbers: Numbers) -> dict[str, Any]:
    """Everything one report shows; see docs/reports.md for the keys."""
    grid = outcome.grid
    return {
        "page": {
            "label": css_string(outcome.dossier_id or outcome.path),
            "number": css_string(words["page"]),
        },
        "dossier": _dossier(outcome),
        "grid": {
            "id": grid.grid,
            "title": grid.title,
            "path": outcome.grid_file.display if outcome.grid_file else None,
            # Without phases, a cell is named by its label: the column says Critère (SPEC.md).
            "phases": bool(grid.phases),
        }
        if grid
        else None,
        "decision": _decision(outcome, run, words),
        "programming": _programming(outcome, run, words.lang),
        "problems": _problems(outcome, words.lang),
        "scoring": _scoring(outcome, words, numbers),
        "financing": _financing(outcome, words, numbers),
        "inputs": _inputs(outcome),
    }


def index_row(
    outcome: Outcome, href: str, words: Mapping[str, str], run: Run | None = None
) -> dict[str, Any]:
    """One line of the committee index."""
    dossier = outcome.dossier
    final = _counted(outcome)
    committee = run.programme.committee if run is not None else None
    lang = getattr(words, "lang", "fr")
    view = budget_view(outcome)
    fund = view.cofinancing if view is not None else None
    return {
        "fund": fund.label if fund is not None else None,
        "fund_amount": fund.amount if fund is not None else None,
        # Why a rejected dossier is not selected (below the threshold, a floor); an unranked
        # one says why from its status (invalid: how many errors; incomplete).
        "reasons": [r.text(lang) for r in outcome.reasons]
        if outcome.status is Status.REJECTED
        else [],
        "decision": decision_state(committee, outcome.dossier_id or "", lang)
        if committee is not None
        else None,
        "id": outcome.dossier_id or outcome.path,
        "title": outcome.title,
        "applicant": dossier.applicant.name if dossier else None,
        "grid": outcome.grid_id,
        "rank": outcome.rank,
        "status": outcome.status.value,
        "status_label": words[f"status_{outcome.status.value}"],
        "final_stage": final.stage.label if final else None,
        "total": final.total if final else None,
        "maximum": outcome.grid.maximum() if outcome.grid else None,
        "cost": outcome.financing.expenses if outcome.financing else None,
        "errors": len(outcome.diagnostics.errors),
        "href": href,
    }


def index_grids(run: Run) -> list[dict[str, Any]]:
    """The grids of the run, as the index heads its table: title, id, maximum and threshold."""
    return [
        {
            "id": loaded.grid.grid,
            "title": loaded.grid.title,
            "maximum": loaded.grid.maximum(),
            "threshold": loaded.grid.selection.min_total,
        }
        for loaded in run.grids
        if loaded.grid is not None
    ]
