"""Terminal output with rich: the score table, the financing plan, the grid matrix.

Every word comes from `words.console` in the run's language; figures from `money` in that
language. Tables fit the width they are given: the key columns of `score` (rank, dossier,
each stage's total, status) never wrap nor shrink; the title wraps, and the budget columns are
dropped one by one when even wrapping cannot make room (`score_table` says which). Without a
width (piped output), nothing is cut. Dossier text is printed with markup disabled, so
`[bold]` in a title is shown as typed and control characters never reach the terminal (the
loader refuses them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from grantgrid.committee.views import decision_state
from grantgrid.evaluation import Outcome, Run
from grantgrid.grids import LoadedGrid
from grantgrid.models.grid import Financing, Grid
from grantgrid.money import format_eur, format_number, format_percent, percent_beside
from grantgrid.outputs.console.plain import status_label
from grantgrid.outputs.views.budget import BudgetView
from grantgrid.scoring import StageResult, Status
from grantgrid.words import terms
from grantgrid.words.console import C, say

STATUS_COLOUR = {
    Status.SELECTED: "green",
    Status.REJECTED: "yellow",
    Status.INCOMPLETE: "cyan",
    Status.INVALID: "red",
}

TITLE_MIN = 12
"""The narrowest the title column wraps to before the budget columns are dropped."""


def _stage_cell(result: StageResult, lang: str, compact: bool = False) -> Text:
    """`compact`: the total alone, `*` when partial (the caption says so): how three stages
    and the status fit 80 columns."""
    if not result.scored:
        return Text("—" if compact else C["not_scored"](lang), style="dim")
    total = format_number(result.total or Decimal(0), lang)
    text = total if compact else f"{total}/{format_number(result.maximum, lang)}"
    if result.panel is not None and result.panel.disagreements:
        mark = C["disagreement_mark"](lang)  # the cells are listed below the table
        text += mark if compact else f" {mark}"
    if not result.complete:
        return Text(f"{text}*" if compact else f"{text} {C['partial'](lang)}", style="dim")
    return Text(text)


def _budget_cell(outcome: Outcome, lang: str) -> Text:
    plan = outcome.financing
    if plan is None:
        return Text("—", style="dim")
    ok = outcome.budget_ok
    balance = C["balanced" if plan.balanced else "unbalanced"](lang)
    return Text(
        f"{'✓' if ok else '✗'} {format_eur(plan.expenses, lang)} {balance}",
        style="" if ok else "red",
    )


def _fund_cell(outcome: Outcome, lang: str) -> Text:
    plan = outcome.financing
    if plan is None or plan.cofinancing_fund is None:
        return Text("—", style="dim")
    amount = plan.fund(plan.cofinancing_fund)
    share = format_percent(plan.share_of_public(plan.cofinancing_fund), 0, lang)
    return Text(
        C["fund_share"](lang).format(
            amount=format_eur(amount, lang), share=share, public=format_eur(plan.public, lang)
        )
    )


def _self_cell(outcome: Outcome, lang: str) -> Text:
    plan = outcome.financing
    return Text(format_percent(plan.self_financing_rate, 0, lang) if plan else "—")


@dataclass(frozen=True)
class _Optional:
    key: str
    cell: Callable[[Outcome, str], Text]


def _budget_mark(outcome: Outcome, lang: str) -> Text:
    if outcome.financing is None:
        return Text("—", style="dim")
    return Text("✓", style="green") if outcome.budget_ok else Text("✗", style="red")


# The optional columns, widest layout first: the first that fits is shown (the title wraps
# before any column goes; the budget shrinks to its ✓ / ✗ before it goes).
_LAYOUTS = (
    ("title", "budget", "fund_public", "self_short"),
    ("title", "budget", "self_short"),
    ("title", "budget"),
    ("title", "budget_mark"),
    ("budget_mark",),
    (),
)
_OPTIONAL = {
    "title": _Optional("title", lambda o, lang: Text(o.title or "")),
    "budget": _Optional("budget", _budget_cell),
    "budget_mark": _Optional("budget", _budget_mark),
    "fund_public": _Optional("fund_public", _fund_cell),
    "self_short": _Optional("self_short", _self_cell),
}
_SHOWN_ORDER = ("title", "budget", "budget_mark", "fund_public", "self_short")


def fits(console: Console, table: Table, width: int) -> bool:
    """Whether `table` can be laid out within `width` columns with every no-wrap column
    whole (its widest cell) and every wrapping column at its `min_width`.

    rich's own measure would not do: it counts a no-wrap column at its longest word."""
    from rich.measure import Measurement

    options = console.options.update_width(max(width, 1) * 4)
    needed = 0
    for column in table.columns:
        if column.no_wrap:
            cells = [column.header, *column.cells]
            needed += max(Measurement.get(console, options, c).maximum for c in cells)
        else:
            needed += column.min_width or 1
        needed += table.padding[1] + table.padding[3]
    needed += len(table.columns) + 1  # the borders
    return needed <= width


