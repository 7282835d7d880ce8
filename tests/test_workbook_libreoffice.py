"""The workbook recomputed by LibreOffice: its formulas give grantgrid's own scores, an edited
score flows to the summary, and dossier text stays text after a real spreadsheet opened it.

Needs LibreOffice Calc (`soffice`); `.ci/run` installs it. Skipped, with the reason, without it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl
import pytest

from conftest import ROOT, Call
from grantgrid.evaluation import evaluate
from grantgrid.outputs.workbook import build_workbook
from test_workbook import HOSTILE, hostile_dossier, two_grids

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-calc) — .ci/run installs it",
)

# LibreOffice's default for xlsx files is to trust the stored results ("never recalculate"):
# this profile makes it recompute every formula on load, so the test checks the formulas
# themselves and not the values grantgrid stored beside them.
RECALCULATE_ON_LOAD = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
           xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(files: list[Path], folder: Path) -> dict[str, Path]:
    """Each file opened, recomputed and saved again by LibreOffice, by file name."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE_ON_LOAD)
    out = folder / "recalculated"
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {f.name: out / f.name for f in files}


def plain(value: object) -> object:
    return None if value == "" else value


def rows_of(path: Path, title: str, data_only: bool = True) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path, data_only=data_only)[title]
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def stored_values_are_recomputed(exported: Path, recalculated: Path) -> int:
    """Compare every formula's stored value with LibreOffice's result; return how many."""
    formulas = openpyxl.load_workbook(exported)
    stored = openpyxl.load_workbook(exported, data_only=True)
    computed = openpyxl.load_workbook(recalculated, data_only=True)
    checked = 0
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                mine = plain(stored[sheet.title][cell.coordinate].value)
                theirs = plain(computed[sheet.title][cell.coordinate].value)
                where = f"{sheet.title}!{cell.coordinate} {cell.value}"
                if isinstance(mine, float | int):
                    assert theirs == pytest.approx(mine, rel=1e-9), where
                else:
                    assert theirs == mine, where
                checked += 1
    return checked


def edit_scores(source: Path, target: Path) -> None:
    """Change scores as the committee would: one restreint score of DLQC-2017-01 to 0, every
    CUC score of RESSOURCES-2020-05 (not scored yet) to 1, and David Garcia's technique note
    on CAC-2018-02's bonus (a member's column) from 0 to 2."""
    workbook = openpyxl.load_workbook(source)
    dlqc = workbook["DLQC-2017-01"]
    for row in dlqc.iter_rows():
        if row[0].value == "Caractère innovant" and row[1].value == "Phase amont":
            row[7].value = 0  # column H: the second stage, restreint (G: technique)
            break
    cac = workbook["CAC-2018-02"]
    members = None
    for row in cac.iter_rows():
        if row[0].value == "Axe" and row[2].value == "Claire Faurie":
            members = [c.value for c in row]
        elif members and row[0].value == "Bonus":
            row[members.index("David Garcia")].value = 2
    sheet = workbook["RESSOURCES-2020-05"]
    inside = False
    for row in sheet.iter_rows():
        if row[0].value == "Axe":
            inside = True
        elif row[0].value == "Total":
            inside = False
        elif inside and row[1].value != "Sous-total":
            row[8].value = 1  # column I: the third stage, CUC
    workbook.save(target)


def median_call(root: Path):  # type: ignore[no-untyped-def]
    """The bundled call, its comité technique aggregated by the median."""
    from grantgrid.call import Call as CallFolder

    for name in ("applications", "notes", "meetings"):
        shutil.copytree(ROOT / name, root / name)
    (root / "grids").mkdir()
    grid = (ROOT / "grids" / "leader-tulle.yaml").read_text(encoding="utf-8")
    (root / "grids" / "leader-tulle.yaml").write_text(
        grid.replace("aggregate: mean", "aggregate: median"), encoding="utf-8"
    )
    shutil.copyfile(ROOT / "committee.yaml", root / "committee.yaml")
    return evaluate([root / "applications"], root / "grids", call=CallFolder(root))


