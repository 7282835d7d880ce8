"""Who sits (SPEC-committee §2): titulaire first, else the first present suppléant.

A seat *sits* when its titulaire is present, or else its first present suppléant in the
committee's order of precedence. A present suppléant whose seat already sits is *hors vote*.
Consultative seats (`voting: false`) may sit but are never counted. The order of the
`present:` list never matters: precedence comes from `committee.yaml`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Literal

from grantgrid.committee.models import Committee, Member, Seat

Role = Literal["titulaire", "suppleant", "hors_vote"]


@dataclass(frozen=True)
class SeatAttendance:
    """One seat at one meeting: who sits for it (None: absent) and who is there hors vote."""

    seat: Seat
    sitting: Member | None
    role: Role | None
    """titulaire, or suppleant (a suppléant votant); None when the seat is absent."""
    hors_vote: tuple[Member, ...] = ()

    @property
    def counted(self) -> bool:
        """The seat sits and votes."""
        return self.sitting is not None and self.seat.voting


@dataclass(frozen=True)
class Count:
    """Seats by college and interest group."""

    seats: int = 0
    private: int = 0
    groups: dict[str, int] = field(default_factory=dict)

    @property
    def public(self) -> int:
        return self.seats - self.private


def members(committee: Committee) -> dict[str, tuple[Seat, Member]]:
    """Every member by id, with the seat they belong to (the first place of a duplicate)."""
    found: dict[str, tuple[Seat, Member]] = {}
    for seat in committee.seats:
        for member in seat.members:
            found.setdefault(member.id, (seat, member))
    return found


def sit(committee: Committee, present: Collection[str]) -> list[SeatAttendance]:
    """Each seat of the committee, in its order, with who sits for it."""
    here = set(present)
    result: list[SeatAttendance] = []
    for seat in committee.seats:
        there = [m for m in seat.members if m.id in here]
        if not there:
            result.append(SeatAttendance(seat, None, None))
            continue
        first = there[0]
        role: Role = "titulaire" if first is seat.titulaire else "suppleant"
        result.append(SeatAttendance(seat, first, role, tuple(there[1:])))
    return result


def count(seats: Iterable[Seat], group_order: Iterable[str] = ()) -> Count:
    """Voting seats among `seats`, by college and group (groups in `group_order` first)."""
    groups: dict[str, int] = dict.fromkeys(group_order, 0)
    total = private = 0
    for seat in seats:
        if not seat.voting:
            continue
        total += 1
        private += seat.college == "private"
        groups[seat.group_id] = groups.get(seat.group_id, 0) + 1
    return Count(total, private, {g: n for g, n in groups.items() if n})


def without(counted: Count, seats: Iterable[Seat]) -> Count:
    """`counted` less some of its voting seats (those of members who declared an interest)."""
    groups = dict(counted.groups)
    total, private = counted.seats, counted.private
    for seat in seats:
        if not seat.voting:
            continue
        total -= 1
        private -= seat.college == "private"
        groups[seat.group_id] -= 1
    return Count(total, private, {g: n for g, n in groups.items() if n})


def group_order(committee: Committee) -> list[str]:
    """The interest groups in the order the committee file first names them."""
    return list(dict.fromkeys(s.group_id for s in committee.seats if s.voting))


def voting_seats(committee: Committee) -> int:
    return sum(1 for s in committee.seats if s.voting)
