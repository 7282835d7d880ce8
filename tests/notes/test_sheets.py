"""`grantgrid sheets` and a member's workbook collected into their notes file
(SPEC-committee §3, §5, §7): the member's dossiers only, the notes checked as notes are, only
the touched notes changing in a notes file with comments, nothing written on any error."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from notes_support import NotesCall
from typer.testing import CliRunner

from grantgrid.cli import app

runner = CliRunner()

# ta's notes, with comments, flow and block mappings, to compare byte for byte.
TA = """\
# Notes d'Anne A — comité restreint.
member: ta
stage: restreint
notes:
  D-1: {strategie: {coherence: 3, partenariat: 2}, bonus: {jeunesse: 1}}  # relu
  D-3:
    strategie:
      coherence: 2   # à revoir
      partenariat: 2
    comment: "À revoir"
"""


@pytest.fixture
def members(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> NotesCall:
    """A call of three dossiers, a 0.5 step, four members (tc declared an interest in D-1):
    ta has a notes file, the others none; their workbooks in out/."""
    call = NotesCall(tmp_path, notes={"ta": TA})
    grid = tmp_path / "grids" / "g.yaml"
    grid.write_text(
        grid.read_text(encoding="utf-8").replace("points: 3\n", "points: 3\nstep: 0.5\n"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["sheets", "--stage", "restreint", "-o", "out"])
    assert result.exit_code == 0, result.output
    return call


def cells(xlsx: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(dossier, axis, cell) → (sheet, address), from the hidden index."""
    book = openpyxl.load_workbook(xlsx, read_only=True)
    rows = list(book["_grantgrid"].iter_rows(min_row=3, values_only=True))
    book.close()
    return {(r[2], r[7], r[8]): (r[5], r[9]) for r in rows}


def fill(member: str, values: dict[tuple[str, str, str], object], name: str = "r.xlsx") -> Path:
    """The member's workbook with values typed into its note cells, saved as `name`."""
    source = Path("out") / f"restreint-{member}.xlsx"
    where = cells(source)
    book = openpyxl.load_workbook(source)
    for key, value in values.items():
        sheet, address = where[key]
        book[sheet][address] = value
    book.save(name)
    return Path(name)


def collect(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["collect", *args])
    return result.exit_code, result.output


def test_one_workbook_per_member_with_their_dossiers_only(members: NotesCall) -> None:
    assert sorted(p.name for p in Path("out").iterdir()) == [
        f"restreint-{m}.xlsx" for m in ("ta", "tb", "tc", "td")
    ]
    book = openpyxl.load_workbook("out/restreint-tc.xlsx")
    assert book.sheetnames == ["À lire", "D-2", "D-3", "_grantgrid"]  # D-1 left out
    about = [c for row in book["À lire"].iter_rows(values_only=True) for c in row if c]
    assert "Laissés de côté (intérêt déclaré, notes non comptées) : D-1" in about
    index = book["_grantgrid"]
    assert index.sheet_state == "hidden"
    head = [c.value for c in index[1]][:12]
    assert head[2:] == [
        "member", "tc", "stage", "restreint", "notes", "notes/restreint/tc.yaml",
        "notes_sha256", "-", "left_out", "D-1",
    ]  # fmt: skip
    sheet = book["D-2"]
    header = [c.value for c in sheet[5]]
    assert header == [
        "Axe",
        "Critère",
        "Critères",
        "Objectif",
        "Réponse du porteur",
        "Points",
        "Note",
    ]
    assert [sheet.cell(row, 5).value for row in (6, 7)] == ["Oui", "Oui"]  # the answers
    assert sheet.cell(6, 3).value == "• Cohérence avec la stratégie"
    assert all(sheet.cell(row, 7).value is None for row in (6, 7, 8))
    # 0 to the cell's points in steps of 0.5: custom rules, the export's
    rules = {str(r.sqref): r for r in sheet.data_validations.dataValidation}
    assert sorted(rules) == ["G6:G7", "G8"]
    assert rules["G6:G7"].type == "custom" and "G6<=3" in rules["G6:G7"].formula1
    assert "G8<=1" in rules["G8"].formula1
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    # ta's workbook holds ta's notes as they are in the file.
    ta = openpyxl.load_workbook("out/restreint-ta.xlsx")["D-1"]
    assert [ta.cell(row, 7).value for row in (6, 7, 8)] == [3, 2, 1]


def test_sheets_needs_an_individual_stage_and_a_committee(members: NotesCall) -> None:
    result = runner.invoke(app, ["sheets", "--stage", "cuc", "-o", "o2"])
    assert result.exit_code == 2
    assert "--stage cuc : aucune étape notée individuellement" in result.output
    assert "(étapes individuelles : restreint)" in result.output
    Path("committee.yaml").unlink()
    result = runner.invoke(app, ["sheets", "--stage", "restreint", "-o", "o2"])
    assert result.exit_code == 2 and "--stage : l'appel n'a pas de committee.yaml" in result.output
    assert not Path("o2").exists()
    result = runner.invoke(app, ["sheets", "--stage", "restreint", "-o", "out"])
    assert result.exit_code == 2  # before anything, and never over existing workbooks


def test_the_same_inputs_give_the_same_bytes(members: NotesCall) -> None:
    assert runner.invoke(app, ["sheets", "--stage", "restreint", "-o", "again"]).exit_code == 0
    for name in ("restreint-ta.xlsx", "restreint-tc.xlsx"):
        assert (Path("again") / name).read_bytes() == (Path("out") / name).read_bytes()