def test_libreoffice_recomputes_grantgrid_scores(tmp_path: Path, call: Call) -> None:
    run = evaluate([ROOT / "applications"])
    exported = tmp_path / "comite.xlsx"
    exported.write_bytes(build_workbook(run))
    edited = tmp_path / "edited.xlsx"
    edit_scores(exported, edited)
    hostile_dossier(call)
    hostile = tmp_path / "hostile.xlsx"
    hostile.write_bytes(build_workbook(call.run()))
    weighted = tmp_path / "weighted.xlsx"
    (tmp_path / "two").mkdir()
    weighted.write_bytes(build_workbook(two_grids(tmp_path / "two").run()))
    median = tmp_path / "median.xlsx"
    median_run = median_call(tmp_path / "median")
    median.write_bytes(build_workbook(median_run))

    recalculated = recalculate([exported, edited, hostile, weighted, median], tmp_path)

    # 1. Every formula recomputed by LibreOffice equals the value grantgrid stored with it,
    # on the reference grid and on a weighted, half-point, three-stage one.
    assert stored_values_are_recomputed(exported, recalculated["comite.xlsx"]) > 300
    assert stored_values_are_recomputed(weighted, recalculated["weighted.xlsx"]) > 50
    # The members' aggregate, mean and median, with its n, min, max, σ and flag (issue 15).
    assert stored_values_are_recomputed(median, recalculated["median.xlsx"]) > 300
    cac = rows_of(recalculated["median.xlsx"], "CAC-2018-02")
    header = next(r for r in cac if r[0] == "Axe" and r[2] == "Claire Faurie")
    bonus = next(r for r in cac if r[0] == "Bonus" and r[2] is not None and r[1] != "Sous-total")
    assert bonus[header.index("Médiane")] == 2 and bonus[header.index("Désaccord")] == "⚑"

    # 2. The summary's recomputed totals are grantgrid's scores.
    summary = rows_of(recalculated["comite.xlsx"], "Synthèse")[1:]  # row 1 names the grid
    header = summary[0]
    by_id = {r[1]: dict(zip(header, r, strict=True)) for r in summary[1:]}
    for outcome in run.outcomes:
        line = by_id[outcome.dossier_id]
        expected = outcome.final.total if outcome.final else None
        assert plain(line["Total"]) == (None if expected is None else int(expected))
        if outcome.final:
            assert line["Caractère innovant"] == int(outcome.final.axes["innovant"] or 0)

    # 3. A score changed on a dossier sheet flows to the summary; a completed stage becomes final.
    summary = rows_of(recalculated["edited.xlsx"], "Synthèse")[1:]
    by_id = {r[1]: dict(zip(header, r, strict=True)) for r in summary[1:]}
    assert by_id["DLQC-2017-01"]["Total"] == 18
    assert by_id["DLQC-2017-01"]["Caractère innovant"] == 4
    assert by_id["RESSOURCES-2020-05"]["Total"] == 10
    assert by_id["RESSOURCES-2020-05"]["Étape retenue"] == "Note CUC"
    # A member's note changed: the stage's cell is its members' mean again (2, 2, 2, 2).
    cac = rows_of(recalculated["edited.xlsx"], "CAC-2018-02")
    grid_bonus = next(r for r in cac if r[0] == "Bonus" and r[1] != "Sous-total")
    assert grid_bonus[6] == 2  # column G: technique, ROUND(AVERAGE(…),2) of the block
    total = next(r for r in cac if r[0] == "Total")
    assert total[6] == pytest.approx(14.75)

    # 4. Dossier text that looks like a formula is still text once LibreOffice saved the file.
    reopened = openpyxl.load_workbook(recalculated["hostile.xlsx"])
    texts = {
        cell.value
        for sheet in reopened.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "s"
    }
    assert set(HOSTILE.values()) <= texts


# Sorting the summary as the committee would, then reading each row back. LibreOffice keeps a
# reference to cells outside the sorted range whatever its form, so this cannot show Excel's
# shift of relative references (test_workbook.test_summary_formulas_survive_a_sort does, by
# moving each formula as Excel's sort moves it); it checks that the absolute references still
# read each dossier's own totals once a real spreadsheet has sorted and recomputed the rows.
SORT_MACRO = """Sub SortSummary
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(Environ("GG_SOURCE")), "_blank", 0, load())
  table = doc.Sheets.getByIndex(0).getCellRangeByName(Environ("GG_RANGE"))
  Dim fields(0) As New com.sun.star.table.TableSortField
  fields(0).Field = CInt(Environ("GG_FIELD"))
  fields(0).IsAscending = True
  Dim how(1) As New com.sun.star.beans.PropertyValue
  how(0).Name = "SortFields"
  how(0).Value = fields()
  how(1).Name = "ContainsHeader"
  how(1).Value = True
  table.sort(how())
  doc.calculateAll()
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = "FilterName"
  save(0).Value = "Calc MS Excel 2007 XML"
  doc.storeToURL(ConvertToURL(Environ("GG_TARGET")), save())
  doc.close(True)
End Sub
"""


