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
from grantgrid.money import format_number
from grantgrid.outputs.workbook.budget import BudgetBlock
from grantgrid.outputs.workbook.panel import blocks_of
from grantgrid.outputs.workbook.sheet import (
    HEADING,
    LEFT,
    WRAP,
    Links,
    Sheet,
    cached,
    header_width,
)
from grantgrid.outputs.workbook.text import write_number
from grantgrid.scoring import Status

# Columns of the grid table.
AXIS, PHASE, CRITERIA, OBJECTIVE, ANSWER, POINTS = range(1, 7)


def weighted_format(weight: Decimal, lang: str) -> str:
    """The number format of a weighted note: 3 shows as `3 × 2 =`, beside its points (6).

    The coefficient is the format's literal text, so an edited note keeps showing it; an
    empty cell shows nothing.
    """
    factor = format_number(weight, lang)
    return f'General" × {factor} ="'


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
        self.widths: list[float] = [13, 13]
        """Widths of the columns from F on: the grid's numbers, the budget's amounts."""
        self.editable: list[tuple[str, str, str, str]] = []
        """(stage id, axis id or "bonus", cell id, coordinate) of every note cell to type into
        (`readback`, the hidden index `collect` reads back)."""

    def write(self) -> Links:
        self._verdict()
        header = None
        if self.outcome.dossier is not None and self.outcome.grid is not None:
            header = self._grid()
        if self.outcome.dossier is not None:
            self._budget()
        self._identity()
        self._problems()
        self.s.widths([30, 20, 38, 32, 60, *self.widths])
        # The grid's header stays in sight while scrolling its rows, and heads every printed
        # page: which column is which stage is never a guess.
        self.s.print_setup(f"{header}:{header}" if header else None)
        if header:
            self.s.ws.freeze_panes = f"A{header + 1}"
        return self.links

    def _verdict(self) -> None:
        """The heading, then what the committee reads first: applicant, status, rank,
        reasons. Kept short: the rows above the grid stay frozen on screen."""
        o, w, s = self.outcome, self.w, self.s
        d = o.dossier
        s.text(1, 1, " — ".join(t for t in (o.dossier_id or o.path, o.title) if t), bold=True)
        s.at(1, 1).font = HEADING
        self.row = self._fields(
            3,
            [
                (w["applicant"], d.applicant.name if d else None),
                (w["status_export"], self.status[o.status]),
                (w["rank_export"], o.rank),
                (w["reasons_export"], "\n".join(r.text(self.lang) for r in o.reasons) or None),
            ],
        )

    def _identity(self) -> None:
        o, w, s = self.outcome, self.w, self.s
        d = o.dossier
        period = f"{d.period.start}–{d.period.end}" if d and d.period else None
        grid = f"{o.grid.grid} — {o.grid.title}" if o.grid else None
        s.text(self.row, 1, w["identity"], bold=True)
        self.row = self._fields(
            self.row + 1,
            [
                (w["dossier"], o.dossier_id),
                (w["title"], o.title),
                (w["address"], d.applicant.address if d else None),
                (w["legal_status"], d.applicant.status if d else None),
                (w["fiche_action"], d.fiche_action if d else None),
                (w["period"], period),
                (w["grid"], grid),
                (w["file"], o.path),
                (w["remarks"], d.remarks if d else None),
            ],
        )

    def _fields(self, row: int, rows: list[tuple[str, str | int | None]]) -> int:
        """Label / value rows from `row`, empty values left out; the next free row after a
        blank one."""
        s = self.s
        for label, value in rows:
            if value:
                s.text(row, 1, label, bold=True)
                if isinstance(value, int):  # the rank: a number, not "1" stored as text
                    write_number(s.at(row, 2), Decimal(value)).alignment = LEFT
                else:
                    s.text(row, 2, value)
                row += 1
        return row + 1

    def _grid(self) -> int:
        """The grid table; returns its header row.

        In a weighted grid each stage has two columns: the note typed in (shown `3 × 2 =`)
        and the points it gives (6), which the subtotals add up.
        """
        o, w, s = self.outcome, self.w, self.s
        assert o.grid is not None and o.dossier is not None
        grid, results = o.grid, o.stages
        weighted = any(c.weight != 1 for a in grid.axes for c in a.cells.values())
        span = 2 if weighted else 1
        first_stage = POINTS + 1 + weighted
        final_col = first_stage + span * len(results)
        note_cols = [get_column_letter(first_stage + span * i) for i in range(len(results))]
        # The columns subtotals add up: the points columns of a weighted grid, else the notes.
        stage_cols = [
            get_column_letter(first_stage + span * i + weighted) for i in range(len(results))
        ]
        weight_col = get_column_letter(POINTS + 1)
        points_col = get_column_letter(POINTS)
        # F and G also hold the budget's VAT and eligible cost: wide enough for an amount.
        self.widths = [13.0] + [13.0] * weighted + [13.0, 9.0][:span] * len(results) + [12.0]

        header = self.row
        # Without phases, a row is one of the axis' own cells, shown by its label.
        cell_header = w["phase"] if grid.phases else w["grid_cell"]
        columns = [w["axis"], cell_header, w["criteria"], w["objective"], w["answer"], w["points"]]
        columns += [w["weight"]] if weighted else []
        for result in results:
            columns += [result.stage.label, w["weighted"]][:span]
        s.header(header, [*columns, w["final"]])
        # Every header word whole ("d'instruction" is not cut in two).
        labels = [*columns[POINTS - 1 :], w["final"]]
        self.widths = [
            max(width, header_width(label))
            for width, label in zip(self.widths, labels, strict=True)
        ]
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
            for column, cell in zip(note_cols, cells, strict=True):
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
        stepped: dict[tuple[int, Decimal], list[int]] = {}  # (column, points) → rows
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
                    column = first_stage + span * index
                    if index in blocks:  # the members' aggregate, a formula: never typed into
                        coordinate = f"{get_column_letter(column)}{row}"
                        formula = blocks[index].aggregate(slot_number)
                        if formula is not None:
                            s.formula(row, column, formula, cached(value))
                    else:
                        note = write_number(s.at(row, column), value)
                        if not _whole(points, grid.step):
                            stepped.setdefault((column, points), []).append(row)
                        else:
                            if points not in validations:
                                validations[points] = self._validation(points)
                            validations[points].add(note.coordinate)
                        self.editable.append((result.stage.id, group_id, cell_id, note.coordinate))
                        coordinate = note.coordinate
                    if weighted:
                        s.at(row, column).number_format = weighted_format(weight, self.lang)
                        s.formula(
                            row,
                            column + 1,
                            f'IF({coordinate}="","",{coordinate}*${weight_col}{row})',
                            cached(value * weight if value is not None else None),
                        )
                chosen = final.cells[(group_id, cell_id)] if final else None
                s.formula(
                    row,
                    final_col,
                    pick([f"{c}{row}" for c in stage_cols]),
                    cached(chosen * weight if chosen is not None else None),
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
                if weighted and column == points_col:
                    weights = f"${weight_col}{top}:${weight_col}{bottom}"
                    return f"SUMPRODUCT({cells},{weights})"
                return f"SUM({cells})"

            maximum = sum((slot.maximum for slot in cells), Decimal(0))
            s.formula(row, POINTS, total(points_col), cached(maximum))
            for index, (note_col, column, result) in enumerate(
                zip(note_cols, stage_cols, results, strict=True)
            ):
                value = result.bonus if group_id == "bonus" else result.axes[group_id]
                rng = f"{note_col}{top}:{note_col}{bottom}"
                s.formula(
                    row,
                    first_stage + span * index + weighted,
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
                first_stage + span * index + weighted,
                f'IF(COUNT({parts})=0,"",SUM({parts}))',
                cached(result.total),
            )
        final_total = cached(final.total if final else None)
        coordinate = s.formula(row, final_col, pick([f"{c}{row}" for c in stage_cols]), final_total)
        self.links.put(s, "total", coordinate, final_total)
        s.shade(row, final_col)

        s.text(missing_row, AXIS, w["missing"])
        count = len(slots)
        for index, (column, result) in enumerate(zip(note_cols, results, strict=True)):
            ranges = ",".join(r for r in note_ranges if r.startswith(column))
            s.formula(
                missing_row,
                first_stage + span * index,
                f"{count}-COUNT({ranges})",
                len(result.missing),
            )

        s.text(stage_row, AXIS, w["stage"])
        label = final.stage.label if final else ""
        coordinate = s.formula(
            stage_row, final_col, pick([f"{c}${header}" for c in note_cols]), label
        )
        self.links.put(s, "stage", coordinate, label)
        s.at(stage_row, final_col).alignment = WRAP
        for dv in validations.values():
            s.ws.add_data_validation(dv)
        for (note_column, points), note_rows in stepped.items():
            for top, bottom in _runs(note_rows):
                dv = self._stepped(points, grid.step, note_column, top, bottom)
                s.ws.add_data_validation(dv)
        self.row = stage_row + 2
        for block in blocks.values():
            block.write(s, w)
            self.row = block.top + block.height
        return header

    def _validation(self, points: Decimal) -> DataValidation:
        return note_validation(points, self.w, self.lang)

    def _stepped(
        self, points: Decimal, step: Decimal, column: int, top: int, bottom: int
    ) -> DataValidation:
        return stepped_validation(points, step, column, top, bottom, self.w, self.lang)

    def _problems(self) -> None:
        w, s = self.w, self.s
        diagnostics = self.outcome.diagnostics.sorted()
        if not diagnostics:
            return
        row = self.row
        s.text(row, 1, w["problems"], bold=True)
        s.header(row + 1, [w["severity"], w["code"], w["position"], w["message"]])
        for line, diagnostic in enumerate(diagnostics, start=row + 2):
            s.text(line, 1, w[f"severity_{diagnostic.severity.value}"])
            s.text(line, 2, diagnostic.code)
            where = diagnostic.position
            s.text(line, 3, f"{where.line}:{where.column}" if where else None)
            s.text(line, 4, diagnostic.message_in(self.lang)).alignment = WRAP
        self.row = row + 2 + len(diagnostics) + 1


def _whole(points: Decimal, step: Decimal) -> bool:
    return step == 1 and points == points.to_integral_value()


def _shown(number: str, lang: str) -> str:
    return number.replace(".", ",") if lang == "fr" else number


def note_validation(points: Decimal, w: dict[str, str], lang: str) -> DataValidation:
    """A whole number from 0 to the cell's points (the grid's step is 1). Also the members'
    workbooks' (`sheets`): one rule for every cell typed into."""
    maximum = _spelled(points)
    return DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2=maximum,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=w["score"],
        error=w["score_range"].format(maximum=_shown(maximum, lang)),
    )


