"""One dossier file, from bytes to scores: load, validate, find its grid, run every rule.

One broken file never stops the others: any failure inside a file, even a bug of grantgrid,
becomes a diagnostic on that file (`internal.error`) and the run goes on.
"""

from __future__ import annotations

import traceback
from dataclasses import replace
from pathlib import Path

from grantgrid.call import GridCatalogue
from grantgrid.diagnostics import Diagnostic, Finding, Position, place
from grantgrid.evaluation.outcome import Outcome
from grantgrid.financing import plan
from grantgrid.grids import _display
from grantgrid.loading import Document, load_yaml
from grantgrid.models.dossier import Answers, Applicant, Budget, Dossier, Period, Scores
from grantgrid.models.types import Date
from grantgrid.notes.rules import STAGE_MODE
from grantgrid.rules import budget as budget_rules
from grantgrid.rules import dossier as dossier_rules
from grantgrid.rules.dossier import INTERNAL
from grantgrid.rules.grid import INVALID
from grantgrid.rules.scores import answers as answer_rules
from grantgrid.rules.scores import scores as score_rules
from grantgrid.scoring import final_stage, score_stages
from grantgrid.validation import Salvaged, validate
from grantgrid.words import Quoted


def _check(outcome: Outcome, catalogue: GridCatalogue) -> None:
    loaded = load_yaml(outcome.source, outcome.path)
    outcome.sha256 = loaded.sha256
    outcome.diagnostics.extend(loaded.diagnostics)
    document = outcome.document = loaded.document
    if document is None:
        return
    dossier, problems = validate(Dossier, document)
    outcome.diagnostics.extend(problems)
    outcome.dossier = dossier
    # Each section is checked even when another one is broken, so that every problem shows:
    # a broken section is salvaged (its invalid leaves pruned) to run its own rules.
    sections = document.data
    period = dossier.period if dossier else Salvaged(Period | None, sections.get("period")).value
    findings: list[Finding] = list(dossier_rules.period(period))

    reference = dossier.grid if dossier else sections.get("grid")
    if not isinstance(reference, str):
        outcome.diagnostics.extend(place(document, f) for f in findings)
        return
    grid_file, miss = catalogue.resolve(reference, outcome.source)
    outcome.grid_file = grid_file
    if grid_file is None or grid_file.grid is None:
        if grid_file is not None:
            miss = Finding(INVALID.code, ("grid",), {"grid": grid_file.display})
        assert miss is not None
        outcome.diagnostics.extend(place(document, f) for f in [*findings, miss])
        return
    grid = outcome.grid = grid_file.grid

    salvaged = None if dossier else Salvaged(Budget, sections.get("budget"), ("budget",))
    budget: Budget | None = dossier.budget if dossier else salvaged.value  # type: ignore[union-attr]
    if budget is not None:
        partial = salvaged is not None and salvaged.pruned
        applicant, received = (
            (dossier.applicant, dossier.received)
            if dossier
            else (
                Salvaged(Applicant | None, sections.get("applicant")).value,
                Salvaged(Date | None, sections.get("received")).value,
            )
        )
        financing = plan(budget, grid.financing, applicant=applicant, received=received)
        verdict = budget_rules.evaluate(budget, grid.financing, financing, partial=partial)
        findings += [
            replace(f, at=salvaged.locate(f.at)) if salvaged else f for f in verdict.findings
        ]
        # Totals over a pruned budget would mislead: no plan, no check rows.
        outcome.financing = None if partial else financing
        outcome.checks = verdict.checks
    scores = (
        dossier.scores if dossier else Salvaged(Scores, sections.get("scores") or {}).value or {}
    )
    answers = (
        dossier.answers if dossier else Salvaged(Answers, sections.get("answers") or {}).value or {}
    )
    findings += [*score_rules(grid, scores), *answer_rules(grid, answers)]
    # A stage scored by each member (SPEC-committee §3) is scored from their notes files
    # (`grantgrid.notes.apply`), never from the dossier's own `scores:`.
    individual = {s.id for s in grid.stages if s.individual}
    if individual:
        findings += [
            Finding(
                STAGE_MODE.code, ("scores", i), {"stage": Quoted(i)}, key=True, variant="dossier"
            )
            for i in scores
            if i in individual
        ]
        scores = {i: given for i, given in scores.items() if i not in individual}
    outcome.diagnostics.extend(place(document, finding) for finding in findings)
    # An invalid dossier still shows its committee's scores (its status stays `invalid`).
    outcome.stages = score_stages(grid, scores)
    outcome.final = final_stage(outcome.stages)


def _guarded(outcome: Outcome, catalogue: GridCatalogue) -> None:
    try:
        _check(outcome, catalogue)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        failure = f"{type(exc).__name__} in {Path(where.filename).name}:{where.lineno}"
        outcome.diagnostics.add(
            Diagnostic(INTERNAL.code, {"failure": failure}, outcome.path, Position(1, 1))
        )
        outcome.stages, outcome.final = [], None


def _slim(outcome: Outcome, keep_dossier: bool) -> None:
    """Once a file is checked, drop what no output reads: a parsed file weighs some fifty times
    its size, and a regional committee's 10,000 dossiers would not fit in memory.

    Keeps the dossier's id and title and where the id is (for `dossier.duplicate_id`); the
    validated `Dossier` only when asked (reports and workbooks show it, scores do not).
    """
    document = outcome.document
    if document is None:
        return
    data = document.data if isinstance(document.data, dict) else {}
    kept = {key: data[key] for key in ("dossier", "title", "fiche_action") if key in data}
    if outcome.dossier is not None and not keep_dossier:
        dossier = outcome.dossier
        kept = {"dossier": dossier.dossier, "title": dossier.title}
        if dossier.fiche_action is not None:
            kept["fiche_action"] = dossier.fiche_action
        outcome.dossier = None
    # Where the id, the grid and the fiche are: run-wide checks (duplicate ids, grid twins,
    # the maquette's fiches) point there.
    kept_at = ((), ("dossier",), ("grid",), ("fiche_action",))
    outcome.document = Document(
        document.path,
        kept,
        "",
        {p: document.positions[p] for p in kept_at if p in document.positions},
        {p: document.key_positions[p] for p in kept_at if p in document.key_positions},
    )


def check_file(source: Path, catalogue: GridCatalogue, keep_dossiers: bool) -> Outcome:
    """Everything about one dossier file; never raises."""
    outcome = Outcome(_display(source), source)
    _guarded(outcome, catalogue)
    _slim(outcome, keep_dossiers)
    return outcome
