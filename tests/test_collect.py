"""`grantgrid collect`: the notes typed into the exported workbook come back into the YAML,
and nothing else changes (SPEC-committee §7)."""

from __future__ import annotations

import difflib
import hashlib
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import REFERENCE_GRID, Call, reference_text
from grantgrid.cli import app

runner = CliRunner()
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

# The reference dossier, made harder: CRLF line ends, comments inside `scores:`, flow
# mappings with trailing comments, French text and amounts written the French way, with their
# cents (the golden diffs compare every byte of the file).
TRICKY_SCORES = (
    "scores:\r\n"
    "  # notes du comité restreint du 19 mai\r\n"
    "  restreint:\r\n"
    "    innovant: {amont: 2, objet: 2, action: 2}  # relu\r\n"
    "    economique: {amont: 2, objet: 2, action: 2}\r\n"
    "    territorial: {amont: 2, objet: 2, action: 2}\r\n"
    "    bonus: {emergence: 2}\r\n"
)


def tricky_text() -> str:
    text = reference_text().replace("\n", "\r\n")
    for plain, french in (("9169.70", '"9 169,70 €"'), ("10450.00", '"10 450,00"')):
        assert f"amount: {plain}}}" in text
        text = text.replace(f"amount: {plain}}}", f"amount: {french}}}  # en euros")
    start = text.index("scores:\r\n")
    end = text.index("remarks:")
    return text[:start] + TRICKY_SCORES + text[end:]


@pytest.fixture
def committee(call: Call, monkeypatch: pytest.MonkeyPatch) -> Call:
    """A call with two dossiers (one CRLF with comments), exported to comite.xlsx."""
    (call.root / "applications" / "dlqc.yaml").write_bytes(tricky_text().encode("utf-8"))
    second = reference_text().replace("dossier: DLQC-2017-01", "dossier: DLQC-2017-02")
    (call.root / "applications" / "second.yaml").write_bytes(second.encode("utf-8"))
    monkeypatch.chdir(call.root)
    result = runner.invoke(app, ["export", "-o", "comite.xlsx", "-q"])
    assert result.exit_code == 0, result.output
    return call


def index(xlsx: Path) -> dict[tuple[str, str, str, str], tuple[str, str]]:
    """(dossier, stage, axis, cell) → (sheet, address), from the hidden sheet."""
    book = openpyxl.load_workbook(xlsx, read_only=True)
    rows = list(book["_grantgrid"].iter_rows(min_row=3, values_only=True))
    book.close()
    return {(r[2], r[6], r[7], r[8]): (r[5], r[9]) for r in rows}


def fill(xlsx: Path, values: dict[tuple[str, str, str, str], object], target: Path) -> Path:
    """The workbook with values typed into note cells, as a member would, saved as `target`."""
    where = index(xlsx)
    book = openpyxl.load_workbook(xlsx)
    for key, value in values.items():
        sheet, address = where[key]
        book[sheet][address] = value
    book.save(target)
    return target


def collect(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["collect", *args])
    return result.exit_code, result.output


def dossier_bytes(call: Call, name: str = "dlqc.yaml") -> bytes:
    return (call.root / "applications" / name).read_bytes()


CUC_AMONT = ("DLQC-2017-01", "cuc", "innovant", "amont")
CUC_OBJET = ("DLQC-2017-01", "cuc", "innovant", "objet")
RESTREINT_OBJET = ("DLQC-2017-01", "restreint", "innovant", "objet")


def test_export_writes_an_index_of_every_editable_note_cell(committee: Call) -> None:
    book = openpyxl.load_workbook(committee.root / "comite.xlsx")
    sheet = book["_grantgrid"]
    assert sheet.sheet_state == "hidden"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("grantgrid-readback", 1)
    assert rows[1][0] == "path"
    data = [r for r in rows[2:] if r[2] == "DLQC-2017-01"]
    # 9 cells + 1 bonus item, for each of the two stages
    assert len(data) == 20
    assert {r[0] for r in data} == {"applications/dlqc.yaml"}
    assert data[0][1] == hashlib.sha256(dossier_bytes(committee)).hexdigest()
    assert data[0][1] != hashlib.sha256(tricky_text().replace("\r\n", "\n").encode()).hexdigest()
    # every address is a validated cell of the dossier's sheet
    dossier_sheet = book["DLQC-2017-01"]
    validated = " ".join(str(dv.sqref) for dv in dossier_sheet.data_validations.dataValidation)
    for row in data:
        assert row[5] == "DLQC-2017-01"
        assert row[9] in validated.split()
    validation = dossier_sheet.data_validations.dataValidation[0]
    assert (validation.type, validation.formula1, validation.formula2) == ("whole", "0", "2")