def stepped_validation(
    points: Decimal,
    step: Decimal,
    column: int,
    top: int,
    bottom: int,
    w: dict[str, str],
    lang: str,
) -> DataValidation:
    """A number from 0 to the points, a multiple of the grid's step: a custom rule, as no
    built-in type says "multiple of". Its formula names the run's first cell and Excel and
    LibreOffice shift it for the cells below, so a rule covers one run of one column. The
    step's multiples are compared with a tolerance, as a double holds 0.1 inexactly."""
    maximum, every = _spelled(points), _spelled(step)
    first = f"{get_column_letter(column)}{top}"
    ratio = f"{first}/{every}"
    dv = DataValidation(
        type="custom",
        formula1=f"AND(ISNUMBER({first}),{first}>=0,{first}<={maximum},"
        f"ABS({ratio}-ROUND({ratio},0))<0.000001)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=w["score"],
        error=w["score_step"].format(maximum=_shown(maximum, lang), step=_shown(every, lang)),
    )
    dv.add(first if top == bottom else f"{first}:{get_column_letter(column)}{bottom}")
    return dv


def add_validations(
    sheet: Sheet,
    column: int,
    notes: list[tuple[int, Decimal]],
    step: Decimal,
    w: dict[str, str],
    lang: str,
) -> None:
    """The data validation of the note cells `(row, points)` of one column."""
    whole: dict[Decimal, DataValidation] = {}
    stepped: dict[Decimal, list[int]] = {}
    for row, points in notes:
        if _whole(points, step):
            if points not in whole:
                whole[points] = note_validation(points, w, lang)
            whole[points].add(f"{get_column_letter(column)}{row}")
        else:
            stepped.setdefault(points, []).append(row)
    for dv in whole.values():
        sheet.ws.add_data_validation(dv)
    for points, rows in stepped.items():
        for top, bottom in _runs(rows):
            sheet.ws.add_data_validation(
                stepped_validation(points, step, column, top, bottom, w, lang)
            )


def _spelled(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive rows as (first, last) pairs: `[12, 13, 14, 16]` → `[(12, 14), (16, 16)]`."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
