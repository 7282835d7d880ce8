"""Checks of `committee.yaml` itself (`committee.*`, SPEC-committee §1)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from fractions import Fraction

from grantgrid.committee.facts import same_id
from grantgrid.committee.models import Committee
from grantgrid.committee.quorum import Percent, bound_percent
from grantgrid.committee.seats import count, group_order
from grantgrid.diagnostics import DataPath, Finding, Severity, suggestion
from grantgrid.rules.registry import Rule, register
from grantgrid.words import Quoted, Said, Score


def duplicate_ids(committee: Committee) -> Iterator[Finding]:
    """committee.duplicate_id: seat and member ids are unique in the file, so a person (a
    member id) holds one place only. Names are not compared: two people may share one. Ids
    compare as dossier ids do (NFKC, case folded): `agglo` and `AGGLO` would be two seats
    that read as one in every table."""
    seen: dict[str, str] = {}  # folded id → the seat it first appeared in
    for i, seat in enumerate(committee.seats):
        if same_id(seat.id) in seen:
            yield Finding(
                "committee.duplicate_id",
                ("seats", i, "id"),
                {"id": Quoted(seat.id), "seat": Quoted(seen[same_id(seat.id)])},
                variant="seat",
            )
        else:
            seen[same_id(seat.id)] = seat.id
        places: list[tuple[DataPath, object]] = [
            ((("seats", i, "titulaire", "id")), seat.titulaire)
        ]
        places += [(("seats", i, "suppleants", j, "id"), m) for j, m in enumerate(seat.suppleants)]
        for at, member in places:
            assert hasattr(member, "id") and hasattr(member, "name")
            if same_id(member.id) in seen:
                yield Finding(
                    "committee.duplicate_id",
                    at,
                    {"id": Quoted(member.id), "seat": Quoted(seen[same_id(member.id)])},
                    variant="member",
                )
                continue
            seen[same_id(member.id)] = seat.id


def rates(committee: Committee) -> Iterator[Finding]:
    """committee.rate: each threshold is in [0, 1]."""
    for name in ("quorum", "private_share", "max_group_share"):
        value = getattr(committee.rules, name)
        if not 0 <= value <= 1:
            yield Finding("committee.rate", ("rules", name), {"name": name, "value": Score(value)})


def composition(committee: Committee) -> Iterator[Finding]:
    """committee.composition (error) and committee.group_share (warning)."""
    rules = committee.rules
    seats = count(committee.seats, group_order(committee))
    if not seats.seats:
        yield Finding("committee.composition", ("seats",), {}, key=True, variant="empty")
        return
    private = Fraction(seats.private, seats.seats)
    if private < Fraction(rules.private_share):
        yield Finding(
            "committee.composition",
            ("seats",),
            {
                "private": seats.private,
                "voting": seats.seats,
                "share": Percent(private, rules.private_share),
                "bound": bound_percent(rules.private_share),
            },
            key=True,
        )
    for group, held in seats.groups.items():
        value = Fraction(held, seats.seats)
        if value > Fraction(rules.max_group_share):
            i, seat = next(
                (i, s) for i, s in enumerate(committee.seats) if s.group_id == group and s.voting
            )
            yield Finding(
                "committee.group_share",
                ("seats", i, "group" if seat.group else "college"),
                {
                    "group": Quoted(group),
                    "seats": held,
                    "voting": seats.seats,
                    "share": Percent(value, rules.max_group_share),
                    "bound": bound_percent(rules.max_group_share),
                },
            )


def conflicts(committee: Committee, dossier_ids: Collection[str] | None) -> Iterator[Finding]:
    """committee.unknown: a standing conflict names a member or a dossier that does not exist."""
    member_ids = list(dict.fromkeys(m.id for s in committee.seats for m in s.members))
    known = {same_id(d): d for d in dossier_ids or ()}
    for member, dossiers in committee.conflicts.items():
        if member not in member_ids:
            yield Finding(
                "committee.unknown",
                ("conflicts", member),
                {"id": Quoted(member), "suggestion": suggestion(member, member_ids)},
                key=True,
                variant="member",
            )
        if dossier_ids is None:
            continue
        for j, dossier in enumerate(dossiers):
            if same_id(dossier) not in known:
                yield Finding(
                    "committee.unknown",
                    ("conflicts", member, j),
                    {
                        "id": Quoted(dossier),
                        "suggestion": suggestion(dossier, list(known.values())),
                    },
                    variant="dossier",
                )


def check_committee(
    committee: Committee, dossier_ids: Collection[str] | None = None
) -> Iterator[Finding]:
    """Every `committee.*` finding; `dossier_ids` None: the dossiers are not known here."""
    yield from duplicate_ids(committee)
    yield from rates(committee)
    yield from composition(committee)
    yield from conflicts(committee, dossier_ids)


register(
    Rule(
        "committee.duplicate_id",
        "Two seats share an id, or a member id appears twice in the file (a person holds one "
        "place only; seat ids and member ids are one namespace).",
        "Give each seat and each member their own id; a person sits for one seat only.",
        {
            "seat": Said(
                "the seat id {id} is already used: give each seat its own id",
                "l'identifiant de siège {id} est déjà utilisé : donnez à chaque siège le sien",
            ),
            "member": Said(
                "the id {id} is already used in the seat {seat}: give each member their own "
                "id (a person holds one place only)",
                "l'identifiant {id} est déjà utilisé dans le siège {seat} : donnez à chaque "
                "membre le sien (une personne n'occupe qu'une place)",
            ),
        },
    ),
    Rule(
        "committee.rate",
        "A threshold of `rules:` (quorum, private_share, max_group_share) is outside [0, 1].",
        "Write it as a rate between 0 and 1: 0.50 for half.",
        Said(
            "rules.{name} is {value}: write a rate between 0 and 1 (0.50 for half)",
            "rules.{name} vaut {value} : écrivez un taux entre 0 et 1 (0.50 pour la moitié)",
        ),
    ),
    Rule(
        "committee.composition",
        "Private voting seats / voting seats < `private_share` (the bound itself is enough), or "
        "no voting seat at all: no meeting could ever reach the double quorum.",
        "Add private seats (associations, businesses, citizens) or make public seats consultative.",
        {
            "": Said(
                "{private} private seats of {voting} voting seats ({share}): less than {bound}; "
                "add private seats, or no meeting can reach the double quorum",
                "{private} sièges privés sur {voting} sièges votants ({share}) : moins de "
                "{bound} ; ajoutez des sièges privés, sinon aucune séance ne peut atteindre le "
                "double quorum",
            ),
            "empty": Said(
                "the committee has no voting seat: set `voting: true` on its seats",
                "le comité n'a aucun siège votant : indiquez `voting: true` sur ses sièges",
            ),
        },
    ),
    Rule(
        "committee.group_share",
        "One interest group holds more than `max_group_share` of the voting seats: a meeting "
        "where all its members sit would let it control the decision.",
        "Rebalance the groups, or count on the decision checks at each meeting.",
        Said(
            "the group {group} holds {seats} of the {voting} voting seats ({share}), more than "
            "{bound}: when all its members sit, its decisions will fail the group check",
            "le groupe {group} tient {seats} des {voting} sièges votants ({share}), plus de "
            "{bound} : quand tous ses membres siègent, ses décisions échoueront au contrôle "
            "des groupes",
        ),
        Severity.WARNING,
    ),
    Rule(
        "committee.unknown",
        "A standing conflict (`conflicts:`) names a member or a dossier that does not exist.",
        "Correct the id (the message suggests the closest one).",
        {
            "member": Said(
                "unknown member {id} in conflicts.{suggestion}",
                "membre inconnu {id} dans conflicts.{suggestion}",
            ),
            "dossier": Said(
                "unknown dossier {id} in conflicts.{suggestion}",
                "dossier inconnu {id} dans conflicts.{suggestion}",
            ),
        },
    ),
)
