"""The selection grid format (`grids/*.yaml`): axes × phases of criteria, stages, bonus, rules.

Structural checks that need the whole grid (unique ids, phase keys, bounds) live in
`grantgrid.rules.grid`, so that each reports its own `grid.*` code and position.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from pydantic import Field

from grantgrid.models.types import Amount, Id, Label, LongText, Number, ShortText, StrictModel

FunderKind = Literal["eu", "public", "private", "self"]


class Stage(StrictModel):
    """A scoring round, such as the restricted committee then the CUC."""

    id: Id = Field(
        description="Stage id, used as a key under `scores:` in dossiers.", examples=["restreint"]
    )
    label: Label = Field(description="Column heading.", examples=["Note en comité restreint"])
    scoring: Literal["collective", "individual"] = Field(
        default="collective",
        description="collective: one note per cell, in the dossier's `scores:`; individual: "
        "each member scores in `notes/<stage>/<member>.yaml` (SPEC-committee §3).",
    )
    aggregate: Literal["mean", "median"] = Field(
        default="mean",
        description="individual: a cell's value is the mean or the median of its counted "
        "notes, rounded half-up to 0.01.",
    )
    min_scorers: int = Field(
        default=1,
        ge=1,
        le=1000,
        description="individual: a cell needs at least this many counted notes, else it is "
        "missing.",
    )
    disagreement: Number | None = Field(
        default=None,
        description="individual: flag a cell whose notes differ by at least this; default: "
        "the cell's points.",
    )

    @property
    def individual(self) -> bool:
        return self.scoring == "individual"


class Phase(StrictModel):
    id: Id = Field(description="Phase id, used as a cell key in every axis.", examples=["amont"])
    label: Label = Field(examples=["Phase amont"])


class Cell(StrictModel):
    """One box of the grid: what the committee looks for, and how many points it is worth."""

    label: Label | None = Field(
        default=None,
        description="The cell's display name; default: its phase's label, else its id.",
        examples=["Partenariats et implication"],
    )
    criteria: list[ShortText] = Field(default=[], description="Criteria examined in this cell.")
    objective: LongText | None = Field(default=None, description="Objective pursued.")
    points: Number | None = Field(
        default=None, description="Maximum score; default: the grid's `points`."
    )
    weight: Number = Field(default=Decimal(1), description="Multiplier of the score.")


class Axis(StrictModel):
    id: Id = Field(examples=["innovant"])
    label: Label = Field(examples=["Caractère innovant"])
    cells: dict[Id, Cell] = Field(description="Cells by phase id (or by cell id without phases).")


class BonusItem(StrictModel):
    id: Id = Field(examples=["emergence"])
    label: Label
    points: Number | None = Field(
        default=None, description="Maximum; default: the grid's `points`."
    )


class Selection(StrictModel):
    min_total: Number | None = Field(default=None, description="The final total must reach it.")
    min_per_axis: dict[Id, Number] = Field(default={}, description="Per-axis floors.")
    tie_break: list[Id] = Field(default=[], description="Axis ids or `bonus`, tried in order.")


class CoFinancing(StrictModel):
    fund: Id = Field(description="The funder id of the co-financing fund.", examples=["leader"])
    rate_of_public: Number = Field(description="Its share of all public money.", examples=[0.8])


class FundLimit(StrictModel):
    min: Amount | None = None
    max: Amount | None = None


class FlatRate(StrictModel):
    """A simplified cost option (Reg. (EU) 2021/1060 art. 53-55): a rate of other lines."""

    rate: Number = Field(description="The flat rate, a fraction.", examples=[0.15])
    of: list[Id] = Field(
        min_length=1,
        description="The categories whose eligible costs it applies to.",
        examples=[["frais_salariaux"]],
    )


class Category(StrictModel):
    label: Label = Field(examples=["Frais salariaux directs"])
    eligible: bool = Field(
        default=True, description="false: counted in the cost, never in the eligible cost."
    )
    flat_rate: FlatRate | None = Field(
        default=None, description="The category is a flat rate of other categories."
    )


class FundRate(StrictModel):
    min: Number | None = Field(default=None, description="Fund / eligible cost, at least.")
    max: Number | None = Field(default=None, description="Fund / eligible cost, at most.")


class DeMinimis(StrictModel):
    ceiling: Amount = Field(description="Aid over the period, at most.", examples=[300000])
    years: int = Field(ge=1, le=100, description="The period, in years.", examples=[3])


class Funder(StrictModel):
    label: Label
    kind: FunderKind = Field(description="eu, public, private or self.")


class Financing(StrictModel):
    co_financing: CoFinancing | None = None
    max_public_rate: Number | None = Field(
        default=None, description="Public money / eligible cost, at most."
    )
    min_self_financing: Number | None = Field(
        default=None, description="Self-financing / eligible cost, at least."
    )
    fund_limits: dict[Id, FundLimit] = {}
    funders: dict[Id, Funder] = Field(default={}, description="Funder ids a dossier may use.")
    categories: dict[Id, Category] = Field(
        default={}, description="Expense categories a dossier may use (id → rule)."
    )
    fund_rates: dict[Id, FundRate] = Field(
        default={}, description="A fund's [min, max] share of the eligible cost."
    )
    public_owner_share: Number | None = Field(
        default=None,
        description="CGCT L1111-10: a public owner's own funds / (own funds + public "
        "financing), at least.",
        examples=[0.2],
    )
    de_minimis: DeMinimis | None = Field(
        default=None, description="The aid of this grid is granted under de minimis."
    )
    expenses_from: Literal["received"] | None = Field(
        default=None,
        description="`received`: an expense dated before the dossier's receipt is refused.",
    )

    def funder_label(self, fund: str) -> str:
        """How the outputs name a funder: its label, or its id when the grid does not list it."""
        funder = self.funders.get(fund)
        return funder.label if funder else fund

    def category_label(self, category: str) -> str:
        """How the outputs name an expense category: its label, else its id."""
        known = self.categories.get(category)
        return known.label if known else category


@dataclass(frozen=True)
class Slot:
    """One scored box of a grid: an axis cell, or a bonus item (`group` is then "bonus")."""

    group: str
    """The axis id, or "bonus"."""
    id: str
    label: str
    """Its display name: the cell's `label`, else its phase's label, else its id
    (`Grid.cell_label`); the bonus item's label."""
    points: Decimal
    weight: Decimal
    axis: Axis | None
    """None for a bonus item."""

    @property
    def key(self) -> str:
        """`axis.cell` or `bonus.item`: how JSON and messages name it."""
        return f"{self.group}.{self.id}"

    @property
    def maximum(self) -> Decimal:
        return self.points * self.weight


