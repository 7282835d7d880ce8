"""Every committee, meeting and decision code, at its exact line and column, with its figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from committee_support import Call, at, dedent, facts, meeting_yaml, problems, twelve

from grantgrid.rules.registry import rule

COMMITTEE_ERRORS = dedent(
    """
    committee: cp-test
    title: Comité de test
    rules:
      quorum: 1.5
    seats:
      - id: a
        structure: A
        college: public
        group: g
        titulaire: {id: ta, name: Anne A}
      - id: a
        structure: B
        college: private
        titulaire: {id: ta, name: Bruno B}
        suppleants:
          - {id: a, name: Anne A}
    conflicts:
      tz: [CAF-2025-01]
      ta: [CAF-2025-09]
    """
)


@pytest.fixture
def committee_problems(tmp_path: Path) -> list[tuple[str, str, int, int]]:
    call = Call(tmp_path, COMMITTEE_ERRORS)
    return [p for p in problems(call.decide()) if p[0] == "committee.yaml"]


def test_committee_codes_at_their_nodes(committee_problems):
    assert committee_problems == [
        ("committee.yaml", "committee.rate", 4, 11),
        ("committee.yaml", "committee.group_share", 9, 12),
        ("committee.yaml", "committee.duplicate_id", 11, 9),  # seat id a again
        ("committee.yaml", "committee.group_share", 13, 14),  # group defaults to the college
        ("committee.yaml", "committee.duplicate_id", 14, 21),  # member id ta again
        ("committee.yaml", "committee.duplicate_id", 16, 14),  # a seat id used as a member id
        ("committee.yaml", "committee.unknown", 18, 3),  # member tz
        ("committee.yaml", "committee.unknown", 19, 8),  # dossier CAF-2025-09
    ]


def test_committee_messages(tmp_path: Path):
    result = Call(tmp_path, COMMITTEE_ERRORS).decide()
    text = [d.format("fr") for d in result.diagnostics]
    assert (
        "committee.yaml:4:11: error committee.rate: rules.quorum vaut 1,5 : écrivez un taux entre 0 et 1 (0.50 pour la moitié)"
        in text
    )
    assert any(
        "dossier inconnu « CAF-2025-09 » dans conflicts. Vouliez-vous dire « CAF-2025-03 » ?" in t
        for t in text
    )
    assert any(
        "membre inconnu « tz » dans conflicts. Valeurs possibles : 'ta', 'a'." in t for t in text
    )
    warning = next(d for d in result.diagnostics if d.code == "committee.group_share")
    assert warning.format("en").startswith(
        "committee.yaml:9:12: warning committee.group_share: the group 'g' holds 1 of the 2 voting seats (50,00 %), more than 49 %"
    )


def test_composition_error(tmp_path: Path):
    spec = dedent(
        """
        committee: cp-test
        title: Comité de test
        seats:
          - {id: p1, structure: P1, college: public, group: g1, titulaire: {id: a, name: A}}
          - {id: p2, structure: P2, college: public, group: g2, titulaire: {id: b, name: B}}
          - {id: v1, structure: V1, college: private, group: g3, titulaire: {id: c, name: C}}
        """
    )
    result = Call(tmp_path, spec).decide()
    found = [(d.code, d.position.line, d.position.column) for d in result.diagnostics]
    assert ("committee.composition", 3, 1) in found
    message = next(d for d in result.diagnostics if d.code == "committee.composition").message_in(
        "fr"
    )
    assert message.startswith("1 sièges privés sur 3 sièges votants (33,33 %) : moins de 50 %")


MEETING_ERRORS = dedent(
    """
    meeting: m1
    date: 2025-02-04
    stage: cucu
    present: [t-pub1, t-pub1, zz]
    decisions:
      CAF-2025-01:
        decision: programme
        amount: 9000.00
        conflicts: [qq]
        votes: {pour: 1, contre: 2, abstention: 0}
      CAF-2025-99:
        decision: favorable
    """
)


@pytest.fixture
def meeting_problems(tmp_path: Path) -> list[tuple[str, int, int]]:
    call = Call(tmp_path, twelve())
    call.meeting(MEETING_ERRORS)
    return [
        (code, line, col)
        for path, code, line, col in problems(call.decide())
        if path != "committee.yaml"
    ]


def test_meeting_codes_at_their_nodes(meeting_problems):
    assert ("meeting.unknown_stage", 3, 8) in meeting_problems
    assert ("meeting.quorum", 4, 10) in meeting_problems
    assert ("meeting.duplicate_member", 4, 19) in meeting_problems
    assert ("meeting.unknown_member", 4, 27) in meeting_problems  # in present
    assert ("meeting.unknown_member", 9, 17) in meeting_problems  # in conflicts
    assert ("decision.amount", 8, 13) in meeting_problems
    assert ("decision.majority", 10, 12) in meeting_problems
    assert ("decision.votes", 10, 12) in meeting_problems
    assert ("decision.unknown_dossier", 11, 3) in meeting_problems
    assert ("decision.quorum", 9, 16) in meeting_problems  # at the conflicts of the decision
    assert ("decision.quorum", 12, 5) in meeting_problems  # at the decision itself


def _one(tmp_path: Path, decision: str, present: list[str] | None = None, dossiers=None):
    call = Call(tmp_path, twelve())
    everyone = [
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
    text = meeting_yaml(everyone if present is None else present, decision)
    call.meeting(text)
    result = call.decide(dossiers)
    decided = result.meetings[0].decisions[0]
    found = [
        (d.code, d.position.line, d.position.column, d.message_in("fr"))
        for d in decided.diagnostics
    ]
    return decided, found, text


def test_decision_votes_message(tmp_path: Path):
    decided, found, text = _one(
        tmp_path, "CAF-2025-01: {decision: favorable, votes: {pour: 10, contre: 2, abstention: 1}}"
    )
    assert found == [
        (
            "decision.votes",
            *at(text, "{pour"),
            "13 voix exprimées (10 pour, 2 contre, 1 abstentions) pour seulement 12 sièges délibérants : vérifiez le décompte",
        )
    ]
    assert not decided.valid


def test_votes_equal_to_seats_are_fine(tmp_path: Path):
    decided, found, _text = _one(
        tmp_path, "CAF-2025-01: {decision: favorable, votes: {pour: 10, contre: 1, abstention: 1}}"
    )
    assert found == [] and decided.valid


@pytest.mark.parametrize(
    ("kind", "pour", "contre", "fails"),
    [
        ("programme", 5, 5, True),
        ("programme", 6, 5, False),
        ("reserve", 0, 0, True),
        ("defavorable", 5, 5, False),
        ("defavorable", 6, 5, True),
        ("ajourne", 0, 9, False),
    ],
)
def test_majority(tmp_path: Path, kind, pour, contre, fails):
    decided, found, _text = _one(
        tmp_path,
        f"CAF-2025-01: {{decision: {kind}, votes: {{pour: {pour}, contre: {contre}, abstention: 1}}}}",
    )
    assert [f[0] for f in found] == (["decision.majority"] if fails else [])
    assert decided.valid is not fails


def test_not_selected_gives_status_and_reasons(tmp_path: Path):
    _decided, found, text = _one(tmp_path, "CAF-2025-03: {decision: reserve}")
    assert found == [
        (
            "decision.not_selected",
            *at(text, "reserve"),
            "réservation des crédits pour « CAF-2025-03 », dont le statut est « non retenu » "
            "(total 7 is below the minimum of 10) : seul un dossier retenu peut recevoir une "
            "décision favorable ; décidez defavorable ou ajourne",
        )
    ]


def test_negative_decision_on_a_rejected_dossier_is_fine(tmp_path: Path):
    decided, found, _text = _one(tmp_path, "CAF-2025-03: {decision: defavorable}")
    assert found == [] and decided.valid


@pytest.mark.parametrize(
    ("amount", "variant"),
    [("0", "zero"), ("-5", "zero"), ("5400.01", "over"), ("5400.00", None), ("0.01", None)],
)
def test_amount_bounds(tmp_path: Path, amount, variant):
    decided, found, text = _one(tmp_path, f"CAF-2025-01: {{decision: programme, amount: {amount}}}")
    codes = [(d.variant, d.position.line, d.position.column) for d in decided.diagnostics]
    assert codes == ([(variant, *at(text, amount + "}"))] if variant else [])
    if variant == "over":
        assert found[0][3] == (
            "le montant 5 400,01 € dépasse de 0,01 € la ressource du dossier sur le fonds "
            "co-financeur (5 400,00 €) : décidez au plus 5 400,00 €, ou corrigez le budget"
        )


def test_amount_defaults_to_the_fund_resource(tmp_path: Path):
    decided, found, _text = _one(tmp_path, "CAF-2025-02: {decision: programme}")
    assert found == [] and str(decided.amount) == "12000.00"


def test_amount_missing_without_fund(tmp_path: Path):
    _decided, found, text = _one(
        tmp_path, "CAF-2025-09: {decision: programme}", dossiers=[facts("CAF-2025-09", fund=None)]
    )
    assert [f[:3] for f in found] == [("decision.amount", *at(text, "programme"))]


def test_every_code_has_french_and_english(tmp_path: Path):
    import grantgrid.committee.rules  # noqa: F401

    codes = [
        "committee.duplicate_id",
        "committee.rate",
        "committee.composition",
        "committee.group_share",
        "committee.unknown",
        "meeting.quorum",
        "meeting.unknown_member",
        "meeting.duplicate_member",
        "meeting.unknown_stage",
        "decision.quorum",
        "decision.votes",
        "decision.majority",
        "decision.not_selected",
        "decision.amount",
        "decision.unknown_dossier",
    ]
    for code in codes:
        registered = rule(code)
        templates = (
            registered.message.values()
            if isinstance(registered.message, dict)
            else [registered.message]
        )
        for template in templates:
            assert template.fr and template.en and template.fr != template.en
        assert registered.fix
    assert rule("committee.group_share").severity.value == "warning"
