"""What the workbook, the score table and the reports get; facts from a run's outcomes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from committee_support import Call, meeting_yaml, twelve

from grantgrid.committee.facts import facts_from_run
from grantgrid.committee.views import (
    DECISION_COLUMNS,
    MEETING_COLUMNS,
    decision_label,
    decision_rows,
    decision_state,
    dossier_decisions,
    meeting_rows,
)

ALL12 = [
    f"t-{s}"
    for s in [
        "pub1",
        "pub2",
        "pub3",
        "pub4",
        "pub5",
        "pub6",
        "eco1",
        "eco2",
        "cul1",
        "cul2",
        "soc1",
        "soc2",
    ]
]


def decided(tmp_path: Path):
    call = Call(tmp_path, twelve())
    call.meeting(
        meeting_yaml(
            ALL12,
            "CAF-2025-01: {decision: programme, conflicts: [t-pub1], votes: {pour: 9, contre: 1, abstention: 1}}",
        )
    )
    call.meeting(
        meeting_yaml(
            ["t-pub1"],
            "CAF-2025-02: {decision: favorable}",
            meeting="cp-2025-03-04",
            date="2025-03-04",
        )
    )
    return call.decide()


def test_seances_sheet_rows(tmp_path: Path):
    result = decided(tmp_path)
    meetings = meeting_rows(result)
    assert len(MEETING_COLUMNS["fr"]) == len(meetings[0])
    assert meetings[0] == [
        "cp-2025-02-04",
        "2025-02-04",
        "séance",
        "",
        12,
        12,
        6,
        Decimal(1),
        Decimal("0.5"),
        "oui",
    ]
    assert meetings[1][-1] == "non"
    rows = decision_rows(result, "fr")
    assert len(DECISION_COLUMNS["fr"]) == len(rows[0])
    first, second = rows
    assert first[:8] == [
        "cp-2025-02-04",
        "2025-02-04",
        "CAF-2025-01",
        "programmation",
        Decimal("5400.00"),
        "Titulaire pub1",
        11,
        6,
    ]
    assert first[9] == "etat" and first[11:15] == [9, 1, 1, "oui"]
    assert second[14] == "non" and second[15].startswith(
        "séance sans double quorum ; 1 sièges sur 12"
    )


def test_decision_label_and_report(tmp_path: Path):
    result = decided(tmp_path)
    assert decision_label(result, "CAF-2025-01") == "programmé — 5 400,00 € (2025-02-04)"
    assert decision_label(result, "CAF-2025-02", "en") == "not examined"
    assert decision_state(result, "CAF-2025-01") == "programmé"
    (shown,) = dossier_decisions(result, "CAF-2025-01")
    assert shown["conflicts"] == [
        "Titulaire pub1 (Structure pub1) a déclaré un intérêt et n'a pas pris part au débat ni au vote."
    ]
    (invalid,) = dossier_decisions(result, "CAF-2025-02", "en")
    assert not invalid["valid"] and invalid["why"].startswith("meeting without double quorum")


def test_facts_from_run_reads_outcomes():
    stage = SimpleNamespace(id="cuc")
    outcome = SimpleNamespace(
        dossier_id="DLQC-2017-01",
        title="Révolution numérique et ambition culturelle",
        status=SimpleNamespace(value="rejected"),
        reasons=[
            SimpleNamespace(
                en="total 7 is below the minimum of 10", fr="total de 7, sous le minimum de 10"
            )
        ],
        stages=[SimpleNamespace(stage=stage, total=None, complete=False, maximum=Decimal(20))],
        dossier=SimpleNamespace(
            applicant=SimpleNamespace(name="Association"), fiche_action="1.1 Accompagner"
        ),
        financing=SimpleNamespace(funds={"leader": Decimal("29343.05")}),
        grid=SimpleNamespace(
            financing=SimpleNamespace(co_financing=SimpleNamespace(fund="leader"))
        ),
        grid_file=SimpleNamespace(display="grids/leader-tulle.yaml"),
        path="applications/dlqc-2017-01.yaml",
    )
    (facts,) = facts_from_run(
        SimpleNamespace(outcomes=[outcome, SimpleNamespace(dossier_id=None, dossier=None)])
    )
    assert facts.dossier_id == "DLQC-2017-01" and facts.status == "rejected"
    assert facts.fund_amount == Decimal("29343.05") and facts.fiche_id == "1.1"
    assert facts.stage_totals == {"cuc": None} and facts.stage_complete == {"cuc": False}
    assert facts.reasons[0].fr == "total de 7, sous le minimum de 10"
    assert facts.grid_path == "grids/leader-tulle.yaml"
