"""The formats of `committee.yaml` and `meetings/*.yaml` (SPEC-committee §1, §2).

The models are the formats: the JSON Schema (`grantgrid schema committee|meeting`) is
generated from them. Checks that need the whole file (unique ids, rates, composition) or the
run (known dossiers, members, stages) are rules, in `composition.py`, `attendance.py`,
`quorum.py` and `decisions.py`, so that each reports its own code and position.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from grantgrid.models.types import Amount, Id, Label, LongText, Number, StrictModel

College = Literal["public", "private"]
Mode = Literal["seance", "ecrite"]
DecisionKind = Literal["favorable", "reserve", "defavorable", "ajourne", "programme"]
POSITIVE: frozenset[str] = frozenset({"favorable", "reserve", "programme"})
"""Decisions that commit money: they need a `selected` dossier and a majority for."""


def _date(value: Any) -> str:
    """A calendar date written YYYY-MM-DD (the loader keeps YAML dates as text)."""
    if isinstance(value, str):
        try:
            if len(value) == 10:
                datetime.date.fromisoformat(value)
                return value
        except ValueError:
            pass
    raise PydanticCustomError(
        "schema_type",
        "expected a date written YYYY-MM-DD (such as 2025-02-04), got {got}",
        {
            "got": repr(value)[:40],
            "fr": f"date attendue au format AAAA-MM-JJ (par exemple 2025-02-04), reçu {repr(value)[:40]}",
        },
    )


def _count(value: Any) -> int:
    """A number of votes: a whole number, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or value > 10_000:
        raise PydanticCustomError(
            "schema_type",
            "expected a number of votes (a whole number, 0 or more), got {got}",
            {
                "got": repr(value)[:40],
                "fr": f"nombre de voix attendu (un entier, 0 ou plus), reçu {repr(value)[:40]}",
            },
        )
    return value


def _nothing_is_empty(empty: Any) -> BeforeValidator:
    """`conflicts:` or `present:` with nothing after it: nothing yet, not an error."""
    return BeforeValidator(lambda value: empty() if value is None else value)


MeetingDate = Annotated[
    str,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2025-02-04"]}),
]
Count = Annotated[int, BeforeValidator(_count), WithJsonSchema({"type": "integer", "minimum": 0})]


class Member(StrictModel):
    """A person who may sit for a seat."""

    id: Id = Field(
        description="Member id, used in `present:` and `conflicts:`.", examples=["alefevre"]
    )
    name: Label = Field(
        description="Full name, as the minutes print it.", examples=["Anne Lefèvre"]
    )


class Seat(StrictModel):
    """One seat = one represented structure, with its titulaire and suppléants."""

    id: Id = Field(examples=["region"])
    structure: Label = Field(
        description="The structure the seat represents.", examples=["Conseil régional"]
    )
    college: College = Field(description="public or private.")
    group: Id | None = Field(
        default=None,
        description="Interest group id (collectivites, culture, economie…); default: the college.",
        examples=["collectivites"],
    )
    voting: bool = Field(default=True, description="false: a consultative seat, never counted.")
    titulaire: Member
    suppleants: Annotated[list[Member], _nothing_is_empty(list)] = Field(
        default=[], description="Substitutes, in order of precedence."
    )

    @property
    def group_id(self) -> str:
        return self.group or self.college

    @property
    def members(self) -> list[Member]:
        return [self.titulaire, *self.suppleants]


class Rules(StrictModel):
    """The règlement intérieur's thresholds: the double quorum and the interest-group cap."""

    quorum: Number = Field(
        default=Decimal("0.50"), description="Seats taking part / voting seats, at least."
    )
    private_share: Number = Field(
        default=Decimal("0.50"), description="Private seats among those taking part, at least."
    )
    max_group_share: Number = Field(
        default=Decimal("0.49"),
        description="One interest group's seats among those taking part, at most.",
    )


class Committee(StrictModel):
    """The comité de programmation: its seats, rules and standing declarations of interest."""

    committee: Id = Field(description="Committee id.", examples=["cp-gal-exemple"])
    title: Label = Field(examples=["Comité de programmation du GAL des Monts et Vallons"])
    rules: Annotated[Rules, _nothing_is_empty(Rules)] = Field(
        default=Rules(), description="Thresholds; defaults 0.50, 0.50, 0.49."
    )
    seats: list[Seat] = Field(min_length=1)
    conflicts: Annotated[dict[Id, list[Id]], _nothing_is_empty(dict)] = Field(
        default={}, description="Standing declarations of interest: member id → dossier ids."
    )

    def seat(self, seat_id: str) -> Seat | None:
        return next((s for s in self.seats if s.id == seat_id), None)


class Votes(StrictModel):
    pour: Count = 0
    contre: Count = 0
    abstention: Count = 0

    @property
    def cast(self) -> int:
        return self.pour + self.contre + self.abstention


class Decision(StrictModel):
    """One item of the agenda: the committee's decision on a dossier."""

    decision: DecisionKind = Field(
        description="favorable | reserve | defavorable | ajourne | programme."
    )
    amount: Amount | None = Field(
        default=None,
        description="LEADER amount; default: the dossier's resource of the co-financing fund.",
    )
    conflicts: Annotated[list[Id], _nothing_is_empty(list)] = Field(
        default=[], description="Members who declared an interest and left the room."
    )
    votes: Votes | None = None
    remarks: LongText | None = None


class Meeting(StrictModel):
    """A meeting (séance) or a written consultation (consultation écrite)."""

    meeting: Id = Field(description="Meeting id.", examples=["cp-2025-02-04"])
    date: MeetingDate
    mode: Mode = Field(default="seance", description="seance | ecrite (written consultation).")
    stage: Id | None = Field(default=None, description="The grid stage this meeting decides.")
    present: Annotated[list[Id], _nothing_is_empty(list)] = Field(
        default=[], description="Member ids present (for ecrite: those who answered)."
    )
    decisions: Annotated[dict[Id, Decision], _nothing_is_empty(dict)] = Field(
        default={}, description="The agenda, in order."
    )
