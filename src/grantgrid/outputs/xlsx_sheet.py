"""A worksheet as the workbook writes it: text through write_text, formulas with the value
grantgrid computed for them, widths, row heights and A4 print set-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from grantgrid.outputs.xlsx_package import CachedValue
from grantgrid.outputs.xlsx_text import sheet_reference, write_text

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")


def cached(value: Decimal | None) -> CachedValue:
    """What a formula over these scores shows: a number, or "" for nothing scored."""
    if value is None:
        return ""
    return int(value) if value == value.to_integral_value() else float(value)


def ratio(part: Decimal, whole: Decimal) -> CachedValue:
    return float(part) / float(whole) if whole else ""


class Sheet:
    """A worksheet and the values grantgrid knows its formulas evaluate to."""

    def __init__(self, worksheet: Worksheet, cache: dict[str, CachedValue]) -> None:
        self.ws = worksheet
        self.cache = cache

    @property
    def ref(self) -> str:
        return sheet_reference(self.ws.title)

    def at(self, row: int, column: int) -> Cell:
        return self.ws.cell(row=row, column=column)

    def text(self, row: int, column: int, text: str | None, *, bold: bool = False) -> Cell:
        cell = self.at(row, column)
        if text:
            write_text(cell, text)
        if bold:
            cell.font = BOLD
        return cell

    def formula(
        self, row: int, column: int, formula: str, value: CachedValue, fmt: str | None = None
    ) -> str:
        """Write a formula built by grantgrid (never from data); return its coordinate."""
        cell = self.at(row, column)
        cell.value = "=" + formula
        if fmt:
            cell.number_format = fmt
        self.cache[cell.coordinate] = value
        return cell.coordinate

    def header(self, row: int, labels: list[str], first: int = 1) -> None:
        for column, label in enumerate(labels, start=first):
            cell = self.text(row, column, label, bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")

    def shade(self, row: int, last: int) -> None:
        for column in range(1, last + 1):
            self.at(row, column).fill = TOTAL_FILL
            self.at(row, column).font = BOLD

    def widths(self, widths: list[float]) -> None:
        for column, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(column)].width = width

    def fit_rows(self) -> None:
        """Set each row's height from its wrapped texts.

        Neither openpyxl nor LibreOffice sizes rows on load: without a height a wrapped answer
        shows as one line over the next rows. The estimate counts ~1.1 characters per unit of
        column width and 15 points per line of 11-point text.
        """
        for row in self.ws.iter_rows():
            lines = 1
            for cell in row:
                if not (cell.alignment and cell.alignment.wrap_text) or not isinstance(
                    cell.value, str
                ):
                    continue
                width = self.ws.column_dimensions[cell.column_letter].width or 10
                per_line = max(int(width * 1.2), 1)
                count = sum(-(-len(part) // per_line) or 1 for part in cell.value.split("\n"))
                lines = max(lines, count)
            if lines > 1:
                self.ws.row_dimensions[row[0].row].height = min(15 * lines + 3, 409)
                for cell in row:  # numbers beside a tall text sit at its top, not its bottom
                    if not cell.alignment.wrap_text:
                        cell.alignment = Alignment(vertical="top")

    def landscape(self, title_rows: str | None = None) -> None:
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        if title_rows:
            self.ws.print_title_rows = title_rows


@dataclass
class Links:
    """Cells of a dossier sheet the summary refers to: key → (reference, cached value).

    Keys: each axis id, "bonus", "total", "maximum", "stage", "cost", "fund", "public_rate",
    "self_rate".
    """

    cells: dict[str, tuple[str, CachedValue]] = field(default_factory=dict)

    def put(self, sheet: Sheet, key: str, coordinate: str, value: CachedValue) -> None:
        self.cells[key] = (f"{sheet.ref}!{coordinate}", value)
