"""The workbook read back: its hidden index, then the value of every note cell it names.

openpyxl in read-only mode, formulas kept as formulas (`data_only=False`): a formula typed into
a note cell is seen as one and refused, never evaluated, and no cached value is trusted.
Each dossier sheet is read once, over the rectangle of its note cells.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from grantgrid.collect import guard
from grantgrid.collect.decisions import DecisionRow, read_decisions
from grantgrid.collect.rules import WORKBOOK
from grantgrid.diagnostics import Diagnostic, said
from grantgrid.outputs.workbook.readback import (
    COLUMNS,
    INDEX_TITLE,
    MARKER,
    VERSION,
    IndexRow,
    MemberIndex,
)

MAX_INDEX_ROWS = 200_000
"""A note cell per row: 2,000 dossiers of 40 cells make 80,000 rows. Each row costs some 20 µs
in openpyxl, so the limit is reached in about 4 s (a million blank rows: never past it)."""
_HEX = re.compile(r"[0-9a-f]{64}")
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_ADDRESS = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")


def where(shown: str, sheet: str, address: str = "") -> str:
    """`comite.xlsx!'DLQC-2017-01'!H12`: how a cell is named in a diagnostic."""
    quoted = "'" + sheet.replace("'", "''") + "'"
    return f"{shown}!{quoted}!{address}" if address else f"{shown}!{quoted}"


@dataclass(frozen=True)
class CellRead:
    row: IndexRow
    where: str
    value: Any
    formula: bool


@dataclass
class ReadBack:
    shown: str
    rows: list[IndexRow] = field(default_factory=list)
    cells: list[CellRead] = field(default_factory=list)
    decisions: list[DecisionRow] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    member: MemberIndex | None = None
    """A member's workbook (`grantgrid sheets`): whose notes, at which stage, in which file."""

    def refuse(self, en: str, fr: str, at: str | None = None) -> None:
        self.diagnostics.append(said(WORKBOOK.code, en, fr, path=at or self.shown))


def read_workbook(path: Path, shown: str) -> ReadBack:
    """The index and the note cells of one workbook; `diagnostics` says what is wrong."""
    result = ReadBack(shown)
    reason = guard.refusal(path)
    if reason is not None:
        result.refuse(reason.en, reason.fr)
        return result
    from openpyxl import load_workbook  # slow to import: only here

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "unknown extension", data validation…
            book = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on a broken file
        text = " ".join(str(exc).split())[:200]
        result.refuse(
            f"not a workbook openpyxl can read ({type(exc).__name__}: {text})",
            f"pas un classeur lisible par openpyxl ({type(exc).__name__} : {text})",
        )
        return result
    try:
        _read(book, result)
    finally:
        book.close()
    return result


def _read(book: Any, result: ReadBack) -> None:
    if INDEX_TITLE not in book.sheetnames:
        renamed = next((t for t in book.sheetnames if _first_cell(book[t]) == MARKER), None)
        if renamed is not None:
            result.refuse(
                f"the hidden sheet {INDEX_TITLE} was renamed {renamed!r}: give it back its "
                "name, or export again",
                f"la feuille masquée {INDEX_TITLE} a été renommée {renamed!r} : rendez-lui son "
                "nom, ou exportez à nouveau",
                where(result.shown, renamed),
            )
        else:
            result.refuse(
                f"no hidden sheet {INDEX_TITLE}: not a workbook written by `grantgrid export`, "
                "or the sheet was deleted; export again",
                f"pas de feuille masquée {INDEX_TITLE} : ce n'est pas un classeur écrit par "
                "`grantgrid export`, ou la feuille a été supprimée ; exportez à nouveau",
            )
        return
    _read_index(book[INDEX_TITLE], result)
    if result.diagnostics:
        return
    by_sheet: dict[str, list[IndexRow]] = {}
    for row in result.rows:
        by_sheet.setdefault(row.sheet, []).append(row)
    for title, rows in by_sheet.items():
        if title not in book.sheetnames:
            result.refuse(
                f"the sheet of dossier {rows[0].dossier} is missing (renamed or deleted): give "
                "it back its name, or export again",
                f"la feuille du dossier {rows[0].dossier} manque (renommée ou supprimée) : "
                "rendez-lui son nom, ou exportez à nouveau",
                where(result.shown, title),
            )
            continue
        _read_cells(book[title], rows, result)
    result.decisions = read_decisions(book, result.shown, result.diagnostics)


def _first_cell(sheet: Any) -> Any:
    for row in sheet.iter_rows(min_row=1, max_row=1, min_col=1, max_col=1, values_only=True):
        return row[0]
    return None


