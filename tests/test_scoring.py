"""Scoring semantics, on a grid with weights, a 4-point cell, half points, two bonus items,
three stages, a per-axis floor and tie-breaks (tests/fixtures/other-grid)."""

from __future__ import annotations

from decimal import Decimal

from conftest import Call
from grantgrid.scoring import Rankable, Status, rank

BUDGET = """
budget:
  expenses: [{label: Tout, amount: 10000}]
  resources:
    - {funder: leader, amount: 4800}
    - {funder: region, amount: 3200}
    - {funder: propre, amount: 2000}
"""


def dossier(dossier_id: str, scores: str) -> str:
    return f"""
dossier: {dossier_id}
title: Projet {dossier_id}
grid: autre-appel-2024
applicant: {{name: Asso}}
{BUDGET}
answers:
  qualite: {{pertinence: a, methode: b}}
  impact: {{emploi: c, partenariat: d}}
scores:
{scores}
"""


FULL = """
    {stage}:
      qualite: {{pertinence: {p}, methode: {m}}}
      impact: {{emploi: {e}, partenariat: {pa}}}
      bonus: {{jeunesse: {j}, collectif: {c}}}
"""


def full(stage: str, p: str, m: str, e: str, pa: str, j: str, c: str) -> str:
    return FULL.format(stage=stage, p=p, m=m, e=e, pa=pa, j=j, c=c).strip("\n")


def outcome(call: Call, dossier_id: str):  # type: ignore[no-untyped-def]
    return next(o for o in call.run().outcomes if o.dossier_id == dossier_id)


def test_weights_axis_totals_and_bonus(other_call: Call) -> None:
    other_call.dossier("a.yaml", dossier("A", full("instruction", "2.5", "4", "3", "1", "1", "2")))
    result = outcome(other_call, "A")
    instruction = result.stages[0]
    assert instruction.axes == {"qualite": Decimal("6.5"), "impact": Decimal(7)}  # 3 × 2 + 1
    assert instruction.bonus == Decimal(3)
    assert instruction.total == Decimal("16.5")
    assert instruction.maximum == Decimal(20)
    assert instruction.complete
    assert result.final is instruction and result.status is Status.SELECTED


def test_missing_cell_is_not_zero_and_stage_is_incomplete(other_call: Call) -> None:
    scores = """
    instruction:
      qualite: {pertinence: 3, methode: 4}
      impact: {emploi: 3}
      bonus: {jeunesse: 1, collectif: 3}
"""
    other_call.dossier("a.yaml", dossier("A", scores))
    result = outcome(other_call, "A")
    instruction = result.stages[0]
    assert instruction.missing == ["impact.partenariat"]
    assert instruction.total == Decimal(17)  # partial: 7 + 6 + 4, the missing cell adds nothing
    assert not instruction.complete
    assert result.final is None
    assert result.status is Status.INCOMPLETE and result.rank is None


def test_null_score_means_not_yet_scored(other_call: Call) -> None:
    scores = full("instruction", "3", "4", "3", "~", "1", "3")
    other_call.dossier("a.yaml", dossier("A", scores))
    assert outcome(other_call, "A").stages[0].missing == ["impact.partenariat"]


def test_final_stage_is_last_complete_stage_in_grid_order(other_call: Call) -> None:
    scores = "\n".join(
        [
            full("instruction", "3", "4", "3", "3", "1", "3"),
            full("comite", "2", "2", "2", "2", "0", "0"),
            "    cuc:\n      qualite: {pertinence: 0}",
        ]
    )
    other_call.dossier("a.yaml", dossier("A", scores))
    result = outcome(other_call, "A")
    assert result.final is not None and result.final.stage.id == "comite"
    assert result.final.total == Decimal(10)
    assert result.status is Status.REJECTED  # 10 < min_total 12, although instruction gave 20


def test_rejected_reasons_total_and_axis_floor(other_call: Call) -> None:
    # impact = 1 × 2 + 1 = 3 < floor 4; total = 7 + 3 + 4 = 14 ≥ 12.
    other_call.dossier("a.yaml", dossier("A", full("instruction", "3", "4", "1", "1", "1", "3")))
    result = outcome(other_call, "A")
    assert result.status is Status.REJECTED
    assert [str(r) for r in result.reasons] == ["axis impact scores 3, below its floor of 4"]
    other_call.dossier("a.yaml", dossier("A", full("instruction", "0", "0", "1", "1", "0", "0")))
    result = outcome(other_call, "A")
    assert [r.text("en") for r in result.reasons] == [
        "total 3 is below the minimum of 12",
        "axis impact scores 3, below its floor of 4",
    ]
    assert [r.text("fr") for r in result.reasons] == [
        "total de 3, sous le minimum de 12",
        "l'axe « Impact territorial » obtient 3, sous son plancher de 4",
    ]


