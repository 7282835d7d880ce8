"""Score and answer rules: ids the grid knows, scores within a cell's points and step."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from grantgrid.diagnostics import Finding, Severity, suggestion
from grantgrid.models.dossier import Answers, StageScores
from grantgrid.models.grid import Grid
from grantgrid.rules.registry import Rule, register
from grantgrid.words import Quoted, Said, Score

UNKNOWN_STAGE = Rule(
    "score.unknown_stage",
    "A stage id under `scores` that the grid does not have.",
    "Use one of the grid's stage ids.",
    message=Said("unknown stage {stage}.{suggestion}", "étape inconnue {stage}.{suggestion}"),
)

UNKNOWN_CELL = Rule(
    "score.unknown_cell",
    "An axis, cell or bonus item under `scores` that the grid does not have.",
    "Use the grid's ids (`grantgrid grid show GRID`).",
    message={
        "": Said(
            "unknown cell {cell} in axis {axis}.{suggestion}",
            "case inconnue {cell} dans l'axe {axis}.{suggestion}",
        ),
        "axis": Said("unknown axis {axis}.{suggestion}", "axe inconnu {axis}.{suggestion}"),
        "bonus": Said(
            "unknown bonus item {item}.{suggestion}", "bonus inconnu {item}.{suggestion}"
        ),
    },
)

OUT_OF_RANGE = Rule(
    "score.out_of_range",
    "A score < 0, above the cell's points, or not a multiple of the grid's `step`.",
    "Give a score between 0 and the maximum, in steps of `step`.",
    message={
        "": Said(
            "score {score} is out of range: give 0 to {maximum}",
            "la note {score} est hors limites : donnez de 0 à {maximum}",
        ),
        "step": Said(
            "score {score} is not a multiple of the grid's step {step}",
            "la note {score} n'est pas un multiple du pas de la grille ({step})",
        ),
    },
)

UNKNOWN_ANSWER = Rule(
    "answer.unknown_cell",
    "An axis or cell under `answers` that the grid does not have.",
    "Use the grid's ids.",
    message={
        "": Said(
            "unknown cell {cell} in axis {axis}.{suggestion}",
            "case inconnue {cell} dans l'axe {axis}.{suggestion}",
        ),
        "axis": Said("unknown axis {axis}.{suggestion}", "axe inconnu {axis}.{suggestion}"),
    },
)

MISSING_ANSWER = Rule(
    "answer.missing",
    "A cell of the grid has no answer (the committee will have nothing to read).",
    "Write the answer, or leave it if the cell does not apply.",
    message={
        "": Said("no answer for {cell}", "pas de réponse pour {cell}"),
        "axis": Said(
            "no answers for axis {axis} ({label}): add `{id}:` under `answers:`",
            "aucune réponse pour l'axe {axis} ({label}) : ajoutez `{id}:` sous `answers:`",
        ),
    },
    severity=Severity.WARNING,
)

register(UNKNOWN_STAGE, UNKNOWN_CELL, OUT_OF_RANGE, UNKNOWN_ANSWER, MISSING_ANSWER)


def _cell_params(cell_id: str, axis_id: str, cells: list[str]) -> dict[str, object]:
    return {
        "cell": Quoted(cell_id),
        "axis": Quoted(axis_id),
        "suggestion": suggestion(cell_id, cells),
    }


def _check_value(
    grid: Grid, value: Decimal, maximum: Decimal, at: tuple[str | int, ...]
) -> Iterator[Finding]:
    params = {"score": Score(value), "maximum": Score(maximum), "step": Score(grid.step)}
    if value < 0 or value > maximum:
        yield Finding(OUT_OF_RANGE.code, at, params)
    elif value % grid.step != 0:
        yield Finding(OUT_OF_RANGE.code, at, params, variant="step")


def scores(grid: Grid, stages: dict[str, StageScores]) -> Iterator[Finding]:
    stage_ids = [s.id for s in grid.stages]
    for stage_id, by_axis in stages.items():
        if stage_id not in stage_ids:
            yield Finding(
                UNKNOWN_STAGE.code,
                ("scores", stage_id),
                {"stage": Quoted(stage_id), "suggestion": suggestion(stage_id, stage_ids)},
                key=True,
            )
            continue
        yield from stage_scores(grid, by_axis, ("scores", stage_id))


def stage_scores(grid: Grid, by_axis: StageScores, at: tuple[str | int, ...]) -> Iterator[Finding]:
    """The notes of one stage, at `at` in their file: a dossier's `scores: STAGE`, or a
    member's notes on one dossier (`notes: DOSSIER`, SPEC-committee §3)."""
    bonus_ids = [b.id for b in grid.bonus]
    for axis_id, by_cell in by_axis.items():
        at_axis = (*at, axis_id)
        if axis_id == "bonus":
            for item_id, value in by_cell.items():
                item = next((b for b in grid.bonus if b.id == item_id), None)
                if item is None:
                    yield Finding(
                        UNKNOWN_CELL.code,
                        (*at_axis, item_id),
                        {"item": Quoted(item_id), "suggestion": suggestion(item_id, bonus_ids)},
                        key=True,
                        variant="bonus",
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
                UNKNOWN_CELL.code,
                at_axis,
                {"axis": Quoted(axis_id), "suggestion": suggestion(axis_id, choices)},
                key=True,
                variant="axis",
            )
            continue
        for cell_id, value in by_cell.items():
            if cell_id not in axis.cells:
                yield Finding(
                    UNKNOWN_CELL.code,
                    (*at_axis, cell_id),
                    _cell_params(cell_id, axis_id, list(axis.cells)),
                    key=True,
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
                UNKNOWN_ANSWER.code,
                ("answers", axis_id),
                {"axis": Quoted(axis_id), "suggestion": suggestion(axis_id, axis_ids)},
                key=True,
                variant="axis",
            )
            continue
        for cell_id in by_cell:
            if cell_id not in axis.cells:
                yield Finding(
                    UNKNOWN_ANSWER.code,
                    ("answers", axis_id, cell_id),
                    _cell_params(cell_id, axis_id, list(axis.cells)),
                    key=True,
                )
    for axis in grid.axes:
        if axis.id not in given:
            # One warning for a whole axis left out, rather than one per cell.
            at = ("answers",) if given else ()
            yield Finding(
                MISSING_ANSWER.code,
                at,
                {"axis": Quoted(axis.id), "label": axis.label, "id": axis.id},
                variant="axis",
            )
            continue
        for cell_id in grid.cell_ids(axis):
            text = given[axis.id].get(cell_id)
            if not (text or "").strip():
                where = f"{axis.id}.{cell_id} ({axis.label} — {grid.cell_label(axis, cell_id)})"
                yield Finding(MISSING_ANSWER.code, ("answers", axis.id, cell_id), {"cell": where})
