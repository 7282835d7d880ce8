"""`export --meeting M.yaml`: the summary's decision columns, read back by `collect`.

Each summary gains *Décision*, *Montant*, *Pour*, *Contre*, *Abstention*, *Déports* and
*Remarques* on the right, filled with the meeting file's decisions (lists for the decision and
the members, whole numbers for votes). The hidden sheet `_grantgrid_seance` records the
meeting file (path relative to the call, SHA-256) and, per summary, its title, header row, the
column of the dossier id and the column of each field. Rows are found again by the dossier id
in their own row, so a sorted or filtered summary reads back right.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from grantgrid.committee.load import LoadedMeeting
from grantgrid.committee.models import Decision
from grantgrid.diagnostics import Diagnostic
from grantgrid.outputs.workbook.sheet import WRAP, Sheet
from grantgrid.outputs.workbook.text import EUR_FORMAT, write_amount, write_text

MEETING_TITLE = "_grantgrid_seance"
MEETING_MARKER = "grantgrid-meeting"
MEETING_VERSION = 1
FIELDS = ("decision", "amount", "pour", "contre", "abstention", "conflicts", "remarks")
DECISIONS = ("favorable", "reserve", "defavorable", "ajourne", "programme")
HEADERS = {
    "fr": ("Décision", "Montant", "Pour", "Contre", "Abstention", "Déports", "Remarques"),
    "en": ("Decision", "Amount", "For", "Against", "Abstention", "Conflicts", "Remarks"),
}
MEETING_COLUMNS = ("path", "sha256", "meeting", "sheet", "header", "dossier_column", *FIELDS)


@dataclass(frozen=True)
class MeetingInput:
    loaded: LoadedMeeting
    relative: str
    """The meeting file's path relative to the call."""
    members: tuple[str, ...] = ()
    """Member ids of committee.yaml (the Déports list), when it could be read."""


def decision_columns(
    s: Sheet, header: int, rows: int, meeting: MeetingInput, lang: str
) -> list[str]:
    """Add the decision columns to a summary whose table starts at `header` (dossier ids in
    column B); the index row for `_grantgrid_seance`."""
    first = s.ws.max_column + 1
    s.header(header, list(HEADERS[lang]), first)
    decisions = meeting.loaded.meeting.decisions if meeting.loaded.meeting else {}
    for row in range(header + 1, header + 1 + rows):
        dossier = s.at(row, 2).value
        decision = decisions.get(dossier) if isinstance(dossier, str) else None
        if decision is not None:
            _fill(s, row, first, decision)
    end = max(header + rows, header + 1)
    columns = [get_column_letter(first + i) for i in range(len(FIELDS))]

    def validate(dv: DataValidation, column: str) -> None:
        dv.add(f"{column}{header + 1}:{column}{end}")
        s.ws.add_data_validation(dv)

    validate(
        DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"', allow_blank=True),
        columns[0],
    )
    validate(
        DataValidation(type="decimal", operator="greaterThan", formula1="0", allow_blank=True),
        columns[1],
    )
    for column in columns[2:5]:
        validate(
            DataValidation(
                type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
            ),
            column,
        )
    members = ",".join(meeting.members)
    if members and len(members) <= 250:  # Excel's limit for a list written in the rule
        # A suggestion only: several members are typed "a, b", which a strict list refuses.
        validate(
            DataValidation(
                type="list", formula1=f'"{members}"', allow_blank=True, showErrorMessage=False
            ),
            columns[5],
        )
    widths = [12, 13, 7, 7, 10, 14, 30]
    for column, width in zip(columns, widths, strict=True):
        s.ws.column_dimensions[column].width = width
    for row in range(header + 1, header + 1 + rows):  # members and remarks wrap in the cell
        for offset in (5, 6):
            s.at(row, first + offset).alignment = WRAP
    # On paper the table is two pages across, the rank and the dossier id repeated on the
    # second: it keeps a legible size instead of shrinking to fit seven more columns. (A
    # manual column break would be ignored: Excel and LibreOffice drop them when fitting.)
    s.ws.print_title_cols = "A:B"
    s.ws.page_setup.fitToWidth = 2
    if s.ws.auto_filter.ref:
        s.ws.auto_filter.ref = f"A{header}:{columns[-1]}{end}"
    loaded = meeting.loaded
    assert loaded.meeting is not None
    return [
        meeting.relative,
        loaded.sha256,
        loaded.meeting.meeting,
        s.ws.title,
        str(header),
        "B",
        *columns,
    ]


def _fill(s: Sheet, row: int, first: int, decision: Decision) -> None:
    write_text(s.at(row, first), decision.decision)
    if decision.amount is not None:
        write_amount(s.at(row, first + 1), Decimal(decision.amount)).number_format = EUR_FORMAT
    if decision.votes is not None:
        for offset, count in enumerate(
            (decision.votes.pour, decision.votes.contre, decision.votes.abstention), start=2
        ):
            s.at(row, first + offset).value = count
    if decision.conflicts:
        write_text(s.at(row, first + 5), ", ".join(decision.conflicts))
    if decision.remarks:
        write_text(s.at(row, first + 6), decision.remarks)


def write_meeting_index(s: Sheet, rows: list[list[str]]) -> None:
    ws = s.ws
    ws.sheet_state = "hidden"
    s.print_setup()
    ws.cell(row=1, column=1).value = MEETING_MARKER
    ws.cell(row=1, column=2).value = MEETING_VERSION
    for column, name in enumerate(MEETING_COLUMNS, start=1):
        ws.cell(row=2, column=column).value = name
    for number, values in enumerate(rows, start=3):
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=number, column=column)
            cell.value = value
            cell.data_type = "s"


class MeetingFileError(Exception):
    """The `--meeting` file cannot be read: its diagnostics say why (exit 1, like any input
    with errors; nothing is written)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} error(s)")
        self.diagnostics = diagnostics


def meeting_input(path: Path, root: Path | None) -> MeetingInput:
    """The meeting file and the committee's member ids; `MeetingFileError` when it cannot be
    read."""
    from grantgrid.committee.load import load_committee, load_meeting
    from grantgrid.outputs.workbook.readback import relative_path

    loaded = load_meeting(path, str(path))
    if loaded.meeting is None or any(d.is_error for d in loaded.diagnostics):
        raise MeetingFileError([d for d in loaded.diagnostics if d.is_error])
    members: tuple[str, ...] = ()
    committee = (root or Path(".")) / "committee.yaml"
    if committee.is_file():
        found = load_committee(committee)
        if found.committee is not None:
            members = tuple(m.id for seat in found.committee.seats for m in seat.members)
    return MeetingInput(loaded, relative_path(path, root), members)