def test_golden_diff_only_the_typed_values_change(committee: Call) -> None:
    before = dossier_bytes(committee)
    other_before = dossier_bytes(committee, "second.yaml")
    filled = fill(
        committee.root / "comite.xlsx",
        {CUC_AMONT: 1, CUC_OBJET: 2, RESTREINT_OBJET: 1},
        committee.root / "rempli.xlsx",
    )
    code, output = collect(str(filled))
    assert code == 0, output
    after = dossier_bytes(committee)
    expected = before.replace(
        b"    innovant: {amont: 2, objet: 2, action: 2}  # relu\r\n",
        b"    innovant: {amont: 2, objet: 1, action: 2}  # relu\r\n",
    ).replace(
        b"    bonus: {emergence: 2}\r\nremarks:",
        b"    bonus: {emergence: 2}\r\n  cuc:\r\n    innovant:\r\n      amont: 1\r\n"
        b"      objet: 2\r\nremarks:",
    )
    assert after == expected
    assert dossier_bytes(committee, "second.yaml") == other_before
    assert "Modifié : 3 notes et 0 décision dans 1 fichier" in output
    assert "applications/dlqc.yaml" in output
    assert "restreint.innovant.objet : 2 → 1" in output
    # read back again: nothing more to change
    code, output = collect(str(filled), "--force")
    assert code == 0 and "0 note et" in output, output


def test_the_collected_file_still_validates_and_scores(committee: Call) -> None:
    filled = fill(committee.root / "comite.xlsx", {CUC_AMONT: 0}, committee.root / "rempli.xlsx")
    assert collect(str(filled))[0] == 0
    result = runner.invoke(app, ["validate", "applications/dlqc.yaml"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("abc", "collect.value", "pas un nombre : « abc »"),
        ("=1+1", "collect.value", "une formule"),
        ("1,5", "score.out_of_range", "la note 1,5 n'est pas un multiple du pas"),
        (1.5, "score.out_of_range", "pas de la grille"),
        (3, "score.out_of_range", "la note 3 est hors limites : donnez de 0 à 2"),
        (-1, "score.out_of_range", "hors limites"),
        (True, "collect.value", "pas un nombre"),
    ],
)
def test_a_wrong_value_is_positioned_and_nothing_is_written(
    committee: Call, typed: object, code: str, words: str
) -> None:
    before = dossier_bytes(committee)
    filled = fill(
        committee.root / "comite.xlsx",
        {CUC_OBJET: 2, CUC_AMONT: typed},
        committee.root / "rempli.xlsx",
    )
    status, output = collect(str(filled))
    sheet, address = index(filled)[CUC_AMONT]
    assert status == 1
    assert f"rempli.xlsx!'{sheet}'!{address}: error {code}: " in output
    assert words in output
    assert "Rien n'est écrit." in output
    assert dossier_bytes(committee) == before


