"""Grid rules: the checks a grid must pass when it is loaded (`grid.*` codes)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from grantgrid.diagnostics import DataPath, Finding, did_you_mean
from grantgrid.models.grid import Grid


def _duplicates(items: list[str], where: str, label: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item in seen:
            yield Finding(
                "grid.duplicate_id",
                f"{label} id {item!r} is used twice: rename one",
                (where, i, "id"),
            )
        seen.add(item)


def ids(grid: Grid) -> Iterator[Finding]:
    yield from _duplicates([s.id for s in grid.stages], "stages", "stage")
    yield from _duplicates([p.id for p in grid.phases or []], "phases", "phase")
    yield from _duplicates([a.id for a in grid.axes], "axes", "axis")
    yield from _duplicates([b.id for b in grid.bonus], "bonus", "bonus item")
    for i, axis in enumerate(grid.axes):
        if axis.id == "bonus":
            yield Finding(
                "grid.reserved_id",
                "an axis cannot be called 'bonus': the word is reserved for bonus items",
                ("axes", i, "id"),
            )


def cells(grid: Grid) -> Iterator[Finding]:
    phase_ids = [p.id for p in grid.phases or []]
    for i, axis in enumerate(grid.axes):
        if not axis.cells:
            yield Finding("grid.empty_axis", f"axis {axis.id!r} has no cells", ("axes", i, "cells"))
        for cell_id, cell in axis.cells.items():
            at: DataPath = ("axes", i, "cells", cell_id)
            if grid.phases is not None and cell_id not in phase_ids:
                yield Finding(
                    "grid.unknown_phase",
                    f"cell {cell_id!r} of axis {axis.id!r} is not a phase.{did_you_mean(cell_id, phase_ids)}",
                    at,
                    key=True,
                )
            if cell.points is None and grid.points is None:
                yield Finding(
                    "grid.points",
                    f"cell {axis.id}.{cell_id} has no points: set `points` on the cell, or a default `points` at the top of the grid",
                    at,
                    key=True,
                )
            if cell.points is not None and cell.points <= 0:
                yield Finding(
                    "grid.points", f"points must be more than 0, not {cell.points}", (*at, "points")
                )
            if cell.weight <= 0:
                yield Finding(
                    "grid.weight", f"weight must be more than 0, not {cell.weight}", (*at, "weight")
                )


def points(grid: Grid) -> Iterator[Finding]:
    if grid.points is not None and grid.points <= 0:
        yield Finding("grid.points", f"points must be more than 0, not {grid.points}", ("points",))
    if grid.step <= 0:
        yield Finding("grid.step", f"step must be more than 0, not {grid.step}", ("step",))
    for i, item in enumerate(grid.bonus):
        if item.points is None and grid.points is None:
            yield Finding(
                "grid.points", f"bonus item {item.id!r} has no points: set `points`", ("bonus", i)
            )
        elif item.points is not None and item.points <= 0:
            yield Finding(
                "grid.points",
                f"points must be more than 0, not {item.points}",
                ("bonus", i, "points"),
            )


def _rate(value: Decimal | None, at: DataPath) -> Iterator[Finding]:
    if value is not None and not 0 <= value <= 1:
        yield Finding(
            "grid.rate", f"a rate is a fraction between 0 and 1 (0.80 for 80 %), not {value}", at
        )


def financing(grid: Grid) -> Iterator[Finding]:
    plan = grid.financing
    known = plan.funders
    if plan.co_financing:
        yield from _rate(
            plan.co_financing.rate_of_public, ("financing", "co_financing", "rate_of_public")
        )
        if known and plan.co_financing.fund not in known:
            fund = plan.co_financing.fund
            yield Finding(
                "grid.unknown_funder",
                f"fund {fund!r} is not in `financing.funders`.{did_you_mean(fund, known)}",
                ("financing", "co_financing", "fund"),
            )
    yield from _rate(plan.max_public_rate, ("financing", "max_public_rate"))
    yield from _rate(plan.min_self_financing, ("financing", "min_self_financing"))
    for fund, limit in plan.fund_limits.items():
        at: DataPath = ("financing", "fund_limits", fund)
        if known and fund not in known:
            yield Finding(
                "grid.unknown_funder",
                f"fund {fund!r} is not in `financing.funders`.{did_you_mean(fund, known)}",
                at,
                key=True,
            )
        for bound in ("min", "max"):
            value = getattr(limit, bound)
            if value is not None and (not value.is_finite() or value < 0):
                yield Finding(
                    "grid.limits", f"{bound} must be a positive amount, not {value}", (*at, bound)
                )
        if limit.min is not None and limit.max is not None and limit.min > limit.max:
            yield Finding("grid.limits", f"min {limit.min} is more than max {limit.max}", at)


def selection(grid: Grid) -> Iterator[Finding]:
    axis_ids = [a.id for a in grid.axes]
    for axis_id in grid.selection.min_per_axis:
        if axis_id not in axis_ids:
            yield Finding(
                "grid.unknown_axis",
                f"{axis_id!r} is not an axis.{did_you_mean(axis_id, axis_ids)}",
                ("selection", "min_per_axis", axis_id),
                key=True,
            )
    for i, key in enumerate(grid.selection.tie_break):
        if key not in axis_ids and key != "bonus":
            yield Finding(
                "grid.unknown_axis",
                f"tie-break {key!r} is neither an axis nor 'bonus'.{did_you_mean(key, [*axis_ids, 'bonus'])}",
                ("selection", "tie_break", i),
            )


GRID_RULES = (ids, cells, points, financing, selection)


def check_grid(grid: Grid) -> list[Finding]:
    return [finding for rule in GRID_RULES for finding in rule(grid)]
