"""The summary's decision columns (`export --meeting`), read back into the meeting file.

Rows are found by the dossier id in their own row (column B), never by their address: a
sorted or filtered summary reads back the same. Each value is checked like the meeting file's:
a decision among favorable, reserve, defavorable, ajourne, programme; an amount > 0 with at
most 2 decimals; whole vote counts; members of committee.yaml for the Déports ("a, b"); text
for the remarks. A cleared cell removes its key; a row whose cells are all cleared removes the
dossier's decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from grantgrid.authoring.yaml_edit import DELETE, Delete, Edit
from grantgrid.authoring.yaml_values import Value
from grantgrid.collect.rules import CHANGED, UNKNOWN, VALUE, WORKBOOK
from grantgrid.diagnostics import Diagnostic, said
from grantgrid.outputs.workbook.meeting import (
    DECISIONS,
    FIELDS,
    MEETING_COLUMNS,
    MEETING_MARKER,
    MEETING_TITLE,
    MEETING_VERSION,
)
from grantgrid.words import Said

_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_COLUMN = re.compile(r"[A-Z]{1,3}")
MAX_ROWS = 100_000


@dataclass
class DecisionRow:
    path: str
    sha256: str
    meeting: str
    dossier: str
    values: dict[str, tuple[Any, bool, str]] = field(default_factory=dict)
    """field → (value, is a formula, where)."""


def where(shown: str, sheet: str, address: str) -> str:
    return f"{shown}!'{sheet.replace(chr(39), chr(39) * 2)}'!{address}"


def read_decisions(book: Any, shown: str, diagnostics: list[Diagnostic]) -> list[DecisionRow]:
    """The decision rows of every summary the `_grantgrid_seance` sheet names."""
    if MEETING_TITLE not in book.sheetnames:
        return []
    rows = book[MEETING_TITLE].iter_rows(values_only=True)
    head = tuple(next(rows, ())[:2])
    names = tuple(next(rows, ())[: len(MEETING_COLUMNS)])
    if head != (MEETING_MARKER, MEETING_VERSION) or names != MEETING_COLUMNS:
        diagnostics.append(_edited(shown, "A1"))
        return []
    found: list[DecisionRow] = []
    for number, values in enumerate(rows, start=3):
        values = tuple(values[: len(MEETING_COLUMNS)])
        if all(v is None for v in values):
            continue
        entry = dict(zip(MEETING_COLUMNS, values, strict=False))
        columns = [entry.get(f) for f in FIELDS]
        path, sheet = entry.get("path"), entry.get("sheet")
        if (
            not all(isinstance(v, str) for v in values)
            or not isinstance(path, str)
            or path.startswith("/")
            or ".." in path.split("/")
            or "\\" in path
            or not isinstance(sheet, str)
            or not str(entry.get("header", "")).isdigit()
            or not all(isinstance(c, str) and _COLUMN.fullmatch(c) for c in columns)
            or entry.get("dossier_column") != "B"
        ):
            diagnostics.append(_edited(shown, f"A{number}"))
            return []
        if sheet not in book.sheetnames:
            diagnostics.append(
                said(
                    WORKBOOK.code,
                    "the summary with the decision columns is missing (renamed or deleted)",
                    "la synthèse qui porte les colonnes de décision manque (renommée ou supprimée)",
                    path=f"{shown}!'{sheet}'",
                )
            )
            return []
        found += _read_summary(book[sheet], entry, [str(c) for c in columns], shown, diagnostics)
    return found


def _edited(shown: str, address: str) -> Diagnostic:
    return said(
        WORKBOOK.code,
        f"the hidden sheet {MEETING_TITLE} was edited: export again",
        f"la feuille masquée {MEETING_TITLE} a été modifiée : exportez à nouveau",
        path=where(shown, MEETING_TITLE, address),
    )


def _read_summary(
    sheet: Any, entry: dict[str, Any], columns: list[str], shown: str, diagnostics: list[Diagnostic]
) -> list[DecisionRow]:
    from openpyxl.utils import column_index_from_string

    header = int(entry["header"])
    indexes = [column_index_from_string(c) for c in columns]
    right = max(indexes)
    rows: list[DecisionRow] = []
    seen: set[str] = set()
    for number, cells in enumerate(
        sheet.iter_rows(min_row=header + 1, max_row=header + MAX_ROWS, min_col=1, max_col=right),
        start=header + 1,
    ):
        dossier = getattr(cells[1], "value", None) if len(cells) > 1 else None
        if not isinstance(dossier, str) or not _ID.fullmatch(dossier):
            continue
        if dossier in seen:
            diagnostics.append(
                said(
                    WORKBOOK.code,
                    f"dossier {dossier} is on two rows of the summary: keep one",
                    f"le dossier {dossier} est sur deux lignes de la synthèse : gardez-en une",
                    path=where(shown, sheet.title, f"B{number}"),
                )
            )
            continue
        seen.add(dossier)
        row = DecisionRow(entry["path"], entry["sha256"], entry["meeting"], dossier)
        for name, column, index in zip(FIELDS, columns, indexes, strict=True):
            cell = cells[index - 1] if index - 1 < len(cells) else None
            value = getattr(cell, "value", None)
            formula = getattr(cell, "data_type", None) == "f" or (
                isinstance(value, str) and value.startswith("=")
            )
            row.values[name] = (value, formula, where(shown, sheet.title, f"{column}{number}"))
        rows.append(row)
    return rows


def _bad(at: str, value: Any, en: str, fr: str) -> Diagnostic:
    shown = value if isinstance(value, str) else repr(value)
    detail = Said(f"{shown[:60]!r}: {en}", f"« {shown[:60]} » : {fr}")
    return Diagnostic(VALUE.code, {"detail": detail}, at, variant="detail")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    return None


def _count(value: Any) -> int | str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and 0 <= value <= 10_000:
        return value
    return ""


def _amount(value: Any) -> Decimal | str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return ""
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, str) and re.fullmatch(
        r"[0-9]{1,12}(?:[.,][0-9]{1,2})?",
        text := value.strip().replace("\u00a0", "").replace(" ", "").replace("€", ""),
    ):
        number = Decimal(text.replace(",", "."))
    else:
        return ""
    if number <= 0 or number.as_tuple().exponent < -2:  # type: ignore[operator]
        return ""
    return number.quantize(Decimal("0.01"))


def wanted(row: DecisionRow, members: set[str] | None) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The decision the row asks for, field by field (None: cleared), and what is wrong."""
    problems: list[Diagnostic] = []
    result: dict[str, Any] = {}
    for name, (value, formula, at) in row.values.items():
        if formula:
            problems.append(
                _bad(
                    at,
                    value,
                    "a formula is not a value: type it",
                    "une formule n'est pas une valeur : tapez-la",
                )
            )
            continue
        if name == "decision":
            text = _text(value)
            if value is not None and text is None and not isinstance(value, str):
                problems.append(_bad(at, value, "not a decision", "pas une décision"))
            elif text is not None and text.lower() not in DECISIONS:
                problems.append(
                    _bad(
                        at,
                        value,
                        f"not a decision: give one of {', '.join(DECISIONS)}",
                        f"pas une décision : donnez l'une de {', '.join(DECISIONS)}",
                    )
                )
            else:
                result[name] = text.lower() if text else None
        elif name == "amount":
            amount = _amount(value)
            if isinstance(amount, str):
                problems.append(
                    _bad(
                        at,
                        value,
                        "not an amount: a number above 0, cents at most",
                        "pas un montant : un nombre au-dessus de 0, au centime au plus",
                    )
                )
            else:
                result[name] = amount
        elif name in ("pour", "contre", "abstention"):
            count = _count(value)
            if isinstance(count, str):
                problems.append(_bad(at, value, "not a number of votes", "pas un nombre de voix"))
            else:
                result[name] = count
        elif name == "conflicts":
            text = _text(value)
            if value is not None and not isinstance(value, str):
                problems.append(
                    _bad(at, value, "not a list of members", "pas une liste de membres")
                )
                continue
            ids = [part for part in re.split(r"[,;\s]+", text or "") if part]
            unknown = [
                i for i in ids if not _ID.fullmatch(i) or (members is not None and i not in members)
            ]
            if unknown:
                problems.append(
                    _bad(
                        at,
                        value,
                        f"unknown member(s) {', '.join(unknown)} (committee.yaml)",
                        f"membre(s) inconnu(s) {', '.join(unknown)} (committee.yaml)",
                    )
                )
            else:
                result[name] = ids or None
        elif name == "remarks":
            if value is not None and not isinstance(value, str | int | float):
                problems.append(_bad(at, value, "not text", "pas du texte"))
            else:
                result[name] = (
                    _text(value)
                    if isinstance(value, str)
                    else (None if value is None else str(value))
                )
    return result, problems


