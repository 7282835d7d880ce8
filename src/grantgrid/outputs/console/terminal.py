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

from grantgrid.committee.views import decision_state
from grantgrid.evaluation import Outcome, Run
from grantgrid.grids import LoadedGrid
from grantgrid.models.grid import Financing, Grid
from grantgrid.money import format_eur, format_number, format_percent, percent_beside
from grantgrid.outputs.console.plain import STATUS_LABEL
from grantgrid.outputs.views.budget import BudgetView
from grantgrid.scoring import StageResult, Status
from grantgrid.words import terms

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
    ok = outcome.budget_ok
    balance = "équilibré" if plan.balanced else "déséquilibré"
    return Text(
        f"{'✓' if ok else '✗'} {format_eur(plan.expenses)} {balance}", style="" if ok else "red"
    )


def _fund_cell(outcome: Outcome) -> Text:
    plan = outcome.financing
    if plan is None or plan.cofinancing_fund is None:
        return Text("—", style="dim")
    amount = plan.fund(plan.cofinancing_fund)
    share = format_percent(plan.share_of_public(plan.cofinancing_fund))
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
    committee = run.programme.committee
    if committee is not None:
        table.add_column("Décision", no_wrap=True)
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
            *(
                [Text(decision_state(committee, outcome.dossier_id or "", "fr"))]
                if committee is not None
                else []
            ),
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


def budget_table(view: BudgetView, dossier_id: str) -> list[Table]:
    """The financing plan: expense lines, resource lines with each funder's share, rule checks."""
    plan = view.plan
    expenses = (
        _detailed_expenses(view, dossier_id)
        if view.detailed
        else Table(title=f"{dossier_id} — Dépenses", title_justify="left")
    )
    if not view.detailed:
        expenses.add_column("Poste")
        expenses.add_column("Montant", justify="right")
        for expense in view.expenses:
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
    for funder_id, amount in plan.funds.items():
        resources.add_row(
            Text(view.funder_label(funder_id)),
            terms.KIND[plan.kinds.get(funder_id, "unknown")].fr,
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
    for row in view.checks:
        mark = Text("✓" if row.ok else "✗", style="green" if row.ok else "red")
        checks.add_row(Text(row.label("fr")), Text(row.shows("fr")), mark)
    return [expenses, resources, checks]


def _detailed_expenses(view: BudgetView, dossier_id: str) -> Table:
    """Lines with VAT, categories or a flat rate: HT, VAT, cost and eligible cost."""
    plan = view.plan
    table = Table(title=f"{dossier_id} — Dépenses", title_justify="left")
    table.add_column("Poste", ratio=1, min_width=12)
    for heading in ("HT", "TVA", "Coût", "Éligible"):
        table.add_column(heading, justify="right", no_wrap=True)
    for line in view.expenses:
        notes = [line.category_label] if line.category_label else []
        notes += ["forfait calculé"] * line.flat + ["inéligible"] * (not line.eligible)
        label = Text(line.label)
        if notes:
            label.append(f" ({', '.join(n for n in notes if n)})", style="dim")
        vat = format_eur(line.vat) if line.vat else "—"
        if line.vat and not line.vat_cost:
            vat += " récup."
        table.add_row(
            label,
            format_eur(line.amount),
            vat,
            format_eur(line.cost),
            format_eur(line.eligible_cost),
        )
    table.add_row(
        *(
            Text(text, style="bold")
            for text in (
                "TOTAL",
                format_eur(plan.amount_ht),
                format_eur(plan.vat),
                format_eur(plan.expenses),
                format_eur(plan.eligible),
            )
        )
    )
    return table


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


def plan_summary(view: BudgetView, financing: Financing) -> str:
    """One line of totals; each rate shown with the decimals its bound needs (24,9999 %)."""
    plan = view.plan
    public = _rate(plan.public, plan.eligible, financing.max_public_rate)
    own = _rate(plan.self_financing, plan.eligible, financing.min_self_financing)
    eligible = f" · coût éligible {format_eur(plan.eligible)}" if view.detailed else ""
    return (
        f"Dépenses {format_eur(plan.expenses)}{eligible} · ressources "
        f"{format_eur(plan.resources)} · public {format_eur(plan.public)} ({public}) · "
        f"autofinancement {format_eur(plan.self_financing)} ({own})"
    )