def _read_index(sheet: Any, result: ReadBack) -> None:
    rows = sheet.iter_rows(values_only=True)
    head = next(rows, ())
    if tuple(head[:2]) != (MARKER, VERSION):
        result.refuse(
            f"the hidden sheet {INDEX_TITLE} was edited (its first row is not {MARKER} "
            f"{VERSION}): export again",
            f"la feuille masquée {INDEX_TITLE} a été modifiée (sa première ligne n'est pas "
            f"{MARKER} {VERSION}) : exportez à nouveau",
            where(result.shown, INDEX_TITLE, "A1"),
        )
        return
    extra = list(head[2:])
    while extra and extra[-1] is None:
        extra.pop()
    if extra:  # a member's workbook: row 1 names the member, stage and notes file
        result.member = MemberIndex.of(tuple(extra))
        if result.member is None or not all(
            _ID.fullmatch(v) for v in (result.member.member, result.member.stage)
        ):
            result.refuse(
                f"the hidden sheet {INDEX_TITLE} was edited (row 1): export again",
                f"la feuille masquée {INDEX_TITLE} a été modifiée (ligne 1) : exportez à nouveau",
                where(result.shown, INDEX_TITLE, "A1"),
            )
            return
    if tuple(next(rows, ())[: len(COLUMNS)]) != COLUMNS:
        result.refuse(
            f"the hidden sheet {INDEX_TITLE} was edited (row 2): export again",
            f"la feuille masquée {INDEX_TITLE} a été modifiée (ligne 2) : exportez à nouveau",
            where(result.shown, INDEX_TITLE, "A2"),
        )
        return
    seen: set[tuple[str, str]] = set()
    for number, values in enumerate(rows, start=3):
        if number > MAX_INDEX_ROWS:  # blank rows count too: a million of them is not a file
            result.refuse(
                f"the hidden sheet {INDEX_TITLE} has more than {MAX_INDEX_ROWS:,} rows: "
                "export again",
                f"la feuille masquée {INDEX_TITLE} a plus de "
                + f"{MAX_INDEX_ROWS:,}".replace(",", "\u202f")
                + " lignes : exportez à nouveau",
                where(result.shown, INDEX_TITLE, f"A{number}"),
            )
            return
        values = tuple(values[: len(COLUMNS)])
        if all(v is None for v in values):
            continue
        row = _index_row(values)
        if row is None or (row.sheet, row.address) in seen:
            result.refuse(
                f"the hidden sheet {INDEX_TITLE} was edited (row {number}): export again",
                f"la feuille masquée {INDEX_TITLE} a été modifiée (ligne {number}) : "
                "exportez à nouveau",
                where(result.shown, INDEX_TITLE, f"A{number}"),
            )
            return
        seen.add((row.sheet, row.address))
        result.rows.append(row)


def _index_row(values: tuple[Any, ...]) -> IndexRow | None:
    if len(values) != len(COLUMNS) or not all(isinstance(v, str) for v in values):
        return None
    row = IndexRow(*values)
    path = PurePosixPath(row.path)
    if (
        path.is_absolute()
        or not row.path
        or "\\" in row.path
        or ":" in row.path
        or any(part in ("..", "") for part in row.path.split("/"))
    ):
        return None
    if not (_HEX.fullmatch(row.sha256) and _HEX.fullmatch(row.grid_sha256)):
        return None
    if not all(_ID.fullmatch(v) for v in (row.dossier, row.grid, row.stage, row.group, row.cell)):
        return None
    if not _ADDRESS.fullmatch(row.address) or not 0 < len(row.sheet) <= 31:
        return None
    return row


def _coordinates(address: str) -> tuple[int, int]:
    from openpyxl.utils import column_index_from_string

    match = _ADDRESS.fullmatch(address)
    assert match is not None
    return int(match.group(2)), column_index_from_string(match.group(1))


def _read_cells(sheet: Any, rows: list[IndexRow], result: ReadBack) -> None:
    wanted = {_coordinates(r.address): r for r in rows}
    top, bottom = min(r for r, _ in wanted), max(r for r, _ in wanted)
    left, right = min(c for _, c in wanted), max(c for _, c in wanted)
    found: dict[tuple[int, int], tuple[Any, bool]] = {}
    for number, cells in enumerate(
        sheet.iter_rows(min_row=top, max_row=bottom, min_col=left, max_col=right), start=top
    ):
        for column, cell in enumerate(cells, start=left):
            if (number, column) in wanted:
                value = getattr(cell, "value", None)
                formula = getattr(cell, "data_type", None) == "f" or (
                    isinstance(value, str) and value.startswith("=")
                )
                found[(number, column)] = (value, formula)
    for key, row in wanted.items():
        value, formula = found.get(key, (None, False))
        result.cells.append(
            CellRead(row, where(result.shown, row.sheet, row.address), value, formula)
        )
