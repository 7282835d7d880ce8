"""Checks of a meeting's members and stage (`meeting.*`, SPEC-committee §2)."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from grantgrid.committee.models import Meeting
from grantgrid.diagnostics import Finding, suggestion
from grantgrid.rules.registry import Rule, register
from grantgrid.words import Quoted, Said


def check_members(meeting: Meeting, member_ids: Collection[str]) -> Iterator[Finding]:
    """meeting.unknown_member and meeting.duplicate_member, in `present` and in `conflicts`."""
    choices = list(member_ids)
    first: dict[str, int] = {}
    for i, member in enumerate(meeting.present):
        if member in first:
            yield Finding(
                "meeting.duplicate_member",
                ("present", i),
                {"id": Quoted(member), "first": first[member] + 1, "again": i + 1},
            )
            continue
        first[member] = i
        if member not in member_ids:
            yield Finding(
                "meeting.unknown_member",
                ("present", i),
                {"id": Quoted(member), "suggestion": suggestion(member, choices)},
                variant="present",
            )
    for dossier, decision in meeting.decisions.items():
        for j, member in enumerate(decision.conflicts):
            if member not in member_ids:
                yield Finding(
                    "meeting.unknown_member",
                    ("decisions", dossier, "conflicts", j),
                    {"id": Quoted(member), "suggestion": suggestion(member, choices)},
                    variant="conflict",
                )


def check_stage(meeting: Meeting, stages: Collection[str] | None) -> Iterator[Finding]:
    """meeting.unknown_stage: the stage is one of the grid's."""
    if meeting.stage is None or stages is None or meeting.stage in stages:
        return
    yield Finding(
        "meeting.unknown_stage",
        ("stage",),
        {"id": Quoted(meeting.stage), "suggestion": suggestion(meeting.stage, list(stages))},
    )


register(
    Rule(
        "meeting.unknown_member",
        "A member id in `present:` or in a decision's `conflicts:` is not a titulaire or "
        "suppléant of `committee.yaml`.",
        "Correct the id (the message suggests the closest one) or add the member to their seat.",
        {
            "present": Said(
                "unknown member {id} in present: not a titulaire or suppléant of "
                "committee.yaml.{suggestion}",
                "membre inconnu {id} dans present : ni titulaire ni suppléant de "
                "committee.yaml.{suggestion}",
            ),
            "conflict": Said(
                "unknown member {id} in conflicts: not a titulaire or suppléant of "
                "committee.yaml.{suggestion}",
                "membre inconnu {id} dans conflicts : ni titulaire ni suppléant de "
                "committee.yaml.{suggestion}",
            ),
        },
    ),
    Rule(
        "meeting.duplicate_member",
        "A member appears twice in `present:`.",
        "Remove the second mention.",
        Said(
            "{id} is listed twice in present (items {first} and {again}): remove one",
            "{id} figure deux fois dans present (éléments {first} et {again}) : supprimez-en un",
        ),
    ),
    Rule(
        "meeting.unknown_stage",
        "The meeting's `stage:` is not a stage of the grid.",
        "Use a stage id of the grid (the message suggests the closest one), or remove `stage:`.",
        Said(
            "unknown stage {id}: not a stage of the grid.{suggestion}",
            "étape inconnue {id} : ce n'est pas une étape de la grille.{suggestion}",
        ),
    ),
)
