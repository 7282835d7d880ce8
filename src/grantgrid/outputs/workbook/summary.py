"""The committee's comparison workbook (`grantgrid export`).

Sheets: a summary per grid (one row per dossier, in rank order), one sheet per dossier laid out
like the fiche (identity, grid with one score column per stage, budget, rule checks, problems),
then `Notes` and `Budget` (long tables for pivot tables) and `À propos` (version, inputs).

Totals, subtotals, rates and the final score are formulas over the score and amount cells, so a
score changed during the meeting flows to the summary; each formula also carries the value
grantgrid computed (see xlsx_package). Every text from a dossier or a grid goes through
`xlsx_text.write_text`. See docs/workbook.md.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.properties import CalcProperties
from openpyxl.worksheet.worksheet import Worksheet

from grantgrid.committee.views import (
    decision_state,
)
from grantgrid.evaluation import InputFile, Outcome, Run
from grantgrid.models.grid import Grid
from grantgrid.money import format_eur, format_number
from grantgrid.outputs.files import InputFiles, atomic_write, check_target
from grantgrid.outputs.workbook.dossier import DossierSheet
from grantgrid.outputs.workbook.maquette import add_maquette_sheet
from grantgrid.outputs.workbook.meeting import (
    MEETING_TITLE,
    MeetingInput,
    decision_columns,
    write_meeting_index,
)
from grantgrid.outputs.workbook.package import CachedValue, package
from grantgrid.outputs.workbook.panel import has_panels, write_disagreements, write_notes
from grantgrid.outputs.workbook.readback import INDEX_TITLE, IndexRow, index_rows, write_index
from grantgrid.outputs.workbook.sheet import (
    CENTER,
    CHARS_PER_UNIT,
    TITLE,
    WRAP,
    Links,
    Sheet,
    cached,
    cut_to_lines,
    fitting_widths,
    header_width,
    wrapped_lines,
)
from grantgrid.outputs.workbook.side import SideSheets, data_stamp, mark_maquette_tables
from grantgrid.outputs.workbook.text import (
    EUR_FORMAT,
    PERCENT_FORMAT,
    SheetTitles,
    write_amount,
    write_number,
)
from grantgrid.scoring import Status
from grantgrid.words.workbook import LABELS, STATUS

REASONS_WIDTH = 24
"""The summary's reasons column: about 30 letters a line."""
SUMMARY_LINES = 7
"""The most lines a summary row shows: 12 dossiers print on one or two A4 pages."""

STATUS_FILL = {
    Status.SELECTED: "C6EFCE",
    Status.REJECTED: "FFEB9C",
    Status.INCOMPLETE: "DDEBF7",
    Status.INVALID: "FFC7CE",
}


