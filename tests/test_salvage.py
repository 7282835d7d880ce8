"""One broken part never hides the others (SPEC: every problem is reported, not only the first).

A section that does not validate is salvaged (its invalid leaves pruned) so that its own rules
still run; findings are placed where they are in the file even after pruned list items.
"""

from __future__ import annotations

from pathlib import Path

from conftest import Call, dedent, reference_text, replace_budget
from grantgrid.grids import load_grid


def codes_at(diagnostics: list) -> list[tuple[str, int]]:  # type: ignore[type-arg]
    return [(d.code, d.position.line) for d in diagnostics]


def test_a_grid_schema_error_does_not_hide_its_other_errors(tmp_path: Path) -> None:
    grid = tmp_path / "g.yaml"
    grid.write_text(
        dedent(
            """
            grid: g
            title: T
            step: 0
            stages: [{id: s, label: S}]
            axes:
              - id: a
                label: A
                cells:
                  c1: {criteria: [x], points: 2, wieght: 1}
              - id: b
                label: B
                cells:
                  c2: {criteria: [x], points: 0}
            financing:
              max_public_rate: 1.5
              funders: {leader: {label: LEADER, kind: europe}}
            """
        ),
        encoding="utf-8",
    )
    loaded = load_grid(grid)
    assert loaded.grid is None
    assert codes_at(loaded.diagnostics.sorted()) == [
        ("grid.step", 3),
        ("schema.unknown_field", 9),
        ("grid.points", 13),  # axis b, after the pruned axis a: still its own line
        ("grid.rate", 15),
        ("schema.type", 16),
    ]


def test_grid_cross_references_wait_for_the_schema_errors(tmp_path: Path) -> None:
    """A funder pruned for its kind is not reported as unknown: that would send the user
    looking for a mistake they did not make."""
    grid = tmp_path / "g.yaml"
    grid.write_text(
        dedent(
            """
            grid: g
            title: T
            points: 2
            stages: [{id: s, label: S}]
            axes: [{id: a, label: A, cells: {c: {criteria: [x]}}}]
            financing:
              co_financing: {fund: leader, rate_of_public: 0.8}
              funders: {leader: {label: LEADER, kind: europe}}
            """
        ),
        encoding="utf-8",
    )
    assert [d.code for d in load_grid(grid).diagnostics.sorted()] == ["schema.type"]


def test_a_budget_finding_after_a_pruned_line_points_at_its_own_line(call: Call) -> None:
    budget = """
        budget:
          expenses:
            - {label: Unreadable, amount: abc}
            - {label: Zero, amount: 0}
          resources:
            - {funder: autofinancement, amount: 10}
    """
    text = replace_budget(reference_text(), budget)
    call.dossier("d.yaml", text)
    zero = dedent(text).splitlines().index("    - {label: Zero, amount: 0}") + 1
    assert ("budget.amount", zero, 29) in call.problems("d.yaml")


def test_the_period_is_checked_beside_a_schema_error(call: Call) -> None:
    text = reference_text().replace("{start: 2017, end: 2019}", "{start: 2019, end: 2017}")
    call.dossier("d.yaml", text.replace("title:", "titel:", 1))
    codes = [code for code, _, _ in call.problems("d.yaml")]
    assert "dossier.period" in codes and "schema.unknown_field" in codes


def test_an_invalid_dossier_keeps_its_committee_scores(call: Call) -> None:
    call.dossier("d.yaml", reference_text().replace('remarks: ""', 'remarqs: ""'))
    [outcome] = call.run().outcomes
    assert outcome.status.value == "invalid"
    restreint = next(s for s in outcome.stages if s.stage.id == "restreint")
    assert restreint.complete and restreint.total == 20