def test_invalid_beats_every_other_status(other_call: Call) -> None:
    other_call.dossier(
        "a.yaml",
        dossier("A", full("instruction", "3", "4", "3", "3", "1", "3")).replace(
            "amount: 2000", "amount: 1999"
        ),
    )
    result = outcome(other_call, "A")
    assert result.status is Status.INVALID and result.rank is None
    assert result.reasons and str(result.reasons[0]).startswith("budget.unbalanced")
    assert (
        result.reasons[0].text("fr").startswith("budget.unbalanced : le budget n'est pas équilibré")
    )


def test_out_of_range_and_step(other_call: Call) -> None:
    other_call.dossier(
        "a.yaml", dossier("A", full("instruction", "3.5", "4", "1.25", "-1", "2", "3"))
    )
    problems = [p for p in other_call.problems("a.yaml") if p[0] == "score.out_of_range"]
    # 3.5 > 3 ; 1.25 not a multiple of 0.5 ; -1 < 0 ; jeunesse 2 > 1 point
    assert [(line, column) for _, line, column in problems] == [
        (18, 29),
        (19, 24),
        (19, 43),
        (20, 25),
    ]


def test_unknown_stage_and_cells(other_call: Call) -> None:
    scores = """
    instuction:
      qualite: {pertinence: 1}
    comite:
      qualiter: {pertinence: 1}
      impact: {emplois: 1}
      bonus: {jeune: 1}
"""
    other_call.dossier("a.yaml", dossier("A", scores))
    problems = [p for p in other_call.problems("a.yaml") if p[0].startswith("score.")]
    assert problems == [
        ("score.unknown_stage", 18, 5),
        ("score.unknown_cell", 21, 7),
        ("score.unknown_cell", 22, 16),
        ("score.unknown_cell", 23, 15),
    ]


def test_ranking_ties_share_a_rank_and_are_listed_by_id(other_call: Call) -> None:
    # B and C tie on everything; A is best; D below; E rejected still ranked; F incomplete.
    other_call.dossier("a.yaml", dossier("A", full("instruction", "3", "4", "3", "3", "1", "3")))
    other_call.dossier("c.yaml", dossier("C", full("instruction", "3", "4", "2", "2", "1", "2")))
    other_call.dossier("b.yaml", dossier("B", full("instruction", "3", "4", "2", "2", "1", "2")))
    other_call.dossier("d.yaml", dossier("D", full("instruction", "3", "3", "2", "2", "1", "2")))
    other_call.dossier("e.yaml", dossier("E", full("instruction", "0", "0", "2", "0", "0", "0")))
    other_call.dossier("f.yaml", dossier("F", "    instruction: {}"))
    run = other_call.run()
    order = [(o.dossier_id, o.rank, o.status.value) for o in run.ordered()]
    assert order == [
        ("A", 1, "selected"),
        ("B", 2, "selected"),
        ("C", 2, "selected"),
        ("D", 4, "selected"),
        ("E", 5, "rejected"),
        ("F", None, "incomplete"),
    ]


def test_tie_break_keys_in_order(other_call: Call) -> None:
    # Same total 15; G has more impact (the first tie-break key) than H.
    other_call.dossier(
        "g.yaml", dossier("G", full("instruction", "3", "2", "3", "2", "1", "1"))
    )  # 5 + 8 + 2
    other_call.dossier(
        "h.yaml", dossier("H", full("instruction", "3", "4", "2", "2", "1", "1"))
    )  # 7 + 6 + 2
    run = other_call.run()
    assert [(o.dossier_id, o.rank) for o in run.ordered()] == [("G", 1), ("H", 2)]


def test_rank_function_competition_ranking() -> None:
    entries = [Rankable(i, (Decimal(k),)) for i, k in [("b", 5), ("a", 5), ("c", 7), ("d", 1)]]
    assert [(e.dossier_id, r) for e, r in rank(entries)] == [("c", 1), ("a", 2), ("b", 2), ("d", 4)]