def score_table(
    run: Run,
    stage: str | None = None,
    lang: str = "fr",
    *,
    console: Console | None = None,
    width: int | None = None,
) -> tuple[Table, list[str]]:
    """The ranking, fitted to `width` (None: every column, nothing cut) and the headings of
    the columns dropped to fit."""
    # The committee's decision goes before any other column would have to be cut.
    decisions = [True, False] if run.programme.committee is not None else [False]
    ways = [(decision, compact) for decision in decisions for compact in (False, True)]
    for decision, compact in ways:
        for layout in _LAYOUTS:
            shown = [k for k in _SHOWN_ORDER if k in layout]
            table = _score_table(
                run, stage, lang, shown, whole=width is None, decision=decision, compact=compact
            )
            if width is None or console is None or fits(console, table, width):
                break
        else:
            continue
        break
    full = {_OPTIONAL[k].key for k in _LAYOUTS[0]}
    kept = {_OPTIONAL[k].key for k in layout}
    dropped = [C[k](lang) for k in _LAYOUTS[0] if k in full - kept]
    return table, dropped + ([C["decision"](lang)] if decisions[0] and not decision else [])


def _score_table(
    run: Run,
    stage: str | None,
    lang: str,
    optional: list[str],
    *,
    whole: bool = False,
    decision: bool = False,
    compact: bool = False,
) -> Table:
    """`whole`: piped output, one line per dossier, the title never wrapped; `compact`: stage
    totals without their maximum (`_stage_cell`)."""
    outcomes = run.ordered()
    stages: list[tuple[str, str]] = []
    for outcome in outcomes:
        for result in outcome.stages:
            if (stage is None or result.stage.id == stage) and result.stage.id not in dict(stages):
                stages.append((result.stage.id, result.stage.label))
    legend = " · ".join(C["legend"](lang).format(id=i, label=label) for i, label in stages)
    if compact:
        legend += " · " + C["compact_legend"](lang)
    table = Table(
        title=C["ranking"](lang),
        caption=legend,
        title_justify="left",
        caption_justify="left",
    )
    table.add_column(C["rank"](lang), justify="right", no_wrap=True)
    table.add_column(C["dossier"](lang), no_wrap=True)
    if "title" in optional:
        if whole:
            table.add_column(C["title"](lang), no_wrap=True)
        else:
            table.add_column(C["title"](lang), min_width=TITLE_MIN, max_width=34, overflow="fold")
    for stage_id, _ in stages:
        table.add_column(stage_id, justify="right", no_wrap=True)
    if "budget" in optional:
        table.add_column(C["budget"](lang), no_wrap=True)
    if "budget_mark" in optional:
        table.add_column(C["budget_mark"](lang), justify="center", no_wrap=True)
    if "fund_public" in optional:
        table.add_column(C["fund_public"](lang), no_wrap=True)
    if "self_short" in optional:
        table.add_column(C["self_short"](lang), justify="right", no_wrap=True)
    table.add_column(C["status"](lang), no_wrap=True)
    committee = run.programme.committee if decision else None
    if committee is not None:  # the dossier's latest valid decision (SPEC-committee §2)
        table.add_column(C["decision"](lang), no_wrap=True)
    for outcome in outcomes:
        by_id = {r.stage.id: r for r in outcome.stages}
        stage_cells = [
            _stage_cell(by_id[s], lang, compact) if s in by_id else Text("—", style="dim")
            for s, _ in stages
        ]
        before = [_OPTIONAL["title"].cell(outcome, lang)] if "title" in optional else []
        after = [_OPTIONAL[k].cell(outcome, lang) for k in _SHOWN_ORDER[1:] if k in optional]
        table.add_row(
            str(outcome.rank) if outcome.rank else "—",
            Text(outcome.dossier_id or outcome.path),
            *before,
            *stage_cells,
            *after,
            Text(status_label(outcome.status, lang), style=STATUS_COLOUR[outcome.status]),
            *(
                [Text(decision_state(committee, outcome.dossier_id or "", lang))]
                if committee is not None
                else []
            ),
        )
    return table


