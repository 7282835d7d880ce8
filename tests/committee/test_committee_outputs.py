"""The bundled call through the commands, the JSON of §5, the minutes, schemas, skeletons."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from committee_support import ROOT, Call, dedent, meeting_yaml, twelve

from grantgrid.committee.call import open_call
from grantgrid.committee.commands import committee_check, meeting_command, minutes_command
from grantgrid.committee.jsonout import dossier_decision, to_json
from grantgrid.committee.load import load_committee, load_meeting
from grantgrid.committee.minutes import minutes_view, render
from grantgrid.committee.models import Committee, Meeting
from grantgrid.committee.result import decisions_for_run
from grantgrid.committee.schema import committee_skeleton, json_schema, meeting_skeleton
from grantgrid.loading import parse_text
from grantgrid.validation import validate

CUC = ROOT / "meetings" / "2020-06-16-cuc.yaml"


@pytest.fixture(scope="module")
def bundled():
    call = open_call(ROOT)
    return call, decisions_for_run(call.committee, call.meetings, call.dossiers, call.stages)


def test_bundled_call_is_clean_and_decided(bundled):
    call, result = bundled
    assert [d.format() for d in result.diagnostics] == []
    assert [d.format() for m in result.meetings for d in m.diagnostics] == []
    states = {k: (v.state if v else None) for k, v in result.dossiers.items()}
    assert states == {
        "CAC-2018-02": "programme",
        "DEFISON-2019-04": "refuse",
        "DLQC-2017-01": "programme",
        "RESSOURCES-2020-05": "ajourne",
        "CLIC-2024-02": None,  # not yet scored nor examined
        "NAVES-2024-01": None,
        "SOLIMA-2019-03": "reserve",
    }
    # The reference fiche is not scored at the CUC stage, and stays so.
    dlqc = next(f for f in call.dossiers if f.dossier_id == "DLQC-2017-01")
    assert dlqc.stage_totals == {"technique": Decimal("19.34"), "restreint": 20, "cuc": None}


def test_json_shape(bundled):
    _, result = bundled
    meetings = to_json(result)
    json.dumps(meetings)  # plain JSON
    cuc = meetings[1]
    assert cuc["meeting"] == "cuc-2020-06-16" and cuc["valid"] is True
    assert cuc["seats"] == {
        "voting": 16,
        "sitting": 11,
        "private": 7,
        "public": 4,
        "groups": {"collectivites": 4, "economie": 2, "tourisme": 2, "culture": 2, "social": 1},
        "quorum": 0.6875,
        "private_share": 7 / 11,
    }
    assert {"seat": "agglo", "member": "scoste", "as": "hors_vote", "voting": False} in cuc[
        "attendance"
    ]
    assert {"seat": "cc-xvd", "member": "hmas", "as": "suppleant", "voting": True} in cuc[
        "attendance"
    ]
    dlqc, cac = cuc["decisions"][:2]
    assert (dlqc["dossier"], dlqc["amount"], dlqc["conflicts"], dlqc["standing_conflicts"]) == (
        "DLQC-2017-01",
        "29343.05",
        ["cmorel"],
        ["cmorel"],
    )
    assert dlqc["deciding"]["seats"] == 10 and dlqc["deciding"]["private"] == 6
    assert cac["conflicts"] == ["alefevre"] and cac["votes"] == {
        "pour": 8,
        "contre": 1,
        "abstention": 1,
    }
    assert dossier_decision(result.dossiers["DLQC-2017-01"]) == {
        "state": "programme",
        "amount": "29343.05",
        "meeting": "cuc-2020-06-16",
        "date": "2020-06-16",
    }


def test_errors_in_json_carry_position_and_params(tmp_path: Path):
    call = Call(tmp_path, twelve())
    call.meeting(meeting_yaml(["t-pub1"], "CAF-2025-01: {decision: programme}"))
    meeting = to_json(call.decide())[0]
    (error, *_) = meeting["errors"]
    assert error["code"] == "meeting.quorum" and (error["line"], error["column"]) == (4, 10)
    assert error["params"]["seats"] == 1 and error["params"]["voting"] == 12
    decision = meeting["decisions"][0]
    assert decision["valid"] is False and decision["errors"][0]["code"] == "decision.quorum"


def test_minutes_in_french_and_english(bundled):
    call, result = bundled
    meeting = result.meetings[1]
    html = render(minutes_view(result, meeting, "fr", call.inputs), "html")
    assert (
        "Camille Morel (Association Des Lendemains qui chantent) a déclaré un intérêt (déclaration permanente) et n&#39;a pas pris part au débat ni au vote."
        in html
    )
    assert (
        "Anne Lefèvre (Conseil régional Nouvelle-Aquitaine) a déclaré un intérêt et n&#39;a pas pris part au débat ni au vote."
        in html
    )
    assert "29\u00a0343,05\u00a0€" in html and "Relevé de décisions" in html
    for path, digest in call.inputs:
        assert path in html and digest in html and len(digest) == 64
    english = render(minutes_view(result, meeting, "en", call.inputs), "md")
    assert "Record of decisions" in english and "declared an interest" in english


def test_minutes_print_invalid_decisions_with_why(tmp_path: Path):
    call = Call(tmp_path, twelve())
    call.meeting(
        meeting_yaml(
            ["t-pub1", "t-eco1"],
            'CAF-2025-01: {decision: programme, remarks: "<script>alert(1)</script>"}',
        )
    )
    result = call.decide()
    html = render(minutes_view(result, result.meetings[0], "fr"), "html")
    assert "NON VALIDE" in html and "la séance n&#39;a pas atteint le double quorum" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    markdown = render(minutes_view(result, result.meetings[0], "fr"), "md")
    assert "<script>" not in markdown


def test_minutes_end_with_the_maquette_as_it_stands_after_that_meeting(tmp_path: Path):
    """SPEC-committee §6: the maquette printed is the one after that meeting (its decisions
    and every earlier one): DLQC-2017-01 reserved at the comité restreint, programmed at the
    CUC."""
    from typer.testing import CliRunner

    from grantgrid.cli import app

    root = copy_call(tmp_path)
    shutil.copy(ROOT / "maquette.yaml", root / "maquette.yaml")
    pages = {}
    for meeting in ("2020-05-19-restreint", "2020-06-16-cuc"):
        target = tmp_path / f"{meeting}.html"
        result = CliRunner().invoke(
            app,
            [
                "minutes",
                str(root / "meetings" / f"{meeting}.yaml"),
                "-o",
                str(target),
                "--call",
                str(root),
            ],
        )
        assert result.exit_code == 0, result.output
        page = target.read_text(encoding="utf-8")
        pages[meeting] = page[page.index("Maquette financière") :]
    # Fiche 1.1: 52 500,00 € programmed before; DLQC-2017-01 reserved, then programmed.
    assert "52 500,00" in pages["2020-05-19-restreint"].replace("\u202f", " ").replace("\xa0", " ")
    after_cuc = pages["2020-06-16-cuc"].replace("\u202f", " ").replace("\xa0", " ")
    assert "81 843,05" in after_cuc and "8 156,95" in after_cuc
    assert "<svg" in after_cuc  # the envelope chart beside the table
    assert "maquette.yaml" in after_cuc  # hashed in the footer with the other inputs


def copy_call(tmp_path: Path) -> Path:
    for name in ("grids", "applications", "meetings"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "committee.yaml", tmp_path / "committee.yaml")
    return tmp_path


def test_commands(tmp_path: Path, capsys):
    root = copy_call(tmp_path)
    assert committee_check(root, "fr") == 0
    out = capsys.readouterr().out
    assert "16 sièges votants : 7 publics, 9 privés (56,25 %) ; 2 consultatifs" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert meeting_command(root / "meetings" / "2020-06-16-cuc.yaml", lang="en") == 0
    out = capsys.readouterr().out
    assert "Quorum: 11 seats of 16 (68,75 %), at least 50 % ✓" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    target = tmp_path / "out" / "cuc.html"
    assert minutes_command(root / "meetings" / "2020-06-16-cuc.yaml", target, "html") == 0
    assert "Relevé de décisions" in target.read_text(encoding="utf-8")
    assert minutes_command(root / "meetings" / "2020-06-16-cuc.yaml", target, "html") == 2  # exists
    meeting = root / "meetings" / "2020-06-16-cuc.yaml"
    before = meeting.read_bytes()
    assert minutes_command(meeting, meeting, "md", force=True) == 2  # an input
    assert meeting.read_bytes() == before


def test_committee_check_reports_errors(tmp_path: Path, capsys):
    root = copy_call(tmp_path)
    (root / "committee.yaml").write_text(
        (root / "committee.yaml")
        .read_text(encoding="utf-8")
        .replace("cmorel: [DLQC-2017-01]", "cmorel: [DLQC-2017-10]"),
        encoding="utf-8",
    )
    assert committee_check(root, "fr") == 1
    assert "error committee.unknown: dossier inconnu « DLQC-2017-10 »" in capsys.readouterr().out
    (root / "committee.yaml").unlink()
    assert committee_check(root, "fr") == 2


def test_pdf(tmp_path: Path):
    pytest.importorskip("weasyprint")
    root = copy_call(tmp_path)
    target = tmp_path / "cuc.pdf"
    assert minutes_command(root / "meetings" / "2020-06-16-cuc.yaml", target, "pdf") == 0
    assert target.read_bytes().startswith(b"%PDF")


def test_schemas_and_skeletons():
    for kind, fields in (
        ("committee", {"committee", "title", "rules", "seats", "conflicts"}),
        ("meeting", {"meeting", "date", "mode", "stage", "present", "decisions"}),
    ):
        schema = json_schema(kind)
        assert set(schema["properties"]) == fields
        json.dumps(schema)
    skeleton = parse_text("committee.yaml", committee_skeleton()).document
    committee, problems = validate(Committee, skeleton)
    assert problems == [] and committee is not None
    meeting_text = meeting_skeleton("2025-02-04", committee)
    assert "#     titulaire-region     titulaire, Prénom Nom" in meeting_text
    meeting, problems = validate(Meeting, parse_text("m.yaml", meeting_text).document)
    assert problems == [] and meeting.present == [] and meeting.date == "2025-02-04"


def test_schema_errors_are_positioned_with_did_you_mean(tmp_path: Path):
    path = tmp_path / "m.yaml"
    path.write_text(
        dedent(
            """
        meeting: m1
        date: "04/02/2025"
        presnt: [a]
        """
        ),
        encoding="utf-8",
    )
    found = [
        (d.code, d.position.line, d.position.column, d.message_in("fr"))
        for d in load_meeting(path, "m.yaml").diagnostics
    ]
    assert found[0][:3] == ("schema.type", 2, 7) and "AAAA-MM-JJ" in found[0][3]
    assert found[1][:3] == ("schema.unknown_field", 3, 1) and "present" in found[1][3]
    path.write_text("meeting: m1\ndate: 2025-02-30\n", encoding="utf-8")
    assert [(d.code, d.position.line) for d in load_meeting(path).diagnostics] == [("yaml.date", 2)]
    committee = tmp_path / "committee.yaml"
    committee.write_text("committee: c\ntitle: T\nseats: []\n", encoding="utf-8")
    assert [d.code for d in load_committee(committee).diagnostics] == ["schema.type"]


def test_hostile_committee_is_refused_without_minutes(tmp_path: Path):
    root = copy_call(tmp_path)
    marker = tmp_path / "marker"
    (root / "committee.yaml").write_text(
        f'committee: !!python/object/apply:os.system ["touch {marker}"]\ntitle: T\nseats: []\n',
        encoding="utf-8",
    )
    target = tmp_path / "out.html"
    assert minutes_command(root / "meetings" / "2020-06-16-cuc.yaml", target, "html") == 1
    assert not marker.exists() and not target.exists()


def test_unknown_field_in_committee_suggests(tmp_path: Path):
    path = tmp_path / "committee.yaml"
    path.write_text(
        dedent(
            """
            committee: c
            title: T
            seats:
              - id: a
                structure: A
                colege: public
                titulaire: {id: x, name: X}
            """
        ),
        encoding="utf-8",
    )
    found = {
        (d.code, d.position.line, d.position.column): d.message_in("fr")
        for d in load_committee(path).diagnostics
    }
    assert "Vouliez-vous dire « college » ?" in found[("schema.unknown_field", 6, 5)]
    assert ("schema.missing", 4, 5) in found


@pytest.mark.parametrize("kind", ["committee", "meeting"])
def test_schema_copies_are_current(kind):
    from grantgrid.committee.schema import json_schema_text

    assert (ROOT / "schemas" / f"{kind}.schema.json").read_text(
        encoding="utf-8"
    ) == json_schema_text(kind)


def test_keys_with_nothing_after_them_are_empty(tmp_path: Path):
    path = tmp_path / "m.yaml"
    path.write_text("meeting: m1\ndate: 2025-02-04\npresent:\ndecisions:\n", encoding="utf-8")
    loaded = load_meeting(path)
    assert (
        loaded.diagnostics == [] and loaded.meeting.present == [] and loaded.meeting.decisions == {}
    )
    committee = tmp_path / "committee.yaml"
    committee.write_text(
        "committee: c\ntitle: T\nrules:\nseats:\n  - {id: a, structure: A, college: private, titulaire: {id: x, name: X}, suppleants: }\nconflicts:\n",
        encoding="utf-8",
    )
    loaded_committee = load_committee(committee)
    assert loaded_committee.diagnostics == []
    assert loaded_committee.committee.rules.quorum == Decimal("0.50")


def test_commands_use_the_callers_run(tmp_path: Path, capsys):
    from types import SimpleNamespace

    root = copy_call(tmp_path)
    outcome = SimpleNamespace(
        dossier_id="DLQC-2017-01",
        title="Révolution numérique et ambition culturelle",
        status=SimpleNamespace(value="selected"),
        reasons=[],
        stages=[],
        dossier=None,
        financing=None,
        grid=None,
        path="applications/dlqc-2017-01.yaml",
    )
    run = SimpleNamespace(outcomes=[outcome], grids=[])
    assert meeting_command(root / "meetings" / "2020-06-16-cuc.yaml", run=run) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "error decision.unknown_dossier: dossier inconnu « CAC-2018-02 »" in out
    assert "meeting.unknown_stage" not in out  # stages unknown: not checked
    assert "Note :" not in out  # the run is the caller's: no light reading of the dossiers


def test_english_meeting_and_committee_write_english_figures() -> None:
    from typer.testing import CliRunner

    from grantgrid.cli import app

    runner = CliRunner()
    committee = runner.invoke(app, ["--lang", "en", "committee", "check"]).stdout
    assert "(56.25%)" in committee and "56,25" not in committee
    meeting = runner.invoke(app, ["--lang", "en", "meeting", "meetings/2020-06-16-cuc.yaml"]).stdout
    assert "€29,343.05" in meeting and "68.75%" in meeting and "29 343,05" not in meeting
    french = runner.invoke(app, ["meeting", "meetings/2020-06-16-cuc.yaml"]).stdout
    assert "29 343,05 €" in french and "68,75 %" in french
