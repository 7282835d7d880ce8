"""One dossier's sheet in the workbook, laid out like the fiche: identity, the grid with one
score column per stage, the budget with each funder's share, the rule checks, the problems.

Subtotals, totals, shares and rates are formulas; the "final" column picks, live, the last stage
whose scores are all entered, which is grantgrid's final stage.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from grantgrid.evaluation import Outcome
from grantgrid.models.grid import Slot
from grantgrid.outputs.workbook.budget import BudgetBlock
from grantgrid.outputs.workbook.panel import blocks_of
from grantgrid.outputs.workbook.sheet import HEADING, LEFT, WRAP, Links, Sheet, cached
from grantgrid.outputs.workbook.text import write_number
from grantgrid.scoring import Status

# Columns of the grid table.
AXIS, PHASE, CRITERIA, OBJECTIVE, ANSWER, POINTS = range(1, 7)


class DossierSheet(BudgetBlock):
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
        # An individual stage's cells are its members' aggregate, from its block below.
        blocks = blocks_of(results, grid, stage_row + 2)

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
        slot_number = 0  # the slot's index in grid order: its row in each block
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
                    value = result.cells[(group_id, cell_id)]
                    if index in blocks:
                        formula = blocks[index].aggregate(slot_number)
                        if formula is not None:
                            s.formula(row, first_stage + index, formula, cached(value))
                        continue
                    note = write_number(s.at(row, first_stage + index), value)
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
                slot_number += 1
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
        for block in blocks.values():
            block.write(s, w)
            self.row = block.top + block.height

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
