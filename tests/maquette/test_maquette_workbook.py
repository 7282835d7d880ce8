"""The *Maquette* sheet: live formulas, the proposal's formulas follow the rule."""

from __future__ import annotations

from maquette_helpers import BASE, candidate, decided, maquette_from, view_of
from openpyxl import Workbook, load_workbook

from grantgrid.outputs.workbook.maquette import add_maquette_sheet


def sheet_of(tmp_path, view):
    workbook = Workbook()
    add_maquette_sheet(workbook, view, "fr")
    path = tmp_path / "comite.xlsx"
    workbook.save(path)
    return load_workbook(path)["Maquette"]


def test_disponible_share_and_totals_are_formulas(tmp_path):
    text = BASE.replace("label: Filières", 'label: "=HYPERLINK(\\"http://x\\")"')
    view = view_of(
        maquette_from(tmp_path, text), [decided("A-1", "1.1", "reserve", "1000.00", "2025-01-01")]
    )
    sheet = sheet_of(tmp_path, view)
    assert [c.value for c in sheet[4]][:8] == [
        "Fiche", "Intitulé", "Enveloppe", "Programmé", "Réservé", "Disponible", "Payé",
        "% programmé",
    ]  # fmt: skip
    assert [sheet["A5"].value, sheet["C5"].value, sheet["E5"].value] == ["1.1", 50000, 1000]
    assert sheet["F5"].value == "=C5-D5-E5"
    assert sheet["H5"].value == '=IF(C5=0,"",D5/C5)'
    assert sheet["B6"].value == '=HYPERLINK("http://x")' and sheet["B6"].data_type == "s"
    assert sheet["A7"].value == "Total" and sheet["C7"].value == "=SUM(C5:C6)"
    assert sheet["F7"].value == "=C7-D7-E7"


def test_the_proposal_chains_what_each_dossier_leaves(tmp_path):
    view = view_of(
        maquette_from(tmp_path),
        candidates=[
            candidate("A-1", "2.1", 1, "31000.00"),
            candidate("B-2", "2.1", 2, "30000.00"),
        ],
    )
    sheet = sheet_of(tmp_path, view)
    rows = [r for r in sheet.iter_rows(values_only=True) if r[1] in ("A-1", "B-2")]
    first = next(i for i, r in enumerate(sheet.iter_rows(values_only=True), 1) if r[1] == "A-1")
    assert rows[0][5] == f'=IF(E{first}<=F6,"finançable","liste d\'attente")'
    assert rows[0][6] == f"=IF(E{first}<=F6,F6-E{first},F6)"
    assert rows[1][6] == f"=IF(E{first + 1}<=G{first},G{first}-E{first + 1},G{first})"
