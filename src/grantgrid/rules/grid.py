"""Grid rules: the checks a grid must pass when it is loaded (`grid.*` codes)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from grantgrid.diagnostics import DataPath, Finding, suggestion
from grantgrid.models.grid import Grid
from grantgrid.rules.registry import Rule, register
from grantgrid.words import Quoted, Said, Score

NOT_FOUND = Rule(
    "grid.not_found",
    "The dossier's `grid` names a file that does not exist or lies outside the call's folder (the folder above the dossiers' folder, or a grids folder searched for ids), or an id no grid file has.",
    "Correct the id or path; ids are looked up in `--grids DIR`, `./grids/`, then the `grids/` folder beside the dossier's folder.",
    message={
        "not_id": Said(
            "{reference} is neither a grid id nor a .yaml file: write the grid's id (e.g. leader-tulle-2014-2020) or the path of its .yaml file",
            "{reference} n'est ni un identifiant de grille ni un fichier .yaml : écrivez l'identifiant de la grille (par ex. leader-tulle-2014-2020) ou le chemin de son fichier .yaml",
        ),
        "no_file": Said(
            "grid file {reference} not found (looked for {looked})",
            "fichier de grille {reference} introuvable (cherché : {looked})",
        ),
        "outside": Said(
            "grid file {reference} is outside the call's folder: name the grid by its id, or keep its file in the call's grids/ folder",
            "le fichier de grille {reference} est hors du dossier de l'appel : nommez la grille par son identifiant, ou gardez son fichier dans le dossier grids/ de l'appel",
        ),
        "no_id": Said(
            "no grid with id {reference} in {where}.{suggestion}",
            "aucune grille d'identifiant {reference} dans {where}.{suggestion}",
        ),
    },
)

INVALID = Rule(
    "grid.invalid",
    "The dossier's grid has errors of its own (listed under the grid's file).",
    "Fix the grid (`grantgrid grid check GRID`).",
    message=Said(
        "the grid {grid} has errors: run `grantgrid grid check {grid}`",
        "la grille {grid} contient des erreurs : lancez `grantgrid grid check {grid}`",
    ),
)

DUPLICATE_ID = Rule(
    "grid.duplicate_id",
    "Two stages, phases, axes or bonus items share an id, or two grid files share a grid id: in the grids folder, or among the grid files the dossiers of a run use (then the dossiers using another file than the grids folder's are at fault: a dossier cannot bring its own copy of the grid).",
    "Rename one.",
    message={
        "": Said(
            "{what} id {id} is used twice: rename one",
            "l'identifiant {id} ({what}) est employé deux fois : renommez-en un",
        ),
        "twins": Said(
            "grid id {grid} is declared by several grid files of this run ({names}): the dossiers of a call are scored by one grid; name it by its id",
            "l'identifiant de grille {grid} est déclaré par plusieurs fichiers de grille de ce calcul ({names}) : les dossiers d'un appel sont notés avec une seule grille ; nommez-la par son identifiant",
        ),
        "files": Said(
            "grid id {grid} is declared by several files ({names}): rename one",
            "l'identifiant de grille {grid} est déclaré par plusieurs fichiers ({names}) : renommez-en un",
        ),
    },
)

RESERVED_ID = Rule(
    "grid.reserved_id",
    "An axis is called `bonus` (the word is reserved for bonus items in `scores`).",
    "Rename the axis.",
    message=Said(
        "an axis cannot be called 'bonus': the word is reserved for bonus items",
        "un axe ne peut pas s'appeler « bonus » : le mot est réservé aux bonus",
    ),
)

UNKNOWN_PHASE = Rule(
    "grid.unknown_phase",
    "With `phases`, a cell key that is not a phase id.",
    "Use one of the phase ids.",
    message=Said(
        "cell {cell} of axis {axis} is not a phase.{suggestion}",
        "la case {cell} de l'axe {axis} n'est pas une phase.{suggestion}",
    ),
)

EMPTY_AXIS = Rule(
    "grid.empty_axis",
    "An axis without cells.",
    "Add cells or remove the axis.",
    message=Said("axis {axis} has no cells", "l'axe {axis} n'a aucune case"),
)

POINTS = Rule(
    "grid.points",
    "A maximum ≤ 0, or a cell or bonus item with no `points` and no default `points` at the top.",
    "Set `points`.",
    message={
        "": Said(
            "points must be more than 0, not {value}",
            "les points doivent être supérieurs à 0, pas {value}",
        ),
        "cell": Said(
            "cell {cell} has no points: set `points` on the cell, or a default `points` at the top of the grid",
            "la case {cell} n'a pas de points : indiquez `points` sur la case, ou des `points` par défaut en tête de grille",
        ),
        "bonus": Said(
            "bonus item {item} has no points: set `points`",
            "le bonus {item} n'a pas de points : indiquez `points`",
        ),
    },
)

WEIGHT = Rule(
    "grid.weight",
    "A weight ≤ 0.",
    "Use a positive weight.",
    message=Said(
        "weight must be more than 0, not {value}",
        "le coefficient doit être supérieur à 0, pas {value}",
    ),
)

STEP = Rule(
    "grid.step",
    "A `step` ≤ 0.",
    "Use a positive step (1, or 0.5 for half points).",
    message=Said(
        "step must be more than 0, not {value}", "le pas doit être supérieur à 0, pas {value}"
    ),
)

DISAGREEMENT = Rule(
    "grid.disagreement",
    "A stage's `disagreement` ≤ 0 (the spread of notes that flags a cell).",
    "Use a positive spread, such as 2, or leave it out (default: the cell's points).",
    message=Said(
        "disagreement must be more than 0, not {value}",
        "l'écart signalant un désaccord doit être supérieur à 0, pas {value}",
    ),
)

RATE = Rule(
    "grid.rate",
    "A rate outside [0, 1] (`rate_of_public`, `max_public_rate`, `min_self_financing`, `fund_rates`, `public_owner_share`, a category's `flat_rate.rate`).",
    "Write rates as fractions: 0.80 for 80 %.",
    message=Said(
        "a rate is a fraction between 0 and 1 (0.80 for 80 %), not {value}",
        "un taux est une fraction entre 0 et 1 (0.80 pour 80 %), pas {value}",
    ),
)

LIMITS = Rule(
    "grid.limits",
    "A fund limit or fund rate with min > max, a negative bound, or a de minimis `ceiling` ≤ 0.",
    "Swap or correct the bounds.",
    message={
        "": Said(
            "{bound} must be a positive amount, not {value}",
            "{bound} doit être un montant positif, pas {value}",
        ),
        "order": Said("min {min} is more than max {max}", "min {min} est supérieur à max {max}"),
    },
)

UNKNOWN_FUNDER = Rule(
    "grid.unknown_funder",
    "`co_financing.fund` or a `fund_limits` or `fund_rates` key that `funders` does not list.",
    "Add the funder to `financing.funders` or correct the id.",
    message=Said(
        "fund {fund} is not in `financing.funders`.{suggestion}",
        "le fonds {fund} n'est pas dans `financing.funders`.{suggestion}",
    ),
)

NO_FUNDERS = Rule(
    "grid.no_funders",
    "`financing` sets rules (co-financing, public rate, self-financing, fund limits) but lists "
    "no `funders`: without their kinds no rule on public money can be checked.",
    "List the funders a dossier may use, each with its kind (eu, public, private, self).",
    message=Said(
        "the grid sets financing rules ({rules}) but no `financing.funders`: list each funder "
        "with its kind (eu, public, private, self), e.g. `leader: {{label: LEADER, kind: eu}}`",
        "la grille fixe des règles de financement ({rules}) mais aucun `financing.funders` : "
        "listez chaque financeur avec sa nature (eu, public, private, self), par exemple "
        "`leader: {{label: LEADER, kind: eu}}`",
    ),
)

UNKNOWN_AXIS = Rule(
    "grid.unknown_axis",
    "A `min_per_axis` key or `tie_break` entry that is neither an axis id nor `bonus`.",
    "Use an axis id or `bonus`.",
    message={
        "": Said("{axis} is not an axis.{suggestion}", "{axis} n'est pas un axe.{suggestion}"),
        "tie_break": Said(
            "tie-break {axis} is neither an axis nor 'bonus'.{suggestion}",
            "le départage {axis} n'est ni un axe ni « bonus ».{suggestion}",
        ),
    },
)

UNKNOWN_CATEGORY = Rule(
    "grid.unknown_category",
    "A flat rate's `of` names a category that `financing.categories` does not list.",
    "Use one of the category ids.",
    message=Said(
        "flat rate {category} applies to {of}, which is not a category.{suggestion}",
        "le forfait {category} s'applique à {of}, qui n'est pas une catégorie.{suggestion}",
    ),
)

FLAT_RATE = Rule(
    "grid.flat_rate",
    "A flat rate's `of` names a flat-rate category (itself or another): a flat rate applies to real costs only.",
    "Name only categories without `flat_rate` in `of`.",
    message=Said(
        "flat rate {category} applies to {of}, itself a flat rate: a flat rate applies to real "
        "costs only; remove {of} from `of`",
        "le forfait {category} s'applique à {of}, lui-même forfaitaire : un forfait ne "
        "s'applique qu'à des coûts réels ; retirez {of} de `of`",
    ),
)

register(
    NOT_FOUND,
    INVALID,
    DUPLICATE_ID,
    RESERVED_ID,
    UNKNOWN_PHASE,
    EMPTY_AXIS,
    POINTS,
    WEIGHT,
    STEP,
    DISAGREEMENT,
    RATE,
    LIMITS,
    UNKNOWN_FUNDER,
    NO_FUNDERS,
    UNKNOWN_AXIS,
    UNKNOWN_CATEGORY,
    FLAT_RATE,
)


_WHAT = {
    "stages": Said("stage", "étape"),
    "phases": Said("phase", "phase"),
    "axes": Said("axis", "axe"),
    "bonus": Said("bonus item", "bonus"),
}


def _duplicates(items: list[str], where: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item in seen:
            yield Finding(
                DUPLICATE_ID.code, (where, i, "id"), {"what": _WHAT[where], "id": Quoted(item)}
            )
        seen.add(item)


def ids(grid: Grid) -> Iterator[Finding]:
    yield from _duplicates([s.id for s in grid.stages], "stages")
    yield from _duplicates([p.id for p in grid.phases or []], "phases")
    yield from _duplicates([a.id for a in grid.axes], "axes")
    yield from _duplicates([b.id for b in grid.bonus], "bonus")
    for i, axis in enumerate(grid.axes):
        if axis.id == "bonus":
            yield Finding(RESERVED_ID.code, ("axes", i, "id"))


def cells(grid: Grid) -> Iterator[Finding]:
    phase_ids = [p.id for p in grid.phases or []]
    for i, axis in enumerate(grid.axes):
        if not axis.cells:
            yield Finding(EMPTY_AXIS.code, ("axes", i, "cells"), {"axis": Quoted(axis.id)})
        for cell_id, cell in axis.cells.items():
            at: DataPath = ("axes", i, "cells", cell_id)
            if grid.phases is not None and cell_id not in phase_ids:
                yield Finding(
                    UNKNOWN_PHASE.code,
                    at,
                    {
                        "cell": Quoted(cell_id),
                        "axis": Quoted(axis.id),
                        "suggestion": suggestion(cell_id, phase_ids),
                    },
                    key=True,
                )
            if cell.points is None and grid.points is None:
                yield Finding(
                    POINTS.code, at, {"cell": f"{axis.id}.{cell_id}"}, key=True, variant="cell"
                )
            if cell.points is not None and cell.points <= 0:
                yield Finding(POINTS.code, (*at, "points"), {"value": Score(cell.points)})
            if cell.weight <= 0:
                yield Finding(WEIGHT.code, (*at, "weight"), {"value": Score(cell.weight)})


def points(grid: Grid) -> Iterator[Finding]:
    if grid.points is not None and grid.points <= 0:
        yield Finding(POINTS.code, ("points",), {"value": Score(grid.points)})
    if grid.step <= 0:
        yield Finding(STEP.code, ("step",), {"value": Score(grid.step)})
    for i, stage in enumerate(grid.stages):
        if stage.disagreement is not None and stage.disagreement <= 0:
            at = ("stages", i, "disagreement")
            yield Finding(DISAGREEMENT.code, at, {"value": Score(stage.disagreement)})
    for i, item in enumerate(grid.bonus):
        if item.points is None and grid.points is None:
            yield Finding(POINTS.code, ("bonus", i), {"item": Quoted(item.id)}, variant="bonus")
        elif item.points is not None and item.points <= 0:
            yield Finding(POINTS.code, ("bonus", i, "points"), {"value": Score(item.points)})


def _rate(value: Decimal | None, at: DataPath) -> Iterator[Finding]:
    if value is not None and not 0 <= value <= 1:
        yield Finding(RATE.code, at, {"value": Score(value)})


def financing(grid: Grid) -> Iterator[Finding]:
    plan = grid.financing
    known = plan.funders
    set_rules = [
        name
        for name in ("co_financing", "max_public_rate", "min_self_financing", "fund_limits")
        if getattr(plan, name)
    ]
    if set_rules and not known:
        yield Finding(NO_FUNDERS.code, ("financing",), {"rules": ", ".join(set_rules)}, key=True)
    if plan.co_financing:
        yield from _rate(
            plan.co_financing.rate_of_public, ("financing", "co_financing", "rate_of_public")
        )
        if known and plan.co_financing.fund not in known:
            fund = plan.co_financing.fund
            yield Finding(
                UNKNOWN_FUNDER.code,
                ("financing", "co_financing", "fund"),
                {"fund": Quoted(fund), "suggestion": suggestion(fund, known)},
            )
    yield from _rate(plan.max_public_rate, ("financing", "max_public_rate"))
    yield from _rate(plan.min_self_financing, ("financing", "min_self_financing"))
    for fund, limit in plan.fund_limits.items():
        at: DataPath = ("financing", "fund_limits", fund)
        if known and fund not in known:
            yield Finding(
                UNKNOWN_FUNDER.code,
                at,
                {"fund": Quoted(fund), "suggestion": suggestion(fund, known)},
                key=True,
            )
        for bound in ("min", "max"):
            value = getattr(limit, bound)
            if value is not None and (not value.is_finite() or value < 0):
                yield Finding(LIMITS.code, (*at, bound), {"bound": bound, "value": value})
        if limit.min is not None and limit.max is not None and limit.min > limit.max:
            yield Finding(LIMITS.code, at, {"min": limit.min, "max": limit.max}, variant="order")


def programme(grid: Grid) -> Iterator[Finding]:
    """The second layer of financing rules (SPEC-financing.md)."""
    plan = grid.financing
    known = plan.funders
    yield from _rate(plan.public_owner_share, ("financing", "public_owner_share"))
    for fund, rate in plan.fund_rates.items():
        at: DataPath = ("financing", "fund_rates", fund)
        if known and fund not in known:
            yield Finding(
                UNKNOWN_FUNDER.code,
                at,
                {"fund": Quoted(fund), "suggestion": suggestion(fund, known)},
                key=True,
            )
        yield from _rate(rate.min, (*at, "min"))
        yield from _rate(rate.max, (*at, "max"))
        if rate.min is not None and rate.max is not None and rate.min > rate.max:
            yield Finding(
                LIMITS.code, at, {"min": Score(rate.min), "max": Score(rate.max)}, variant="order"
            )
    for category_id, category in plan.categories.items():
        if category.flat_rate is None:
            continue
        at = ("financing", "categories", category_id, "flat_rate")
        yield from _rate(category.flat_rate.rate, (*at, "rate"))
        for i, of in enumerate(category.flat_rate.of):
            target = plan.categories.get(of)
            params = {"category": Quoted(category_id), "of": Quoted(of)}
            if target is None:
                yield Finding(
                    UNKNOWN_CATEGORY.code,
                    (*at, "of", i),
                    {**params, "suggestion": suggestion(of, plan.categories)},
                )
            elif target.flat_rate is not None:
                yield Finding(FLAT_RATE.code, (*at, "of", i), params)
    if plan.de_minimis is not None and plan.de_minimis.ceiling <= 0:
        yield Finding(
            LIMITS.code,
            ("financing", "de_minimis", "ceiling"),
            {"bound": "ceiling", "value": plan.de_minimis.ceiling},
        )


def selection(grid: Grid) -> Iterator[Finding]:
    axis_ids = [a.id for a in grid.axes]
    for axis_id in grid.selection.min_per_axis:
        if axis_id not in axis_ids:
            yield Finding(
                UNKNOWN_AXIS.code,
                ("selection", "min_per_axis", axis_id),
                {"axis": Quoted(axis_id), "suggestion": suggestion(axis_id, axis_ids)},
                key=True,
            )
    for i, key in enumerate(grid.selection.tie_break):
        if key not in axis_ids and key != "bonus":
            yield Finding(
                UNKNOWN_AXIS.code,
                ("selection", "tie_break", i),
                {"axis": Quoted(key), "suggestion": suggestion(key, [*axis_ids, "bonus"])},
                variant="tie_break",
            )


GRID_RULES = (ids, cells, points, financing, programme, selection)


def check_grid(grid: Grid) -> list[Finding]:
    return [finding for rule in GRID_RULES for finding in rule(grid)]
