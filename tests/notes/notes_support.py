"""A small call with several scorers: grid, committee, dossiers and members' notes files."""

from __future__ import annotations

import textwrap
from pathlib import Path

from grantgrid.call import Call
from grantgrid.evaluation import Run, evaluate

GRID = """\
grid: g-notes
title: Grille à plusieurs notateurs
points: 3
stages:
  - id: restreint
    label: Note en comité restreint
    scoring: individual
    aggregate: {aggregate}
    min_scorers: {min_scorers}
  - {{id: cuc, label: Note CUC}}
axes:
  - id: strategie
    label: Stratégie
    cells:
      coherence: {{label: Cohérence, criteria: [Cohérence avec la stratégie]}}
      partenariat: {{label: Partenariat}}
bonus:
  - {{id: jeunesse, label: Jeunesse, points: 1}}
selection: {{min_total: 3}}
"""

COMMITTEE = """\
committee: cp-test
title: Comité de test
seats:
  - {id: s-a, structure: A, college: private, titulaire: {id: ta, name: Anne A}}
  - {id: s-b, structure: B, college: private, titulaire: {id: tb, name: Bruno B}}
  - {id: s-c, structure: C, college: public, titulaire: {id: tc, name: Chloé C}}
  - {id: s-d, structure: D, college: public, titulaire: {id: td, name: Denis D}}
conflicts:
  tc: [D-1]
"""

DOSSIER = """\
dossier: {id}
title: Projet {id}
grid: g-notes
applicant: {{name: Association, address: Tulle, status: association}}
answers:
  strategie: {{coherence: Oui, partenariat: Oui}}
budget:
  expenses: [{{label: Achat, amount: 100}}]
  resources: [{{funder: autofinancement, amount: 100}}]
"""

# The hidden check's case: a conflicted member (tc on D-1), a cell scored by one member under
# min_scorers 2 (D-2 partenariat), a 0-against-3 disagreement (D-2 coherence).
NOTES = {
    "ta": """\
        member: ta
        stage: restreint
        notes:
          D-1: {strategie: {coherence: 3, partenariat: 2}, bonus: {jeunesse: 1}}
          D-2: {strategie: {coherence: 0}}
          D-3:
            strategie: {coherence: 2, partenariat: 2}
            bonus: {jeunesse: 0}
            comment: "À revoir"
        """,
    "tb": """\
        member: tb
        stage: restreint
        notes:
          D-1: {strategie: {coherence: 2, partenariat: 2}, bonus: {jeunesse: 1}}
          D-2: {strategie: {coherence: 3}}
          D-3: {strategie: {coherence: 2, partenariat: 1}, bonus: {jeunesse: 0}}
        """,
    "tc": """\
        member: tc
        stage: restreint
        notes:
          D-1: {strategie: {coherence: 0, partenariat: 0}, bonus: {jeunesse: 0}}
        """,
    "td": """\
        member: td
        stage: restreint
        notes:
          D-2: {strategie: {partenariat: 2}}
        """,
}


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


class NotesCall:
    def __init__(
        self,
        root: Path,
        *,
        aggregate: str = "mean",
        min_scorers: int = 2,
        committee: bool = True,
        notes: dict[str, str] | None = None,
        dossiers: tuple[str, ...] = ("D-1", "D-2", "D-3"),
    ) -> None:
        self.root = root
        for folder in ("grids", "applications", "notes/restreint"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        (root / "grids" / "g.yaml").write_text(
            GRID.format(aggregate=aggregate, min_scorers=min_scorers), encoding="utf-8"
        )
        if committee:
            (root / "committee.yaml").write_text(COMMITTEE, encoding="utf-8")
        for dossier in dossiers:
            self.dossier(dossier)
        for member, text in (NOTES if notes is None else notes).items():
            self.notes(member, text)

    def dossier(self, dossier: str, extra: str = "") -> Path:
        path = self.root / "applications" / f"{dossier.lower()}.yaml"
        path.write_text(DOSSIER.format(id=dossier) + dedent(extra), encoding="utf-8")
        return path

    def notes(self, member: str, text: str, stage: str = "restreint") -> Path:
        path = self.root / "notes" / stage / f"{member}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
        return path

    def run(self) -> Run:
        return evaluate([self.root / "applications"], self.root / "grids", call=Call(self.root))


def outcome(run: Run, dossier: str):  # type: ignore[no-untyped-def]
    return next(o for o in run.outcomes if o.dossier_id == dossier)


def stage(run: Run, dossier: str, stage_id: str = "restreint"):  # type: ignore[no-untyped-def]
    return next(s for s in outcome(run, dossier).stages if s.stage.id == stage_id)


def problems(run: Run) -> list[tuple[str, str, int, int]]:
    """(file name, code, line, column) of every notes file's diagnostic."""
    assert run.notes is not None
    return [
        (
            Path(d.path).name,
            d.code,
            d.position.line if d.position else 0,
            d.position.column if d.position else 0,
        )
        for d in run.notes.diagnostics
    ]
