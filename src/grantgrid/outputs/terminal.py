"""Terminal output with rich: the score table, the financing plan, the grid matrix.

Labels are French (the committee's language); dossier text is printed with markup disabled, so
`[bold]` in a title is shown as typed and control characters never reach the terminal (the
loader refuses them).
"""

from __future__ import annotations

from decimal import Decimal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from grantgrid.evaluation import Outcome, Run
from grantgrid.financing import FinancingPlan
from grantgrid.grids import LoadedGrid
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing, Grid
from grantgrid.money import format_eur, format_number, format_percent, percent_beside
from grantgrid.outputs.plain import STATUS_LABEL
from grantgrid.rules.budget import applicable
from grantgrid.scoring import StageResult, Status

STATUS_COLOUR = {
    Status.SELECTED: "green",
    Status.REJECTED: "yellow",
    Status.INCOMPLETE: "cyan",
    Status.INVALID: "red",
}


def _stage_cell(result: StageResult) -> Text:
    if not result.scored:
        return Text("non noté", style="dim")
    text = f"{format_number(result.total or Decimal(0))}/{format_number(result.maximum)}"
    if not result.complete:
        return Text(f"{text} partiel", style="dim")
    return Text(text)


def _budget_cell(outcome: Outcome) -> Text:
    plan = outcome.financing
    if plan is None:
        return Text("—", style="dim")
    budget_errors = any(d.code.startswith("budget.") for d in outcome.diagnostics.errors)
    mark = "✗" if budget_errors else "✓"
    balance = "équilibré" if plan.balanced else "déséquilibré"
    return Text(
        f"{mark} {format_eur(plan.expenses)} {balance}", style="red" if budget_errors else ""
    )


def _fund_cell(outcome: Outcome) -> Text:
    plan, grid = outcome.financing, outcome.grid
    if plan is None or grid is None or grid.financing.co_financing is None:
        return Text("—", style="dim")
    fund = grid.financing.co_financing.fund
    amount = plan.funds.get(fund, Decimal(0))
    share = format_percent(plan.public and amount / plan.public)
    return Text(f"{format_eur(amount)} = {share} de {format_eur(plan.public)}")


def score_table(run: Run, stage: str | None = None) -> Table:
    outcomes = run.ordered()
    stages: list[tuple[str, str]] = []
    for outcome in outcomes:
        for result in outcome.stages:
            if (stage is None or result.stage.id == stage) and result.stage.id not in dict(stages):
                stages.append((result.stage.id, result.stage.label))
    legend = " · ".join(f"{i} = {label}" for i, label in stages)
    table = Table(
        title="Classement des dossiers",
        caption=legend,
        title_justify="left",
        caption_justify="left",
    )
    table.add_column("Rang", justify="right", no_wrap=True)
    table.add_column("Dossier", no_wrap=True)
    table.add_column("Intitulé", max_width=34, no_wrap=True, overflow="ellipsis")
    for stage_id, _ in stages:
        table.add_column(stage_id, justify="right", no_wrap=True)
    table.add_column("Budget", no_wrap=True)
    table.add_column("Fonds / public", no_wrap=True)
    table.add_column("Autofin.", justify="right", no_wrap=True)
    table.add_column("Statut", no_wrap=True)
    for outcome in outcomes:
        label, colour = STATUS_LABEL[outcome.status], STATUS_COLOUR[outcome.status]
        by_id = {r.stage.id: r for r in outcome.stages}
        plan = outcome.financing
        table.add_row(
            str(outcome.rank) if outcome.rank else "—",
            Text(outcome.dossier_id or outcome.path),
            Text(outcome.title or ""),
            *[_stage_cell(by_id[s]) if s in by_id else Text("—", style="dim") for s, _ in stages],
            _budget_cell(outcome),
            _fund_cell(outcome),
            format_percent(plan.self_financing_rate) if plan else "—",
            Text(label, style=colour),
        )
    return table


