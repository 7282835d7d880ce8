"""Several scorers in the workbook (SPEC-committee §3): on a dossier's sheet, a block per
individual stage with a column per counted member, whose aggregate the grid's stage column
computes live (ROUND(AVERAGE(…);2) or ROUND(MEDIAN(…);2), with `min_scorers`); the long
`Notes` sheet with a `member` column; and the `Désaccords` sheet, the cells to discuss.

Excel's ROUND rounds half away from zero, grantgrid half up: the same for notes, which are
never negative. Every formula's cached value is grantgrid's own figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openpyxl.utils import get_column_letter

from grantgrid.evaluation import Outcome
from grantgrid.models.grid import Grid
from grantgrid.money import format_number
from grantgrid.outputs.workbook.sheet import WRAP, Sheet, cached, fitting_widths
from grantgrid.outputs.workbook.text import write_number
from grantgrid.scoring import StageResult, Status

FIRST_MEMBER = 3
"""Column of the first member's notes in a block (axis and cell come first)."""


@dataclass
class PanelBlock:
    """Where one individual stage's block lies on the dossier sheet, known before the grid
    table is written (its stage column refers to the block)."""

    result: StageResult
    grid: Grid
    top: int

    @property
    def members(self) -> int:
        assert self.result.panel is not None
        return len(self.result.panel.scorers)

    @property
    def height(self) -> int:
        """Title, rule, header, one row per cell, the members' totals, the left out, a gap."""
        return 3 + len(self.grid.slots()) + 3

    def row_of(self, index: int) -> int:
        return self.top + 3 + index

    def notes_range(self, index: int) -> str:
        row = self.row_of(index)
        first = get_column_letter(FIRST_MEMBER)
        last = get_column_letter(FIRST_MEMBER + self.members - 1)
        return f"${first}${row}:${last}${row}"

    def aggregate(self, index: int) -> str | None:
        """The live formula of the stage's cell `index`; None without any counted member."""
        panel = self.result.panel
        assert panel is not None
        if not self.members:
            return None
        notes = self.notes_range(index)
        how = "AVERAGE" if panel.aggregate == "mean" else "MEDIAN"
        return f'IF(COUNT({notes})>={panel.min_scorers},ROUND({how}({notes}),2),"")'

    def write(self, s: Sheet, words: dict[str, str]) -> None:
        panel, grid = self.result.panel, self.grid
        assert panel is not None
        top = self.top
        s.text(top, 1, words["panel_title"].format(stage=self.result.stage.label), bold=True)
        s.text(top + 1, 1, words[f"panel_rule_{panel.aggregate}"].format(count=panel.min_scorers))
        value = words[f"panel_{panel.aggregate}"]
        extra = ["panel_n", "panel_min", "panel_max", "panel_stdev", "panel_flag"]
        s.header(
            top + 2,
            [
                words["axis"],
                words["cell"],
                *(m.name for m in panel.scorers),
                value,
                *(words[k] for k in extra),
            ],
        )
        after = FIRST_MEMBER + self.members
        slots = grid.slots()
        for index, slot in enumerate(slots):
            row = self.row_of(index)
            cell = panel.cells[slot.key]
            s.text(row, 1, slot.axis.label if slot.axis else words["bonus"]).alignment = WRAP
            s.text(row, 2, slot.label).alignment = WRAP
            for column, scorer in enumerate(panel.scorers, start=FIRST_MEMBER):
                write_number(s.at(row, column), cell.notes.get(scorer.member))
            formula = self.aggregate(index)
            if formula is None:
                continue
            notes = self.notes_range(index)
            spread = self.result.stage.disagreement
            bound = format((spread if spread is not None else slot.points).normalize(), "f")
            s.formula(row, after, formula, cached(cell.value))
            s.formula(row, after + 1, f"COUNT({notes})", cell.n)
            s.formula(row, after + 2, f'IF(COUNT({notes})=0,"",MIN({notes}))', cached(cell.minimum))
            s.formula(row, after + 3, f'IF(COUNT({notes})=0,"",MAX({notes}))', cached(cell.maximum))
            s.formula(
                row,
                after + 4,
                f'IF(COUNT({notes})<2,"",ROUND(STDEV({notes}),2))',
                cached(cell.stdev),
            )
            s.formula(
                row,
                after + 5,
                f'IF(COUNT({notes})=0,"",IF(MAX({notes})-MIN({notes})>={bound},"⚑",""))',
                "⚑" if cell.disagreement else "",
            )
        totals = self.row_of(len(slots))
        s.text(totals, 2, words["panel_member_total"], bold=True)
        weights = [slot.weight for slot in slots]
        for column, scorer in enumerate(panel.scorers, start=FIRST_MEMBER):
            letter = get_column_letter(column)
            cells = f"{letter}{self.row_of(0)}:{letter}{self.row_of(len(slots) - 1)}"
            if any(w != 1 for w in weights):
                first = self.row_of(0)
                terms = ",".join(
                    f"{letter}{first + i}*{format(w.normalize(), 'f')}"
                    for i, w in enumerate(weights)
                )
                formula = f'IF(COUNT({cells})=0,"",SUM({terms}))'
            else:
                formula = f'IF(COUNT({cells})=0,"",SUM({cells}))'
            s.formula(totals, column, formula, cached(scorer.total))
        if panel.left_out:
            names = ", ".join(name for _, name in panel.left_out)
            s.text(totals + 1, 1, words["panel_left_out"].format(names=names))


