"""Who sits, the double quorum at its exact boundaries, conflicts, validity, latest decision."""

from __future__ import annotations

from pathlib import Path

import pytest
from committee_support import Call, dedent, facts, meeting_yaml, seats_yaml, twelve

ALL12 = [
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


def titulaires(*seats: str) -> list[str]:
    return [f"t-{s}" for s in seats]


def meeting(
    tmp_path: Path,
    present: list[str],
    decisions: str = "",
    committee: str | None = None,
    **fields: str,
):
    call = Call(tmp_path, committee or twelve())
    call.meeting(meeting_yaml(present, decisions, **fields))
    return call.decide().meetings[0]


# Who sits ------------------------------------------------------------------------------


def test_titulaire_sits_and_present_suppleants_are_hors_vote(tmp_path: Path):
    m = meeting(tmp_path, ["s1-pub1", "t-pub1", "s2-pub1"])
    seat = m.seats[0]
    assert (seat.sitting.id, seat.role) == ("t-pub1", "titulaire")
    assert [x.id for x in seat.hors_vote] == ["s1-pub1", "s2-pub1"]
    assert m.sitting.seats == 1


def test_first_suppleant_in_the_committee_order_sits(tmp_path: Path):
    m = meeting(tmp_path, ["s2-pub1", "s1-pub1"])  # listed in the other order
    seat = m.seats[0]
    assert (seat.sitting.id, seat.role) == ("s1-pub1", "suppleant")
    assert [x.id for x in seat.hors_vote] == ["s2-pub1"]


def test_second_suppleant_sits_when_alone(tmp_path: Path):
    seat = meeting(tmp_path, ["s2-pub1"]).seats[0]
    assert (seat.sitting.id, seat.role, seat.hors_vote) == ("s2-pub1", "suppleant", ())


def test_consultative_seat_never_counts(tmp_path: Path):
    committee = (
        twelve().rstrip("\n")
        + "\n"
        + "\n".join(
            "  " + line
            for line in dedent(
                """
            - id: etat
              structure: Préfecture
              college: private
              voting: false
              titulaire: {id: prefet, name: Préfet}
            """
            ).splitlines()
        )
        + "\n"
    )
    with_consultative = meeting(
        tmp_path,
        [*titulaires("pub1", "pub2", "pub3", "eco1", "eco2"), "prefet"],
        committee=committee,
    )
    assert with_consultative.voting == 12
    assert (with_consultative.sitting.seats, with_consultative.sitting.private) == (5, 2)
    assert not with_consultative.quorate  # 5 of 12: the consultative seat does not help
    assert with_consultative.seats[-1].sitting.id == "prefet"


# The meeting quorum at its boundaries ----------------------------------------------------


def test_exactly_half_present_and_half_private_is_enough(tmp_path: Path):
    m = meeting(tmp_path, titulaires("pub1", "pub2", "pub4", "eco1", "cul1", "soc1"))
    assert (m.sitting.seats, m.sitting.private, m.voting) == (6, 3, 12)
    assert m.quorate and [c.ok for c in m.checks] == [True, True]


def test_one_seat_fewer_fails_the_quorum(tmp_path: Path):
    m = meeting(tmp_path, titulaires("pub1", "pub2", "eco1", "cul1", "soc1"))
    assert [(c.name, c.ok) for c in m.checks] == [("quorum", False), ("private_share", True)]
    (error,) = [d for d in m.diagnostics if d.code == "meeting.quorum"]
    assert error.message_in("fr").startswith(
        "5 sièges sur 12 (41,67 %), dont 3 privés (60,00 %) : moins que le quorum de 50 % des sièges votants"
    )


def test_one_private_fewer_fails_the_private_share(tmp_path: Path):
    m = meeting(tmp_path, titulaires("pub1", "pub2", "pub4", "pub5", "eco1", "cul1", "soc1"))
    assert [(c.name, c.ok) for c in m.checks] == [("quorum", True), ("private_share", False)]
    (error,) = [d for d in m.diagnostics if d.code == "meeting.quorum"]
    assert error.message_in("fr").startswith(
        "7 sièges sur 12 (58,33 %), dont 3 privés (42,86 %) : moins de 50 % de privés"
    )


def test_non_quorate_meeting_invalidates_every_decision(tmp_path: Path):
    m = meeting(
        tmp_path,
        titulaires("pub1", "eco1", "cul1"),
        """
        CAF-2025-01: {decision: programme}
        CAF-2025-02: {decision: favorable}
        """,
    )
    assert not m.valid
    assert [d.valid for d in m.decisions] == [False, False]


# Conflicts and the deciding seats --------------------------------------------------------


def test_the_spec_example_figures(tmp_path: Path):
    """8 sit (4 private); a private member leaves: 7 seats of 12, 3 private."""
    m = meeting(
        tmp_path,
        titulaires("pub1", "pub2", "pub4", "pub5", "eco1", "cul1", "soc1", "soc2"),
        "CAF-2025-01: {decision: programme, conflicts: [t-soc2]}",
    )
    assert m.quorate
    (decided,) = m.decisions
    assert (decided.deciding.seats, decided.deciding.private) == (7, 3)
    assert next(d.format("fr") for d in decided.diagnostics).startswith(
        "meetings/m1.yaml:6:49: error decision.quorum: "
    )
    messages = [d.message_in("fr") for d in decided.diagnostics]
    assert messages == [
        "7 sièges sur 12 (58,33 %), dont 3 privés (42,86 %) : moins de 50 % de privés ; "
        "cette décision n'est pas valide : reportez le dossier à une autre séance"
    ]
    assert not decided.valid


def test_standing_conflict_applies_to_its_dossier_only(tmp_path: Path):
    committee = twelve(conflicts={"t-eco1": ["caf-2025-01"]})  # compared after case folding
    m = meeting(
        tmp_path,
        titulaires(*ALL12),
        """
        CAF-2025-01: {decision: programme}
        CAF-2025-02: {decision: programme}
        """,
        committee=committee,
    )
    first, second = m.decisions
    assert first.deciding.seats == 11 and [c.member.id for c in first.conflicts] == ["t-eco1"]
    assert first.conflicts[0].standing
    assert second.deciding.seats == 12 and second.conflicts == []


def test_conflicted_titulaire_is_not_replaced_by_a_suppleant(tmp_path: Path):
    m = meeting(
        tmp_path,
        [*titulaires(*ALL12), "s1-eco1"],
        "CAF-2025-01: {decision: programme, conflicts: [t-eco1]}",
    )
    assert m.decisions[0].deciding.seats == 11


def test_conflict_of_a_hors_vote_member_changes_nothing(tmp_path: Path):
    m = meeting(
        tmp_path,
        [*titulaires(*ALL12), "s1-eco1"],
        "CAF-2025-01: {decision: programme, conflicts: [s1-eco1]}",
    )
    (decided,) = m.decisions
    assert decided.deciding.seats == 12
    assert [(c.member.id, c.sitting) for c in decided.conflicts] == [("s1-eco1", False)]


# The group cap at exactly 49 % ------------------------------------------------------------


def hundred() -> str:
    """100 voting seats: 49 public in one group, 51 private in three groups of 17."""
    spec = [(f"a{i}", "public", "collectivites") for i in range(49)]
    spec += [(f"p{i}", "private", f"g{i % 3}") for i in range(51)]
    return seats_yaml(spec)


def test_a_group_at_exactly_49_percent_is_allowed(tmp_path: Path):
    everyone = [f"t-a{i}" for i in range(49)] + [f"t-p{i}" for i in range(51)]
    result_call = Call(tmp_path, hundred())
    result_call.meeting(
        meeting_yaml(
            everyone,
            "CAF-2025-01: {decision: programme}\nCAF-2025-02: {decision: programme, conflicts: [t-p0]}",
        )
    )
    result = result_call.decide()
    assert not [d for d in result.diagnostics if d.code == "committee.group_share"]  # 49 of 100
    exactly, over = result.meetings[0].decisions
    assert exactly.valid
    group = next(c for c in exactly.checks if c.group == "collectivites")
    assert (group.part, group.whole, group.ok) == (49, 100, True)
    assert not over.valid  # one private seat out: 49 of 99 = 49,49 %
    (message,) = [d.message_in("fr") for d in over.diagnostics]
    assert "le groupe « collectivites » en tient 49 (49,49 %), plus de 49 %" in message


def test_a_group_over_the_cap_in_the_committee_is_a_warning(tmp_path: Path):
    spec = [(f"a{i}", "public", "collectivites") for i in range(50)]
    spec += [(f"p{i}", "private", f"g{i % 3}") for i in range(50)]
    result = Call(tmp_path, seats_yaml(spec)).decide()
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [
        ("committee.group_share", "warning")
    ]


def test_composition_at_exactly_half_private_is_fine(tmp_path: Path):
    result = Call(tmp_path, twelve()).decide()
    assert [d.code for d in result.diagnostics] == []


@pytest.mark.parametrize("quorum", ["0.75", "0.5"])
def test_thresholds_are_parameters(tmp_path: Path, quorum):
    m = meeting(
        tmp_path,
        titulaires("pub1", "pub2", "pub4", "eco1", "cul1", "soc1", "soc2", "eco2"),
        committee=twelve(rules={"quorum": quorum}),
    )
    assert m.quorate is (quorum == "0.5")  # 8 of 12 = 66,67 %


# A dossier's decision ------------------------------------------------------------------


def test_latest_valid_decision_by_date_then_id(tmp_path: Path):
    call = Call(tmp_path, twelve())
    everyone = titulaires(*ALL12)
    call.meeting(
        meeting_yaml(
            everyone, "CAF-2025-01: {decision: programme}", meeting="b-late", date="2025-06-01"
        ),
        "a.yaml",
    )
    call.meeting(
        meeting_yaml(
            everyone, "CAF-2025-01: {decision: favorable}", meeting="a-early", date="2025-03-01"
        ),
        "b.yaml",
    )
    # Later still, but not valid: its quorum fails.
    call.meeting(
        meeting_yaml(
            titulaires("pub1"),
            "CAF-2025-01: {decision: defavorable}",
            meeting="c-invalid",
            date="2025-09-01",
        ),
        "c.yaml",
    )
    # Same date as b-late: decided by meeting id, "b-late-bis" comes after "b-late".
    call.meeting(
        meeting_yaml(
            everyone, "CAF-2025-02: {decision: ajourne}", meeting="b-late-bis", date="2025-06-01"
        ),
        "d.yaml",
    )
    call.meeting(
        meeting_yaml(
            everyone, "CAF-2025-02: {decision: reserve}", meeting="b-late", date="2025-06-01"
        ),
        "e.yaml",
    )
    result = call.decide()
    assert [m.meeting.meeting for m in result.meetings] == [
        "a-early",
        "b-late",
        "b-late",
        "b-late-bis",
        "c-invalid",
    ]
    first = result.dossiers["CAF-2025-01"]
    assert (first.state, first.meeting, first.date, str(first.amount)) == (
        "programme",
        "b-late",
        "2025-06-01",
        "5400.00",
    )
    assert result.dossiers["CAF-2025-02"].state == "ajourne"
    assert result.dossiers["CAF-2025-03"] is None  # non examiné
    assert len(result.history["CAF-2025-01"]) == 3


def test_all_decisions_invalid_means_not_examined(tmp_path: Path):
    call = Call(tmp_path, twelve())
    call.meeting(meeting_yaml(titulaires("pub1"), "CAF-2025-01: {decision: programme}"))
    assert call.decide().dossiers["CAF-2025-01"] is None


def test_favorable_and_reserve_are_reserved(tmp_path: Path):
    call = Call(tmp_path, twelve())
    call.meeting(
        meeting_yaml(
            titulaires(*ALL12),
            "CAF-2025-01: {decision: favorable}\nCAF-2025-02: {decision: defavorable}",
        )
    )
    result = call.decide()
    assert result.dossiers["CAF-2025-01"].state == "reserve"
    assert result.dossiers["CAF-2025-02"].state == "refuse"
    assert result.dossiers["CAF-2025-02"].amount is None


def test_written_consultation(tmp_path: Path):
    m = meeting(
        tmp_path,
        titulaires(*ALL12),
        "CAF-2025-01: {decision: programme, conflicts: [t-pub1]}",
        mode="ecrite",
    )
    assert m.valid and m.decisions[0].valid and m.meeting.mode == "ecrite"


def test_unknown_dossier_is_not_valid_and_not_counted(tmp_path: Path):
    call = Call(tmp_path, twelve())
    call.meeting(meeting_yaml(titulaires(*ALL12), "CAF-2025-77: {decision: programme}"))
    result = call.decide([facts("CAF-2025-01")])
    assert not result.meetings[0].decisions[0].valid
    assert result.dossiers == {"CAF-2025-01": None}
