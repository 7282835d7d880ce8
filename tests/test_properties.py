"""Properties: a balanced budget stays balanced when a line is split or lines are reordered;
scores never exceed the grid maximum; money parsing and formatting agree."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import OTHER_GRID, REFERENCE_GRID
from grantgrid.financing import plan
from grantgrid.loading import load_yaml
from grantgrid.models.dossier import Budget
from grantgrid.models.grid import Financing, Grid
from grantgrid.money import format_eur, parse_amount
from grantgrid.rules.budget import evaluate
from grantgrid.scoring import score_stages
from grantgrid.validation import validate

cents = st.integers(min_value=1, max_value=10**9).map(lambda c: Decimal(c).scaleb(-2))
FINANCING = Financing.model_validate(
    {"funders": {"a": {"label": "A", "kind": "public"}, "b": {"label": "B", "kind": "self"}}}
)


def budget(expenses: list[Decimal], resources: list[tuple[str, Decimal]]) -> Budget:
    return Budget.model_validate(
        {
            "expenses": [{"label": f"e{i}", "amount": a} for i, a in enumerate(expenses)],
            "resources": [{"funder": f, "amount": a} for f, a in resources],
        }
    )


def codes(b: Budget) -> list[str]:
    return [f.code for f in evaluate(b, FINANCING, plan(b, FINANCING)).findings]


@st.composite
def balanced_budgets(draw: st.DrawFn) -> tuple[list[Decimal], list[tuple[str, Decimal]]]:
    expenses = draw(st.lists(cents, min_size=1, max_size=8))
    total = sum(expenses, Decimal(0))
    # split the total among 1–4 resources, in whole cents
    cuts = sorted(draw(st.lists(st.integers(0, int(total * 100)), max_size=3)))
    bounds = [0, *cuts, int(total * 100)]
    resources = [
        (draw(st.sampled_from("ab")), Decimal(hi - lo).scaleb(-2)) for lo, hi in pairwise(bounds)
    ]
    return expenses, resources


@given(balanced_budgets(), st.data())
@settings(max_examples=150, deadline=None)
def test_balanced_budget_stays_balanced_when_split_or_reordered(case, data) -> None:  # type: ignore[no-untyped-def]
    expenses, resources = case
    assert "budget.unbalanced" not in codes(budget(expenses, resources))
    # split one expense line in two (whole cents, both > 0 when possible)
    index = data.draw(st.integers(0, len(expenses) - 1))
    line = expenses[index]
    if line > Decimal("0.01"):
        part = Decimal(data.draw(st.integers(1, int(line * 100) - 1))).scaleb(-2)
        split = [*expenses[:index], part, line - part, *expenses[index + 1 :]]
        assert "budget.unbalanced" not in codes(budget(split, resources))
    # reorder lines
    shuffled = data.draw(st.permutations(expenses))
    assert "budget.unbalanced" not in codes(budget(list(shuffled), list(reversed(resources))))


@given(balanced_budgets(), cents)
@settings(max_examples=100, deadline=None)
def test_one_cent_off_is_always_unbalanced(case, extra) -> None:  # type: ignore[no-untyped-def]
    expenses, resources = case
    assert "budget.unbalanced" in codes(budget([*expenses, extra], resources))


def _grid(path) -> Grid:  # type: ignore[no-untyped-def]
    loaded = load_yaml(path)
    assert loaded.document is not None
    grid, problems = validate(Grid, loaded.document)
    assert grid is not None and not problems
    return grid


@given(st.data())
@settings(max_examples=100, deadline=None)
def test_scores_never_exceed_the_grid_maximum(data) -> None:  # type: ignore[no-untyped-def]
    grid = _grid(data.draw(st.sampled_from([REFERENCE_GRID, OTHER_GRID])))
    stage_scores: dict[str, dict[str, dict[str, Decimal | None]]] = {}
    for stage in grid.stages:
        by_axis: dict[str, dict[str, Decimal | None]] = {}
        for axis in grid.axes:
            by_axis[axis.id] = {}
            for cell in grid.cell_ids(axis):
                steps = int(grid.cell_points(axis, cell) / grid.step)
                value = data.draw(st.one_of(st.none(), st.integers(0, steps)))
                by_axis[axis.id][cell] = None if value is None else value * grid.step
        by_axis["bonus"] = {
            b.id: data.draw(
                st.one_of(
                    st.none(),
                    st.integers(0, int(grid.bonus_points(b) / grid.step)).map(
                        lambda v: v * grid.step
                    ),
                )
            )
            for b in grid.bonus
        }
        stage_scores[stage.id] = by_axis
    for result in score_stages(grid, stage_scores):
        assert result.total is None or Decimal(0) <= result.total <= grid.maximum()
        for axis in grid.axes:
            value = result.axes[axis.id]
            assert value is None or value <= grid.axis_max(axis)


@given(cents)
def test_french_format_parses_back(amount: Decimal) -> None:
    assert parse_amount(format_eur(amount)) == amount