def run_macro(name: str, macro: str, profile: Path, env: dict[str, str]) -> None:
    """Run the Basic `macro` (one Sub called `name`) in a fresh LibreOffice profile."""
    assert SOFFICE is not None
    command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    # The first start writes the profile's default Basic library; the module replaces it after.
    subprocess.run([*command, "--terminate_after_init"], check=True, capture_output=True)
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    module.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" '
        '"module.dtd">\n<script:module xmlns:script="http://openoffice.org/2000/script" '
        'script:name="Module1" script:language="StarBasic">'
        + escape(macro, {'"': "&quot;"})
        + "</script:module>\n",
        encoding="utf-8",
    )
    subprocess.run(
        [
            *command,
            "--invisible",
            f"vnd.sun.star.script:Standard.Module1.{name}?language=Basic&location=application",
        ],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        timeout=180,
    )


def sort_in_libreoffice(source: Path, target: Path, table: str, column: int) -> None:
    """Sort the first sheet's `table` (header included) on its 0-based `column`, recompute,
    save as xlsx: a Basic macro in a fresh profile, as a user would through Data > Sort."""
    environment = {
        "GG_SOURCE": str(source),
        "GG_TARGET": str(target),
        "GG_RANGE": table,
        "GG_FIELD": str(column),
    }
    run_macro("SortSummary", SORT_MACRO, target.parent / "sort-profile", environment)
    assert target.exists(), "the LibreOffice macro did not run"


def test_a_sorted_summary_still_shows_each_dossiers_totals(tmp_path: Path) -> None:
    run = evaluate([ROOT / "applications"])
    exported = tmp_path / "comite.xlsx"
    exported.write_bytes(build_workbook(run))
    sheet = openpyxl.load_workbook(exported)["Synthèse"]
    header = [c.value for c in sheet[2]]
    sorted_file = tmp_path / "sorted.xlsx"
    sort_in_libreoffice(exported, sorted_file, sheet.auto_filter.ref, header.index("Total"))

    table = rows_of(sorted_file, "Synthèse")[1:]
    assert table[0] == header
    lines = [dict(zip(header, r, strict=True)) for r in table[1:]]
    order = [line["Dossier"] for line in lines]
    assert order != [o.dossier_id for o in run.ordered()]  # the sort did move rows
    assert order[:4] == ["DEFISON-2019-04", "SOLIMA-2019-03", "CAC-2018-02", "DLQC-2017-01"]
    formulas = openpyxl.load_workbook(sorted_file)["Synthèse"]
    by_id = {o.dossier_id: o for o in run.outcomes}
    for row, line in enumerate(lines, start=3):
        outcome = by_id[line["Dossier"]]
        assert outcome.financing is not None and outcome.dossier is not None
        expected = outcome.final.total if outcome.final else None
        assert plain(line["Total"]) == (None if expected is None else int(expected)), row
        assert line["Coût total"] == pytest.approx(float(outcome.financing.expenses))
        if outcome.final:
            assert line["Caractère innovant"] == int(outcome.final.axes["innovant"] or 0)
        assert line["Rang (à l'export)"] == outcome.rank
        # Every reference of the row still points into the row's own dossier sheet.
        for cell in formulas[row]:
            if cell.data_type == "f" and "!" in cell.value:
                assert cell.value.startswith(f"='{outcome.dossier_id}'!$"), cell.value