def print_reasons(console: Console, run: Run, stage: str | None = None) -> None:
    """Below the table: why a dossier is not selected, and what a partly scored stage misses."""
    for outcome in run.ordered():
        if outcome.status is Status.REJECTED:
            for reason in outcome.reasons:  # the table is French, so are its notes
                line = f"{outcome.dossier_id} : non retenu — {reason.text('fr')}"
                console.print(Text(line), highlight=False)
        for result in outcome.stages:
            if result.scored and not result.complete and stage in (None, result.stage.id):
                missing = ", ".join(result.missing)
                line = f"{outcome.dossier_id or outcome.path}: {result.stage.id} partiel — à noter : {missing}"
                console.print(Text(line), highlight=False)


def budget_table(outcome: Outcome) -> list[Table]:
    """The financing plan: expense lines, resource lines with each funder's share, rule checks."""
    assert outcome.dossier is not None and outcome.financing is not None
    budget, plan, grid = outcome.dossier.budget, outcome.financing, outcome.grid
    expenses = Table(title=f"{outcome.dossier.dossier} — Dépenses", title_justify="left")
    expenses.add_column("Poste")
    expenses.add_column("Montant", justify="right")
    for expense in budget.expenses:
        expenses.add_row(
            Text(expense.label),
            format_eur(expense.amount) if expense.amount.is_finite() else str(expense.amount),
        )
    expenses.add_row(Text("TOTAL", style="bold"), Text(format_eur(plan.expenses), style="bold"))

    resources = Table(title="Ressources", title_justify="left")
    resources.add_column("Financeur")
    resources.add_column("Nature")
    resources.add_column("Montant", justify="right")
    resources.add_column("Part", justify="right")
    kinds = {"eu": "Europe", "public": "public", "private": "privé", "self": "autofinancement"}
    for funder_id, amount in plan.funds.items():
        funder = grid.financing.funders.get(funder_id) if grid else None
        resources.add_row(
            Text(funder.label if funder else funder_id),
            kinds.get(funder.kind, "") if funder else "inconnu",
            format_eur(amount),
            format_percent(plan.share(funder_id), 2),
        )
    resources.add_row(
        Text("TOTAL", style="bold"), "", Text(format_eur(plan.resources), style="bold"), ""
    )

    checks = Table(title="Règles du programme", title_justify="left")
    checks.add_column("Règle")
    checks.add_column("Valeur", justify="right")
    checks.add_column("")
    failing = {d.code for d in outcome.diagnostics.errors}
    for code, label, value in _check_rows(budget, plan, grid.financing if grid else Financing()):
        ok = code not in failing
        checks.add_row(label, value, Text("✓" if ok else "✗", style="green" if ok else "red"))
    return [expenses, resources, checks]


