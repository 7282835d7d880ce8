"""What the committee needs to know of each dossier of the run, and where it comes from.

The committee's checks never read a dossier: the run hands them `DossierFacts` (its status,
reasons, stage totals and the amount asked of the co-financing fund). `facts_from_run` builds
them from `grantgrid.evaluation`'s outcomes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from grantgrid.ids import same_id
from grantgrid.words import Said

STATUSES = ("selected", "rejected", "incomplete", "invalid")


@dataclass(frozen=True)
class DossierFacts:
    """One dossier as the committee sees it."""

    dossier_id: str
    title: str = ""
    applicant: str = ""
    fiche: str = ""
    """The `fiche_action` text (the minutes print it whole)."""
    status: str = "selected"
    """selected | rejected | incomplete | invalid."""
    reasons: Sequence[str | Said] = ()
    """Why it is rejected or invalid (a `Said` is given in both languages)."""
    stage_totals: dict[str, Decimal | None] = field(default_factory=dict)
    """Each stage's total, None when the stage is not scored (never 0 for nothing)."""
    stage_complete: dict[str, bool] = field(default_factory=dict)
    """Whether each stage is complete (a partial total is printed as such)."""
    stage_maximum: Decimal | None = None
    fund_amount: Decimal | None = None
    """The dossier's resource of the grid's co-financing fund (LEADER)."""
    path: str = ""
    grid_path: str = ""

    @property
    def fiche_id(self) -> str:
        """`"4.2 Développer…"` → `4.2` (SPEC-committee §4)."""
        return self.fiche.split(" ", 1)[0] if self.fiche else ""


def index(dossiers: Iterable[DossierFacts]) -> dict[str, DossierFacts]:
    """The dossiers by normalised id (the first of twins wins: the run reports the twin)."""
    found: dict[str, DossierFacts] = {}
    for facts in dossiers:
        found.setdefault(same_id(facts.dossier_id), facts)
    return found


def _reason(reason: Any) -> str | Said:
    en = getattr(reason, "en", None)
    fr = getattr(reason, "fr", None)
    if isinstance(en, str) and isinstance(fr, str):
        return Said(en, fr)
    return str(reason)


def facts_from_outcome(outcome: Any) -> DossierFacts | None:
    """One `evaluation.Outcome` as facts; None for a file without a dossier id."""
    dossier = getattr(outcome, "dossier", None)
    dossier_id = getattr(outcome, "dossier_id", None) or getattr(dossier, "dossier", None)
    if not dossier_id:
        return None
    grid = getattr(outcome, "grid", None)
    financing = getattr(outcome, "financing", None)
    fund_amount: Decimal | None = None
    if grid is not None and financing is not None:
        co_financing = getattr(getattr(grid, "financing", None), "co_financing", None)
        fund = getattr(co_financing, "fund", None)
        if fund:
            fund_amount = getattr(financing, "funds", {}).get(fund)
    stages = getattr(outcome, "stages", []) or []
    status = getattr(outcome, "status", "invalid")
    grid_file = getattr(outcome, "grid_file", None)
    return DossierFacts(
        dossier_id=str(dossier_id),
        title=str(getattr(outcome, "title", None) or getattr(dossier, "title", "") or ""),
        applicant=str(getattr(getattr(dossier, "applicant", None), "name", "") or ""),
        fiche=str(
            getattr(outcome, "fiche_action", None) or getattr(dossier, "fiche_action", "") or ""
        ),
        status=str(getattr(status, "value", status)),
        reasons=[_reason(r) for r in getattr(outcome, "reasons", []) or []],
        stage_totals={r.stage.id: r.total for r in stages},
        stage_complete={r.stage.id: bool(r.complete) for r in stages},
        stage_maximum=stages[0].maximum if stages else None,
        fund_amount=fund_amount,
        path=str(getattr(outcome, "path", "")),
        grid_path=str(getattr(grid_file, "display", "") or getattr(grid_file, "path", "") or ""),
    )


def facts_from_run(run: Any) -> list[DossierFacts]:
    """The facts of every dossier of an `evaluation.Run` (its `outcomes`)."""
    outcomes = getattr(run, "outcomes", run)
    return [f for f in (facts_from_outcome(o) for o in outcomes) if f is not None]
