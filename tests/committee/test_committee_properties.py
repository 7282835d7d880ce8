"""Properties of the deciding seats (hypothesis): conflicts only remove seats, and the order
of `present:` never matters."""

from __future__ import annotations

from decimal import Decimal

from committee_support import facts, in_memory
from hypothesis import given, settings
from hypothesis import strategies as st

from grantgrid.committee.jsonout import to_json
from grantgrid.committee.result import decisions_for_run

GROUPS = ["collectivites", "culture", "economie", "tourisme", "social"]
DOSSIERS = [facts(f"D-{i}") for i in range(3)]


@st.composite
def committees(draw):
    n = draw(st.integers(min_value=1, max_value=14))
    seats = []
    for i in range(n):
        suppleants = [
            {"id": f"s{j}-{i}", "name": f"Suppléant {j} {i}"}
            for j in range(draw(st.integers(0, 2)))
        ]
        seats.append(
            {
                "id": f"seat{i}",
                "structure": f"Structure {i}",
                "college": draw(st.sampled_from(["public", "private"])),
                "group": draw(st.sampled_from(GROUPS)),
                "voting": draw(st.booleans()) or i == 0,
                "titulaire": {"id": f"t-{i}", "name": f"Titulaire {i}"},
                "suppleants": suppleants,
            }
        )
    members = [m["id"] for s in seats for m in [s["titulaire"], *s["suppleants"]]]
    standing = draw(st.lists(st.sampled_from(members), max_size=2, unique=True))
    return {
        "committee": "cp",
        "title": "Comité",
        "rules": {
            "quorum": Decimal("0.5"),
            "private_share": Decimal("0.5"),
            "max_group_share": Decimal("0.49"),
        },
        "seats": seats,
        "conflicts": {m: ["D-0"] for m in standing},
    }, members


@st.composite
def sittings(draw):
    committee, members = draw(committees())
    present = draw(st.lists(st.sampled_from(members), unique=True))
    conflicts = draw(st.lists(st.sampled_from(members), unique=True, max_size=4))
    extra = draw(st.sampled_from(members))
    return committee, present, conflicts, extra


def meeting(present, conflicts):
    return {
        "meeting": "m",
        "date": "2025-02-04",
        "present": list(present),
        "decisions": {
            d.dossier_id: {"decision": "programme", "conflicts": list(conflicts)} for d in DOSSIERS
        },
    }


@settings(max_examples=150, deadline=None)
@given(sittings())
def test_adding_a_conflicted_member_never_adds_a_deciding_seat(case):
    committee, present, conflicts, extra = case
    before = decisions_for_run(*in_memory(committee, [meeting(present, conflicts)]), DOSSIERS)
    more = [*conflicts, extra] if extra not in conflicts else conflicts
    after = decisions_for_run(*in_memory(committee, [meeting(present, more)]), DOSSIERS)
    for old, new in zip(before.meetings[0].decisions, after.meetings[0].decisions, strict=True):
        assert new.deciding.seats <= old.deciding.seats
        assert new.deciding.private <= old.deciding.private
        for group, seats in new.deciding.groups.items():
            assert seats <= old.deciding.groups.get(group, 0)


@settings(max_examples=150, deadline=None)
@given(sittings(), st.randoms(use_true_random=False))
def test_reordering_present_never_changes_a_result(case, random):
    committee, present, conflicts, _ = case
    shuffled = list(present)
    random.shuffle(shuffled)
    one = decisions_for_run(*in_memory(committee, [meeting(present, conflicts)]), DOSSIERS)
    other = decisions_for_run(*in_memory(committee, [meeting(shuffled, conflicts)]), DOSSIERS)
    assert to_json(one) == to_json(other)
    assert one.dossiers == other.dossiers