def print_reasons(console: Console, run: Run, stage: str | None = None, lang: str = "fr") -> None:
    """Below the table: why a dossier is not selected, and what a partly scored stage misses."""
    for outcome in run.ordered():
        if outcome.status is Status.REJECTED:
            for reason in outcome.reasons:
                line = say(
                    "rejected_reason", lang, dossier=outcome.dossier_id, reason=reason.text(lang)
                )
                console.print(Text(line), highlight=False)
        for result in outcome.stages:
            if result.scored and not result.complete and stage in (None, result.stage.id):
                line = say(
                    "partial_stage",
                    lang,
                    dossier=outcome.dossier_id or outcome.path,
                    stage=result.stage.id,
                    missing=", ".join(result.missing),
                )
                console.print(Text(line), highlight=False)
        for result in outcome.stages:
            if result.panel is not None and stage in (None, result.stage.id):
                _print_panel(console, outcome.dossier_id or outcome.path, result, lang)


def _print_panel(console: Console, dossier: str, result: StageResult, lang: str) -> None:
    """An individual stage: the cells whose notes disagree, and who was left out."""
    panel = result.panel
    assert panel is not None
    if panel.disagreements:
        cells = ", ".join(
            say(
                "disagreement_cell",
                lang,
                cell=key,
                low=format_number(panel.cells[key].minimum or Decimal(0), lang),
                high=format_number(panel.cells[key].maximum or Decimal(0), lang),
            )
            for key in panel.disagreements
        )
        line = say("disagreements", lang, dossier=dossier, stage=result.stage.id, cells=cells)
        console.print(Text(line), highlight=False)
    if panel.left_out:
        members = ", ".join(name for _, name in panel.left_out)
        line = say("left_out", lang, dossier=dossier, stage=result.stage.id, members=members)
        console.print(Text(line), highlight=False)


def budget_table(view: BudgetView, dossier_id: str, lang: str = "fr") -> list[Table]:
    """The financing plan: expense lines, resource lines with each funder's share, rule checks.

    Labels wrap; amounts, shares and marks never do."""
    plan = view.plan
    expenses = Table(title=say("expenses_title", lang, dossier=dossier_id), title_justify="left")
    if view.detailed:  # VAT, categories or a flat rate: HT, VAT, cost and eligible cost
        _detailed_expenses(expenses, view, lang)
    else:
        expenses.add_column(C["item"](lang), overflow="fold")
        expenses.add_column(C["amount"](lang), justify="right", no_wrap=True)
        for expense in view.expenses:
            amount = expense.amount
            shown = format_eur(amount, lang) if amount.is_finite() else str(amount)
            expenses.add_row(Text(expense.label), shown)
        total = Text(C["total"](lang), style="bold")
        expenses.add_row(total, Text(format_eur(plan.expenses, lang), style="bold"))

    resources = Table(title=C["resources_title"](lang), title_justify="left")
    resources.add_column(C["funder"](lang), overflow="fold")
    resources.add_column(C["kind"](lang), overflow="fold")
    resources.add_column(C["amount"](lang), justify="right", no_wrap=True)
    resources.add_column(C["share"](lang), justify="right", no_wrap=True)
    for funder_id, amount in plan.funds.items():
        resources.add_row(
            Text(view.funder_label(funder_id)),
            terms.KIND[plan.kinds.get(funder_id, "unknown")](lang),
            format_eur(amount, lang),
            format_percent(plan.share(funder_id), 2, lang),
        )
    resources.add_row(
        Text(C["total"](lang), style="bold"),
        "",
        Text(format_eur(plan.resources, lang), style="bold"),
        "",
    )

    checks = Table(title=C["rules_title"](lang), title_justify="left")
    checks.add_column(C["rule"](lang), overflow="fold")
    checks.add_column(C["value"](lang), justify="right", no_wrap=True)
    checks.add_column("", no_wrap=True)
    for row in view.checks:
        mark = Text("✓" if row.ok else "✗", style="green" if row.ok else "red")
        checks.add_row(Text(row.label(lang)), Text(row.shows(lang)), mark)
    return [expenses, resources, checks]