def edits_for(
    dossier: str, want: dict[str, Any], current: dict[str, Any] | None
) -> tuple[list[Edit], int]:
    """The edits of one dossier's decision, and whether it changes (0 or 1)."""
    current = current or {}
    base = ("decisions", dossier)
    if all(v is None for v in want.values()):
        return ([Edit(base, DELETE)], 1) if current else ([], 0)
    edits: list[Edit] = []
    votes_now = current.get("votes") or {}
    simple = {
        "decision": "decision",
        "amount": "amount",
        "conflicts": "conflicts",
        "remarks": "remarks",
    }
    for name, key in simple.items():
        new = want.get(name)
        old = current.get(key)
        if isinstance(old, list) and not old:
            old = None
        if _same(old, new):
            continue
        value: Value | Delete = DELETE if new is None else new
        edits.append(Edit((*base, key), value))
    counts = {k: want.get(k) for k in ("pour", "contre", "abstention")}
    if all(v is None for v in counts.values()):
        if votes_now:
            edits.append(Edit((*base, "votes"), DELETE))
    else:
        filled = {k: v if v is not None else 0 for k, v in counts.items()}
        now = {k: votes_now.get(k, 0) for k in filled}
        if not votes_now or filled != now:
            edits.append(Edit((*base, "votes"), dict(filled)))
    return edits, int(bool(edits))


def _same(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return old is None and new is None
    if isinstance(new, Decimal):
        try:
            return Decimal(str(old)) == new
        except Exception:
            return False
    return bool(old == new)


def meeting_problem(
    row: DecisionRow, sha256: str | None, meeting_id: str | None, force: bool, at: str
) -> Diagnostic | None:
    if sha256 is None or meeting_id is None:
        return said(
            UNKNOWN.code,
            f"the workbook names the meeting file {row.path}, which this call does not have "
            "(or which has errors)",
            f"le classeur nomme le fichier de séance {row.path}, que cet appel n'a pas (ou qui a "
            "des erreurs)",
            path=at,
        )
    if meeting_id != row.meeting:
        return said(
            UNKNOWN.code,
            f"{row.path} is meeting {meeting_id} now, not {row.meeting}",
            f"{row.path} est maintenant la séance {meeting_id}, pas {row.meeting}",
            path=at,
        )
    if sha256 != row.sha256 and not force:
        return Diagnostic(
            CHANGED.code, {"path": row.path, "then": row.sha256[:12], "now": sha256[:12]}, at
        )
    return None


__all__ = ["DecisionRow", "Path", "edits_for", "meeting_problem", "read_decisions", "wanted"]