class _Builder(SideSheets):
    def __init__(
        self,
        run: Run,
        lang: str,
        stamp: datetime,
        inputs: list[InputFile],
        meeting: MeetingInput | None = None,
    ):
        self.meeting = meeting  # `export --meeting`: decision columns (meeting.py)
        self.run = run
        self.lang = lang
        self.words = LABELS[lang]
        self.status = STATUS[lang]
        self.stamp = stamp
        self.inputs = inputs
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        # Every formula is stored with its result (package.py), so nothing asks Excel to
        # recalculate on load: a forced recalculation (fullCalcOnLoad), or a calcId older than
        # Excel's own engine, makes Excel recompute and then ask to save a file nobody changed.
        # 191029 is the engine of Excel 2019, 2021 and 365; an older Excel recalculates anyway.
        self.workbook.calculation = CalcProperties(calcId=191029, fullCalcOnLoad=None)
        self.titles = SheetTitles()
        self.sheets: list[Sheet] = []  # in creation order; framed and sized once written
        self.cache: dict[str, dict[str, CachedValue]] = {}
        self.staging = Workbook()  # names new sheets: see `sheet`
        self.staging.remove(self.staging.active)
        self.index: list[IndexRow] = []  # the hidden sheet `collect` reads back (readback.py)

    def sheet(self, wanted: str) -> Sheet:
        """A new sheet, its title made safe and unique by `SheetTitles`.

        Not `create_sheet`: openpyxl compares a new title with every sheet's, a list built per
        sheet, quadratic in the number of dossiers (40 s of a 10,000-dossier export). The sheet
        is named in an empty workbook, where that check costs nothing, then attached to this
        one before anything is written to it (its styles are this workbook's).
        """
        worksheet = Worksheet(parent=self.staging, title=self.titles.make(wanted))
        worksheet._parent = self.workbook
        self.workbook._add_sheet(worksheet)
        sheet = Sheet(worksheet, self.cache.setdefault(worksheet.title, {}))
        self.sheets.append(sheet)
        return sheet

    def build(self) -> bytes:
        w = self.words
        groups = _groups(self.run.ordered())
        several = len(groups) > 1
        summaries = [
            self.sheet(
                (f"{w['summary']} {grid.grid}" if grid else w["summary_no_grid"])
                if several
                else w["summary"]
            )
            for grid, _ in groups
        ]
        notes, budget, about, index = (
            self.sheet(w["notes"]),
            self.sheet(w["budget"]),
            self.sheet(w["about"]),
            self.sheet(INDEX_TITLE),
        )
        seance = self.sheet(MEETING_TITLE) if self.meeting else None
        decided: list[list[str]] = []
        links: dict[int, Links] = {}
        for _, members in groups:
            for outcome in members:
                name = outcome.dossier_id or Path(outcome.path).stem
                links[id(outcome)] = self._dossier(self.sheet(name), outcome)
        for summary, (grid, members) in zip(summaries, groups, strict=True):
            self._summary(summary, grid, members, links)
            if self.meeting:
                decided.append(decision_columns(summary, 2, len(members), self.meeting, self.lang))
        ordered = [o for _, members in groups for o in members]
        self._notes(notes, ordered)
        self._budget(budget, ordered)
        self._about(about)
        write_index(index, self.index)
        if seance is not None:
            write_meeting_index(seance, decided)
        late = [notes, budget, about, index, *([seance] if seance else [])]
        if has_panels(ordered):  # several scorers: the cells to discuss (SPEC-committee §3)
            disagreements = self.sheet(w["disagreements"])
            write_disagreements(disagreements, ordered, w, self.lang)
            late.insert(1, disagreements)
        programme = self.run.programme
        if programme.committee is not None:
            meetings = self.sheet(w["meetings"])
            self._meetings(meetings, programme.committee)
            late.insert(0, meetings)
        if programme.maquette is not None:
            sheet = self.sheet(w["maquette"])
            fund = programme.maquette.maquette.fund
            labels = [g.grid.financing.funder_label(fund) for g in self.run.grids if g.grid]
            add_maquette_sheet(
                self.workbook,
                programme.maquette,
                self.lang,
                into=sheet.ws,
                cache=sheet.cache,
                fund_label=next((label for label in labels if label != fund), None),
            )
            sheet.print_setup()
            mark_maquette_tables(sheet)
            late.insert(0, sheet)
        for late_sheet in late:  # created early to reserve their titles
            self.workbook.move_sheet(late_sheet.ws, offset=len(self.workbook.worksheets))
        for each in self.sheets:
            each.frame()
            each.fit_rows()
        return package(self.workbook, self.stamp, self.cache)

    # The summary: one row per dossier, every total a formula over the dossier sheets.

    def _summary(
        self, s: Sheet, grid: Grid | None, members: list[Outcome], links: dict[int, Links]
    ) -> None:
        w = self.words
        axes = grid.axes if grid else []
        fund = grid.financing.co_financing.fund if grid and grid.financing.co_financing else None
        # Rank, budget verdict, status and reasons are grantgrid's at export and do not follow
        # an edit in the meeting: their headers say so.
        columns = [w["rank_export"], w["dossier"], w["title"], w["applicant"], w["fiche_action"]]
        columns += [w["cost"], grid.financing.funder_label(fund) if grid and fund else w["fund"]]
        columns += [w["public_rate"], w["self_rate"], w["budget_ok_export"], w["stage"]]
        columns += [axis.label for axis in axes]
        has_bonus = bool(grid and grid.bonus)
        columns += [w["bonus"]] if has_bonus else []
        # No "Maximum" column: it is the same on every row, so row 1 says it once.
        columns += [w["total"], w["status_export"], w["reasons_export"]]
        committee = self.run.programme.committee
        if committee is not None:  # the dossier's latest valid decision, at export
            columns += [w["decision_export"]]
        # Row 1 names the grid (a shortened sheet title may not); the table starts on row 2.
        heading = (
            w["summary_heading"].format(
                grid=grid.grid,
                title=grid.title,
                maximum=format_number(grid.maximum(), self.lang),
            )
            if grid
            else w["summary_heading_no_grid"]
        )
        s.text(1, 1, heading).font = TITLE
        header = 2
        s.header(header, columns)
        first_score = 12
        total_col = first_score + len(axes) + has_bonus
        for row, outcome in enumerate(members, start=header + 1):
            link = links[id(outcome)].cells
            dossier = outcome.dossier
            rank = write_number(s.at(row, 1), Decimal(outcome.rank) if outcome.rank else None)
            rank.alignment = CENTER
            s.text(row, 2, outcome.dossier_id or outcome.path)
            s.text(row, 3, outcome.title)
            s.text(row, 4, dossier.applicant.name if dossier else None)
            s.text(row, 5, dossier.fiche_action if dossier else None)
            for column, key, fmt in (
                (6, "cost", EUR_FORMAT),
                (7, "fund", EUR_FORMAT),
                (8, "public_rate", PERCENT_FORMAT),
                (9, "self_rate", PERCENT_FORMAT),
                (11, "stage", None),
            ):
                if key in link:
                    s.formula(row, column, link[key][0], link[key][1], fmt)
            if outcome.budget_ok is not None and "cost" in link:  # a verdict beside its amounts
                s.text(row, 10, w["yes"] if outcome.budget_ok else w["no"]).alignment = CENTER
            keys = [axis.id for axis in axes] + (["bonus"] if has_bonus else [])
            for column, key in enumerate(keys, start=first_score):
                if key in link:
                    s.formula(row, column, link[key][0], link[key][1])
            if "total" in link:
                # Same-row range: stays relative, so that a sorted row still sums its own cells.
                scores = (
                    f"{get_column_letter(first_score)}{row}:{get_column_letter(total_col - 1)}{row}"
                )
                s.formula(
                    row,
                    total_col,
                    f'IF(COUNT({scores})=0,"",SUM({scores}))',
                    cached(outcome.final.total if outcome.final else None),
                )
            s.text(row, total_col + 1, self.status[outcome.status])
            reasons = [r.text(self.lang) for r in outcome.reasons]
            s.text(row, total_col + 2, self._reasons(reasons, REASONS_WIDTH))
            if committee is not None:
                state = decision_state(committee, outcome.dossier_id or "", self.lang)
                s.text(row, total_col + 3, state).alignment = WRAP
            for column in (2, 3, 4, 5, 11, total_col + 2):
                s.at(row, column).alignment = WRAP
        last = get_column_letter(len(columns))
        end = max(len(members) + header, header + 1)
        status = get_column_letter(total_col + 1)
        for value, colour in STATUS_FILL.items():
            s.ws.conditional_formatting.add(
                f"{status}{header + 1}:{status}{end}",
                CellIsRule(
                    operator="equal",
                    formula=[f'"{self.status[value]}"'],
                    fill=PatternFill("solid", fgColor=colour, bgColor=colour),
                ),
            )
        s.ws.freeze_panes = f"C{header + 1}"
        s.ws.auto_filter.ref = f"A{header}:{last}{end}"
        # Narrow text columns that wrap, numbers just wide enough, every header word whole,
        # the reasons wide: the reference grid prints one A4 landscape page wide at about 2/3
        # of its size (7-point letters), and rows stay at most SUMMARY_LINES lines high.
        money = max(
            [11.0]
            + [
                len(format_eur(amount)) + 1.0
                for o in members
                if o.financing
                for amount in (o.financing.expenses, *o.financing.funds.values())
            ]
        )
        # The final stage's label wraps between words only ("Note d'instruction").
        stage = max([10.0] + [header_width(s.label) for s in grid.stages] if grid else [10.0])
        widths = [8, 14, 17, 12, 14, money, money, 8, 9, 9, stage, *[9] * len(axes)]
        widths += [7] * has_bonus + [7, 10, REASONS_WIDTH] + [10] * (committee is not None)
        s.widths(
            [max(width, header_width(label)) for width, label in zip(widths, columns, strict=True)]
        )
        s.max_height = 15 * SUMMARY_LINES + 3
        s.print_setup(f"1:{header}")

    def _reasons(self, reasons: list[str], width: float) -> str:
        """The reasons as the summary shows them, within SUMMARY_LINES lines of the column:
        each one whole when they fit, else each cut to its share of the lines ("…"), and past
        that many reasons the rest counted. The dossier's sheet lists them all in full."""
        per_line = max(int(width * CHARS_PER_UNIT), 1)
        lines = SUMMARY_LINES - 1
        if wrapped_lines("\n".join(reasons), per_line) <= lines:
            return "\n".join(reasons)
        shown = reasons if len(reasons) <= lines else reasons[: lines - 1]
        share = max(lines // len(shown), 1)
        text = "\n".join(cut_to_lines(reason, per_line, share) for reason in shown)
        if len(shown) < len(reasons):
            text += "\n" + self.words["more_reasons"].format(count=len(reasons) - len(shown))
        return text

    # One sheet per dossier, laid out like the fiche.

    def _dossier(self, s: Sheet, outcome: Outcome) -> Links:
        sheet = DossierSheet(s, outcome, self.words, self.status, self.lang)
        links = sheet.write()
        root = self.run.call.root if self.run.call else None
        self.index += index_rows(outcome, s.ws.title, sheet.editable, root)
        return links

    # Long tables and provenance.

    def _notes(self, s: Sheet, outcomes: list[Outcome]) -> None:
        write_notes(s, outcomes, self.words, self.status)

    def _budget(self, s: Sheet, outcomes: list[Outcome]) -> None:
        w = self.words
        s.header(
            1,
            [
                *(w[k] for k in ("grid", "dossier", "kind", "line", "category")),
                *(w[k] for k in ("funder", "amount", "status")),
            ],
        )
        row = 2
        for outcome in outcomes:
            if outcome.dossier is None:
                continue
            budget = outcome.dossier.budget
            financing = outcome.grid.financing if outcome.grid else None
            # Excluding VAT; a flat-rate line (`amount: flat`) shows the amount grantgrid computed.
            amounts = (
                [line.amount for line in outcome.financing.lines]
                if outcome.financing
                else [Decimal(0) if e.amount == "flat" else e.amount for e in budget.expenses]
            )
            # Labels from the grid, as every output names categories and funders.
            lines: list[tuple[str, str | None, str | None, str | None, Decimal]] = [
                (
                    w["expense"],
                    e.label,
                    financing.category_label(e.category)
                    if financing and e.category
                    else e.category,
                    None,
                    Decimal(amount),
                )
                for e, amount in zip(budget.expenses, amounts, strict=True)
            ]
            lines += [
                (
                    w["resource"],
                    r.label,
                    None,
                    financing.funder_label(r.funder) if financing else r.funder,
                    r.amount,
                )
                for r in budget.resources
            ]
            for kind, label, category, funder, amount in lines:
                for column, text in enumerate(
                    (outcome.grid_id, outcome.dossier_id, kind, label, category, funder), start=1
                ):
                    s.text(row, column, text)
                write_amount(s.at(row, 7), amount)
                s.text(row, 8, self.status[outcome.status])
                row += 1
        s.ws.freeze_panes = "A2"
        s.ws.auto_filter.ref = f"A1:H{max(row - 1, 2)}"
        s.widths([22, 18, 11, *fitting_widths(s, (4, 5, 6), (44, 16, 16)), 14, 12])
        s.print_setup("1:1")


def _groups(outcomes: list[Outcome]) -> list[tuple[Grid | None, list[Outcome]]]:
    """Dossiers by grid, grids by id; dossiers without a usable grid join the only grid's
    summary, or get their own when there are several grids."""
    by_grid: dict[str | None, list[Outcome]] = {}
    grids: dict[str, Grid] = {}
    for outcome in outcomes:
        by_grid.setdefault(outcome.grid_id, []).append(outcome)
        if outcome.grid:
            grids[outcome.grid.grid] = outcome.grid
    if len(grids) == 1 and None in by_grid:
        only = next(iter(grids))
        by_grid[only] = by_grid[only] + by_grid.pop(None)
    keys = sorted(k for k in by_grid if k is not None) + ([None] if None in by_grid else [])
    return [(grids[k] if k else None, by_grid[k]) for k in keys] or [(None, [])]


def input_files(run: Run) -> list[InputFile]:
    """Every file the run read (dossiers, then grids), with the hash of the bytes validated."""
    return run.inputs()


def build_workbook(
    run: Run,
    *,
    lang: str = "fr",
    stamp: datetime | None = None,
    meeting: MeetingInput | None = None,
) -> bytes:
    """The workbook's bytes; with `meeting`, the summary's decision columns."""
    inputs = input_files(run)
    when = stamp or data_stamp(run)
    with _no_cycle_collection():
        return _Builder(run, lang, when, inputs, meeting).build()


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector walks every live object, more often as they multiply: the
    workbook's million cells live until it is written anyway, and scanning them took a fifth
    of the export (and grew faster than the number of dossiers). Turned back on after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def export_workbook(
    run: Run,
    target: Path,
    *,
    lang: str = "fr",
    force: bool = False,
    meeting: MeetingInput | None = None,
) -> None:
    """Write the workbook atomically; refuse an input or an existing file (without force)."""
    extra = [meeting.loaded.path] if meeting else []
    inputs = InputFiles.of([*(source.path for source in input_files(run)), *extra])
    check_target(target, inputs, force=force)  # before the work, not only after it
    atomic_write(target, build_workbook(run, lang=lang, meeting=meeting), inputs, force=force)
