"""Scoring semantics: stage totals, final stage, status and rank. Pure functions, no I/O.

- Weighted cell score = score × weight; axis total = Σ weighted cells; stage total = Σ axes + Σ bonus.
- An unscored cell is *missing*, never zero; a stage is complete when nothing is missing.
- The final stage is the last complete stage in grid order.
- Status: invalid › incomplete › rejected › selected.
- Rank (per grid, among selected and rejected): final total, then each tie-break, descending;
  equal dossiers share a rank (1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from typing import TYPE_CHECKING

from grantgrid.models.dossier import StageScores
from grantgrid.models.grid import Grid, Stage
from grantgrid.money import format_number

if TYPE_CHECKING:
    from grantgrid.notes.aggregate import Panel


class Status(StrEnum):
    INVALID = "invalid"
    INCOMPLETE = "incomplete"
    REJECTED = "rejected"
    SELECTED = "selected"


@dataclass(frozen=True)
class StageResult:
    stage: Stage
    maximum: Decimal
    axes: dict[str, Decimal | None]
    """Weighted total per axis; None when no cell of the axis is scored."""
    bonus: Decimal | None
    total: Decimal | None
    """Partial total of what is scored; None when nothing is."""
    missing: list[str]
    """`axis.cell` and `bonus.item` ids not scored, in grid order."""
    cells: dict[tuple[str, str], Decimal | None] = field(default_factory=dict)
    """Raw (unweighted) score per (axis id or 'bonus', cell or item id)."""
    group_complete: dict[str, bool] = field(default_factory=dict)
    """Per axis id (and "bonus"): every cell of it scored."""
    panel: Panel | None = None
    """An individual stage (SPEC-committee §3): every member's notes beside the aggregate,
    which `cells` holds."""

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def scored(self) -> bool:
        return self.total is not None


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def score_stage(grid: Grid, stage: Stage, given: StageScores | None) -> StageResult:
    given = given or {}
    weighted: dict[str, list[Decimal | None]] = {axis.id: [] for axis in grid.axes}
    weighted["bonus"] = []
    cells: dict[tuple[str, str], Decimal | None] = {}
    missing: list[str] = []
    for slot in grid.slots():
        raw = given.get(slot.group, {}).get(slot.id)
        cells[(slot.group, slot.id)] = raw
        if raw is None:
            missing.append(slot.key)
        weighted[slot.group].append(None if raw is None else raw * slot.weight)
    axes = {axis.id: _sum(weighted[axis.id]) for axis in grid.axes}
    bonus = _sum(weighted["bonus"])
    return StageResult(
        stage=stage,
        maximum=grid.maximum(),
        axes=axes,
        bonus=bonus,
        total=_sum([*axes.values(), bonus]),
        missing=missing,
        cells=cells,
        group_complete={
            group: all(v is not None for v in values) for group, values in weighted.items()
        },
    )


def score_stages(grid: Grid, scores: dict[str, StageScores]) -> list[StageResult]:
    return [score_stage(grid, stage, scores.get(stage.id)) for stage in grid.stages]


def differences(values: Sequence[Decimal | None], complete: Sequence[bool]) -> list[Decimal | None]:
    """Each stage's value minus the previous stage's; None unless both are completely scored.

    A partly scored stage is a sum of fewer cells: "4/20 (partiel)" against 18/20 is no −14.
    """
    return [
        later - earlier
        if earlier is not None and later is not None and done_earlier and done_later
        else None
        for (earlier, done_earlier), (later, done_later) in pairwise(
            zip(values, complete, strict=True)
        )
    ]


def partial(values: Sequence[Decimal | None], complete: Sequence[bool]) -> list[bool]:
    """Per stage: something is scored but not everything, so the value is not final."""
    return [value is not None and not done for value, done in zip(values, complete, strict=True)]


@dataclass(frozen=True)
class GroupAcrossStages:
    """An axis (or the bonus) through the stages: its subtotals, which are partial, and the
    difference of each stage from the one before."""

    values: list[Decimal | None]
    partial: list[bool]
    differences: list[Decimal | None]


def across_stages(results: Sequence[StageResult], group: str | None) -> GroupAcrossStages:
    """`group`: an axis id, "bonus", or None for the stage totals."""
    if group is None:
        values = [r.total for r in results]
        complete = [r.complete for r in results]
    else:
        values = [r.bonus if group == "bonus" else r.axes.get(group) for r in results]
        complete = [r.group_complete.get(group, False) for r in results]
    return GroupAcrossStages(values, partial(values, complete), differences(values, complete))


def final_stage(results: Sequence[StageResult]) -> StageResult | None:
    """The last complete stage in grid order."""
    return next((r for r in reversed(results) if r.complete), None)


@dataclass(frozen=True)
class Reason:
    """Why a dossier is rejected or invalid: English for the command line and JSON, French
    for the reports and the workbook (`--lang`)."""

    en: str
    fr: str

    def __str__(self) -> str:
        return self.en

    def text(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


def decide(
    grid: Grid, final: StageResult | None, errors: Sequence[Reason]
) -> tuple[Status, list[Reason]]:
    """The status and its reasons (`errors`: one reason per error of the dossier)."""
    if errors:
        return Status.INVALID, list(errors)
    if final is None:
        return Status.INCOMPLETE, []
    reasons: list[Reason] = []
    rule = grid.selection
    assert final.total is not None  # a complete stage has every cell scored
    if rule.min_total is not None and final.total < rule.min_total:
        total, minimum = format_number(final.total), format_number(rule.min_total)
        reasons.append(
            Reason(  # each language writes its own decimal sign: 11.5 in English, 11,5 in French
                f"total {format_number(final.total, 'en')} is below the minimum of "
                f"{format_number(rule.min_total, 'en')}",
                f"total de {total}, sous le minimum de {minimum}",
            )
        )
    for axis_id, floor in rule.min_per_axis.items():
        value = final.axes.get(axis_id)
        if value is not None and value < floor:
            axis = grid.axis(axis_id)
            label = axis.label if axis else axis_id
            score, least = format_number(value), format_number(floor)
            reasons.append(
                Reason(
                    f"axis {axis_id} scores {format_number(value, 'en')}, below its floor of "
                    f"{format_number(floor, 'en')}",
                    f"l'axe « {label} » obtient {score}, sous son plancher de {least}",
                )
            )
    return (Status.REJECTED if reasons else Status.SELECTED), reasons


def tie_break_key(grid: Grid, final: StageResult) -> tuple[Decimal, ...]:
    """Total, then each tie-break key: all compared descending."""
    keys = [final.total or Decimal(0)]
    for key in grid.selection.tie_break:
        value = final.bonus if key == "bonus" else final.axes.get(key)
        keys.append(value if value is not None else Decimal(0))
    return tuple(keys)


@dataclass(frozen=True)
class Rankable:
    dossier_id: str
    key: tuple[Decimal, ...]


def rank(entries: Sequence[Rankable]) -> list[tuple[Rankable, int]]:
    """Competition ranking (1, 2, 2, 4), best first; equal entries listed by dossier id."""
    ordered = sorted(entries, key=lambda e: (tuple(-k for k in e.key), e.dossier_id))
    ranked: list[tuple[Rankable, int]] = []
    for position, entry in enumerate(ordered, start=1):
        if ranked and ranked[-1][0].key == entry.key:
            ranked.append((entry, ranked[-1][1]))
        else:
            ranked.append((entry, position))
    return ranked
