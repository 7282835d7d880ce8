"""The workbook's *Maquette* sheet: the fiches with live formulas, then the proposal.

Disponible is `= enveloppe − programmé − réservé` and % programmé `= programmé / enveloppe` in
the sheet itself, and so are the totals; the proposal's *Avis* and *Reste* are formulas too,
each dossier tried against what the one above left, so that an amount changed during the
meeting flows through the sheet exactly as grantgrid's rule does (a later smaller dossier still
fits). Text goes through `xlsx_text.write_text`: a label never becomes a formula.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from grantgrid.maquette import words
from grantgrid.maquette.view import MaquetteView
from grantgrid.outputs.workbook.package import CachedValue
from grantgrid.outputs.workbook.text import EUR_FORMAT, PERCENT_FORMAT, write_amount, write_text

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.worksheet import Worksheet

SHEET = {"fr": "Maquette", "en": "Maquette"}
HEADER_ROW = 4
HEADER_FILL = "DDEBF7"
WIDTHS = {"A": 10, "B": 48, "C": 16, "D": 16, "E": 16, "F": 16, "G": 16, "H": 13}


# The default font named in full: a bare Font(bold=True) shows in LibreOffice's serif face.
def _font(size: float = 11, bold: bool = True) -> Font:
    from openpyxl.styles import Font

    return Font(name="Calibri", family=2, size=size, bold=bold)


def _header(sheet: Worksheet, row: int, labels: list[str]) -> None:
    from openpyxl.styles import Alignment, PatternFill

    for column, label in enumerate(labels, start=1):
        cell = write_text(sheet.cell(row, column), label)
        cell.font = _font()
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def add_maquette_sheet(
    workbook: Workbook,
    view: MaquetteView,
    lang: str = "fr",
    into: Worksheet | None = None,
    cache: dict[str, CachedValue] | None = None,
    fund_label: str | None = None,
) -> Worksheet:
    """Append the *Maquette* sheet to `workbook` (or fill `into`, a sheet the caller named)
    and return it. `cache` receives what each formula evaluates to, from the maquette's own
    figures (the workbook then opens with them, and LibreOffice recomputes the same).
    `fund_label`: the fund as the grid names it (else its id)."""
    cached: dict[str, CachedValue] = cache if cache is not None else {}

    def formula(coordinate: str, text: str, value: Decimal | str | None, fmt: str) -> None:
        sheet[coordinate] = text
        sheet[coordinate].number_format = fmt
        cached[coordinate] = (
            "" if value is None else value if isinstance(value, str) else float(value)
        )

    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment, PatternFill

    sheet = into if into is not None else workbook.create_sheet(SHEET.get(lang, "Maquette"))
    write_text(sheet["A1"], view.maquette.title).font = _font(13)
    fund = fund_label or view.maquette.fund
    write_text(sheet["A2"], f"{words.FUND(lang)}{' :' if lang == 'fr' else ':'} {fund}")
    heads = [words.FICHE, words.LABEL, words.ENVELOPE, words.PROGRAMME, words.RESERVE]
    heads += [words.DISPONIBLE, words.PAYE, words.SHARE_LONG]
    _header(sheet, HEADER_ROW, [h(lang) for h in heads])
    first = HEADER_ROW + 1
    row = first
    disponible_cell: dict[str, str] = {}
    for fiche in view.figures.fiches.values():
        write_text(sheet.cell(row, 1), fiche.fiche)
        write_text(sheet.cell(row, 2), fiche.label).alignment = Alignment(wrap_text=True)
        write_amount(sheet.cell(row, 3), fiche.envelope)
        write_amount(sheet.cell(row, 4), fiche.programme)
        write_amount(sheet.cell(row, 5), fiche.reserve)
        formula(f"F{row}", f"=C{row}-D{row}-E{row}", fiche.disponible, EUR_FORMAT)
        write_amount(sheet.cell(row, 7), fiche.paye)
        share = f'=IF(C{row}=0,"",D{row}/C{row})'
        formula(f"H{row}", share, fiche.programme_share, PERCENT_FORMAT)
        disponible_cell[fiche.fiche] = f"F{row}"
        row += 1
    last = row - 1
    write_text(sheet.cell(row, 1), words.TOTAL(lang)).font = _font()
    totals = view.figures.totals
    sums = {"C": totals.envelope, "D": totals.programme, "E": totals.reserve, "G": totals.paye}
    for column, total in sums.items():
        formula(f"{column}{row}", f"=SUM({column}{first}:{column}{last})", total, EUR_FORMAT)
        sheet[f"{column}{row}"].font = _font()
    formula(f"F{row}", f"=C{row}-D{row}-E{row}", totals.disponible, EUR_FORMAT)
    formula(f"H{row}", f'=IF(C{row}=0,"",D{row}/C{row})', totals.programme_share, PERCENT_FORMAT)
    red = PatternFill("solid", fgColor="FFC7CE")
    sheet.conditional_formatting.add(
        f"F{first}:F{row}", CellIsRule(operator="lessThan", formula=["0"], fill=red)
    )
    row += 2
    write_text(sheet.cell(row, 1), words.PROPOSAL_TITLE(lang)).font = _font(12)
    row += 1
    if not view.proposal:
        write_text(sheet.cell(row, 1), words.NO_PROPOSAL(lang))
    else:
        heads = [words.FICHE, words.DOSSIER, words.LABEL, words.RANK, words.REQUESTED]
        heads += [words.OPINION, words.REMAINING]
        _header(sheet, row, [h(lang) for h in heads])
        row += 1
    fundable, waiting = words.FUNDABLE(lang), words.WAITING(lang)
    for fiche_id, proposed in view.proposal.items():
        left = disponible_cell[fiche_id]  # what the dossier above left; first: disponible
        for p in proposed:
            write_text(sheet.cell(row, 1), fiche_id)
            write_text(sheet.cell(row, 2), p.dossier)
            write_text(sheet.cell(row, 3), p.title)
            sheet.cell(row, 4, p.rank)
            write_amount(sheet.cell(row, 5), p.amount)
            opinion = fundable if p.fundable else waiting
            formula(f"F{row}", f'=IF(E{row}<={left},"{fundable}","{waiting}")', opinion, "General")
            rest = f"=IF(E{row}<={left},{left}-E{row},{left})"
            formula(f"G{row}", rest, p.remaining, EUR_FORMAT)
            left = f"G{row}"
            row += 1
    for column, width in WIDTHS.items():
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    return sheet
