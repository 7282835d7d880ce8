"""The run's decisions, as pure functions returning values: each dossier's status and
reasons, then the rank of the ranked ones per grid (`SPEC.md`, Scoring semantics)."""

from __future__ import annotations

from collections.abc import Sequence

from grantgrid.evaluation.outcome import Outcome
from grantgrid.scoring import Rankable, Reason, Status, decide, rank, tie_break_key

CANNOT_SCORE = Reason("the dossier cannot be scored", "le dossier ne peut pas être noté")


def status_of(outcome: Outcome) -> tuple[Status, list[Reason]]:
    """invalid (any error) › incomplete › rejected › selected, with the reasons."""
    errors = [
        Reason(f"{d.code}: {d.message}", f"{d.code} : {d.message_in('fr')}")
        for d in outcome.diagnostics.errors
    ]
    if outcome.grid is None:
        return Status.INVALID, errors or [CANNOT_SCORE]
    return decide(outcome.grid, outcome.final, errors)


def ranks(outcomes: Sequence[Outcome], statuses: Sequence[Status]) -> list[int | None]:
    """Each outcome's rank among the selected and rejected dossiers of its grid (1, 2, 2, 4)."""
    by_grid: dict[str, list[int]] = {}
    for index, (outcome, status) in enumerate(zip(outcomes, statuses, strict=True)):
        if status in (Status.SELECTED, Status.REJECTED) and outcome.grid and outcome.final:
            by_grid.setdefault(outcome.grid.grid, []).append(index)
    result: list[int | None] = [None] * len(outcomes)
    for members in by_grid.values():
        pairs = []
        for index in members:
            outcome = outcomes[index]
            assert outcome.grid is not None and outcome.final is not None
            key = tie_break_key(outcome.grid, outcome.final)
            pairs.append((Rankable(outcome.dossier_id or outcome.path, key), index))
        index_of = {id(entry): index for entry, index in pairs}
        for entry, position in rank([entry for entry, _ in pairs]):
            result[index_of[id(entry)]] = position
    return result
