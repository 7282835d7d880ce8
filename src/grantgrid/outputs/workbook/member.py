"""A member's scoring workbook (`grantgrid sheets --stage ID`, SPEC-committee §3 and §7).

A first sheet says whose notes these are, at which stage, and which dossiers were left out for
a declared interest; then one sheet per dossier the member scores: each cell of the grid with
its criteria, objective and the applicant's answer beside the note cell to type into (empty,
or the note already in the member's notes file), with the export's data validation (0 to the
cell's points, in the grid's step). The hidden `_grantgrid` index is the committee workbook's
(`readback`), its row 1 naming the member, the stage and the notes file, so that `collect`
writes the notes into `notes/<stage>/<member>.yaml` and nowhere else. A4, like every sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.worksheet import Worksheet

from grantgrid.evaluation import Outcome
from grantgrid.models.grid import Stage
from grantgrid.money import format_number
from grantgrid.outputs.workbook.dossier import add_validations
from grantgrid.outputs.workbook.package import CachedValue, package
from grantgrid.outputs.workbook.readback import (
    INDEX_TITLE,
    IndexRow,
    MemberIndex,
    index_rows,
    write_index,
)
from grantgrid.outputs.workbook.sheet import HEADING, WRAP, Sheet, wrapped_lines
from grantgrid.outputs.workbook.text import SheetTitles, write_number
from grantgrid.words import of_person
from grantgrid.words.workbook import LABELS

# Columns of a dossier's table.
AXIS, CELL, CRITERIA, OBJECTIVE, ANSWER, POINTS, NOTE = range(1, 8)
HEADER_ROW = 5
TO_TYPE = PatternFill("solid", fgColor="FFF2CC")
"""The note cells, tinted: where the member types, on screen and on paper."""

Notes = dict[str, dict[str, dict[str, Decimal | None]]]
"""dossier → axis (or `bonus`) → cell → note: the member's notes file as it is."""


@dataclass(frozen=True)
class MemberSheets:
    """What one member's workbook holds."""

    stage: Stage
    member: str
    name: str
    dossiers: list[Outcome]
    left_out: list[str]
    notes: Notes
    index: MemberIndex


class _Builder:
    def __init__(self, spec: MemberSheets, root: Path | None, lang: str) -> None:
        self.spec, self.root, self.lang = spec, root, lang
        self.w = LABELS[lang]
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.workbook.calculation = CalcProperties(calcId=191029, fullCalcOnLoad=None)
        self.titles = SheetTitles()
        self.cache: dict[str, dict[str, CachedValue]] = {}
        self.sheets: list[Sheet] = []
        self.index: list[IndexRow] = []

    def sheet(self, wanted: str) -> Sheet:
        worksheet: Worksheet = self.workbook.create_sheet(self.titles.make(wanted))
        sheet = Sheet(worksheet, self.cache.setdefault(worksheet.title, {}))
        self.sheets.append(sheet)
        return sheet

    def heading(self) -> str:
        spec = self.spec
        return self.w["sheet_heading"].format(
            name=spec.name, of_name=of_person(spec.name), member=spec.member, stage=spec.stage.label
        )

    def rule(self, step: Decimal | None) -> str:
        shown = (
            self.w["sheet_step"].format(step=format_number(step, self.lang))
            if step is not None and step != 1
            else ""
        )
        return self.w["sheet_rule"].format(step=shown, notes=self.spec.index.notes)

    def build(self, stamp: datetime) -> bytes:
        spec, w = self.spec, self.w
        about = self.sheet(w["sheet_about"])
        index = self.sheet(INDEX_TITLE)
        for outcome in spec.dossiers:
            self._dossier(self.sheet(outcome.dossier_id or ""), outcome)
        step = spec.dossiers[0].grid.step if spec.dossiers and spec.dossiers[0].grid else None
        about.text(1, 1, self.heading()).font = HEADING
        about.text(2, 1, self.rule(step)).alignment = WRAP
        about.ws.merge_cells("A2:C2")
        about.header(4, [w["dossier"], w["title"], w["applicant"]])
        for row, outcome in enumerate(spec.dossiers, start=5):
            about.text(row, 1, outcome.dossier_id)
            about.text(row, 2, outcome.title).alignment = WRAP
            applicant = outcome.dossier.applicant.name if outcome.dossier else None
            about.text(row, 3, applicant).alignment = WRAP
        if spec.left_out:
            row = 6 + len(spec.dossiers)
            about.text(row, 1, w["sheet_left_out"].format(ids=", ".join(spec.left_out)))
        about.widths([18, 60, 30])
        about.print_setup("4:4")
        write_index(index, self.index, spec.index)
        self.workbook.move_sheet(index.ws, offset=len(self.workbook.worksheets))
        for each in self.sheets:
            each.frame()
            each.fit_rows()
        # The rule spans the three columns: its height from their width, not column A's.
        about.ws.row_dimensions[2].height = 15 * wrapped_lines(about.at(2, 1).value, 100) + 3
        return package(self.workbook, stamp, self.cache)

    def _dossier(self, s: Sheet, outcome: Outcome) -> None:
        w, spec = self.w, self.spec
        grid, dossier = outcome.grid, outcome.dossier
        assert grid is not None and dossier is not None and outcome.dossier_id is not None
        s.text(1, 1, f"{outcome.dossier_id} — {outcome.title or ''}", bold=True).font = HEADING
        s.text(2, 1, self.heading())
        s.text(3, 1, self.rule(grid.step))
        cell_header = w["phase"] if grid.phases else w["grid_cell"]
        columns = [w["axis"], cell_header, w["criteria"], w["objective"], w["answer"]]
        s.header(HEADER_ROW, [*columns, w["points"], w["sheet_note"]])
        mine = spec.notes.get(outcome.dossier_id, {})
        editable: list[tuple[str, str, str, str]] = []
        notes: list[tuple[int, Decimal]] = []
        for row, slot in enumerate(grid.slots(), start=HEADER_ROW + 1):
            axis = slot.axis
            s.text(row, AXIS, axis.label if axis else w["bonus"])
            s.text(row, CELL, slot.label)
            if axis is not None:
                spec_cell = axis.cells[slot.id]
                s.text(row, CRITERIA, "\n".join(f"• {c}" for c in spec_cell.criteria))
                s.text(row, OBJECTIVE, spec_cell.objective)
                s.text(row, ANSWER, dossier.answers.get(slot.group, {}).get(slot.id))
            write_number(s.at(row, POINTS), slot.points)
            note = write_number(s.at(row, NOTE), mine.get(slot.group, {}).get(slot.id))
            note.fill = TO_TYPE
            editable.append((spec.stage.id, slot.group, slot.id, note.coordinate))
            notes.append((row, slot.points))
            for column in (AXIS, CELL, CRITERIA, OBJECTIVE, ANSWER):
                s.at(row, column).alignment = WRAP
        add_validations(s, NOTE, notes, grid.step, w, self.lang)
        s.widths([18, 18, 36, 30, 60, 8, 9])
        s.ws.freeze_panes = f"A{HEADER_ROW + 1}"
        s.print_setup(f"{HEADER_ROW}:{HEADER_ROW}")
        self.index += index_rows(outcome, s.ws.title, editable, self.root)


def build_member_workbook(
    spec: MemberSheets, root: Path | None, *, lang: str = "fr", stamp: datetime
) -> bytes:
    """The workbook's bytes: the same bytes from the same inputs (`package`)."""
    return _Builder(spec, root, lang).build(stamp)