def blocks_of(results: list[StageResult], grid: Grid, top: int) -> dict[int, PanelBlock]:
    """The block of each individual stage (by its index in `results`), one after another
    from row `top`."""
    blocks: dict[int, PanelBlock] = {}
    for index, result in enumerate(results):
        if result.panel is not None:
            blocks[index] = PanelBlock(result, grid, top)
            top += blocks[index].height
    return blocks


def write_notes(
    s: Sheet, outcomes: list[Outcome], words: dict[str, str], status: dict[Status, str]
) -> None:
    """`Notes`: one row per note, for pivot tables; an individual stage gives one row per
    member's counted note (the `member` column; their aggregate is on the dossier sheets)."""
    s.header(
        1,
        [
            *(words[k] for k in ("grid", "dossier", "stage_id", "axis", "cell")),
            *(words[k] for k in ("score", "points", "weight", "status", "member")),
        ],
    )
    row = 2
    for outcome in outcomes:
        grid = outcome.grid
        if grid is None or outcome.dossier is None:
            continue
        for result in outcome.stages:
            panel = result.panel
            for slot in grid.slots():
                label = slot.axis.label if slot.axis else words["bonus"]
                if panel is None:
                    notes: list[tuple[str | None, Decimal | None]] = [
                        (None, result.cells[(slot.group, slot.id)])
                    ]
                else:
                    notes = list(panel.cells[slot.key].notes.items())
                for member, score in notes:
                    for column, text in enumerate(
                        # The stage by its label, as every output names it.
                        (grid.grid, outcome.dossier_id, result.stage.label, label, slot.label),
                        start=1,
                    ):
                        s.text(row, column, text)
                    write_number(s.at(row, 6), score)
                    write_number(s.at(row, 7), slot.points)
                    write_number(s.at(row, 8), slot.weight)
                    s.text(row, 9, status[outcome.status])
                    s.text(row, 10, member)
                    row += 1
    s.ws.freeze_panes = "A2"
    s.ws.auto_filter.ref = f"A1:J{max(row - 1, 2)}"
    s.widths([22, 18, *fitting_widths(s, (3, 4, 5), (12, 30, 24)), 8, 8, 8, 12, 14])
    s.print_setup("1:1")


def has_panels(outcomes: list[Outcome]) -> bool:
    return any(r.panel is not None for o in outcomes for r in o.stages)


def write_disagreements(
    s: Sheet, outcomes: list[Outcome], words: dict[str, str], lang: str
) -> None:
    """`Désaccords`: every cell of an individual stage whose notes differ by at least the
    stage's `disagreement`, with each member's note, to discuss in the meeting."""
    s.header(
        1,
        [
            words["dossier"],
            words["stage_id"],
            words["axis"],
            words["cell"],
            words["panel_n"],
            words["panel_min"],
            words["panel_max"],
            words["spread"],
            words["score"],
            words["disagreement_notes"],
        ],
    )
    row = 2
    for outcome in outcomes:
        grid = outcome.grid
        if grid is None:
            continue
        for result in outcome.stages:
            panel = result.panel
            if panel is None:
                continue
            names = {m.member: m.name for m in panel.scorers}
            for slot in grid.slots():
                cell = panel.cells[slot.key]
                if not cell.disagreement:
                    continue
                s.text(row, 1, outcome.dossier_id)
                # Labels wrap in their columns: a stage or a cell label is never cut on paper.
                s.text(row, 2, result.stage.label).alignment = WRAP
                s.text(row, 3, slot.axis.label if slot.axis else words["bonus"]).alignment = WRAP
                s.text(row, 4, slot.label).alignment = WRAP
                write_number(s.at(row, 5), Decimal(cell.n))
                write_number(s.at(row, 6), cell.minimum)
                write_number(s.at(row, 7), cell.maximum)
                s.formula(row, 8, f"G{row}-F{row}", cached(_spread(cell.minimum, cell.maximum)))
                write_number(s.at(row, 9), cell.value)
                listed = " · ".join(
                    f"{names[m]} {format_number(v, lang)}" for m, v in cell.notes.items()
                )
                s.text(row, 10, listed).alignment = WRAP
                row += 1
    s.ws.freeze_panes = "A2"
    s.ws.auto_filter.ref = f"A1:J{max(row - 1, 2)}"
    s.widths([18, 18, 24, 30, 7, 7, 7, 9, 9, 44])
    s.print_setup("1:1")


def _spread(low: Decimal | None, high: Decimal | None) -> Decimal | None:
    return None if low is None or high is None else high - low
