"""The workbook on screen and on A4 (issue 12, item 7): tables drawn, headers over their numbers,
dossier sheets with frozen and repeated headers, weighted notes that add up, labels and French
words instead of ids, no recalculation forced on load, the same bytes from the same inputs."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from conftest import ROOT, Call, reference_text, replace_budget
from grantgrid.evaluation import evaluate
from grantgrid.outputs.workbook import build_workbook
from grantgrid.outputs.workbook.summary import SUMMARY_LINES
from test_workbook import two_grids


@pytest.fixture(scope="module")
def demo() -> bytes:
    return build_workbook(evaluate([ROOT / "applications"]))


def load(data: bytes, values: bool = False) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data), data_only=values)


def header_row(sheet: Worksheet, first: str) -> int:
    return next(c.row for c in sheet["A"] if c.value == first)


def test_tables_have_borders_and_headers_sit_over_their_numbers(demo: bytes) -> None:
    book = load(demo)
    summary = book["Synthèse"]
    for row in summary.iter_rows(min_row=2, max_row=9):  # header and the 7 dossiers
        for cell in row:
            assert cell.border.left.style == "thin" and cell.border.bottom.style == "thin"
    assert summary["A1"].border.left.style is None  # the heading is not part of the table
    align = {c.value: c.alignment.horizontal for c in summary[2]}
    assert align["Coût total"] == align["Total"] == align["Taux public"] == "right"
    assert align["Rang (à l'export)"] == "center"  # over the centred ranks
    assert align["Intitulé"] is None and align["Statut (à l'export)"] is None
    dossier = book["DLQC-2017-01"]
    header = header_row(dossier, "Axe")
    align = {c.value: c.alignment.horizontal for c in dossier[header]}
    assert align["Points"] == align["Note CUC"] == align["Note retenue"] == "right"
    assert dossier.cell(header + 1, 1).border.top.style == "thin"
    for title in ("Notes", "Budget", "Séances", "Maquette"):
        bordered = [c for r in book[title].iter_rows() for c in r if c.border.left.style]
        assert bordered, title


def test_dossier_sheets_freeze_and_repeat_the_grid_header(demo: bytes) -> None:
    sheet = load(demo)["DLQC-2017-01"]
    header = header_row(sheet, "Axe")
    assert header <= 8  # what stays frozen above the grid is short: applicant, status, rank
    assert sheet.freeze_panes == f"A{header + 1}"
    assert sheet.print_title_rows == f"${header}:${header}"
    assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.orientation == "landscape"
    # The rest of the identity follows the budget.
    labels = [c.value for c in sheet["A"]]
    assert labels.index("Adresse") > labels.index("Règles du programme")


def test_reasons_are_wide_and_rows_bounded(call: Call) -> None:
    """Three long errors: each shown cut to its share of at most SUMMARY_LINES lines."""
    bad = replace_budget(
        reference_text(),
        """
        budget:
          expenses:
            - {label: Cloud, amount: 1000}
          resources:
            - {funder: leader, amount: 10}
        """,
    )
    call.dossier("bad.yaml", bad)
    sheet = load(build_workbook(call.run()))["Synthèse"]
    header = [c.value for c in sheet[2]]
    column = header.index("Motifs (à l'export)") + 1
    reasons = sheet.cell(3, column).value
    assert sheet.column_dimensions[sheet.cell(3, column).column_letter].width >= 24
    assert [line.split(" : ")[0] for line in reasons.split("\n")] == [
        "budget.self_financing",
        "budget.unbalanced",
        "budget.cofinancing",
    ]
    assert all(line.endswith("…") for line in reasons.split("\n"))
    assert sheet.cell(3, column).alignment.wrap_text
    assert sheet.row_dimensions[3].height <= 15 * SUMMARY_LINES + 3


def test_weighted_notes_read_note_times_coefficient_equals_points(tmp_path: Path) -> None:
    data = build_workbook(two_grids(tmp_path).run())
    sheet, values = load(data)["COOP-2024-01"], load(data, values=True)["COOP-2024-01"]
    header = header_row(sheet, "Axe")
    heads = [c.value for c in sheet[header]]
    assert heads[5:9] == ["Points", "Coef.", "Note d'instruction", "Points obtenus"]
    emploi = next(r for r in sheet.iter_rows() if r[1].value == "emploi")[0].row
    note, points = sheet[f"H{emploi}"], sheet[f"I{emploi}"]
    assert note.value == 3 and note.number_format == 'General" × 2 ="'  # shows "3 × 2 ="
    assert points.value == f'=IF(H{emploi}="","",H{emploi}*$G{emploi})'
    assert values[f"I{emploi}"].value == 6
    subtotal = next(r for r in sheet.iter_rows(min_row=emploi) if r[1].value == "Sous-total")
    assert values.cell(subtotal[0].row, 9).value == 7.5  # 6 + 1.5, as the column shows


def test_labels_not_ids_and_french_severities(call: Call) -> None:
    unbalanced = replace_budget(
        reference_text(),
        """
        budget:
          expenses:
            - {label: Cloud, amount: 1000, category: equipement}
          resources:
            - {funder: leader, amount: 800}
            - {funder: region, amount: 10}
        """,
    )
    call.dossier("bad.yaml", unbalanced)
    run = call.run()
    for lang, severity, region, kind in (
        ("fr", "erreur", "Région", "fonds européen"),
        ("en", "error", "Région", "EU fund"),
    ):
        book = load(build_workbook(run, lang=lang))
        budget = [r for r in book["Budget"].iter_rows(values_only=True)][1:]
        assert {r[5] for r in budget if r[5]} == {"LEADER (FEADER)", region}
        sheet = book["DLQC-2017-01"]
        cells = [c.value for r in sheet.iter_rows() for c in r]
        assert kind in cells and "eu" not in cells
        problems = header_row(sheet, "Gravité" if lang == "fr" else "Severity")
        assert sheet.cell(problems + 1, 1).value == severity
        assert not {"error", "warning"} & set(cells) or lang == "en"


def test_no_recalculation_forced_on_load(demo: bytes) -> None:
    """Every formula carries its result, so nothing tells Excel to recompute on load (and then
    ask to save a file nobody changed)."""
    with zipfile.ZipFile(io.BytesIO(demo)) as package:
        workbook = package.read("xl/workbook.xml").decode()
        sheets = [package.read(n).decode() for n in package.namelist() if "worksheets/" in n]
    calc = re.search(r"<calcPr[^>]*/>", workbook)
    assert calc and 'calcId="191029"' in calc[0] and "fullCalcOnLoad" not in calc[0]
    formulas = sum(xml.count("<f>") for xml in sheets)
    empty = sum(len(re.findall(r"</f><v ?/>", xml)) for xml in sheets)
    assert formulas > 300 and empty == 0


def test_same_bytes_whatever_the_file_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh clone has new file times: the date comes from the inputs' content."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    call = tmp_path / "call"
    for part in ("applications", "grids", "meetings"):
        shutil.copytree(ROOT / part, call / part)
    for name in ("committee.yaml", "maquette.yaml"):
        shutil.copy(ROOT / name, call / name)
    first = build_workbook(evaluate([call / "applications"]))
    for path in call.rglob("*.yaml"):
        os.utime(path, (2_000_000_000, 2_000_000_000))  # 2033
    second = build_workbook(evaluate([call / "applications"]))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        dates = {entry.date_time for entry in package.infolist()}
        core = package.read("docProps/core.xml").decode()
    # The newest date written in the files read: CLIC-2024-02's last expense, 2024-05-06.
    assert dates == {(2024, 5, 6, 0, 0, 0)} and core.count("2024-05-06T00:00:00Z") == 2
    about = [r for r in load(first)["À propos"].iter_rows(values_only=True)]
    assert ("Date des données", "2024-05-06") in [r[:2] for r in about]