def _check_rows(
    budget: Budget, plan: FinancingPlan, financing: Financing
) -> list[tuple[str, str, str]]:
    """(code, label, value) of each programme rule that applies (`rules.budget.applicable`)."""
    rows = []
    for code in applicable(budget, financing):
        if code == "budget.empty":
            rows.append(
                (
                    code,
                    "Lignes de dépenses / ressources",
                    f"{len(budget.expenses)} / {len(budget.resources)}",
                )
            )
        elif code == "budget.amount":
            rows.append((code, "Montants (positifs, au centime)", ""))
        elif code == "budget.unbalanced":
            rows.append(
                (
                    code,
                    "Équilibre dépenses / ressources",
                    f"{format_eur(plan.expenses)} / {format_eur(plan.resources)}",
                )
            )
        elif code == "budget.total_mismatch" and budget.total is not None:
            rows.append((code, "Total déclaré", format_eur(budget.total)))
        elif code == "budget.unknown_funder":
            rows.append((code, "Financeurs de la grille", ""))
        elif code == "budget.cofinancing" and financing.co_financing:
            rule = financing.co_financing
            amount = plan.funds.get(rule.fund, Decimal(0))
            label = f"{rule.fund.upper()} = {format_percent(rule.rate_of_public)} du public"
            rows.append((code, label, f"{format_eur(amount)} / {format_eur(plan.public)}"))
        elif code == "budget.public_rate" and financing.max_public_rate is not None:
            rate = financing.max_public_rate
            rows.append(
                (
                    code,
                    f"Aide publique ≤ {format_percent(rate)}",
                    _rate(plan.public, plan.expenses, rate),
                )
            )
        elif code == "budget.self_financing" and financing.min_self_financing is not None:
            rate = financing.min_self_financing
            rows.append(
                (
                    code,
                    f"Autofinancement ≥ {format_percent(rate)}",
                    _rate(plan.self_financing, plan.expenses, rate),
                )
            )
        elif code == "budget.fund_limit":
            for fund, limit in financing.fund_limits.items():
                bounds = " – ".join(
                    format_eur(b) if b is not None else "…" for b in (limit.min, limit.max)
                )
                label = f"{financing.funder_label(fund)} entre {bounds}"
                rows.append((code, label, format_eur(plan.funds.get(fund, Decimal(0)))))
    return rows


def _rate(part: Decimal, whole: Decimal, bound: Decimal | None) -> str:
    if not whole:
        return "—"
    if bound is None:
        return format_percent(part / whole)
    return percent_beside(part, whole, bound)


def grid_tables(grid: Grid) -> list[Table]:
    tables = []
    for axis in grid.axes:
        table = Table(
            title=f"{axis.label} ({axis.id}) — max {format_number(grid.axis_max(axis))}",
            title_justify="left",
            show_lines=True,
        )
        table.add_column("Phase" if grid.phases else "Cellule")
        table.add_column("Critères")
        table.add_column("Objectif")
        table.add_column("Points", justify="right")
        for cell_id in grid.cell_ids(axis):
            cell = axis.cells[cell_id]
            points = format_number(grid.cell_points(axis, cell_id))
            if cell.weight != 1:
                points += f" × {format_number(cell.weight)}"
            label = grid.phase_label(cell_id)
            table.add_row(
                Text(label if label == cell_id else f"{label} ({cell_id})"),
                Text("\n".join(f"• {c}" for c in cell.criteria)),
                Text(cell.objective or ""),
                points,
            )
        tables.append(table)
    if grid.bonus:
        bonus = Table(title="Bonus", title_justify="left")
        bonus.add_column("Bonus")
        bonus.add_column("Points", justify="right")
        for item in grid.bonus:
            bonus.add_row(Text(f"{item.label} ({item.id})"), format_number(grid.bonus_points(item)))
        tables.append(bonus)
    return tables


def grid_summary(loaded: LoadedGrid, grid: Grid) -> str:
    stages = ", ".join(f"{s.label} ({s.id})" for s in grid.stages)
    lines = [
        f"{grid.title} — {grid.grid} ({loaded.display})",
        f"Étapes de notation : {stages}",
        f"Note maximale : {format_number(grid.maximum())}",
    ]
    if grid.selection.min_total is not None:
        lines.append(f"Seuil de sélection : {format_number(grid.selection.min_total)}")
    return "\n".join(lines)


def plan_summary(outcome: Outcome) -> str:
    """One line of totals; each rate shown with the decimals its bound needs (24,9999 %)."""
    assert outcome.financing is not None
    plan = outcome.financing
    financing = outcome.grid.financing if outcome.grid else Financing()
    public = _rate(plan.public, plan.expenses, financing.max_public_rate)
    own = _rate(plan.self_financing, plan.expenses, financing.min_self_financing)
    return (
        f"Dépenses {format_eur(plan.expenses)} · ressources {format_eur(plan.resources)} · "
        f"public {format_eur(plan.public)} ({public}) · "
        f"autofinancement {format_eur(plan.self_financing)} ({own})"
    )