class Grid(StrictModel):
    """A selection grid: the criteria a GAL scores its dossiers on."""

    grid: Id = Field(description="The grid id, a slug.", examples=["leader-tulle-2014-2020"])
    title: Label
    points: Number | None = Field(
        default=None, description="Default maximum of a cell and of a bonus item."
    )
    step: Number = Field(default=Decimal(1), description="Scores must be multiples of it.")
    stages: list[Stage] = Field(min_length=1)
    phases: list[Phase] | None = None
    axes: list[Axis] = Field(min_length=1)
    bonus: list[BonusItem] = []
    selection: Selection = Selection()
    financing: Financing = Financing()

    # The derived views below keep every consumer to one definition of the grid's shape.

    def cell_points(self, axis: Axis, cell_id: str) -> Decimal:
        return axis.cells[cell_id].points or self.points or Decimal(0)

    def bonus_points(self, item: BonusItem) -> Decimal:
        return item.points or self.points or Decimal(0)

    def cell_ids(self, axis: Axis) -> list[str]:
        """Cells of an axis in matrix order: phase order when the grid has phases."""
        if self.phases:
            order = [p.id for p in self.phases]
            return [p for p in order if p in axis.cells]
        return list(axis.cells)

    def axis_max(self, axis: Axis) -> Decimal:
        return sum(
            (self.cell_points(axis, c) * axis.cells[c].weight for c in self.cell_ids(axis)),
            Decimal(0),
        )

    def bonus_max(self) -> Decimal:
        return sum((self.bonus_points(b) for b in self.bonus), Decimal(0))

    def maximum(self) -> Decimal:
        """Σ points × weight + Σ bonus points (the reference grid: 9 × 2 + 2 = 20)."""
        return sum((self.axis_max(a) for a in self.axes), Decimal(0)) + self.bonus_max()

    def slots(self) -> list[Slot]:
        """Every scored box, in the grid's order: each axis's cells, then the bonus items.

        The one walk over a grid: scoring, rules, skeleton, terminal, report and workbook
        all go through it."""
        slots = [
            Slot(
                axis.id,
                cell_id,
                self.cell_label(axis, cell_id),
                self.cell_points(axis, cell_id),
                axis.cells[cell_id].weight,
                axis,
            )
            for axis in self.axes
            for cell_id in self.cell_ids(axis)
        ]
        slots += [
            Slot("bonus", item.id, item.label, self.bonus_points(item), Decimal(1), None)
            for item in self.bonus
        ]
        return slots

    def axis(self, axis_id: str) -> Axis | None:
        return next((a for a in self.axes if a.id == axis_id), None)

    def cell_label(self, axis: Axis, cell_id: str) -> str:
        """SPEC.md: a cell's display name is its `label`, else the label of its phase, else
        its id."""
        cell = axis.cells.get(cell_id)
        if cell is not None and cell.label:
            return cell.label
        return self.phase_label(cell_id)

    def phase_label(self, cell_id: str) -> str:
        for phase in self.phases or []:
            if phase.id == cell_id:
                return phase.label
        return cell_id
