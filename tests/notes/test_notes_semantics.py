"""SPEC-committee §3 computed by hand on a small call: counted notes, the aggregate rounded
half-up, cells under `min_scorers`, conflicts, then status and rank as for any stage."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from notes_support import NotesCall, outcome, problems, stage

from grantgrid.notes.aggregate import cell_stats

D = Decimal


def test_the_spec_on_a_call_with_a_conflict_a_lone_scorer_and_a_disagreement(
    tmp_path: Path,
) -> None:
    run = NotesCall(tmp_path).run()
    one, two, three = (stage(run, d) for d in ("D-1", "D-2", "D-3"))
    # D-1: tc declared an interest (committee.yaml): only ta and tb count.
    assert one.panel is not None
    assert one.panel.members == ["ta", "tb"]
    assert one.panel.left_out == [("tc", "Chloé C")]
    cell = one.panel.cells["strategie.coherence"]
    assert (cell.value, cell.n, cell.minimum, cell.maximum) == (D("2.5"), 2, D(3 - 1), D(3))
    assert (cell.mean, cell.median, cell.stdev, cell.disagreement) == (
        D("2.5"),
        D("2.5"),
        D("0.71"),
        False,
    )
    assert (one.total, one.complete) == (D("5.5"), True)
    assert [(s.member, s.total, s.complete) for s in one.panel.scorers] == [
        ("ta", D(6), True),
        ("tb", D(5), True),
    ]
    # D-2: 0 against 3 on a /3 cell is a disagreement; partenariat has one note (td) under
    # min_scorers 2, so it is missing, as the bonus nobody scored.
    assert two.panel is not None
    coherence = two.panel.cells["strategie.coherence"]
    assert (coherence.value, coherence.disagreement, coherence.stdev) == (D("1.5"), True, D("2.12"))
    lone = two.panel.cells["strategie.partenariat"]
    assert (lone.value, lone.n, lone.stdev) == (None, 1, None)
    assert two.panel.disagreements == ["strategie.coherence"]
    assert two.missing == ["strategie.partenariat", "bonus.jeunesse"]
    assert (two.total, two.complete) == (D("1.5"), False)
    assert [(s.member, s.complete) for s in two.panel.scorers] == [
        ("ta", False),
        ("tb", False),
        ("td", False),
    ]
    # D-3: 2 and 2, 2 and 1, 0 and 0.
    assert (three.total, three.axes["strategie"], three.bonus) == (D("3.5"), D("3.5"), D(0))
    # Status and rank exactly as for a collective stage.
    assert [
        (outcome(run, d).status.value, outcome(run, d).rank) for d in ("D-1", "D-2", "D-3")
    ] == [
        ("selected", 1),
        ("incomplete", None),
        ("selected", 2),
    ]
    assert outcome(run, "D-1").final is one
    # The conflicted notes are a warning at the dossier's key in tc's file; nothing else.
    assert problems(run) == [("tc.yaml", "notes.conflict", 4, 3)]
    assert run.exit_code == 0


def test_mean_and_median_of_the_same_notes(tmp_path: Path) -> None:
    notes = {
        m: f"member: {m}\nstage: restreint\nnotes:\n  D-1: {{strategie: {{coherence: {v}}}}}\n"
        for m, v in (("ta", 0), ("tb", 2), ("td", 2))
    }
    mean = NotesCall(tmp_path / "mean", notes=notes, dossiers=("D-1",)).run()
    median = NotesCall(
        tmp_path / "median", aggregate="median", notes=notes, dossiers=("D-1",)
    ).run()
    assert stage(mean, "D-1").cells[("strategie", "coherence")] == D("1.33")
    assert stage(median, "D-1").cells[("strategie", "coherence")] == D(2)
    for run in (mean, median):  # both figures are shown whatever the stage aggregates
        cell = stage(run, "D-1").panel.cells["strategie.coherence"]  # type: ignore[union-attr]
        assert (cell.mean, cell.median) == (D("1.33"), D(2))


def test_a_half_cent_rounds_up() -> None:
    # 1/8 = 0.125 and 5/8 = 0.625: half-up gives 0.13 and 0.63 (half-even would give 0.12, 0.62).
    eighth = {f"m{i}": D(1 if i == 0 else 0) for i in range(8)}
    assert cell_stats(eighth, "mean", 1, D(2)).value == D("0.13")
    five = {f"m{i}": D(1 if i < 5 else 0) for i in range(8)}
    assert cell_stats(five, "mean", 1, D(2)).value == D("0.63")
    # The median of an even count is the mean of the middle two, rounded the same way.
    halves = {"a": D("0.01"), "b": D("0.02")}
    assert cell_stats(halves, "median", 1, D(2)).value == D("0.02")


def test_a_conflict_declared_at_a_meeting_of_the_stage_leaves_the_notes_out(
    tmp_path: Path,
) -> None:
    call = NotesCall(tmp_path)
    (tmp_path / "meetings").mkdir()
    (tmp_path / "meetings" / "cr.yaml").write_text(
        "meeting: cr-1\ndate: 2025-01-10\nstage: restreint\npresent: [ta, tb, tc, td]\n"
        "decisions:\n  D-3: {decision: favorable, conflicts: [tb]}\n",
        encoding="utf-8",
    )
    run = call.run()
    three = stage(run, "D-3")
    assert three.panel is not None and three.panel.members == ["ta"]
    assert three.panel.left_out == [("tb", "Bruno B")]
    assert three.missing == ["strategie.coherence", "strategie.partenariat", "bonus.jeunesse"]
    assert ("tb.yaml", "notes.conflict", 6, 3) in problems(run)
    [warning] = [d for d in run.notes.diagnostics if d.path.endswith("tb.yaml")]  # type: ignore[union-attr]
    assert "séance cr-1" in warning.message_in("fr")


def test_min_scorers_one_counts_a_lone_note(tmp_path: Path) -> None:
    run = NotesCall(tmp_path, min_scorers=1).run()
    assert stage(run, "D-2").cells[("strategie", "partenariat")] == D(2)


notes = st.decimals(min_value=0, max_value=3, places=0).map(D)
members = st.lists(notes, min_size=1, max_size=12)


@given(
    st.sampled_from([D(0), D(1), D(2), D(3)]),
    st.integers(1, 12),
    st.sampled_from(["mean", "median"]),
)
def test_identical_notes_aggregate_to_that_note(note: Decimal, n: int, how: str) -> None:
    stats = cell_stats({f"m{i}": note for i in range(n)}, how, 1, D(3))
    assert stats.value == note and not stats.disagreement


@given(members, st.randoms(use_true_random=False), st.sampled_from(["mean", "median"]))
def test_the_order_of_members_changes_nothing(values: list[Decimal], random, how: str) -> None:  # type: ignore[no-untyped-def]
    given_order = {f"m{i}": v for i, v in enumerate(values)}
    keys = list(given_order)
    random.shuffle(keys)
    shuffled = {k: given_order[k] for k in keys}
    first, second = cell_stats(given_order, how, 1, D(2)), cell_stats(shuffled, how, 1, D(2))
    assert (first.value, first.mean, first.median, first.stdev, first.disagreement) == (
        second.value,
        second.mean,
        second.median,
        second.stdev,
        second.disagreement,
    )


@given(members)
def test_the_mean_lies_between_min_and_max(values: list[Decimal]) -> None:
    stats = cell_stats({f"m{i}": v for i, v in enumerate(values)}, "mean", 1, D(2))
    assert stats.minimum is not None and stats.maximum is not None and stats.value is not None
    assert stats.minimum <= stats.value <= stats.maximum
    assert stats.minimum <= stats.median <= stats.maximum  # type: ignore[operator]