def _rate(part: Decimal, whole: Decimal, bound: Decimal | None, lang: str) -> str:
    if not whole:
        return "—"
    if bound is None:
        return format_percent(part / whole, 0, lang)
    return percent_beside(part, whole, bound, lang)


def grid_tables(grid: Grid, lang: str = "fr") -> list[Table]:
    """One table per axis (its cells by display name, criteria, objective, points), then the
    bonus. A grid without phases heads its first column *Critère* (SPEC.md)."""
    tables = []
    slots = grid.slots()
    for axis in grid.axes:
        maximum = format_number(grid.axis_max(axis), lang)
        table = Table(
            title=say("axis_title", lang, label=axis.label, id=axis.id, max=maximum),
            title_justify="left",
            show_lines=True,
        )
        table.add_column(C["phase" if grid.phases else "criterion"](lang), overflow="fold")
        # Without phases the first column is the criterion: its list is what is examined.
        table.add_column(C["criteria" if grid.phases else "examined"](lang), overflow="fold")
        table.add_column(C["objective"](lang), overflow="fold")
        table.add_column(C["points"](lang), justify="right", no_wrap=True)
        for slot in (s for s in slots if s.group == axis.id):
            cell = axis.cells[slot.id]
            points = format_number(slot.points, lang)
            if slot.weight != 1:
                points = say(
                    "weighted", lang, points=points, weight=format_number(slot.weight, lang)
                )
            table.add_row(
                Text(slot.label if slot.label == slot.id else f"{slot.label} ({slot.id})"),
                Text("\n".join(f"• {c}" for c in cell.criteria)),
                Text(cell.objective or ""),
                points,
            )
        tables.append(table)
    if grid.bonus:
        bonus = Table(title=C["bonus"](lang), title_justify="left", show_header=False)
        bonus.add_column(C["bonus"](lang), overflow="fold")
        bonus.add_column(C["points"](lang), justify="right", no_wrap=True)
        for slot in (s for s in slots if s.group == "bonus"):
            bonus.add_row(Text(f"{slot.label} ({slot.id})"), format_number(slot.points, lang))
        tables.append(bonus)
    return tables


def grid_summary(loaded: LoadedGrid, grid: Grid, lang: str = "fr") -> str:
    """The grid's heading and every rule of its `selection`: stages, maximum, step, threshold,
    floors per axis, tie-breaks."""
    stages = ", ".join(f"{s.label} ({s.id})" for s in grid.stages)
    lines = [
        say("grid_heading", lang, title=grid.title, id=grid.grid, file=loaded.display),
        say("stages_line", lang, stages=stages),
        say("maximum_line", lang, max=format_number(grid.maximum(), lang)),
    ]
    if grid.step != 1:
        lines.append(say("step_line", lang, step=format_number(grid.step, lang)))
    selection = grid.selection
    if selection.min_total is not None:
        lines.append(say("threshold_line", lang, min=format_number(selection.min_total, lang)))
    if selection.min_per_axis:
        labels = {a.id: a.label for a in grid.axes}
        floors = ", ".join(
            f"{labels.get(axis, axis)} ({axis}) ≥ {format_number(floor, lang)}"
            for axis, floor in selection.min_per_axis.items()
        )
        lines.append(say("floors_line", lang, floors=floors))
    if selection.tie_break:
        labels = {a.id: a.label for a in grid.axes} | {"bonus": C["bonus"](lang)}
        keys = ", ".join(f"{labels.get(k, k)} ({k})" for k in selection.tie_break)
        lines.append(say("tie_break_line", lang, keys=keys))
    return "\n".join(lines)