def test_only_the_touched_notes_change_in_a_notes_file_with_comments(members: NotesCall) -> None:
    filled = fill(
        "ta",
        {
            ("D-1", "strategie", "coherence"): 1,  # 3 → 1 in a flow mapping
            ("D-3", "strategie", "partenariat"): None,  # cleared: removed
            ("D-3", "bonus", "jeunesse"): "0,5",  # typed as text, the French way
            ("D-2", "strategie", "coherence"): 2.5,  # a dossier the file did not have
        },
    )
    status, output = collect(str(filled))
    assert status == 0, output
    assert Path("notes/restreint/ta.yaml").read_text(encoding="utf-8") == (
        "# Notes d'Anne A — comité restreint.\n"
        "member: ta\n"
        "stage: restreint\n"
        "notes:\n"
        "  D-1: {strategie: {coherence: 1, partenariat: 2}, bonus: {jeunesse: 1}}  # relu\n"
        "  D-3:\n"
        "    strategie:\n"
        "      coherence: 2   # à revoir\n"
        '    comment: "À revoir"\n'
        "    bonus:\n"
        "      jeunesse: 0.5\n"
        "  D-2:\n"
        "    strategie:\n"
        "      coherence: 2.5\n"
    )
    assert "Modifié : 4 notes et 0 décision dans 1 fichier" in output


@pytest.mark.parametrize(
    ("typed", "code"),
    [("abc", "collect.value"), (4, "score.out_of_range"), ("1,25", "score.out_of_range"),
     ("=1+1", "collect.value")],
)  # fmt: skip
def test_a_wrong_value_writes_nothing(members: NotesCall, typed: object, code: str) -> None:
    before = Path("notes/restreint/ta.yaml").read_bytes()
    ta = fill("ta", {("D-1", "strategie", "partenariat"): 0, ("D-3", "bonus", "jeunesse"): typed})
    tb = fill("tb", {("D-1", "strategie", "coherence"): 1}, "tb.xlsx")
    status, output = collect(str(ta), str(tb))
    sheet, address = cells(Path("out/restreint-ta.xlsx"))[("D-3", "bonus", "jeunesse")]
    assert status == 1
    assert f"r.xlsx!'{sheet}'!{address}: error {code}: " in output, output
    assert "Rien n'est écrit." in output
    assert Path("notes/restreint/ta.yaml").read_bytes() == before
    assert not Path("notes/restreint/tb.yaml").exists()


def test_round_trip_into_a_new_notes_file_and_score_json(members: NotesCall) -> None:
    filled = fill("td", {("D-1", "strategie", "coherence"): 2, ("D-1", "bonus", "jeunesse"): 1})
    status, output = collect(str(filled), "--dry-run")
    assert status == 0, output
    assert "--- /dev/null\n+++ b/notes/restreint/td.yaml\n" in output
    assert not Path("notes/restreint/td.yaml").exists()
    status, output = collect(str(filled))
    assert status == 0, output
    text = Path("notes/restreint/td.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Notes de Denis D (td) — étape « Note en comité restreint »")
    result = runner.invoke(app, ["score", "--json"])
    assert result.exit_code in (0, 1), result.output
    dossiers = json.loads(result.stdout)["dossiers"]
    d1 = next(d for d in dossiers if d["dossier"] == "D-1")
    restreint = d1["stages"]["restreint"]
    assert restreint["scorers"]["td"] == {"total": 3, "complete": False, "comment": None}
    assert restreint["cells"]["strategie.coherence"]["n"] == 2  # ta and td (tc left out)


def test_a_notes_file_changed_since_the_export_is_refused_unless_forced(
    members: NotesCall,
) -> None:
    notes = Path("notes/restreint/ta.yaml")
    notes.write_text(notes.read_text(encoding="utf-8") + "# relu le 3 mai\n", encoding="utf-8")
    filled = fill("ta", {("D-1", "strategie", "coherence"): 1})
    status, output = collect(str(filled))
    assert status == 1 and "error collect.changed:" in output, output
    status, output = collect(str(filled), "--force")
    assert status == 0, output
    assert "{strategie: {coherence: 1, partenariat: 2}" in notes.read_text(encoding="utf-8")


def test_a_workbook_of_another_member_stage_or_call_is_refused(members: NotesCall) -> None:
    filled = fill("ta", {("D-1", "strategie", "coherence"): 1})
    notes = Path("notes/restreint/ta.yaml")
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("member: ta", "member: tb"), encoding="utf-8")
    status, output = collect(str(filled), "--force")  # the file is tb's now
    assert status == 1 and "error collect.unknown:" in output, output
    assert "porte les notes de tb à l'étape restreint, pas de ta" in output
    notes.write_text(text, encoding="utf-8")
    committee = Path("committee.yaml")
    members = committee.read_text(encoding="utf-8")
    committee.write_text(members.replace("{id: ta, name: Anne A}", "{id: tz, name: Zoé Z}"))
    status, output = collect(str(filled))  # ta is no member of this call's committee
    assert status == 1 and "qui n'est pas membre de committee.yaml" in output, output
    committee.write_text(members, encoding="utf-8")
    book = openpyxl.load_workbook(filled)
    book["_grantgrid"]["F1"] = "cuc"  # the stage edited in the index
    book.save("edited.xlsx")
    status, output = collect("edited.xlsx")
    assert status == 1 and "error collect.workbook:" in output, output
    assert notes.read_text(encoding="utf-8") == text


def test_a_name_beginning_with_a_vowel_is_elided() -> None:
    from grantgrid.words import of_person

    assert of_person("Anne Lefèvre") == "d'Anne Lefèvre"
    assert of_person("Émile Roux") == "d'Émile Roux"
    assert of_person("Claire Faurie") == "de Claire Faurie"
