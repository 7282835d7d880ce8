"""One dossier's sheet in the workbook, laid out like the fiche: identity, the grid with one
score column per stage, the budget with each funder's share, the rule checks, the problems.

Subtotals, totals, shares and rates are formulas; the "final" column picks, live, the last stage
whose scores are all entered, which is grantgrid's final stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from grantgrid.evaluation import Outcome
from grantgrid.financing import PUBLIC_KINDS, FinancingPlan, FlatRateFigure, LineCost
from grantgrid.financing import plan as plan_of
from grantgrid.models.grid import Financing, Slot
from grantgrid.money import format_eur, quotient
from grantgrid.outputs.views.budget import BudgetView, CheckRow, budget_view
from grantgrid.outputs.workbook.package import CachedValue
from grantgrid.outputs.workbook.sheet import HEADING, LEFT, WRAP, Links, Sheet, cached
from grantgrid.outputs.workbook.text import EUR_FORMAT, PERCENT_FORMAT, write_amount, write_number
from grantgrid.scoring import Status
from grantgrid.words import render_value


@dataclass(frozen=True)
class _Rows:
    """Where the budget's totals are on the sheet, for the check rows' formulas."""

    expenses: int
    resources: int
    public: int
    funds: dict[str, int]
    eligible: str = ""
    """The eligible cost's cell (`G12`; the total cost's `C12` in a plain budget)."""
    lines: tuple[int, ...] = ()
    """The row of each expense line."""


def _flat_maximum(figure: FlatRateFigure, plan: FinancingPlan, rows: tuple[int, ...]) -> str:
    """ROUND(rate × Σ eligible costs of the base lines, 2): Excel's ROUND rounds halves away
    from zero, half-up for these positive amounts."""
    base = [f"G{rows[i]}" for i, line in enumerate(plan.lines) if line.category in figure.of]
    if not base:
        return "0"
    return f"ROUND({format(figure.rate.normalize(), 'f')}*({'+'.join(base)}),2)"


def check_plan(outcome: Outcome) -> FinancingPlan:
    assert outcome.financing is not None
    return outcome.financing


def cached_share(share: Decimal | None) -> CachedValue:
    """What a share formula evaluates to: the exact share, or "" where there is no base."""
    return float(share) if share is not None else ""


# Columns of the grid table.
AXIS, PHASE, CRITERIA, OBJECTIVE, ANSWER, POINTS = range(1, 7)


class DossierSheet:
    def __init__(
        self,
        sheet: Sheet,
        outcome: Outcome,
        words: dict[str, str],
        status: dict[Status, str],
        lang: str,
    ) -> None:
        self.s = sheet
        self.outcome = outcome
        self.w = words
        self.lang = lang
        self.status = status
        self.links = Links()
        self.row = 1
        self.editable: list[tuple[str, str, str, str]] = []
        """(stage id, axis id or "bonus", cell id, coordinate) of every note cell to type into
        (`readback`, the hidden index `collect` reads back)."""

    def write(self) -> Links:
        self._identity()
        if self.outcome.dossier is not None and self.outcome.grid is not None:
            self._grid()
        if self.outcome.dossier is not None:
            self._budget()
        self._problems()
        self.s.widths([30, 20, 38, 32, 60, 9, 12, 12, 12, 12])
        self.s.print_setup()
        return self.links

    def _identity(self) -> None:
        o, w, s = self.outcome, self.w, self.s
        d = o.dossier
        s.text(1, 1, " — ".join(t for t in (o.dossier_id or o.path, o.title) if t), bold=True)
        s.at(1, 1).font = HEADING
        period = f"{d.period.start}–{d.period.end}" if d and d.period else None
        grid = f"{o.grid.grid} — {o.grid.title}" if o.grid else None
        rows: list[tuple[str, str | int | None]] = [
            (w["dossier"], o.dossier_id),
            (w["title"], o.title),
            (w["applicant"], d.applicant.name if d else None),
            (w["address"], d.applicant.address if d else None),
            (w["legal_status"], d.applicant.status if d else None),
            (w["fiche_action"], d.fiche_action if d else None),
            (w["period"], period),
            (w["grid"], grid),
            (w["file"], o.path),
            (w["status_export"], self.status[o.status]),
            (w["rank_export"], o.rank),
            (w["reasons_export"], "\n".join(r.text(self.lang) for r in o.reasons) or None),
            (w["remarks"], d.remarks if d else None),
        ]
        row = 3
        for label, value in rows:
            if value:
                s.text(row, 1, label, bold=True)
                if isinstance(value, int):  # the rank: a number, not "1" stored as text
                    write_number(s.at(row, 2), Decimal(value)).alignment = LEFT
                else:
                    s.text(row, 2, value)
                row += 1
        self.row = row + 1

    def _grid(self) -> None:
        o, w, s = self.outcome, self.w, self.s
        assert o.grid is not None and o.dossier is not None
        grid, results = o.grid, o.stages
        weighted = any(c.weight != 1 for a in grid.axes for c in a.cells.values())
        first_stage = POINTS + 1 + weighted
        final_col = first_stage + len(results)
        stage_cols = [get_column_letter(first_stage + i) for i in range(len(results))]
        weight_col = get_column_letter(POINTS + 1)
        points_col = get_column_letter(POINTS)

        header = self.row
        # Without phases, a row is one of the axis' own cells, shown by its id.
        cell_header = w["phase"] if grid.phases else w["grid_cell"]
        columns = [w["axis"], cell_header, w["criteria"], w["objective"], w["answer"], w["points"]]
        columns += [w["weight"]] if weighted else []
        s.header(header, [*columns, *(r.stage.label for r in results), w["final"]])
        # Rows are counted first: the final column refers to the "missing" row below.
        slots = grid.slots()
        rows = len(slots) + len({slot.group for slot in slots})  # a subtotal row per group
        total_row = header + rows + 1
        missing_row = total_row + 1
        stage_row = missing_row + 1

        def pick(cells: list[str]) -> str:
            """The cell of the last stage with nothing missing, as the final stage is chosen."""
            expression = '""'
            for column, cell in zip(stage_cols, cells, strict=True):
                expression = f"IF({column}${missing_row}=0,{cell},{expression})"
            return expression

        final = o.final
        subtotals: list[int] = []
        note_ranges: list[str] = []
        row = header + 1
        groups: dict[str, list[Slot]] = {}
        for slot in slots:
            groups.setdefault(slot.group, []).append(slot)
        validations: dict[Decimal, DataValidation] = {}
        for group_id, cells in groups.items():
            axis = cells[0].axis
            group_label = axis.label if axis else w["bonus"]
            top = row
            for slot in cells:
                cell_id, points, weight = slot.id, slot.points, slot.weight
                s.text(row, AXIS, group_label)
                s.text(row, PHASE, slot.label)
                if axis is not None:
                    spec = axis.cells[cell_id]
                    s.text(row, CRITERIA, "\n".join(f"• {c}" for c in spec.criteria))
                    s.text(row, OBJECTIVE, spec.objective)
                    s.text(row, ANSWER, o.dossier.answers.get(group_id, {}).get(cell_id))
                write_number(s.at(row, POINTS), points)
                if weighted:
                    write_number(s.at(row, POINTS + 1), weight)
                for index, result in enumerate(results):
                    note = write_number(
                        s.at(row, first_stage + index), result.cells[(group_id, cell_id)]
                    )
                    if points not in validations:
                        validations[points] = self._validation(points, grid.step)
                    validations[points].add(note.coordinate)
                    self.editable.append((result.stage.id, group_id, cell_id, note.coordinate))
                s.formula(
                    row,
                    final_col,
                    pick([f"{c}{row}" for c in stage_cols]),
                    cached(final.cells[(group_id, cell_id)] if final else None),
                )
                for column in (AXIS, PHASE, CRITERIA, OBJECTIVE, ANSWER):
                    s.at(row, column).alignment = WRAP
                row += 1
            bottom = row - 1
            s.text(row, AXIS, group_label).alignment = WRAP
            s.text(row, PHASE, w["subtotal"])

            def total(column: str, top: int = top, bottom: int = bottom) -> str:
                cells = f"{column}{top}:{column}{bottom}"
                if weighted:
                    weights = f"${weight_col}{top}:${weight_col}{bottom}"
                    return f"SUMPRODUCT({cells},{weights})"
                return f"SUM({cells})"

            maximum = sum((slot.maximum for slot in cells), Decimal(0))
            s.formula(row, POINTS, total(points_col), cached(maximum))
            for index, (column, result) in enumerate(zip(stage_cols, results, strict=True)):
                value = result.bonus if group_id == "bonus" else result.axes[group_id]
                rng = f"{column}{top}:{column}{bottom}"
                s.formula(
                    row,
                    first_stage + index,
                    f'IF(COUNT({rng})=0,"",{total(column)})',
                    cached(value),
                )
                note_ranges.append(rng)
            value = (
                (final.bonus if group_id == "bonus" else final.axes[group_id]) if final else None
            )
            coordinate = s.formula(
                row, final_col, pick([f"{c}{row}" for c in stage_cols]), cached(value)
            )
            self.links.put(s, group_id, coordinate, cached(value))
            s.shade(row, final_col)
            subtotals.append(row)
            row += 1

        assert row == total_row
        s.text(row, AXIS, w["total"])
        s.formula(
            row,
            POINTS,
            "SUM(" + ",".join(f"{points_col}{r}" for r in subtotals) + ")",
            cached(grid.maximum()),
        )
        self.links.put(s, "maximum", f"{points_col}{row}", cached(grid.maximum()))
        for index, (column, result) in enumerate(zip(stage_cols, results, strict=True)):
            parts = ",".join(f"{column}{r}" for r in subtotals)
            s.formula(
                row,
                first_stage + index,
                f'IF(COUNT({parts})=0,"",SUM({parts}))',
                cached(result.total),
            )
        final_total = cached(final.total if final else None)
        coordinate = s.formula(row, final_col, pick([f"{c}{row}" for c in stage_cols]), final_total)
        self.links.put(s, "total", coordinate, final_total)
        s.shade(row, final_col)

        s.text(missing_row, AXIS, w["missing"])
        count = len(slots)
        for index, (column, result) in enumerate(zip(stage_cols, results, strict=True)):
            ranges = ",".join(r for r in note_ranges if r.startswith(column))
            s.formula(
                missing_row, first_stage + index, f"{count}-COUNT({ranges})", len(result.missing)
            )

        s.text(stage_row, AXIS, w["stage"])
        label = final.stage.label if final else ""
        coordinate = s.formula(
            stage_row, final_col, pick([f"{c}${header}" for c in stage_cols]), label
        )
        self.links.put(s, "stage", coordinate, label)
        for dv in validations.values():
            s.ws.add_data_validation(dv)
        self.row = stage_row + 2

    def _validation(self, points: Decimal, step: Decimal = Decimal(1)) -> DataValidation:
        """0 to the cell's points; whole numbers when the grid's step is 1 (a finer step is
        checked by `collect`, which reads the cell back)."""
        maximum = format(points.normalize(), "f")
        whole = step == 1 and points == points.to_integral_value()
        return DataValidation(
            type="whole" if whole else "decimal",
            operator="between",
            formula1="0",
            formula2=maximum,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=self.w["score"],
            error=f"0 – {maximum}" + ("" if whole else f" (pas {format(step.normalize(), 'f')})"),
        )

    def _budget(self) -> None:
        o, w, s = self.outcome, self.w, self.s
        assert o.dossier is not None
        budget, grid = o.dossier.budget, o.grid
        # Without a grid, funders have no kind: the plan of the lines alone, no rule rows.
        plan = o.financing or plan_of(
            budget,
            grid.financing if grid else Financing(),
            applicant=o.dossier.applicant,
            received=o.dossier.received,
        )
        row = self.row

        view = budget_view(o)
        detailed = view is not None and view.detailed
        s.text(row, 1, w["expenses"], bold=True)
        if detailed:
            labels = [
                w["line"],
                w["category"],
                w["line_cost"],
                w["share"],
                w["amount_ht"],
                w["vat"],
            ]
            s.header(row + 1, [*labels, w["eligible_cost"]])
        else:
            s.header(row + 1, [w["line"], w["category"], w["amount"], w["share"]])
        row += 2
        top = row
        for expense, line in zip(budget.expenses, plan.lines, strict=True):
            s.text(row, 1, expense.label).alignment = WRAP
            s.text(row, 2, expense.category)
            if detailed:
                self._cost_line(row, line)
            else:
                write_amount(s.at(row, 3), line.amount)
            row += 1
        expense_row = row
        line_rows = tuple(range(top, row))
        for at, share in zip(line_rows, plan.expense_shares, strict=True):
            s.formula(
                at,
                4,
                f'IF($C${expense_row}=0,"",C{at}/$C${expense_row})',
                cached_share(share),
                PERCENT_FORMAT,
            )
        s.text(row, 1, w["total"])
        self._sum(row, top, plan.expenses)
        s.shade(row, 7 if detailed else 4)
        self.links.put(s, "cost", f"C{row}", float(plan.expenses))
        eligible = f"C{expense_row}"
        if detailed:
            assert grid is not None
            self._flat_formulas(plan, grid.financing, line_rows)
            for column, total in ((5, plan.amount_ht), (6, plan.vat), (7, plan.eligible)):
                letter = get_column_letter(column)
                formula = f"SUM({letter}{top}:{letter}{row - 1})" if row > top else "0"
                s.formula(row, column, formula, float(total), EUR_FORMAT)
            eligible = f"G{expense_row}"
        base = f"${eligible[0]}${eligible[1:]}"

        row += 2
        s.text(row, 1, w["resources"], bold=True)
        s.header(row + 1, [w["funder"], w["kind"], w["amount"], w["share"]])
        row += 2
        top = row
        by_kind: dict[str, list[int]] = {}
        by_funder: dict[str, list[int]] = {}
        resource_row = top + len(budget.resources)
        for resource, share in zip(budget.resources, plan.resource_shares, strict=True):
            name = grid.financing.funder_label(resource.funder) if grid else resource.funder
            s.text(
                row, 1, f"{name} — {resource.label}" if resource.label else name
            ).alignment = WRAP
            kind = plan.kinds.get(resource.funder, "unknown")
            s.text(row, 2, w[f"kind_{kind}"])
            write_amount(s.at(row, 3), resource.amount)
            s.formula(
                row,
                4,
                f'IF($C${resource_row}=0,"",C{row}/$C${resource_row})',
                cached_share(share),
                PERCENT_FORMAT,
            )
            by_kind.setdefault(kind, []).append(row)
            by_funder.setdefault(resource.funder, []).append(row)
            row += 1
        s.text(row, 1, w["total"])
        self._sum(row, top, plan.resources)
        s.shade(row, 4)

        if grid is None:
            self.row = row + 2
            return
        row += 1
        public_row = row
        s.text(row, 1, w["public"])
        self._sum_of(row, [r for kind in PUBLIC_KINDS for r in by_kind.get(kind, [])], plan.public)
        s.formula(
            row,
            4,
            f'IF({base}=0,"",C{row}/{base})',
            cached_share(quotient(plan.public, plan.eligible)),
            PERCENT_FORMAT,
        )
        self.links.put(
            s, "public_rate", f"D{row}", cached_share(quotient(plan.public, plan.eligible))
        )
        row += 1
        s.text(row, 1, w["self"])
        self._sum_of(row, by_kind.get("self", []), plan.self_financing)
        own_rate = cached_share(quotient(plan.self_financing, plan.eligible))
        s.formula(row, 4, f'IF({base}=0,"",C{row}/{base})', own_rate, PERCENT_FORMAT)
        self.links.put(s, "self_rate", f"D{row}", own_rate)
        fund_rows: dict[str, int] = {}
        rule = grid.financing.co_financing
        funds = [rule.fund] if rule else []
        funds += [f for f in grid.financing.fund_limits if f not in funds]
        funds += [f for f in grid.financing.fund_rates if f not in funds]
        for fund in funds:
            row += 1
            s.text(row, 1, grid.financing.funder_label(fund))
            self._sum_of(row, by_funder.get(fund, []), plan.fund(fund))
            s.text(row, 2, w["fund_of_public"])
            s.formula(
                row,
                4,
                f'IF($C${public_row}=0,"",C{row}/$C${public_row})',
                cached_share(plan.share_of_public(fund)),
                PERCENT_FORMAT,
            )
            fund_rows[fund] = row
        if rule:
            self.links.put(s, "fund", f"C{fund_rows[rule.fund]}", float(plan.fund(rule.fund)))
        self.row = row + 2
        if view is not None:
            rows = _Rows(expense_row, resource_row, public_row, fund_rows, eligible, line_rows)
            self._checks(view, rows)

    def _cost_line(self, row: int, line: LineCost) -> None:
        """HT (E), VAT (F), cost = HT + non-recoverable VAT (C), eligible cost (G): live."""
        s = self.s
        write_amount(s.at(row, 5), line.amount)  # a flat rate's formula replaces it
        if line.vat:
            write_amount(s.at(row, 6), line.vat)
        s.formula(
            row, 3, f"E{row}+F{row}" if line.vat_cost else f"E{row}", float(line.cost), EUR_FORMAT
        )
        s.formula(
            row, 7, f"C{row}" if line.eligible else "0", float(line.eligible_cost), EUR_FORMAT
        )

    def _flat_formulas(
        self, plan: FinancingPlan, financing: Financing, rows: tuple[int, ...]
    ) -> None:
        """`amount: flat`: the line's HT is ROUND(rate × Σ eligible costs of its base, 2)."""
        for figure in plan.flat_rates:
            for i in figure.lines:
                if plan.lines[i].flat:
                    self.s.formula(
                        rows[i],
                        5,
                        _flat_maximum(figure, plan, rows),
                        float(plan.lines[i].amount),
                        EUR_FORMAT,
                    )

    def _sum(self, row: int, top: int, value: Decimal) -> None:
        formula = f"SUM(C{top}:C{row - 1})" if row > top else "0"
        self.s.formula(row, 3, formula, float(value), EUR_FORMAT)

    def _sum_of(self, row: int, rows: list[int], value: Decimal) -> None:
        formula = "SUM(" + ",".join(f"C{r}" for r in rows) + ")" if rows else "0"
        self.s.formula(row, 3, formula, float(value), EUR_FORMAT)

    def _checks(self, view: BudgetView, rows: _Rows) -> None:
        """One row per rule of the grid, as in every output; the value and the bound are live
        formulas on the budget above where the rule is about a figure of it."""
        w, s = self.w, self.s
        plan = view.plan
        assert self.outcome.grid is not None
        financing = self.outcome.grid.financing
        s.text(self.row, 1, w["checks"], bold=True)
        s.header(self.row + 1, [w["rule"], w["value"], w["bound"], w["verdict"]])
        row = self.row + 1
        for row, check in enumerate(view.checks, start=self.row + 2):
            s.text(row, 1, check.label(self.lang)).alignment = WRAP
            s.text(row, 4, w["ok"] if check.ok else w["not_ok"])
            code, measured = check.code, check.check
            if code == "budget.unbalanced":
                difference = float(plan.expenses - plan.resources)
                s.formula(row, 2, f"C{rows.expenses}-C{rows.resources}", difference, EUR_FORMAT)
                write_amount(s.at(row, 3), Decimal(0))
            elif code == "budget.total_mismatch" and view.declared_total is not None:
                write_amount(s.at(row, 2), view.declared_total)
                s.formula(row, 3, f"C{rows.expenses}", float(plan.expenses), EUR_FORMAT)
            elif code in ("budget.public_rate", "budget.self_financing"):
                public = code == "budget.public_rate"
                cell = f"D{rows.public}" if public else f"D{rows.public + 1}"
                # The exact share the cell it points to holds (the row's share is rounded).
                part = plan.public if public else plan.self_financing
                s.formula(row, 2, cell, cached_share(quotient(part, plan.eligible)), PERCENT_FORMAT)
                rate = financing.max_public_rate if public else financing.min_self_financing
                s.at(row, 3).value = float(rate) if rate is not None else None
                s.at(row, 3).number_format = PERCENT_FORMAT
            elif code == "budget.cofinancing" and view.cofinancing is not None:
                fund = view.cofinancing
                amount, expected = float(fund.amount), float(fund.expected or 0)
                s.formula(row, 2, f"C{rows.funds[fund.fund]}", amount, EUR_FORMAT)
                factor = format(fund.rate_of_public.normalize(), "f")
                # Excel's ROUND rounds halves away from zero: half-up for these positive amounts.
                s.formula(row, 3, f"ROUND({factor}*C{rows.public},2)", expected, EUR_FORMAT)
            elif code == "budget.fund_limit" and measured.subject in rows.funds:
                subject = measured.subject
                limit = financing.fund_limits[subject]
                amount = float(plan.fund(subject))
                s.formula(row, 2, f"C{rows.funds[subject]}", amount, EUR_FORMAT)
                bounds = (format_eur(b) if b is not None else "—" for b in (limit.min, limit.max))
                s.text(row, 3, " – ".join(bounds))
            elif self._programme_check(row, check, rows):
                pass
            else:  # a rule on lines (amounts, funders, at least one line): what it counted
                s.text(row, 2, check.shows(self.lang) or None)
        self.row = row + 2

    def _programme_check(self, row: int, check: CheckRow, rows: _Rows) -> bool:
        """The second layer's rows (SPEC-financing.md) as live formulas; False for others."""
        s, measured, plan = self.s, check.check, check_plan(self.outcome)
        code, subject = measured.code, measured.subject
        own, public = f"C{rows.public + 1}", f"C{rows.public}"
        if code == "budget.fund_rate" and subject in rows.funds:
            formula = f'IF({rows.eligible}=0,"",C{rows.funds[subject]}/{rows.eligible})'
            s.formula(row, 2, formula, cached_share(measured.share), PERCENT_FORMAT)
            terms = measured.terms
            s.text(
                row,
                3,
                f"{render_value(terms['min'], self.lang)} – {render_value(terms['max'], self.lang)}",
            )
        elif code == "budget.flat_rate" and subject is not None:
            figure = next(f for f in plan.flat_rates if f.category == subject)
            amounts = "+".join(f"E{rows.lines[i]}" for i in figure.lines)
            s.formula(
                row, 2, amounts, float(sum(plan.lines[i].amount for i in figure.lines)), EUR_FORMAT
            )
            s.formula(
                row, 3, _flat_maximum(figure, plan, rows.lines), float(figure.maximum), EUR_FORMAT
            )
        elif code == "budget.public_owner":
            total = f"({own}+{public})"
            formula = f'IF({total}=0,"",{own}/{total})'
            s.formula(row, 2, formula, cached_share(measured.share), PERCENT_FORMAT)
            assert self.outcome.grid is not None
            share = self.outcome.grid.financing.public_owner_share
            s.at(row, 3).value = float(share) if share is not None else None
            s.at(row, 3).number_format = PERCENT_FORMAT
        elif code == "budget.de_minimis":
            prior = format(plan.de_minimis_prior, "f")
            value = float(plan.de_minimis_prior + plan.public)
            s.formula(row, 2, f"{prior}+{public}", value, EUR_FORMAT)
            assert isinstance(measured.bound, Decimal)
            write_amount(s.at(row, 3), measured.bound)
        elif code == "budget.ineligible":
            formula = f"C{rows.expenses}-{rows.eligible}"
            s.formula(row, 2, formula, float(plan.ineligible), EUR_FORMAT)
        else:
            return False
        return True

    def _problems(self) -> None:
        w, s = self.w, self.s
        diagnostics = self.outcome.diagnostics.sorted()
        if not diagnostics:
            return
        row = self.row
        s.text(row, 1, w["problems"], bold=True)
        s.header(row + 1, [w["severity"], w["code"], w["position"], w["message"]])
        for line, diagnostic in enumerate(diagnostics, start=row + 2):
            s.text(line, 1, str(diagnostic.severity))
            s.text(line, 2, diagnostic.code)
            where = diagnostic.position
            s.text(line, 3, f"{where.line}:{where.column}" if where else None)
            s.text(line, 4, diagnostic.message_in(self.lang))
        self.row = row + 2 + len(diagnostics) + 1