def test_french_decimal_comma_typed_as_text_is_a_number(
    call: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    grid = REFERENCE_GRID.read_text(encoding="utf-8").replace("step: 1\n", "step: 0.5\n")
    (call.root / "grids" / REFERENCE_GRID.name).write_text(grid, encoding="utf-8")
    call.dossier("dlqc.yaml", reference_text())
    monkeypatch.chdir(call.root)
    assert runner.invoke(app, ["export", "-o", "comite.xlsx", "-q"]).exit_code == 0
    filled = fill(
        call.root / "comite.xlsx", {CUC_AMONT: "1,5", CUC_OBJET: 0.5}, call.root / "r.xlsx"
    )
    status, output = collect(str(filled))
    assert status == 0, output
    text = (call.root / "applications" / "dlqc.yaml").read_text(encoding="utf-8")
    assert "  cuc:\n    innovant:\n      amont: 1.5\n      objet: 0.5\n" in text


def test_clearing_a_cell_removes_the_note(committee: Call) -> None:
    filled = fill(
        committee.root / "comite.xlsx", {RESTREINT_OBJET: None}, committee.root / "r.xlsx"
    )
    status, output = collect(str(filled))
    assert status == 0, output
    assert b"    innovant: {amont: 2, action: 2}  # relu\r\n" in dossier_bytes(committee)
    assert "restreint.innovant.objet : 2 → supprimée" in output


def test_dry_run_prints_a_diff_and_writes_nothing(committee: Call) -> None:
    before = dossier_bytes(committee)
    filled = fill(committee.root / "comite.xlsx", {CUC_AMONT: 1}, committee.root / "r.xlsx")
    status, output = collect(str(filled), "--dry-run")
    assert status == 0, output
    assert dossier_bytes(committee) == before
    assert "--- a/applications/dlqc.yaml" in output
    assert "+++ b/applications/dlqc.yaml" in output
    assert "+  cuc:" in output and "+      amont: 1" in output
    assert "rien n'est écrit" in output
    leftovers = [p.name for p in (committee.root / "applications").iterdir()]
    assert sorted(leftovers) == ["dlqc.yaml", "second.yaml"]


def test_a_dossier_changed_since_the_export_is_refused_unless_forced(committee: Call) -> None:
    filled = fill(committee.root / "comite.xlsx", {CUC_AMONT: 1}, committee.root / "r.xlsx")
    path = committee.root / "applications" / "dlqc.yaml"
    changed = path.read_bytes().replace(b"remarks:", b"# relu en bureau\r\nremarks:")
    path.write_bytes(changed)
    status, output = collect(str(filled))
    assert status == 1
    assert "applications/dlqc.yaml: error collect.changed:" in output
    assert path.read_bytes() == changed
    status, output = collect(str(filled), "--force")
    assert status == 0, output
    assert b"# relu en bureau\r\n" in path.read_bytes()
    assert b"  cuc:\r\n    innovant:\r\n      amont: 1\r\n" in path.read_bytes()


def test_a_sorted_filtered_summary_and_moved_sheets_still_collect(committee: Call) -> None:
    source = committee.root / "comite.xlsx"
    where = index(source)
    book = openpyxl.load_workbook(source)
    summary = book["Synthèse"]
    rows = [[c.value for c in row] for row in summary.iter_rows(min_row=3, max_row=4)]
    for number, values in enumerate(reversed(rows), start=3):  # sorted the other way
        for column, value in enumerate(values, start=1):
            summary.cell(row=number, column=column).value = value
    summary.auto_filter.ref = f"A2:{summary.cell(2, summary.max_column).column_letter}4"
    summary.auto_filter.add_filter_column(1, ["DLQC-2017-02"])  # only the second dossier shown
    summary.row_dimensions[4].hidden = True  # filtered out
    book.move_sheet("DLQC-2017-01", offset=-1)  # before the summary
    sheet, address = where[CUC_AMONT]
    book[sheet][address] = 2
    target = committee.root / "trie.xlsx"
    book.save(target)
    assert openpyxl.load_workbook(target)["Synthèse"].auto_filter.ref is not None
    status, output = collect(str(target))
    assert status == 0, output
    assert b"  cuc:\r\n    innovant:\r\n      amont: 2\r\n" in dossier_bytes(committee)
    assert dossier_bytes(committee, "second.yaml") == reference_text().replace(
        "dossier: DLQC-2017-01", "dossier: DLQC-2017-02"
    ).encode("utf-8")


def test_a_workbook_from_another_call_is_refused(
    committee: Call, tmp_path_factory: pytest.TempPathFactory
) -> None:
    filled = fill(committee.root / "comite.xlsx", {CUC_AMONT: 1}, committee.root / "r.xlsx")
    other = Call(tmp_path_factory.mktemp("other"), [REFERENCE_GRID])
    other.dossier("dlqc.yaml", reference_text().replace("DLQC-2017-01", "AUTRE-2020-01"))
    other.dossier("second.yaml", reference_text())
    before = (other.root / "applications" / "dlqc.yaml").read_bytes()
    status, output = collect(str(filled), "--call", str(other.root), "--force")
    assert status == 1
    assert "error collect.unknown:" in output and "AUTRE-2020-01" in output
    assert (other.root / "applications" / "dlqc.yaml").read_bytes() == before
    (other.root / "applications" / "second.yaml").unlink()
    status, output = collect(str(filled), "--call", str(other.root))
    assert status == 1 and "applications/second.yaml" in output, output


def test_call_given_from_inside_another_call_is_the_one_indexed(
    committee: Call, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--call DIR` from a folder that is itself a call: paths stay relative to DIR."""
    elsewhere = Call(tmp_path_factory.mktemp("elsewhere"), [REFERENCE_GRID]).root
    monkeypatch.chdir(elsewhere)
    book = elsewhere / "comite.xlsx"
    result = runner.invoke(app, ["export", "-o", str(book), "-q", "--call", str(committee.root)])
    assert result.exit_code == 0, result.output
    assert {path for path, *_ in index_rows(book)} == {
        "applications/dlqc.yaml",
        "applications/second.yaml",
    }
    filled = fill(book, {CUC_AMONT: 1}, elsewhere / "r.xlsx")
    status, output = collect(str(filled), "--call", str(committee.root))
    assert status == 0, output
    assert b"  cuc:\r\n    innovant:\r\n      amont: 1\r\n" in dossier_bytes(committee)


def index_rows(xlsx: Path) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(xlsx, read_only=True)
    rows = list(book["_grantgrid"].iter_rows(min_row=3, values_only=True))
    book.close()
    return rows


def test_a_workbook_of_another_grid_is_refused(committee: Call) -> None:
    filled = fill(committee.root / "comite.xlsx", {CUC_AMONT: 1}, committee.root / "r.xlsx")
    grid = committee.root / "grids" / REFERENCE_GRID.name
    grid.write_bytes(grid.read_bytes().replace(b"points: 2\n", b"points: 3\n", 1))
    before = dossier_bytes(committee)
    status, output = collect(str(filled))
    assert status == 1 and "error collect.unknown:" in output and "grille" in output
    assert dossier_bytes(committee) == before


def rewrite_zip(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of an xlsx with entries replaced, added (bytes) or removed (None)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename not in change:
                new.writestr(item, old.read(item.filename))
        for name, data in change.items():
            if data is not None:
                new.writestr(name, data)
    return target


def test_hostile_workbooks_are_refused_before_openpyxl(committee: Call) -> None:
    source = committee.root / "comite.xlsx"
    before = dossier_bytes(committee)
    bomb = rewrite_zip(
        source, committee.root / "bomb.xlsx", {"xl/media/zeros.bin": bytes(20 << 20)}
    )
    status, output = collect(str(bomb))
    assert status == 1 and "error collect.workbook:" in output and "bombe zip" in output
    linked = rewrite_zip(
        source, committee.root / "linked.xlsx", {"xl/externalLinks/externalLink1.xml": b"<x/>"}
    )
    status, output = collect(str(linked))
    assert status == 1 and "liaisons" in output
    (committee.root / "text.xlsx").write_bytes(b"not a zip")
    status, output = collect(str(committee.root / "text.xlsx"))
    assert status == 1 and "pas un classeur" in output
    assert dossier_bytes(committee) == before


def test_a_renamed_or_deleted_sheet_is_a_positioned_error(committee: Call) -> None:
    source = committee.root / "comite.xlsx"
    book = openpyxl.load_workbook(source)
    book["_grantgrid"].title = "index"
    book.save(committee.root / "renamed.xlsx")
    status, output = collect(str(committee.root / "renamed.xlsx"))
    assert status == 1 and "renamed.xlsx!'index': error collect.workbook:" in output, output
    book = openpyxl.load_workbook(source)
    del book["_grantgrid"]
    book.save(committee.root / "deleted.xlsx")
    status, output = collect(str(committee.root / "deleted.xlsx"))
    assert status == 1 and "pas de feuille masquée _grantgrid" in output
    book = openpyxl.load_workbook(source)
    book["DLQC-2017-01"].title = "Dossier 1"
    book.save(committee.root / "dossier.xlsx")
    status, output = collect(str(committee.root / "dossier.xlsx"))
    assert status == 1 and "dossier.xlsx!'DLQC-2017-01': error collect.workbook:" in output
    book = openpyxl.load_workbook(source)
    book["_grantgrid"]["A3"] = "../../etc/passwd"
    book.save(committee.root / "edited.xlsx")
    status, output = collect(str(committee.root / "edited.xlsx"))
    assert status == 1 and "edited.xlsx!'_grantgrid'!A3: error collect.workbook:" in output


def test_two_workbooks_with_two_values_for_one_cell_are_refused(committee: Call) -> None:
    source = committee.root / "comite.xlsx"
    first = fill(source, {CUC_AMONT: 1}, committee.root / "a.xlsx")
    second = fill(source, {CUC_AMONT: 2}, committee.root / "b.xlsx")
    before = dossier_bytes(committee)
    status, output = collect(str(first), str(second))
    assert status == 1 and "gardez une seule valeur" in output
    assert dossier_bytes(committee) == before


def test_each_file_is_validated_before_it_replaces_the_dossier(
    committee: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit that would unbalance the budget (an editor gone wrong): the new text is checked
    in its temporary file like any dossier, so nothing is written, in any file."""
    from grantgrid.collect import write

    real = write.apply_edits

    def unbalancing(text: str, edits: list[object]) -> str:
        after: str = real(text, edits)  # type: ignore[arg-type]
        return after.replace("amount: 29343.05", "amount: 29343.06")

    monkeypatch.setattr(write, "apply_edits", unbalancing)
    before, other = dossier_bytes(committee), dossier_bytes(committee, "second.yaml")
    source = committee.root / "comite.xlsx"
    filled = fill(source, {CUC_AMONT: 1, ("DLQC-2017-02", "cuc", "innovant", "amont"): 1}, source)
    status, output = collect(str(filled))
    assert status == 1
    assert "applications/dlqc.yaml:46:5: error collect.invalid: " in output  # the new error
    assert "applications/second.yaml:" in output and "Rien n'est écrit." in output
    assert (dossier_bytes(committee), dossier_bytes(committee, "second.yaml")) == (before, other)
    assert sorted(p.name for p in (committee.root / "applications").iterdir()) == [
        "dlqc.yaml",
        "second.yaml",
    ]


def test_the_file_mode_is_kept(committee: Call) -> None:
    path = committee.root / "applications" / "dlqc.yaml"
    path.chmod(0o640)
    filled = fill(committee.root / "comite.xlsx", {CUC_AMONT: 1}, committee.root / "r.xlsx")
    assert collect(str(filled))[0] == 0
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_golden_diff_is_a_unified_diff_of_the_changed_lines_only(committee: Call) -> None:
    before = dossier_bytes(committee).decode()
    filled = fill(committee.root / "comite.xlsx", {RESTREINT_OBJET: 0}, committee.root / "r.xlsx")
    assert collect(str(filled))[0] == 0
    after = dossier_bytes(committee).decode()
    changed = [
        line
        for line in difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), n=0
        )
        if line[:1] in "+-" and not line.startswith(("---", "+++"))
    ]
    assert changed == [
        "-    innovant: {amont: 2, objet: 2, action: 2}  # relu\r\n",
        "+    innovant: {amont: 2, objet: 0, action: 2}  # relu\r\n",
    ]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_a_workbook_saved_again_by_libreoffice_still_collects(
    committee: Call, tmp_path_factory: pytest.TempPathFactory
) -> None:
    filled = fill(
        committee.root / "comite.xlsx",
        {CUC_AMONT: 1, RESTREINT_OBJET: 0},
        committee.root / "r.xlsx",
    )
    folder = tmp_path_factory.mktemp("soffice")
    profile = folder / "profile"
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
            str(folder / "out"),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = folder / "out" / "r.xlsx"
    assert resaved.read_bytes() != filled.read_bytes()
    status, output = collect(str(resaved))
    assert status == 0, output
    after = dossier_bytes(committee)
    assert b"    innovant: {amont: 2, objet: 0, action: 2}  # relu\r\n" in after
    assert b"  cuc:\r\n    innovant:\r\n      amont: 1\r\n" in after


def test_collect_help_lists_its_options() -> None:
    result = runner.invoke(app, ["collect", "--help"])
    assert result.exit_code == 0
    for option in ("--dry-run", "--force", "--call"):
        assert option in result.output


# `export --meeting`: the summary's decision columns, read back into the meeting file.

MEETING = (
    "# Comité du 16 juin\n"
    "meeting: cuc-2020-06-16\n"
    "date: 2020-06-16\n"
    "mode: seance\n"
    "present: [alefevre, cmorel]\n"
    "decisions:\n"
    "  DLQC-2017-01:\n"
    "    decision: reserve\n"
    "    amount: 29343.05\n"
    "    conflicts: [cmorel]   # déclaration en séance\n"
    "    votes: {pour: 10, contre: 0, abstention: 0}\n"
)

COMMITTEE = """\
committee: cp-test
title: Comité de programmation
seats:
  - {id: region, structure: Région, college: public, titulaire: {id: alefevre, name: Anne Lefèvre}}
  - {id: asso, structure: Association, college: private, titulaire: {id: cmorel, name: Claire Morel}}
  - {id: cci, structure: CCI, college: private, titulaire: {id: dgarcia, name: Denis Garcia}}
"""


@pytest.fixture
def seance(committee: Call) -> Path:
    (committee.root / "meetings").mkdir()
    meeting = committee.root / "meetings" / "cuc.yaml"
    meeting.write_bytes(MEETING.encode("utf-8"))
    (committee.root / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")
    result = runner.invoke(
        app, ["export", "-o", "seance.xlsx", "-q", "--meeting", "meetings/cuc.yaml"]
    )
    assert result.exit_code == 0, result.output
    return committee.root / "seance.xlsx"


def summary_row(book: openpyxl.Workbook, dossier: str, title: str = "Synthèse") -> int:
    sheet = book[title]
    return next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 2).value == dossier)


def decision_cells(book: openpyxl.Workbook, title: str = "Synthèse") -> dict[str, str]:
    from openpyxl.utils import get_column_letter

    header = [c.value for c in book[title][2]]
    names = ("Décision", "Montant", "Pour", "Contre", "Abstention", "Déports", "Remarques")
    return {name: get_column_letter(header.index(name) + 1) for name in names}


def test_export_with_a_meeting_shows_its_decisions_with_lists(seance: Path) -> None:
    book = openpyxl.load_workbook(seance)
    columns = decision_cells(book)
    row = summary_row(book, "DLQC-2017-01")
    sheet = book["Synthèse"]
    assert sheet[f"{columns['Décision']}{row}"].value == "reserve"
    assert sheet[f"{columns['Déports']}{row}"].value == "cmorel"
    assert sheet[f"{columns['Pour']}{row}"].value == 10
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation if dv.type == "list"]
    assert '"favorable,reserve,defavorable,ajourne,programme"' in lists
    assert '"alefevre,cmorel,dgarcia"' in lists
    assert book["_grantgrid_seance"].sheet_state == "hidden"


def test_decisions_typed_in_a_sorted_summary_come_back_into_the_meeting_file(
    committee: Call, seance: Path
) -> None:
    book = openpyxl.load_workbook(seance)
    columns = decision_cells(book)
    sheet = book["Synthèse"]
    first, second = summary_row(book, "DLQC-2017-01"), summary_row(book, "DLQC-2017-02")
    # sort: swap the two rows, every column
    for column in range(1, sheet.max_column + 1):
        a, b = sheet.cell(first, column), sheet.cell(second, column)
        a.value, b.value = b.value, a.value
    first, second = second, first
    sheet[f"{columns['Décision']}{first}"] = "programme"
    sheet[f"{columns['Contre']}{first}"] = 1
    sheet[f"{columns['Décision']}{second}"] = "ajourne"
    sheet[f"{columns['Remarques']}{second}"] = "Pièces manquantes : « devis »"
    target = committee.root / "seance-remplie.xlsx"
    book.save(target)
    status, output = collect(str(target))
    assert status == 0, output
    text = (committee.root / "meetings" / "cuc.yaml").read_text(encoding="utf-8")
    assert text == MEETING.replace("decision: reserve", "decision: programme").replace(
        "{pour: 10, contre: 0, abstention: 0}", "{pour: 10, contre: 1, abstention: 0}"
    ) + ('  DLQC-2017-02:\n    decision: ajourne\n    remarks: "Pièces manquantes : « devis »"\n')
    assert "Modifié : 0 note et 2 décisions" in output


def test_a_wrong_decision_value_writes_nothing(committee: Call, seance: Path) -> None:
    book = openpyxl.load_workbook(seance)
    columns = decision_cells(book)
    row = summary_row(book, "DLQC-2017-01")
    sheet = book["Synthèse"]
    sheet[f"{columns['Décision']}{row}"] = "accepté"
    sheet[f"{columns['Déports']}{row}"] = "cmorel, inconnu"
    sheet[f"{columns['Pour']}{row}"] = 2.5
    target = committee.root / "faux.xlsx"
    book.save(target)
    before = (committee.root / "meetings" / "cuc.yaml").read_bytes()
    status, output = collect(str(target))
    assert status == 1
    assert f"faux.xlsx!'Synthèse'!{columns['Décision']}{row}: error collect.value:" in output
    assert "membre(s) inconnu(s) inconnu" in output
    assert "pas un nombre de voix" in output
    assert (committee.root / "meetings" / "cuc.yaml").read_bytes() == before


def test_a_meeting_file_changed_since_the_export_is_refused(committee: Call, seance: Path) -> None:
    meeting = committee.root / "meetings" / "cuc.yaml"
    meeting.write_bytes(meeting.read_bytes() + b"# relu\n")
    status, output = collect(str(seance))
    assert status == 1 and "error collect.changed:" in output


def test_collect_meeting_must_be_the_exported_one(committee: Call, seance: Path) -> None:
    status, output = collect(str(seance), "--meeting", "meetings/cuc.yaml")
    assert status == 0, output
    (committee.root / "meetings" / "autre.yaml").write_bytes(MEETING.encode())
    status, output = collect(str(seance), "--meeting", "meetings/autre.yaml")
    assert status == 1 and "meetings/cuc.yaml" in output


def test_a_file_that_would_not_validate_is_not_written(committee: Call, seance: Path) -> None:
    """A cleared decision with its amount kept: the meeting file would lose a required key."""
    book = openpyxl.load_workbook(seance)
    columns = decision_cells(book)
    row = summary_row(book, "DLQC-2017-01")
    book["Synthèse"][f"{columns['Décision']}{row}"] = None
    target = committee.root / "sans-decision.xlsx"
    book.save(target)
    before = (committee.root / "meetings" / "cuc.yaml").read_bytes()
    status, output = collect(str(target))
    assert status == 1 and "error collect.invalid:" in output, output
    assert (committee.root / "meetings" / "cuc.yaml").read_bytes() == before
    assert sorted(p.name for p in (committee.root / "meetings").iterdir()) == ["cuc.yaml"]


def test_notes_into_a_dossier_without_scores(call: Call, monkeypatch: pytest.MonkeyPatch) -> None:
    text = reference_text()
    start, end = text.index("scores:\n"), text.index("remarks:")
    call.dossier("dlqc.yaml", text[:start] + text[end:])
    monkeypatch.chdir(call.root)
    assert runner.invoke(app, ["export", "-o", "comite.xlsx", "-q"]).exit_code == 0
    filled = fill(call.root / "comite.xlsx", {CUC_AMONT: 2}, call.root / "r.xlsx")
    status, output = collect(str(filled))
    assert status == 0, output
    after = (call.root / "applications" / "dlqc.yaml").read_text(encoding="utf-8")
    assert after == text[:start] + text[end:] + "scores:\n  cuc:\n    innovant:\n      amont: 2\n"


def test_a_wrong_note_already_in_a_file_does_not_block_the_others(
    call: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`validate` reports a 3 on a /2 cell of the file; read back unchanged, it is left alone."""
    wrong = reference_text().replace(
        "innovant: {amont: 2, objet: 2, action: 2}", "innovant: {amont: 3, objet: 2, action: 2}"
    )
    call.dossier("dlqc.yaml", wrong)
    broken = reference_text().replace("dossier: DLQC-2017-01", "dossier: DLQC-2017-03")
    start, end = broken.index("applicant:"), broken.index("fiche_action:")
    call.dossier("broken.yaml", broken[:start] + broken[end:])  # schema.missing: applicant
    monkeypatch.chdir(call.root)
    assert runner.invoke(app, ["export", "-o", "comite.xlsx", "-q"]).exit_code == 1
    before = (call.root / "applications" / "broken.yaml").read_bytes()
    # a dossier whose structure is broken has no grid table, so no note cell to type into
    assert "DLQC-2017-03" not in {key[0] for key in index(call.root / "comite.xlsx")}
    filled = fill(call.root / "comite.xlsx", {CUC_AMONT: 1}, call.root / "r.xlsx")
    status, output = collect(str(filled))
    assert status == 0, output
    text = (call.root / "applications" / "dlqc.yaml").read_text(encoding="utf-8")
    assert "innovant: {amont: 3, objet: 2, action: 2}" in text
    assert "  cuc:\n    innovant:\n      amont: 1\n" in text
    assert (call.root / "applications" / "broken.yaml").read_bytes() == before


# --- a member's workbook is untrusted: entity tricks, parts read whole, a million rows --------

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheets><sheet name="&lol9;" sheetId="1"/></sheets></workbook>'
)


@pytest.mark.parametrize(
    ("name", "part"),
    [
        ("laughs", ("xl/workbook.xml", LAUGHS)),
        (
            "external-entity",
            (
                "xl/workbook.xml",
                b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<sheets><sheet name="&x;" sheetId="1"/></sheets></workbook>',
            ),
        ),
        (
            "dtd-after-a-comment",
            ("xl/styles.xml", b"<?xml version='1.0'?>\n<!-- x -->\n<!DOCTYPE s []><styleSheet/>"),
        ),
        ("endless-prolog", ("xl/styles.xml", b"<!--" + b"x" * 70_000 + b"-->" + b"<styleSheet/>")),
    ],
)
def test_xml_entity_tricks_are_refused_before_openpyxl(
    committee: Call, name: str, part: tuple[str, bytes]
) -> None:
    """Office files never declare a DTD: one is refused by name, whatever expat would do."""
    before = dossier_bytes(committee)
    target = rewrite_zip(
        committee.root / "comite.xlsx", committee.root / f"{name}.xlsx", dict([part])
    )
    status, output = collect(str(target))
    assert status == 1, output
    assert f"{name}.xlsx: error collect.workbook: sa partie {part[0]} déclare une DTD" in output
    assert dossier_bytes(committee) == before


@pytest.mark.parametrize(
    ("part", "size", "words"),
    [
        ("xl/styles.xml", 9 << 20, "sa partie xl/styles.xml dépasse 8 Mio"),
        ("xl/sharedStrings.xml", 33 << 20, "ses chaînes partagées dépassent 32 Mio"),
    ],
)
def test_parts_read_whole_are_capped(committee: Call, part: str, size: int, words: str) -> None:
    """30 MiB of styles took 34 s and 610 MB in openpyxl; 60 MiB of shared strings 21 s."""
    data = b"<?xml version='1.0'?><x>" + b"<y/>" * (size // 4) + b"</x>"
    target = rewrite_zip(committee.root / "comite.xlsx", committee.root / "big.xlsx", {part: data})
    status, output = collect(str(target))
    assert status == 1 and f"big.xlsx: error collect.workbook: {words}" in output, output


def test_a_formula_typed_in_a_note_cell_is_refused_where_it_is(committee: Call) -> None:
    source = committee.root / "comite.xlsx"
    sheet, address = index(source)[CUC_AMONT]
    filled = fill(source, {CUC_AMONT: "=1+1"}, committee.root / "f.xlsx")
    before = dossier_bytes(committee)
    status, output = collect(str(filled))
    assert status == 1
    assert f"f.xlsx!'{sheet}'!{address}: error collect.value:" in output, output
    assert dossier_bytes(committee) == before


def test_a_million_rows_in_the_hidden_index_are_refused_at_the_limit(
    committee: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A million blank rows (2.5 MB zipped) declared in the index's dimension: read up to the
    limit, then refused at that row (the limit is lowered here: 200,000 rows take 4 s)."""
    from grantgrid.collect import reading

    monkeypatch.setattr(reading, "MAX_INDEX_ROWS", 2_000)
    source = committee.root / "comite.xlsx"
    sheets = re.findall(
        r'<sheet name="([^"]*)"', zipfile.ZipFile(source).read("xl/workbook.xml").decode()
    )
    name = f"xl/worksheets/sheet{sheets.index('_grantgrid') + 1}.xml"  # openpyxl's order
    xml = zipfile.ZipFile(source).read(name).decode()
    xml = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:J1000200"', xml, count=1)
    end = xml.index("</sheetData>")
    rows = "".join(f'<row r="{r}"/>' for r in range(200, 1_000_200))
    target = rewrite_zip(
        source, committee.root / "rows.xlsx", {name: (xml[:end] + rows + xml[end:]).encode()}
    )
    status, output = collect(str(target))
    assert status == 1
    assert "rows.xlsx!'_grantgrid'!A2001: error collect.workbook:" in output, output


def test_a_decision_the_meeting_rules_refuse_writes_nothing(committee: Call, seance: Path) -> None:
    """An amount above the dossier's LEADER resource: a meeting file `grantgrid meeting` would
    call invalid is never written (judged with its decisions before the atomic replace)."""
    book = openpyxl.load_workbook(seance)
    columns = decision_cells(book)
    row = summary_row(book, "DLQC-2017-01")
    book["Synthèse"][f"{columns['Montant']}{row}"] = 99999
    target = committee.root / "trop.xlsx"
    book.save(target)
    before = (committee.root / "meetings" / "cuc.yaml").read_bytes()
    status, output = collect(str(target))
    assert status == 1, output
    assert "collect.invalid" in output and "decision.amount" in output
    assert (committee.root / "meetings" / "cuc.yaml").read_bytes() == before
