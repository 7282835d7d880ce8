"""The bundled call's comité technique through every output: score, JSON, report, workbook,
the skeleton and the schema (the figures are computed by hand in docs/committee.md)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from notes_support import NotesCall, problems, stage
from typer.testing import CliRunner

from grantgrid.cli import app
from grantgrid.evaluation import evaluate
from grantgrid.notes.load import load_notes
from grantgrid.outputs.jsonout import run_json
from grantgrid.outputs.workbook import build_workbook

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@pytest.fixture(scope="module")
def bundled():  # type: ignore[no-untyped-def]
    return evaluate([ROOT / "applications"], call=__import__("grantgrid.call").call.Call(ROOT))


def test_the_reference_fiche_keeps_its_figures(bundled) -> None:  # type: ignore[no-untyped-def]
    dlqc = next(o for o in bundled.outcomes if o.dossier_id == "DLQC-2017-01")
    assert dlqc.final is not None and dlqc.final.stage.id == "restreint"
    assert dlqc.final.total == 20 and dlqc.status.value == "selected" and dlqc.rank == 1
    cuc = next(s for s in dlqc.stages if s.stage.id == "cuc")
    assert not cuc.scored
    technique = next(s for s in dlqc.stages if s.stage.id == "technique")
    assert technique.total == Decimal("19.34")  # 7 × 2 + 2 × 1.67 + 2, Camille Morel left out
    assert bundled.exit_code == 0 and not bundled.notes.diagnostics


def test_json_has_the_spec_shape(bundled) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(run_json(bundled))
    cac = next(d for d in document["dossiers"] if d["dossier"] == "CAC-2018-02")
    technique = cac["stages"]["technique"]
    assert technique["scoring"] == "individual"
    assert technique["scorers"]["alefevre"] == {"total": 15, "complete": True, "comment": None}
    assert technique["cells"]["bonus.emergence"] == {
        "value": 1.5,
        "n": 4,
        "min": 0,
        "max": 2,
        "mean": 1.5,
        "median": 2,
        "stdev": 1,
        "disagreement": True,
        "notes": {"cfaurie": 2, "alefevre": 2, "dgarcia": 0, "cmorel": 2},
    }
    assert technique["disagreements"] == ["bonus.emergence"]
    dlqc = next(d for d in document["dossiers"] if d["dossier"] == "DLQC-2017-01")
    assert dlqc["stages"]["technique"]["left_out"] == ["cmorel"]
    assert dlqc["stages"]["technique"]["cells"]["economique.amont"]["value"] == 1.67
    assert "scoring" not in dlqc["stages"]["restreint"]
    kinds = [i["kind"] for i in document["inputs"]]
    assert kinds.count("notes") == 4


def test_score_flags_disagreements_and_fits_80_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["score"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    row = next(line for line in lines if "CAC-2018-02" in line and "│" in line)
    assert [c.strip() for c in row.strip("│").split("│")] == [
        "2",
        "CAC-2018-02",
        "14,25⚑",
        "15",
        "16",
        "✓",
        "retenu",
    ]
    text = " ".join(result.stdout.split())
    assert "CAC-2018-02 : technique ⚑ désaccord à discuter : bonus.emergence (0 à 2)" in text
    assert "DLQC-2017-01 : technique — notes non comptées (intérêt déclaré) : Camille Morel" in text


def test_report_shows_each_members_notes(bundled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from grantgrid.outputs.report import write_reports

    write_reports(bundled, tmp_path, fmt="md", lang="fr")
    text = (tmp_path / "CAC-2018-02.md").read_text(encoding="utf-8")
    assert "### Notes des membres — Avis du comité technique" in text
    assert (
        "| Cellule | Claire Faurie | Anne Lefèvre | David Garcia | Camille Morel | Moyenne |"
        in text
    )
    assert "| 2 | 2 | 0 | 2 | **1,5**/2 | 0–2, σ 1 ⚑ désaccord à discuter |" in text
    dlqc = (tmp_path / "DLQC-2017-01.md").read_text(encoding="utf-8")
    assert (
        "Camille Morel a déclaré un intérêt dans ce dossier : ses notes ne sont pas comptées."
        in dlqc
    )
    solima = (tmp_path / "SOLIMA-2019-03.md").read_text(encoding="utf-8")
    assert "(moins de 2 notes : case manquante)" in solima


def test_workbook_has_members_columns_notes_and_disagreements(bundled) -> None:  # type: ignore[no-untyped-def]
    import io

    book = openpyxl.load_workbook(io.BytesIO(build_workbook(bundled)))
    sheet = book["CAC-2018-02"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if r[0] == "Axe" and r[2] == "Claire Faurie")
    assert header[:8] == [
        "Axe",
        "Cellule",
        "Claire Faurie",
        "Anne Lefèvre",
        "David Garcia",
        "Camille Morel",
        "Moyenne",
        "Notes",
    ]
    grid = next(r for r in rows if r[0] == "Bonus" and isinstance(r[6], str))
    assert grid[6].startswith("=IF(COUNT($C$") and "ROUND(AVERAGE($C$" in grid[6]
    notes = list(book["Notes"].iter_rows(values_only=True))
    assert notes[0][-1] == "Membre"
    assert ("CAC-2018-02", "Avis du comité technique", "Bonus", 0, "dgarcia") in {
        (r[1], r[2], r[3], r[5], r[9]) for r in notes[1:]
    }
    disagreements = list(book["Désaccords"].iter_rows(values_only=True))
    assert [r[:2] for r in disagreements[1:]] == [("CAC-2018-02", "Avis du comité technique")]
    assert (
        disagreements[1][9] == "Claire Faurie 2 · Anne Lefèvre 2 · David Garcia 0 · Camille Morel 2"
    )


def test_the_notes_skeleton_leaves_conflicts_out_and_reads_back(tmp_path: Path) -> None:
    NotesCall(tmp_path, notes={})
    written = tmp_path / "notes" / "restreint" / "tc.yaml"
    result = runner.invoke(
        app,
        [
            "new",
            "--call",
            str(tmp_path),
            "--notes",
            "restreint",
            "--member",
            "tc",
            "-o",
            str(written),
        ],
    )
    assert result.exit_code == 0, result.output
    text = written.read_text(encoding="utf-8")
    assert "# Laissés de côté (déclaration d'intérêt, notes non comptées) : D-1" in text
    assert "  D-1:" not in text and "  D-2:" in text and "  D-3:" in text
    assert "      coherence:              # /3 — Cohérence : Cohérence avec la stratégie" in text
    loaded = load_notes(written, "tc.yaml")
    assert loaded.diagnostics == [] and loaded.notes is not None
    assert list(loaded.notes.notes) == ["D-2", "D-3"]
    # Filled in, it counts.
    written.write_text(text.replace("coherence:   ", "coherence: 3 ", 1), encoding="utf-8")
    call = NotesCall.__new__(NotesCall)  # the call as written above, read again
    call.root = tmp_path
    run = call.run()
    assert problems(run) == []
    counted = stage(run, "D-2").panel.cells["strategie.coherence"].notes  # type: ignore[union-attr]
    assert counted == {"tc": Decimal(3)}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--notes", "cuc", "--member", "ta"], "aucune étape notée individuellement"),
        (["--notes", "restreint", "--member", "tz"], "pas un membre de committee.yaml"),
        (["--notes", "restreint"], "demande --member"),
    ],
)
def test_the_notes_skeleton_refuses_what_cannot_be(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    NotesCall(tmp_path, notes={})
    result = runner.invoke(app, ["new", "--call", str(tmp_path), *arguments])
    assert result.exit_code == 2 and message in " ".join(result.stderr.split())


def test_schema_notes_is_the_committed_copy() -> None:
    result = runner.invoke(app, ["schema", "notes"])
    assert result.exit_code == 0
    assert (ROOT / "schemas" / "notes.schema.json").read_text(encoding="utf-8") == result.stdout
    assert json.loads(result.stdout)["title"] == "notes/<stage>/<member>.yaml"
