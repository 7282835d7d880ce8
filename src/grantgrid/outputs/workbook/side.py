"""The workbook's side sheets — *Séances* and *À propos* — and the date of the data.

`SideSheets` is a part of the workbook's builder (summary.py), which provides the run, the
language, the words, the date and the inputs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import suppress
from datetime import UTC, date, datetime, time
from decimal import Decimal

from pydantic import BaseModel

from grantgrid import __version__
from grantgrid.committee.result import CommitteeResult
from grantgrid.committee.views import (
    DECISION_COLUMNS,
    MEETING_COLUMNS,
    decision_rows,
    meeting_rows,
)
from grantgrid.evaluation import InputFile, Run
from grantgrid.outputs.workbook.maquette import HEADER_FILL as MAQUETTE_HEADER_FILL
from grantgrid.outputs.workbook.sheet import TITLE, WRAP, Sheet, header_width
from grantgrid.outputs.workbook.text import PERCENT_FORMAT, write_amount, write_number


class SideSheets:
    run: Run
    lang: str
    words: dict[str, str]
    stamp: datetime
    inputs: list[InputFile]

    def _meetings(self, s: Sheet, committee: CommitteeResult) -> None:
        """*Séances*: per meeting its quorum figures, then per decision its deciding seats,
        checks and outcome (SPEC-committee §5), as the committee's views give them."""
        lang = self.lang
        s.text(1, 1, self.words["meetings"]).font = TITLE
        s.header(2, MEETING_COLUMNS[lang])
        row = 3
        # A meeting's stage by its label in the grids, as the dossier sheets head their columns.
        stages = {st.id: st.label for g in self.run.grids if g.grid for st in g.grid.stages}
        for values in meeting_rows(committee, lang):
            values[3] = stages.get(str(values[3]), values[3])
            self._row(s, row, values)
            row += 1
        s.header(row + 1, DECISION_COLUMNS[lang])
        for line, values in enumerate(decision_rows(committee, lang), start=row + 2):
            self._row(s, line, values)
        widths: list[float] = [16, 11, 17, 20, 16, 14, 11, 9, 11, 18, 11, 7, 7, 9, 8, 40]
        for labels in (MEETING_COLUMNS[lang], DECISION_COLUMNS[lang]):  # header words whole
            for index, label in enumerate(labels):
                widths[index] = max(widths[index], header_width(label))
        s.widths(widths)
        s.ws.freeze_panes = "A3"
        s.print_setup()

    def _row(self, s: Sheet, row: int, values: list[object]) -> None:
        for column, value in enumerate(values, start=1):
            if isinstance(value, Decimal) and column in (8, 9, 11):
                write_number(s.at(row, column), value).number_format = PERCENT_FORMAT
            elif isinstance(value, Decimal):
                write_amount(s.at(row, column), value)
            elif isinstance(value, int) and not isinstance(value, bool):
                write_number(s.at(row, column), Decimal(value))
            else:
                s.text(row, column, None if value is None else str(value)).alignment = WRAP

    def _date(self) -> str:
        """The date of the data as À propos shows it (see `data_stamp`)."""
        if self.stamp == NO_DATE:
            return self.words["no_date"]
        if self.stamp.time() == datetime.min.time():  # a date read in the inputs
            return self.stamp.strftime("%Y-%m-%d")
        return self.stamp.strftime("%Y-%m-%d %H:%M:%S UTC")

    def _about(self, s: Sheet) -> None:
        w = self.words
        grids = sorted({g.grid.grid for g in self.run.grids if g.grid})
        rows = [
            (w["version"], __version__),
            (w["date"], self._date()),
            (w["grids"], ", ".join(grids)),
        ]
        for row, (label, value) in enumerate(rows, start=1):
            s.text(row, 1, label, bold=True)
            s.text(row, 2, value)
        row = len(rows) + 2
        s.text(row, 1, w["how"], bold=True)
        for key in ("how_1", "how_2", "how_3", "how_4"):
            row += 1
            s.text(row, 1, w[key])
        # The file list comes last, so that its header can repeat on every printed page.
        row += 2
        s.text(row, 1, w["inputs"], bold=True)
        s.header(row + 1, [w["role"], w["file"], w["sha256"]])
        header = row + 1
        row += 2
        for source in self.inputs:
            s.text(row, 1, w[source.role])
            s.text(row, 2, source.shown).alignment = WRAP
            s.text(row, 3, source.sha256 or w["not_read"])
            row += 1
        s.widths([22, 46, 68])
        s.print_setup(f"{header}:{header}")


def mark_maquette_tables(sheet: Sheet) -> None:
    """The maquette's two tables (its fiches, the proposal), found by their header rows."""
    ws = sheet.ws
    for row in range(1, ws.max_row + 1):
        cell = ws.cell(row=row, column=1)
        if cell.fill.fgColor.rgb == "00" + MAQUETTE_HEADER_FILL:
            last = max(c for c in range(1, ws.max_column + 1) if ws.cell(row, c).value)
            sheet.mark_table(row, 1, last)


NO_DATE = datetime(1980, 1, 1)
"""The date of inputs that hold none: the earliest a zip entry can carry."""
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def data_stamp(run: Run) -> datetime:
    """The workbook's date: SOURCE_DATE_EPOCH if set, else the newest date the inputs hold (a
    dossier's `received`, an expense's date, a de minimis aid's, a meeting's, the maquette's
    history…), else NO_DATE.

    Never a file's modification time, never the clock: a fresh clone, a copy or a later run
    give the same bytes. Read from what the run loaded, never from the files again (an input
    is read once: its hash describes the bytes validated).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).replace(tzinfo=None)
    loaded: list[object] = [o.dossier for o in run.outcomes]
    loaded += [m.meeting for m in run.programme.meetings]
    if run.programme.maquette_file is not None:
        loaded.append(run.programme.maquette_file.maquette)
    days = [day for model in loaded for day in _dates(model)]
    return datetime.combine(max(days), time()) if days else NO_DATE


def _dates(value: object) -> Iterator[date]:
    """Every date inside a loaded model: date fields, and dates the committee's models keep as
    their YYYY-MM-DD text."""
    if isinstance(value, date) and not isinstance(value, datetime):
        yield value
    elif isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            with suppress(ValueError):  # 2024-02-30: not a date
                yield date.fromisoformat(value)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _dates(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _dates(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _dates(item)