def financing_summary(grid: Grid, lang: str = "fr") -> str:
    """Every financing rule of the grid, one line each, then its funders with their kinds."""
    financing = grid.financing
    lines = [C["financing_title"](lang)]
    rules = []
    if financing.co_financing is not None:
        rule = financing.co_financing
        rate = format_percent(rule.rate_of_public, 0, lang)
        rules.append(
            say("cofinancing_rule", lang, fund=financing.funder_label(rule.fund), rate=rate)
        )
    if financing.max_public_rate is not None:
        rate = format_percent(financing.max_public_rate, 0, lang)
        rules.append(say("public_rule", lang, rate=rate))
    if financing.min_self_financing is not None:
        rate = format_percent(financing.min_self_financing, 0, lang)
        rules.append(say("self_rule", lang, rate=rate))
    for fund, limit in financing.fund_limits.items():
        unbounded = C["no_limit"](lang)
        low = format_eur(limit.min, lang) if limit.min is not None else unbounded
        high = format_eur(limit.max, lang) if limit.max is not None else unbounded
        rules.append(say("limit_rule", lang, fund=financing.funder_label(fund), min=low, max=high))
    lines += [f"  • {r}" for r in rules] or [f"  {C['no_financing'](lang)}"]
    if financing.funders:
        funders = ", ".join(
            f"{f.label} ({fid}, {terms.KIND[f.kind](lang)})" for fid, f in financing.funders.items()
        )
        lines.append("  " + say("funders_line", lang, funders=funders))
    return "\n".join(lines)


def _detailed_expenses(table: Table, view: BudgetView, lang: str) -> None:
    """Lines with VAT, categories or a flat rate: HT, VAT, cost and eligible cost."""
    plan = view.plan
    table.add_column(C["item"](lang), ratio=1, min_width=12, overflow="fold")
    for key in ("ht", "vat", "cost", "eligible"):
        table.add_column(C[key](lang), justify="right", no_wrap=True)
    for line in view.expenses:
        notes = [line.category_label] if line.category_label else []
        notes += [C["flat_computed"](lang)] * line.flat + [C["ineligible"](lang)] * (
            not line.eligible
        )
        label = Text(line.label)
        if notes:
            label.append(f" ({', '.join(n for n in notes if n)})", style="dim")
        vat = format_eur(line.vat, lang) if line.vat else "—"
        if line.vat and not line.vat_cost:
            vat += f" {C['recoverable'](lang)}"
        cells = (line.amount, line.cost, line.eligible_cost)
        amount, cost, eligible = (format_eur(v, lang) for v in cells)
        table.add_row(label, amount, vat, cost, eligible)
    totals = (plan.amount_ht, plan.vat, plan.expenses, plan.eligible)
    table.add_row(
        Text(C["total"](lang), style="bold"),
        *(Text(format_eur(v, lang), style="bold") for v in totals),
    )


def plan_summary(view: BudgetView, financing: Financing, lang: str = "fr") -> str:
    """One line of totals; each rate shown with the decimals its bound needs (24,9999 %)."""
    plan = view.plan
    return say(
        "plan_summary",
        lang,
        expenses=format_eur(plan.expenses, lang)
        + (
            say("eligible_cost", lang, amount=format_eur(plan.eligible, lang))
            if view.detailed
            else ""
        ),
        resources=format_eur(plan.resources, lang),
        public=format_eur(plan.public, lang),
        public_rate=_rate(plan.public, plan.eligible, financing.max_public_rate, lang),
        self=format_eur(plan.self_financing, lang),
        self_rate=_rate(plan.self_financing, plan.eligible, financing.min_self_financing, lang),
    )
