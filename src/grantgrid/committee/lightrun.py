"""Dossier facts without `grantgrid.evaluation` (while it is reshaped): loader, models,
scoring, financing; every schema problem makes a dossier `invalid`. No budget rule runs."""

from __future__ import annotations

from pathlib import Path

from grantgrid.committee.facts import DossierFacts
from grantgrid.loading import load_yaml
from grantgrid.models.dossier import Dossier
from grantgrid.models.grid import Grid
from grantgrid.scoring import Reason, decide, final_stage, score_stages
from grantgrid.validation import validate
from grantgrid.words import Said


def _grid(path: Path, cache: dict[Path, Grid | None]) -> Grid | None:
    key = path.resolve()
    if key not in cache:
        loaded = load_yaml(path, str(path))
        cache[key] = validate(Grid, loaded.document)[0] if loaded.document else None
    return cache[key]


def _find_grid(
    root: Path, dossier: Path, ref: str, cache: dict[Path, Grid | None]
) -> tuple[Grid | None, Path | None]:
    if "/" in ref or ref.endswith((".yaml", ".yml")):
        path = dossier.parent / ref
        return (_grid(path, cache), path) if path.is_file() else (None, None)
    for path in sorted((root / "grids").glob("*.y*ml")):
        grid = _grid(path, cache)
        if grid is not None and grid.grid == ref:
            return grid, path
    return None, None


def read_dossiers(root: Path, paths: list[Path]) -> tuple[list[DossierFacts], list[str] | None]:
    cache: dict[Path, Grid | None] = {}
    found: list[DossierFacts] = []
    stages: set[str] = set()
    for path in paths:
        shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        loaded = load_yaml(path, shown)
        if loaded.document is None:
            continue
        dossier, problems = validate(Dossier, loaded.document)
        if dossier is None:
            data = loaded.document.data
            ident = data.get("dossier") if isinstance(data, dict) else None
            if isinstance(ident, str):
                found.append(DossierFacts(ident, status="invalid", path=shown))
            continue
        grid, grid_path = _find_grid(root, path, dossier.grid, cache)
        if grid is None:
            found.append(DossierFacts(dossier.dossier, dossier.title, status="invalid", path=shown))
            continue
        stages.update(s.id for s in grid.stages)
        results = score_stages(grid, dossier.scores)
        errors = (
            [Reason("the file has schema errors", "le fichier a des erreurs")] if problems else []
        )
        status, reasons = decide(grid, final_stage(results), errors)
        fund = (
            grid.financing.co_financing.fund
            if grid.financing and grid.financing.co_financing
            else None
        )
        amount = None
        if fund:
            lines = [r.amount for r in dossier.budget.resources if r.funder == fund]
            amount = sum(lines, start=type(lines[0])(0)) if lines else None
        found.append(
            DossierFacts(
                dossier.dossier,
                dossier.title,
                dossier.applicant.name,
                dossier.fiche_action or "",
                status.value,
                [Said(r.en, r.fr) for r in reasons],
                {r.stage.id: r.total for r in results},
                {r.stage.id: r.complete for r in results},
                results[0].maximum if results else None,
                amount,
                shown,
                str(grid_path.relative_to(root))
                if grid_path and grid_path.is_relative_to(root)
                else str(grid_path or ""),
            )
        )
    return found, sorted(stages) or None