# The data validation of the editable cells, as LibreOffice applies it: values are put into
# cells (as a paste would, past the validation), then Tools > Detective > Mark Invalid Data
# circles every cell whose value its rule refuses; the macro lists the circled cells.
MARK_INVALID_MACRO = """Sub MarkInvalid
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = "Hidden"
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(Environ("GG_SOURCE")), "_blank", 0, load())
  Open Environ("GG_TARGET") For Output As #1
  For Each typed In Split(Environ("GG_CELLS"), ";")
    parts = Split(typed, "|")
    cell = doc.Sheets.getByName(parts(0)).getCellRangeByName(parts(1))
    If Left(parts(2), 2) = "n:" Then
      cell.setValue(Val(Mid(parts(2), 3)))
    Else
      cell.setString(Mid(parts(2), 3))
    End If
  Next
  For Each title In Split(Environ("GG_SHEETS"), ";")
    sheet = doc.Sheets.getByName(title)
    sheet.showInvalid()
    For i = 0 To sheet.DrawPage.Count - 1
      Print #1, title & "|" & sheet.DrawPage.getByIndex(i).Anchor.AbsoluteName
    Next
  Next
  Close #1
  doc.close(True)
End Sub
"""


def test_libreoffice_applies_the_validation_of_every_editable_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from grantgrid.cli import app
    from test_collect import COMMITTEE, MEETING, decision_cells, summary_row

    (tmp_path / "call").mkdir()
    both = two_grids(tmp_path / "call")
    (both.root / "meetings").mkdir()
    (both.root / "meetings" / "cuc.yaml").write_text(MEETING, encoding="utf-8")
    (both.root / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")
    monkeypatch.chdir(both.root)
    exported = both.root / "seance.xlsx"
    result = CliRunner().invoke(
        app, ["export", "-o", str(exported), "-q", "--meeting", "meetings/cuc.yaml"]
    )
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(exported)
    where = {
        (r[2], r[6], r[7], r[8]): (r[5], r[9])
        for r in book["_grantgrid"].iter_rows(min_row=3, values_only=True)
    }
    summary = next(title for title in book.sheetnames if title.endswith("leader-tulle-2014-2020"))
    columns = decision_cells(book, summary)
    row = summary_row(book, "DLQC-2017-01", summary)
    typed = {
        # the half-point grid (0 to 3, a cell to 4, a bonus to 1): a custom rule per run
        ("COOP-2024-01", "cuc", "qualite", "pertinence"): ("n:1.5", True),
        ("COOP-2024-01", "cuc", "qualite", "methode"): ("n:3.5", True),
        ("COOP-2024-01", "cuc", "impact", "emploi"): ("n:0.7", False),
        ("COOP-2024-01", "cuc", "impact", "partenariat"): ("n:4", False),  # below the run's top
        ("COOP-2024-01", "cuc", "bonus", "jeunesse"): ("n:1.5", False),
        ("COOP-2024-01", "cuc", "bonus", "collectif"): ("s:abc", False),
        ("COOP-2024-01", "comite", "impact", "emploi"): ("n:-0.5", False),
        ("COOP-2024-01", "comite", "impact", "partenariat"): ("n:2.5", True),
        # the reference grid: whole numbers from 0 to 2
        ("DLQC-2017-01", "cuc", "innovant", "amont"): ("n:1.5", False),
        ("DLQC-2017-01", "cuc", "innovant", "objet"): ("n:3", False),
        ("DLQC-2017-01", "cuc", "innovant", "action"): ("n:2", True),
        ("DLQC-2017-01", "cuc", "economique", "amont"): ("s:deux", False),
    }
    cells = {f"{where[key][0]}|{where[key][1]}": value for key, value in typed.items()}
    cells |= {
        f"{summary}|{columns['Décision']}{row}": ("s:accepté", False),
        f"{summary}|{columns['Montant']}{row}": ("n:0", False),
        f"{summary}|{columns['Pour']}{row}": ("n:2.5", False),
        f"{summary}|{columns['Contre']}{row}": ("n:1", True),
    }
    target = tmp_path / "invalid.txt"
    environment = {
        "GG_SOURCE": str(exported),
        "GG_TARGET": str(target),
        "GG_CELLS": ";".join(f"{cell}|{value}" for cell, (value, _) in cells.items()),
        "GG_SHEETS": ";".join(sorted({cell.split("|")[0] for cell in cells})),
    }
    run_macro("MarkInvalid", MARK_INVALID_MACRO, tmp_path / "profile", environment)
    circled = set()
    for line in target.read_text(encoding="utf-8").splitlines():
        title, address = line.split("|")
        circled.add(f"{title}|{address.rsplit('.', 1)[1].replace('$', '')}")
    assert circled == {cell for cell, (_, valid) in cells.items() if not valid}
