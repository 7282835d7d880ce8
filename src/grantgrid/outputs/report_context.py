"""What a report template sees: one outcome of a run turned into plain values.

The context holds raw values (Decimal amounts and scores, rates, texts) and the template formats
them with the `eur`, `percent`, `number` and `signed` filters, so a custom template keeps the
locale's formatting. Every key is always present (None when unknown), because templates run
with StrictUndefined: a typo in a template is an error, not an empty cell. docs/reports.md
lists the keys.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from grantgrid.evaluation import Outcome, Run
from grantgrid.financing import ZERO
from grantgrid.money import ratio
from grantgrid.outputs.labels import Labels
from grantgrid.outputs.numbers import Numbers
from grantgrid.outputs.svg import Bar, Group, bar_chart
from grantgrid.rules.budget import applicable
from grantgrid.scoring import StageResult, Status

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


def fingerprint(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


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


def _differences(values: list[Decimal | None], complete: list[bool]) -> list[Decimal | None]:
    """Each stage's value minus the previous stage's; None unless both are completely scored.

    A partly scored stage is a sum of fewer cells: "4/20 (partiel)" against 18/20 is no −14.
    """
    return [
        later - earlier
        if earlier is not None and later is not None and done_earlier and done_later
        else None
        for (earlier, done_earlier), (later, done_later) in pairwise(
            zip(values, complete, strict=True)
        )
    ]


def _partial(values: list[Decimal | None], complete: list[bool]) -> list[bool]:
    """Per stage: something is scored but not everything, so the value is not final."""
    return [value is not None and not done for value, done in zip(values, complete, strict=True)]


def _scoring(outcome: Outcome, words: Mapping[str, str], numbers: Numbers) -> dict[str, Any] | None:
    """The grid laid out as the fiche: axes × cells with answers and one score per stage."""
    grid, dossier = outcome.grid, outcome.dossier
    if grid is None or dossier is None or not outcome.stages:
        return None
    results = outcome.stages
    axes: list[dict[str, Any]] = []
    for axis in grid.axes:
        cells: list[dict[str, Any]] = []
        cell_keys = [(axis.id, cell_id) for cell_id in grid.cell_ids(axis)]
        for cell_id in grid.cell_ids(axis):
            cell = axis.cells[cell_id]
            cells.append(
                {
                    "id": cell_id,
                    "label": grid.phase_label(cell_id),
                    "criteria": list(cell.criteria),
                    "objective": cell.objective,
                    "answer": dossier.answers.get(axis.id, {}).get(cell_id),
                    "points": grid.cell_points(axis, cell_id),
                    "weight": cell.weight if cell.weight != 1 else None,
                    "scores": [r.cells.get((axis.id, cell_id)) for r in results],
                }
            )
        values = [r.axes.get(axis.id) for r in results]
        complete = [all(r.cells.get(key) is not None for key in cell_keys) for r in results]
        axes.append(
            {
                "id": axis.id,
                "label": axis.label,
                "maximum": grid.axis_max(axis),
                "cells": cells,
                "subtotals": values,
                "partial": _partial(values, complete),
                "differences": _differences(values, complete),
            }
        )
    bonus_values = [r.bonus for r in results]
    bonus_complete = [
        all(r.cells.get(("bonus", item.id)) is not None for item in grid.bonus) for r in results
    ]
    bonus: dict[str, Any] = {
        "entries": [
            {
                "id": item.id,
                "label": item.label,
                "points": grid.bonus_points(item),
                "scores": [r.cells.get(("bonus", item.id)) for r in results],
            }
            for item in grid.bonus
        ],
        "maximum": grid.bonus_max(),
        "subtotals": bonus_values,
        "partial": _partial(bonus_values, bonus_complete),
        "differences": _differences(bonus_values, bonus_complete),
    }
    totals = [r.total for r in results]
    # "economique.action" as the committee reads it: "Caractère économique — Action, vie du projet".
    names = {
        f"{a['id']}.{c['id']}": f"{a['label']} — {c['label']}" for a in axes for c in a["cells"]
    }
    names |= {f"bonus.{b.id}": f"{words['bonus']} — {b.label}" for b in grid.bonus}
    stages = [_stage_total(r, names) for r in results]
    differences = _differences(totals, [r.complete for r in results])
    pairs = [
        {"earlier": a["label"], "later": b["label"], "position": i + 1, "total": differences[i]}
        for i, (a, b) in enumerate(pairwise(stages))
    ]

    return {
        "stages": stages,
        "axes": axes,
        "bonus": bonus if grid.bonus else None,
        "totals": totals,
        "maximum": grid.maximum(),
        "differences": differences,
        "stage_pairs": pairs,
        "chart": _chart(axes, bonus if grid.bonus else None, stages, words, numbers),
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
    dossier, grid, plan = outcome.dossier, outcome.grid, outcome.financing
    if dossier is None or grid is None or plan is None:
        return None
    rules = grid.financing
    budget = dossier.budget
    expenses = [
        {
            "label": e.label,
            "category": e.category,
            "amount": e.amount,
            "share": ratio(e.amount, plan.expenses) if e.amount.is_finite() else None,
        }
        for e in budget.expenses
    ]
    resources = []
    for line in budget.resources:
        funder = rules.funders.get(line.funder)
        resources.append(
            {
                "funder": line.funder,
                "label": funder.label if funder else line.funder,
                "detail": line.label,
                "kind": words[f"kind_{funder.kind}" if funder else "kind_unknown"],
                "amount": line.amount,
                "share": ratio(line.amount, plan.resources) if line.amount.is_finite() else None,
            }
        )

    failures: dict[str, list[str]] = {}
    for diagnostic in outcome.diagnostics.sorted():
        if diagnostic.code.startswith("budget."):
            failures.setdefault(diagnostic.code, []).append(diagnostic.message_in(words.lang))

    def check(code: str, label: str, value: str) -> dict[str, Any]:
        messages = failures.get(code, [])
        return {
            "code": code,
            "label": label,
            "value": value,
            "ok": not messages,
            "messages": messages,
        }

    def count(key: str, number: int) -> str:
        return words.plural(key, number).format(count=number)

    checks = [
        check(
            "budget.empty",
            words["rule_empty"],
            words["lines_value"].format(
                expenses=count("expense_count", len(budget.expenses)),
                resources=count("resource_count", len(budget.resources)),
            ),
        ),
        check("budget.amount", words["rule_amount"], ""),
        check(
            "budget.unbalanced",
            words["rule_unbalanced"],
            f"{numbers.eur(plan.expenses)} / {numbers.eur(plan.resources)}",
        ),
    ]
    applies = set(applicable(budget, rules))  # the rules of this grid, as in every output
    if "budget.total_mismatch" in applies and budget.total is not None:
        checks.append(
            check("budget.total_mismatch", words["rule_total_mismatch"], numbers.eur(budget.total))
        )
    if "budget.unknown_funder" in applies:
        checks.append(check("budget.unknown_funder", words["rule_unknown_funder"], ""))
    cofinancing = None
    if "budget.cofinancing" in applies and rules.co_financing is not None:
        fund = rules.co_financing.fund
        amount = plan.funds.get(fund, ZERO)
        share = ratio(amount, plan.public)
        cofinancing = {
            "fund": fund,
            "label": rules.funder_label(fund),
            "amount": amount,
            "share_of_public": share,
            "rate_of_public": rules.co_financing.rate_of_public,
        }
        checks.append(
            check(
                "budget.cofinancing",
                words["rule_cofinancing"].format(
                    fund=rules.funder_label(fund),
                    rate=numbers.percent(rules.co_financing.rate_of_public),
                ),
                words["amount_share"].format(
                    amount=numbers.eur(amount), share=numbers.percent(share)
                ),
            )
        )
    if "budget.public_rate" in applies and rules.max_public_rate is not None:
        checks.append(
            check(
                "budget.public_rate",
                words["rule_public_rate"].format(rate=numbers.percent(rules.max_public_rate)),
                numbers.percent(plan.public_rate),
            )
        )
    if "budget.self_financing" in applies and rules.min_self_financing is not None:
        checks.append(
            check(
                "budget.self_financing",
                words["rule_self_financing"].format(rate=numbers.percent(rules.min_self_financing)),
                numbers.percent(plan.self_financing_rate),
            )
        )
    if "budget.fund_limit" in applies:
        limits = "; ".join(
            words["rule_fund_limit"].format(
                fund=rules.funder_label(fund),
                min=numbers.eur(limit.min) if limit.min is not None else words["unbounded"],
                max=numbers.eur(limit.max) if limit.max is not None else words["unbounded"],
            )
            for fund, limit in rules.fund_limits.items()
        )
        values = "; ".join(numbers.eur(plan.funds.get(f, ZERO)) for f in rules.fund_limits)
        checks.append(check("budget.fund_limit", limits, values))
    return {
        "expenses": expenses,
        "resources": resources,
        "total_expenses": plan.expenses,
        "total_resources": plan.resources,
        "declared_total": budget.total,
        "balanced": plan.balanced,
        "public": plan.public,
        "public_rate": plan.public_rate,
        "self_financing": plan.self_financing,
        "self_financing_rate": plan.self_financing_rate,
        "private": plan.private,
        "cofinancing": cofinancing,
        "checks": checks,
        "ok": all(c["ok"] for c in checks),
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
    files = [{"role": "dossier", "path": outcome.path, "sha256": fingerprint(outcome.source)}]
    if outcome.grid_file is not None:
        files.append(
            {
                "role": "grid",
                "path": outcome.grid_file.display,
                "sha256": fingerprint(outcome.grid_file.path),
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
        }
        if grid
        else None,
        "decision": _decision(outcome, run, words),
        "problems": _problems(outcome, words.lang),
        "scoring": _scoring(outcome, words, numbers),
        "financing": _financing(outcome, words, numbers),
        "inputs": _inputs(outcome),
    }


def index_row(outcome: Outcome, href: str, words: Mapping[str, str]) -> dict[str, Any]:
    """One line of the committee index."""
    dossier = outcome.dossier
    final = _counted(outcome)
    return {
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
