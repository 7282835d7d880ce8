"""Every `notes.*` code and the `score.*` checks of a notes file, at their line and column;
wrong notes never count, the others still do."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from notes_support import NotesCall, outcome, problems, stage

from grantgrid.outputs.jsonout import run_json


def test_every_code_at_its_position(tmp_path: Path) -> None:
    call = NotesCall(tmp_path)
    call.notes(
        "zz",  # misplaced: its fields say ta, a second file for ta at restreint
        """\
        member: ta
        stage: restreint
        notes: {}
        """,
    )
    call.notes(
        "tx",
        """\
        member: tx
        stage: restreint
        notes: {}
        """,
    )
    call.notes(
        "tb",
        """\
        member: tb
        stage: restrient
        notes: {}
        """,
        stage="restrient",
    )
    call.notes(
        "td",
        """\
        member: td
        stage: restreint
        notes:
          D-2: {strategie: {partenariat: 4, visibilite: 1}, bonus: {jeunesse: 1}}
          D-9: {strategie: {coherence: 1}}
          D-3:
            strategie: {coherence: abc, partenariat: 1}
        """,
    )
    call.notes("td", "member: td\nstage: cuc\nnotes: {}\n", stage="cuc")
    call.dossier(
        "D-4",
        """\
        scores:
          restreint:
            strategie: {coherence: 1}
        """,
    )
    run = call.run()
    found = problems(run)
    assert ("zz.yaml", "notes.misplaced", 1, 9) in found
    assert ("zz.yaml", "notes.duplicate", 1, 9) in found  # ta.yaml comes first
    assert ("tx.yaml", "notes.unknown_member", 1, 9) in found
    assert ("tb.yaml", "notes.unknown_stage", 2, 8) in found
    assert ("td.yaml", "notes.stage_mode", 2, 8) in found  # notes for the collective cuc
    assert ("td.yaml", "score.out_of_range", 4, 34) in found
    assert ("td.yaml", "score.unknown_cell", 4, 37) in found
    assert ("td.yaml", "notes.unknown_dossier", 5, 3) in found
    assert ("td.yaml", "schema.type", 7, 28) in found
    # The dossier's own scores for the individual stage: an error in the dossier.
    d4 = outcome(run, "D-4")
    assert [(d.code, d.position.line, d.position.column) for d in d4.diagnostics.errors] == [
        ("notes.stage_mode", 11, 3)
    ]
    assert d4.status.value == "invalid" and stage(run, "D-4").total is None
    # Wrong notes are not counted; td's right ones are (D-2's bonus, D-3's partenariat).
    two, three = stage(run, "D-2"), stage(run, "D-3")
    assert two.panel is not None and two.panel.cells["strategie.partenariat"].n == 0
    assert two.panel.cells["bonus.jeunesse"].notes == {"td": Decimal(1)}
    assert three.panel is not None
    assert three.panel.cells["strategie.partenariat"].notes == {
        "ta": Decimal(2),
        "tb": Decimal(1),
        "td": Decimal(1),
    }
    assert three.panel.cells["strategie.coherence"].notes == {"ta": Decimal(2), "tb": Decimal(2)}
    messages = {d.code: d.message_in("fr") for d in run.notes.diagnostics}  # type: ignore[union-attr]
    assert "Vouliez-vous dire « restreint » ?" in messages["notes.unknown_stage"]
    assert "Vouliez-vous dire « D-4 » ?" in messages["notes.unknown_dossier"]
    assert "nommez-le notes/restreint/ta.yaml" in messages["notes.misplaced"]
    assert run.exit_code == 1
    # JSON lists each notes file with its diagnostics.
    import json

    listed = {Path(n["path"]).name: n for n in json.loads(run_json(run))["notes"]}
    assert listed["tx.yaml"]["member"] == "tx"
    assert [e["code"] for e in listed["tx.yaml"]["errors"]] == ["notes.unknown_member"]


def test_notes_without_a_committee_say_so_where_the_member_is(tmp_path: Path) -> None:
    run = NotesCall(tmp_path, committee=False).run()
    found = problems(run)
    assert {(f, c, line, col) for f, c, line, col in found} == {
        (f"t{m}.yaml", "notes.unknown_member", 1, 9) for m in "abcd"
    }
    message = run.notes.diagnostics[0].message_in("fr")  # type: ignore[union-attr]
    assert "pas de committee.yaml" in message and "grantgrid new --committee" in message
    assert stage(run, "D-1").total is None  # nothing counted without member ids
    assert run.exit_code == 1


def test_a_collective_call_runs_as_before(tmp_path: Path) -> None:
    """No individual stage and no notes/: nothing of the notes is read or shown."""
    from conftest import REFERENCE_DOSSIER
    from grantgrid.call import Call
    from grantgrid.evaluation import evaluate

    (tmp_path / "applications").mkdir()
    (tmp_path / "applications" / "d.yaml").write_text(
        REFERENCE_DOSSIER.read_text(encoding="utf-8").replace(
            "grid: ../grids/leader-tulle.yaml", "grid: g"
        ),
        encoding="utf-8",
    )
    (tmp_path / "grids").mkdir()
    (tmp_path / "grids" / "g.yaml").write_text(
        "grid: g\ntitle: G\npoints: 2\nstages: [{id: restreint, label: R}]\n"
        "axes: [{id: innovant, label: I, cells: {amont: {}}}]\n",
        encoding="utf-8",
    )
    run = evaluate([tmp_path / "applications"], tmp_path / "grids", call=Call(tmp_path))
    assert run.notes is None
    assert "notes" not in run_json(run).split('"inputs"')[1]


def test_notes_on_a_dossier_whose_grid_is_missing_are_left_to_its_own_error(
    tmp_path: Path,
) -> None:
    """Never a traceback: the dossier says its grid is missing; its notes are not unknown."""
    call = NotesCall(tmp_path)
    path = call.dossier("D-1")
    path.write_text(path.read_text(encoding="utf-8").replace("grid: g-notes", "grid: nowhere"))
    run = call.run()
    assert [d.code for d in outcome(run, "D-1").diagnostics.errors] == ["grid.not_found"]
    assert ("tc.yaml", "notes.unknown_dossier", 4, 3) not in problems(run)
    assert stage(run, "D-2").panel is not None


def test_a_misspelt_member_is_unknown_and_the_file_name_is_not_blamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from typer.testing import CliRunner

    from grantgrid.cli import app

    root = Path(__file__).resolve().parents[2]
    for name in ("grids", "applications", "meetings", "notes"):
        shutil.copytree(root / name, tmp_path / name)
    for name in ("committee.yaml", "maquette.yaml"):
        shutil.copy(root / name, tmp_path / name)
    notes = tmp_path / "notes" / "technique" / "alefevre.yaml"
    notes.write_text(
        notes.read_text(encoding="utf-8").replace("member: alefevre", "member: alefevr"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate"])
    assert "notes.unknown_member" in result.stdout and "alefevre" in result.stdout
    assert "notes.misplaced" not in result.stdout
