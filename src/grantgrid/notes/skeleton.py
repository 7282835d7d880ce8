"""`grantgrid new --notes STAGE --member ID`: a member's notes file to fill in.

Every dossier of the call scored at that stage gets its slots, the criteria as comments;
the dossiers the member declared an interest in are left out (named in the header), so that
their notes are never written. Text from dossiers only goes into comments.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from grantgrid.loading.core import core_kind
from grantgrid.models.grid import Grid, Stage
from grantgrid.money import format_number
from grantgrid.words import of_person


@dataclass(frozen=True)
class ToScore:
    dossier: str
    title: str
    grid: Grid


def _comment(text: str) -> str:
    return " ".join(text.split())


def _key(value: str) -> str:
    """A dossier id as a YAML key: quoted when YAML would read it as something else (`2024`)."""
    return value if core_kind(value) == "str" else json.dumps(value)


def _pad(text: str, width: int = 30) -> str:
    return text.ljust(width) if len(text) < width else text + " "


def notes_skeleton(
    stage: Stage,
    member: str,
    name: str,
    dossiers: Sequence[ToScore],
    left_out: Sequence[str],
) -> str:
    step = dossiers[0].grid.step if dossiers else None
    lines = [
        f"# Notes {of_person(_comment(name))} ({member}) — étape « {_comment(stage.label)} » ({stage.id}).",
        "# Une note par case, de 0 au maximum indiqué"
        + (f", par pas de {format_number(step)}" if step is not None else "")
        + " ; laissez vide ce qui n'est pas noté.",
        "# Vérifiez avec : grantgrid score",
    ]
    if left_out:
        lines.append(
            "# Laissés de côté (déclaration d'intérêt, notes non comptées) : " + ", ".join(left_out)
        )
    lines += [f"member: {member}", f"stage: {stage.id}"]
    if not dossiers:
        lines += ["notes: {}", ""]
        return "\n".join(lines)
    lines.append("notes:")
    for item in dossiers:
        lines.append(f"  {_pad(_key(item.dossier) + ':', 28)}# {_comment(item.title)}")
        grid = item.grid
        group = None
        for slot in grid.slots():
            if slot.group != group:
                group = slot.group
                label = slot.axis.label if slot.axis is not None else "Bonus"
                lines.append(f"    {_pad(group + ':', 26)}# {_comment(label)}")
            hint = _comment(slot.label)
            if slot.axis is not None:
                criteria = slot.axis.cells[slot.id].criteria
                if criteria:
                    hint += " : " + _comment(" ; ".join(criteria))
            lines.append(f"      {_pad(slot.id + ':', 24)}# /{format_number(slot.points)} — {hint}")
        lines.append('    # comment: ""')
    lines.append("")
    return "\n".join(lines)
