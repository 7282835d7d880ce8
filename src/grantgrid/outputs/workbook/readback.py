"""The hidden index sheet that lets `grantgrid collect` read a workbook back (SPEC-committee §7).

One row per editable note cell: the dossier's path relative to the call, the SHA-256 of its
bytes at export, its dossier id, its grid id and the grid file's SHA-256, the title of the
dossier's sheet, then the stage, the axis (or `bonus`), the cell and the cell's address.
Dossier sheets never move when the summary is sorted or filtered, and the addresses name the
dossier sheets, not summary rows: a sorted summary, sheets moved about, or a file saved again by
Excel or LibreOffice all read back the same.

Row 1 carries a marker and the format version, so that a renamed or rebuilt index is told
apart from a missing one. A member's workbook (`grantgrid sheets`) adds, on row 1 after them,
name / value pairs (`MEMBER_FIELDS`): the member, the stage, their notes file relative to the
call and its SHA-256 at export (`-` when it did not exist), the dossiers left out; every row
below is then one of the member's note cells, the same columns as the committee's workbook.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from grantgrid.evaluation import Outcome
from grantgrid.outputs.workbook.sheet import Sheet

INDEX_TITLE = "_grantgrid"
"""The hidden sheet's title (31 characters at most, no character Excel refuses)."""
MARKER = "grantgrid-readback"
VERSION = 1
COLUMNS = (
    "path",
    "sha256",
    "dossier",
    "grid",
    "grid_sha256",
    "sheet",
    "stage",
    "group",
    "cell",
    "address",
)

MEMBER_FIELDS = ("member", "stage", "notes", "notes_sha256", "left_out")
ABSENT = "-"
"""`notes_sha256` of a notes file that did not exist at export."""


@dataclass(frozen=True)
class MemberIndex:
    """What row 1 of a member's workbook records (`grantgrid sheets`)."""

    member: str
    stage: str
    notes: str
    """The notes file's path relative to the call: `notes/<stage>/<member>.yaml`."""
    notes_sha256: str
    """Its SHA-256 at export, or ABSENT."""
    left_out: str
    """The dossiers left out for a declared interest, comma-separated (may be empty)."""

    def pairs(self) -> list[str]:
        return [v for name in MEMBER_FIELDS for v in (name, getattr(self, name) or ABSENT)]

    @classmethod
    def of(cls, values: tuple[object, ...]) -> MemberIndex | None:
        """From row 1's cells after the marker and version; None when they are not the pairs
        `pairs` wrote."""
        if len(values) != 2 * len(MEMBER_FIELDS) or not all(isinstance(v, str) for v in values):
            return None
        names, found = values[0::2], values[1::2]
        if tuple(names) != MEMBER_FIELDS:
            return None
        data = dict(zip(MEMBER_FIELDS, (str(v) for v in found), strict=True))
        data["left_out"] = "" if data["left_out"] == ABSENT else data["left_out"]
        return cls(**data)


@dataclass(frozen=True)
class IndexRow:
    path: str
    """The dossier's path relative to the call, with `/` separators."""
    sha256: str
    dossier: str
    grid: str
    grid_sha256: str
    sheet: str
    stage: str
    group: str
    cell: str
    address: str

    def values(self) -> tuple[str, ...]:
        return tuple(getattr(self, name) for name in COLUMNS)


def relative_path(source: Path, root: Path | None) -> str:
    """`applications/x.yaml`: the dossier's path from the call's root (or the current folder)."""
    base = (root or Path(".")).resolve()
    return Path(os.path.relpath(source.resolve(), base)).as_posix()


def index_rows(
    outcome: Outcome, sheet: str, cells: list[tuple[str, str, str, str]], root: Path | None
) -> list[IndexRow]:
    """The rows of one dossier: none when it cannot be read back (no id, no grid, unread)."""
    grid_file = outcome.grid_file
    if (
        not cells
        or outcome.sha256 is None
        or outcome.dossier_id is None
        or outcome.grid is None
        or grid_file is None
        or grid_file.sha256 is None
    ):
        return []
    path = relative_path(outcome.source, root)
    return [
        IndexRow(
            path,
            outcome.sha256,
            outcome.dossier_id,
            outcome.grid.grid,
            grid_file.sha256,
            sheet,
            stage,
            group,
            cell,
            address,
        )
        for stage, group, cell, address in cells
    ]


def write_index(sheet: Sheet, rows: list[IndexRow], member: MemberIndex | None = None) -> None:
    """Fill the index sheet and hide it. Plain strings only: nothing a reader could evaluate
    (every value is an id, a hex digest, a path or an address grantgrid wrote)."""
    ws = sheet.ws
    ws.sheet_state = "hidden"
    sheet.print_setup()  # A4 like every sheet, should someone unhide and print it
    ws.cell(row=1, column=1).value = MARKER
    ws.cell(row=1, column=2).value = VERSION
    for column, value in enumerate(member.pairs() if member else [], start=3):
        cell = ws.cell(row=1, column=column)
        cell.value = value
        cell.data_type = "s"
    for column, name in enumerate(COLUMNS, start=1):
        ws.cell(row=2, column=column).value = name
    for number, row in enumerate(rows, start=3):
        for column, value in enumerate(row.values(), start=1):
            cell = ws.cell(row=number, column=column)
            cell.value = value
            cell.data_type = "s"  # never a formula, even for a title starting with "="
