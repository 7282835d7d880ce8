"""The bundled call's programme in every output: the committee's decisions (SPEC-committee §2,
§5) and the maquette (§4) reach score, JSON, reports and the workbook from one computation."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from grantgrid.cli import app
from grantgrid.evaluation import evaluate
from grantgrid.outputs.report import render_reports
from grantgrid.outputs.workbook import build_workbook

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(scope="module")
def run():  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return evaluate([Path("applications")])


def test_score_json_carries_decisions_meetings_and_maquette(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    document = json.loads(runner.invoke(app, ["score", "--json"]).stdout)
    by_id = {d["dossier"]: d for d in document["dossiers"]}
    assert by_id["DLQC-2017-01"]["fiche"] == "1.1"
    assert by_id["DLQC-2017-01"]["decision"] == {
        "state": "programme",
        "amount": "29343.05",
        "meeting": "cuc-2020-06-16",
        "date": "2020-06-16",
    }
    assert by_id["NAVES-2024-01"]["decision"] is None  # non examiné
    cuc = document["meetings"][1]
    assert cuc["seats"]["voting"] == 16 and cuc["seats"]["sitting"] == 11
    assert cuc["seats"]["quorum"] == 0.6875 and cuc["valid"] is True
    fiche = document["maquette"]["fiches"]["1.1"]
    # 52 500,00 € programmed before the call, then DLQC-2017-01's 29 343,05 €.
    assert (fiche["programme"], fiche["disponible"]) == ("81843.05", "8156.95")
    kinds = {i["kind"] for i in document["inputs"]}
    assert {"dossier", "grid", "committee", "meeting", "maquette"} <= kinds


def test_score_table_has_the_decision(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    out = runner.invoke(app, ["score"]).stdout
    row = next(line for line in out.splitlines() if "DEFISON-2019-04" in line)
    assert "refusé" in row


def test_reports_show_decisions_and_the_index_ends_with_the_maquette(run) -> None:  # type: ignore[no-untyped-def]
    pages = {name: text for name, _, text in render_reports(run, version="V")}
    assert "Camille Morel" in pages["DLQC-2017-01.html"]  # a standing conflict, in words
    assert "n&#39;a pas pris part au débat ni au vote" in pages["DLQC-2017-01.html"]
    index = pages["index.html"]
    assert "Programmation" in index and "ajourné" in index
    assert index.index("</table>") < index.index("Maquette financière") < index.index("<footer>")
    assert "<svg" in index


def test_workbook_has_the_meetings_and_the_maquette_with_cached_figures(run) -> None:  # type: ignore[no-untyped-def]
    data = build_workbook(run)
    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    meetings = workbook["Séances"]
    rows = [r for r in meetings.iter_rows(values_only=True) if r[0] == "cuc-2020-06-16"]
    assert rows[0][4:8] == (16, 11, 7, 0.6875)  # voting, sitting, private, quorum
    maquette = workbook["Maquette"]
    one = next(r for r in maquette.iter_rows(values_only=True) if r[0] == "1.1")
    assert one[5] == pytest.approx(8156.95)  # disponible, cached from the maquette's figures
    formulas = openpyxl.load_workbook(io.BytesIO(data))["Maquette"]
    row = next(r for r in formulas.iter_rows() if r[0].value == "1.1")
    assert str(row[5].value).startswith("=C")  # live: enveloppe − programmé − réservé


def _call_copy(tmp_path: Path) -> Path:
    import shutil

    for name in ("grids", "applications", "meetings"):
        shutil.copytree(ROOT / name, tmp_path / name)
    for name in ("committee.yaml", "maquette.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


PRESENT = "[jpmarty, fchastang, cfaurie, alefevre, omonteil, dgarcia, kbenali, mchabrerie, vroche, lbordas, nrigal]"


def test_minutes_of_a_meeting_without_amounts_leave_later_decisions_out(tmp_path: Path) -> None:
    """Found by review: a meeting whose only decision is a postponement printed the maquette
    with the decisions of later meetings (SPEC-committee §6: as it stands after that one)."""
    root = _call_copy(tmp_path)
    (root / "meetings" / "2020-05-01-early.yaml").write_text(
        f"meeting: early-2020-05-01\ndate: 2020-05-01\nmode: seance\npresent: {PRESENT}\n"
        "decisions:\n  RESSOURCES-2020-05: {decision: ajourne}\n",
        encoding="utf-8",
    )
    target = tmp_path / "m.html"
    result = runner.invoke(
        app,
        [
            "minutes",
            str(root / "meetings" / "2020-05-01-early.yaml"),
            "-o",
            str(target),
            "--call",
            str(root),
        ],
    )
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8").replace("\u202f", " ").replace("\xa0", " ")
    maquette = page[page.index("Maquette financière") :]
    assert "52 500,00" in maquette and "81 843,05" not in maquette  # history only, fiche 1.1


def test_a_refusal_frees_what_a_reservation_held(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    root = _call_copy(tmp_path)
    (root / "meetings" / "2020-07-01-later.yaml").write_text(
        f"meeting: later-2020-07-01\ndate: 2020-07-01\nmode: seance\npresent: {PRESENT}\n"
        "decisions:\n  SOLIMA-2019-03: {decision: defavorable}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    document = json.loads(runner.invoke(app, ["score", "--json"]).stdout)
    solima = next(d for d in document["dossiers"] if d["dossier"] == "SOLIMA-2019-03")
    assert solima["decision"]["state"] == "refuse"
    assert document["maquette"]["fiches"]["3.1"]["reserve"] == "0.00"  # was 9 000,00 €


def test_markdown_minutes_print_the_maquette_as_markdown(tmp_path: Path) -> None:
    root = _call_copy(tmp_path)
    target = tmp_path / "m.md"
    args = ["minutes", str(root / "meetings" / "2020-06-16-cuc.yaml"), "-o", str(target)]
    assert runner.invoke(app, [*args, "--format", "md", "--call", str(root)]).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert "\n## Maquette financière" in text and "\n| Fiche | Intitulé |" in text
