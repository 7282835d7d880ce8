"""A worksheet as the workbook writes it: text through write_text, formulas with the value
grantgrid computed for them, widths, row heights and A4 print set-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import absolute_coordinate
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from grantgrid.outputs.workbook.package import CachedValue
from grantgrid.outputs.workbook.text import sheet_reference, write_text

# The default font named in full: a bare Font(bold=True) has no name, which LibreOffice shows in
# its own default face (a serif), not the workbook's Calibri.
BOLD = Font(name="Calibri", family=2, size=11, bold=True)
TITLE = Font(name="Calibri", family=2, size=13, bold=True)
HEADING = Font(name="Calibri", family=2, size=14, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
WRAP = Alignment(wrap_text=True, vertical="top")
LEFT = Alignment(horizontal="left")
RIGHT_WRAP = Alignment(horizontal="right", wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center")
# Thin grey lines around every cell of a table: on paper (where the spreadsheet's gridlines are
# not printed) each number stays in its column.
_LINE = Side(style="thin", color="A6A6A6")
GRID = Border(left=_LINE, right=_LINE, top=_LINE, bottom=_LINE)
CHARS_PER_UNIT = 1.05
"""Letters of 11-point text a unit of column width holds, for row heights: about 1.2 in
Calibri (Excel) or Carlito, 1.05 in DejaVu Sans, which LibreOffice draws where neither is
installed; the narrower count keeps every line visible in both, at the cost of a little
space in Excel."""
MAX_ROW_HEIGHT = 409
"""Excel's limit on a row's height, in points."""


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
        self.tables: dict[int, list[int]] = {}
        """Header row → [first column, last column] of each table `header` started; `frame`
        draws them once the sheet is written."""
        self.max_height: float = MAX_ROW_HEIGHT
        """The tallest row `fit_rows` makes (the summary keeps its rows short)."""

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
        """A table's header row; columns added later on the same row widen the same table."""
        for column, label in enumerate(labels, start=first):
            cell = self.text(row, column, label, bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        self.mark_table(row, first, first + len(labels) - 1)

    def mark_table(self, row: int, first: int, last: int) -> None:
        span = self.tables.setdefault(row, [first, last])
        span[0], span[1] = min(span[0], first), max(span[1], last)

    def frame(self) -> None:
        """Draw every table: thin borders on its cells, from its header down to the first
        blank row, and each header aligned as its column's numbers are (right, or centred
        like the rank) so that no number sits under the next column's header."""
        # Read through the sheet's own cell map: `ws.cell` would create the cells it looks at,
        # and `ws.max_row` scans every cell at each call (quadratic on the long tables).
        written = self.ws._cells
        end = self.ws.max_row
        # The border's index in the workbook's list, found once: assigning `cell.border`
        # hashes the Border again for every cell (a third of a 500-dossier export).
        border = self.ws.parent._borders.add(GRID)
        for header, (first, last) in sorted(self.tables.items()):
            bottom = header
            while bottom < end and any(
                (cell := written.get((bottom + 1, c))) is not None and cell.value is not None
                for c in range(first, last + 1)
            ):
                bottom += 1
            for column in range(first, last + 1):
                cells = [self.at(row, column) for row in range(header + 1, bottom + 1)]
                head = self.at(header, column)
                for cell in (head, *cells):
                    if cell._style is None:  # a cell without a style yet (as openpyxl does)
                        cell._style = StyleArray()
                    cell._style.borderId = border
                aligned = _numbers_alignment(cells, self.cache)
                if aligned is not None:
                    head.alignment = Alignment(
                        horizontal=aligned, vertical="center", wrap_text=True
                    )

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
        shows as one line over the next rows. The estimate wraps words as the spreadsheet does,
        at CHARS_PER_UNIT characters per unit of column width (fewer in bold), 15 points per
        line of 11-point text, at most `max_height` points.
        """
        for row in self.ws.iter_rows():
            lines = 1
            for cell in row:
                # A formula shows its result (e.g. the final stage's label), not its text.
                shown = self.cache.get(cell.coordinate) if cell.data_type == "f" else cell.value
                if not (cell.alignment and cell.alignment.wrap_text) or not isinstance(shown, str):
                    continue
                width = self.ws.column_dimensions[cell.column_letter].width or 10
                bold = bool(cell.font and cell.font.b)
                # Bold letters are wider: as `header_width` counts them (1.06 a letter + 1.2).
                per_line = max(int((width - 1.2) / 1.06 if bold else width * CHARS_PER_UNIT), 1)
                lines = max(lines, wrapped_lines(shown, per_line))
            if lines > 1:
                height = min(15 * lines + 3, self.max_height)
                self.ws.row_dimensions[row[0].row].height = height
                for cell in row:  # numbers beside a tall text sit at its top, not its bottom
                    if not cell.alignment.wrap_text:
                        cell.alignment = Alignment(
                            horizontal=cell.alignment.horizontal, vertical="top"
                        )

    def print_setup(self, title_rows: str | None = None) -> None:
        """A4 landscape (every sheet is wider than a portrait page), fitted to the page width,
        narrow margins, the sheet's name and the page number in the footer; `title_rows`
        (e.g. "1:2") repeated at the top of every page."""
        setup = self.ws.page_setup
        setup.orientation = "landscape"
        setup.paperSize = self.ws.PAPERSIZE_A4
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        self.ws.page_margins = PageMargins(
            left=0.2, right=0.2, top=0.45, bottom=0.55, header=0.2, footer=0.25
        )
        self.ws.oddFooter.center.text = "&A — &P / &N"
        if title_rows:
            self.ws.print_title_rows = title_rows


def _numbers_alignment(cells: list[Cell], cache: dict[str, CachedValue]) -> str | None:
    """How a column's header should sit: "right" over numbers (a spreadsheet right-aligns
    them), "center" over centred numbers, None over a column that is mostly text."""
    numbers = texts = centred = 0
    for cell in cells:
        shown = cache.get(cell.coordinate) if cell.data_type == "f" else cell.value
        if isinstance(shown, bool) or shown is None or shown == "":
            continue
        if isinstance(shown, int | float):
            numbers += 1
            centred += cell.alignment.horizontal == "center"
        else:
            texts += 1
    if not numbers or texts >= numbers:
        return None
    return "center" if centred == numbers else "right"


# Advance widths of Calibri 11 (Excel's default font) in units of its digit width, the unit of
# column widths; other letters count 1, capitals 1.2. Carlito and Arial are close or wider.
_NARROW = dict.fromkeys("ijlI.,;:'!|’ ", 0.45) | dict.fromkeys("ftr()[]/-", 0.65)
_WIDE = dict.fromkeys("mwMW", 1.6)


def header_width(label: str) -> float:
    """A column width that holds the longest word of a bold header, so that wrapping the
    header breaks it between words only ("d'autofinancement" stays whole)."""
    words = label.split() or [""]
    widest = max(
        sum(_NARROW.get(c, _WIDE.get(c, 1.2 if c.isupper() else 1.0)) for c in word)
        for word in words
    )
    return round(widest * 1.06 + 1.2, 1)


def wrapped_lines(text: str, per_line: int) -> int:
    """How many lines `text` takes when wrapped at word boundaries, `per_line` characters a
    line (a longer word is broken, as the spreadsheet does)."""
    count = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split(" "):
            size = len(word)
            if used and used + 1 + size <= per_line:
                used += 1 + size
                continue
            if used:
                lines += 1
            lines += (max(size, 1) - 1) // per_line
            used = size % per_line or min(size, per_line)
        count += lines
    return count


def cut_to_lines(text: str, per_line: int, lines: int) -> str:
    """The start of `text` that wraps within `lines` lines, cut between words with "…"."""
    if wrapped_lines(text, per_line) <= lines:
        return text
    words = text.split(" ")
    while len(words) > 1 and wrapped_lines(" ".join(words) + " …", per_line) > lines:
        words.pop()
    return " ".join(words) + " …"


def fitting_widths(s: Sheet, columns: tuple[int, ...], least: tuple[int, ...]) -> list[float]:
    """Widths that show the longest text of each column of a long table on one line (at
    most 50), at least `least`: a stage or an axis is not cut off by the next column."""
    longest = dict.fromkeys(columns, 0)
    for row in s.ws.iter_rows(min_row=2, min_col=min(columns), max_col=max(columns)):
        for cell in row:
            if cell.column in longest and isinstance(cell.value, str):
                longest[cell.column] = max(longest[cell.column], len(cell.value))
    return [
        max(float(low), min(longest[c] * 1.05 + 1, 50.0))
        for c, low in zip(columns, least, strict=True)
    ]


@dataclass
class Links:
    """Cells of a dossier sheet the summary refers to: key → (reference, cached value).

    Keys: each axis id, "bonus", "total", "maximum", "stage", "cost", "fund", "public_rate",
    "self_rate".

    References are absolute ('DLQC-2017-01'!$I$19): Excel moves a formula like a copy when it
    sorts rows, shifting relative references (Microsoft KB Q40401), so a summary sorted by
    total through its filter would otherwise read other dossiers' cells.
    """

    cells: dict[str, tuple[str, CachedValue]] = field(default_factory=dict)

    def put(self, sheet: Sheet, key: str, coordinate: str, value: CachedValue) -> None:
        self.cells[key] = (f"{sheet.ref}!{absolute_coordinate(coordinate)}", value)
