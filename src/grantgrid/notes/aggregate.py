"""A cell scored by several members: its statistics and its value (SPEC-committee §3).

Pure functions on `Decimal`: the value is the mean or the median of the counted notes,
rounded half-up to 0.01, so that anyone can check it by hand; it is missing under
`min_scorers` notes. mean, median and the sample standard deviation are shown rounded the
same way; the disagreement flag compares the exact spread max − min.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_half_up(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def mean(notes: Sequence[Decimal]) -> Decimal:
    """The exact mean (to 28 significant digits: notes have at most a few decimals)."""
    return sum(notes, Decimal(0)) / len(notes)


def median(notes: Sequence[Decimal]) -> Decimal:
    ordered = sorted(notes)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def sample_stdev(notes: Sequence[Decimal], centre: Decimal | None = None) -> Decimal | None:
    """√(Σ (x − mean)² / (n − 1)); None for fewer than two notes. `centre`: the mean, when
    the caller has it (to 28 digits, far below the 0.01 the figure is shown to)."""
    if len(notes) < 2:
        return None
    if centre is None:
        centre = mean(notes)
    if all(x == centre for x in notes):
        return Decimal(0)
    spread = sum([(x - centre) * (x - centre) for x in notes], Decimal(0)) / (len(notes) - 1)
    return spread.sqrt()


def shown(value: Decimal) -> Decimal:
    """A figure as every output prints it: rounded half-up to 0.01, trailing zeros dropped
    (`2.67`, `3`), so that JSON, report and workbook agree."""
    rounded = round_half_up(value)
    return (
        rounded.to_integral_value()
        if rounded == rounded.to_integral_value()
        else rounded.normalize()
    )


@dataclass(frozen=True)
class CellStats:
    """One cell of an individual stage, for one dossier."""

    notes: dict[str, Decimal]
    """The counted notes, by member id (in the order of committee.yaml)."""
    value: Decimal | None
    """The aggregate rounded half-up to 0.01; None (missing) under `min_scorers` notes."""
    minimum: Decimal | None
    maximum: Decimal | None
    mean: Decimal | None
    median: Decimal | None
    stdev: Decimal | None
    disagreement: bool

    @property
    def n(self) -> int:
        return len(self.notes)


def cell_stats(
    notes: dict[str, Decimal], how: str, min_scorers: int, disagreement: Decimal
) -> CellStats:
    """`how`: "mean" or "median"; `disagreement`: the spread that flags the cell."""
    values = list(notes.values())
    if not values:
        return CellStats(notes, None, None, None, None, None, None, False)
    exact_mean, exact_median = mean(values), median(values)
    low, high = min(values), max(values)
    deviation = (
        sample_stdev(values, exact_mean)
        if low != high
        else (Decimal(0) if len(values) > 1 else None)
    )
    chosen = exact_mean if how == "mean" else exact_median
    return CellStats(
        notes,
        shown(chosen) if len(values) >= min_scorers else None,
        low,
        high,
        shown(exact_mean),
        shown(exact_median),
        None if deviation is None else shown(deviation),
        high - low >= disagreement,
    )


@dataclass(frozen=True)
class Scorer:
    """A member whose notes on the dossier are counted."""

    member: str
    name: str
    total: Decimal | None
    """Their own stage total (Σ note × weight); None when they gave no note."""
    complete: bool
    """They scored every cell and bonus item."""
    comment: str | None = None


@dataclass(frozen=True)
class Panel:
    """An individual stage of one dossier: every member's notes beside the aggregate."""

    aggregate: str
    """"mean" or "median"."""
    min_scorers: int
    cells: dict[str, CellStats]
    """By `axis.cell` / `bonus.item`, in grid order."""
    scorers: list[Scorer]
    """In the order of committee.yaml."""
    left_out: list[tuple[str, str]]
    """(member id, name) of the members who declared an interest: their notes not counted."""

    @property
    def disagreements(self) -> list[str]:
        return [key for key, cell in self.cells.items() if cell.disagreement]

    @property
    def members(self) -> list[str]:
        return [s.member for s in self.scorers]
