"""Score and answer rules: ids the grid knows, scores within a cell's points and step."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from grantgrid.diagnostics import Finding, did_you_mean
from grantgrid.models.dossier import Answers, StageScores
from grantgrid.models.grid import Grid
from grantgrid.money import format_number


def _check_value(
    grid: Grid, value: Decimal, maximum: Decimal, at: tuple[str | int, ...]
) -> Iterator[Finding]:
    score, top, step = format_number(value), format_number(maximum), format_number(grid.step)
    if value < 0 or value > maximum:
        yield Finding(
            "score.out_of_range",
            f"score {score} is out of range: give 0 to {top}",
            at,
            french=f"la note {score} est hors limites : donnez de 0 à {top}",
        )
    elif value % grid.step != 0:
        yield Finding(
            "score.out_of_range",
            f"score {score} is not a multiple of the grid's step {step}",
            at,
            french=f"la note {score} n'est pas un multiple du pas de la grille ({step})",
        )


def scores(grid: Grid, stages: dict[str, StageScores]) -> Iterator[Finding]:
    stage_ids = [s.id for s in grid.stages]
    bonus_ids = [b.id for b in grid.bonus]
    for stage_id, by_axis in stages.items():
        if stage_id not in stage_ids:
            yield Finding(
                "score.unknown_stage",
                f"unknown stage {stage_id!r}.{did_you_mean(stage_id, stage_ids)}",
                ("scores", stage_id),
                key=True,
                french=f"étape inconnue {stage_id!r}." + did_you_mean(stage_id, stage_ids, "fr"),
            )
            continue
        for axis_id, by_cell in by_axis.items():
            at_axis = ("scores", stage_id, axis_id)
            if axis_id == "bonus":
                for item_id, value in by_cell.items():
                    item = next((b for b in grid.bonus if b.id == item_id), None)
                    if item is None:
                        yield Finding(
                            "score.unknown_cell",
                            f"unknown bonus item {item_id!r}.{did_you_mean(item_id, bonus_ids)}",
                            (*at_axis, item_id),
                            key=True,
                            french=f"bonus inconnu {item_id!r}."
                            + did_you_mean(item_id, bonus_ids, "fr"),
                        )
                    elif value is not None:
                        yield from _check_value(
                            grid, value, grid.bonus_points(item), (*at_axis, item_id)
                        )
                continue
            axis = grid.axis(axis_id)
            if axis is None:
                choices = [a.id for a in grid.axes] + (["bonus"] if grid.bonus else [])
                yield Finding(
                    "score.unknown_cell",
                    f"unknown axis {axis_id!r}.{did_you_mean(axis_id, choices)}",
                    at_axis,
                    key=True,
                    french=f"axe inconnu {axis_id!r}." + did_you_mean(axis_id, choices, "fr"),
                )
                continue
            for cell_id, value in by_cell.items():
                if cell_id not in axis.cells:
                    yield Finding(
                        "score.unknown_cell",
                        f"unknown cell {cell_id!r} in axis {axis_id!r}.{did_you_mean(cell_id, list(axis.cells))}",
                        (*at_axis, cell_id),
                        key=True,
                        french=f"case inconnue {cell_id!r} dans l'axe {axis_id!r}."
                        + did_you_mean(cell_id, list(axis.cells), "fr"),
                    )
                elif value is not None:
                    yield from _check_value(
                        grid, value, grid.cell_points(axis, cell_id), (*at_axis, cell_id)
                    )


def answers(grid: Grid, given: Answers) -> Iterator[Finding]:
    for axis_id, by_cell in given.items():
        axis = grid.axis(axis_id)
        if axis is None:
            axis_ids = [a.id for a in grid.axes]
            yield Finding(
                "answer.unknown_cell",
                f"unknown axis {axis_id!r}.{did_you_mean(axis_id, axis_ids)}",
                ("answers", axis_id),
                key=True,
                french=f"axe inconnu {axis_id!r}." + did_you_mean(axis_id, axis_ids, "fr"),
            )
            continue
        for cell_id in by_cell:
            if cell_id not in axis.cells:
                yield Finding(
                    "answer.unknown_cell",
                    f"unknown cell {cell_id!r} in axis {axis_id!r}.{did_you_mean(cell_id, list(axis.cells))}",
                    ("answers", axis_id, cell_id),
                    key=True,
                    french=f"case inconnue {cell_id!r} dans l'axe {axis_id!r}."
                    + did_you_mean(cell_id, list(axis.cells), "fr"),
                )
    for axis in grid.axes:
        if axis.id not in given:
            # One warning for a whole axis left out, rather than one per cell.
            at = ("answers",) if given else ()
            yield Finding(
                "answer.missing",
                f"no answers for axis {axis.id!r} ({axis.label}): add `{axis.id}:` under `answers:`",
                at,
                french=f"aucune réponse pour l'axe {axis.id!r} ({axis.label}) : ajoutez "
                f"`{axis.id}:` sous `answers:`",
            )
            continue
        for cell_id in grid.cell_ids(axis):
            text = given[axis.id].get(cell_id)
            if not (text or "").strip():
                where = f"{axis.id}.{cell_id} ({axis.label} — {grid.phase_label(cell_id)})"
                yield Finding(
                    "answer.missing",
                    f"no answer for {where}",
                    ("answers", axis.id, cell_id),
                    french=f"pas de réponse pour {where}",
                )
