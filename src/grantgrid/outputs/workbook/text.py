"""Putting untrusted values into spreadsheet cells: text that stays text, exact amounts, safe sheet titles.

openpyxl turns a string starting with `=` into a live formula, `{=…}` into an array formula and
`#N/A` into an error cell; it raises on control characters and Excel cuts text at 32,767
characters. Every value that comes from a dossier or a grid goes through this module.
"""

from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

from grantgrid.money import MAX_DIGITS, significant_digits

MAX_TEXT = 32_767
"""Excel's limit on the characters of one cell."""
CUT_MARKER = " […texte tronqué par grantgrid]"

# Excel and LibreOffice read a typed cell starting with these as a formula (OWASP CSV injection
# list, plus `{` for array formulas): a leading apostrophe (quotePrefix) keeps them as text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "{", "\t", "\r")
ERROR_LITERALS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#UNKNOWN!",
        "#CONNECT!",
        "#BUSY!",
    }
)

EUR_FORMAT = '#,##0.00 "€"'
PERCENT_FORMAT = "0.00 %"


def clean_text(text: str) -> str:
    """The text as it can be stored: illegal control characters removed, cut at Excel's limit.

    The loader already refuses both, so this only matters if a text gets through by another road;
    the cut is visible (CUT_MARKER) rather than openpyxl's silent one.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > MAX_TEXT:
        text = text[: MAX_TEXT - len(CUT_MARKER)] + CUT_MARKER
    return text


def needs_quote_prefix(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS) or text.strip().upper() in ERROR_LITERALS


def write_text(cell: Cell, text: str) -> Cell:
    """The one way text reaches a cell: always a string cell, never a formula or an error.

    quotePrefix tells Excel and LibreOffice that the cell was typed with a leading apostrophe, so
    that editing it in the meeting does not turn it into a formula either; the apostrophe is not
    part of the value and is not displayed.
    """
    value = clean_text(text)
    cell.value = value
    cell.data_type = "s"
    if needs_quote_prefix(value):
        cell.quotePrefix = True
    return cell


def write_amount(cell: Cell, amount: Decimal) -> Cell:
    """An amount as an exact number with the € format.

    A double holds 15 significant digits exactly, which the dossier rules guarantee; anything
    else (or a NaN that slipped through) is written as text rather than as a wrong number.
    """
    if amount.is_finite() and significant_digits(amount) <= MAX_DIGITS:
        number = float(amount)
        cell.value = int(number) if number.is_integer() else number
        cell.number_format = EUR_FORMAT
    else:
        write_text(cell, str(amount))
    return cell


def write_number(cell: Cell, value: Decimal | None) -> Cell:
    """A score or a count: an int when whole, else a float; empty when None (never zero)."""
    if value is None:
        cell.value = None
    elif value == value.to_integral_value():
        cell.value = int(value)
    else:
        cell.value = float(value)
    return cell


_FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
MAX_TITLE = 31
"""Excel's limit on a sheet title, in UTF-16 code units (an emoji counts two)."""
ELLIPSIS = "…"


def utf16_length(text: str) -> int:
    """The length Excel counts: characters outside the BMP take two UTF-16 code units."""
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _head(text: str, units: int) -> str:
    """The longest start of `text` within `units` UTF-16 code units (whole characters only,
    so a surrogate pair is never split)."""
    used = 0
    for index, character in enumerate(text):
        used += utf16_length(character)
        if used > units:
            return text[:index]
    return text


def _tail(text: str, units: int) -> str:
    return _head(text[::-1], units)[::-1]


def shorten(text: str, units: int) -> str:
    """`text` within `units` UTF-16 code units, cut in the middle with "…" when too long.

    The middle goes: what tells similar titles apart is usually at either end ("Synthèse
    leader-tulle-2014-2020-appel-a" and "…-appel-b", "AAAA…-one" and "AAAA…-two").
    """
    if utf16_length(text) <= units:
        return text
    room = units - utf16_length(ELLIPSIS)
    head = _head(text, room // 2).rstrip(" '")
    tail = _tail(text, room - utf16_length(head)).lstrip(" '")
    return head + ELLIPSIS + tail


class SheetTitles:
    """Sheet titles that Excel accepts: no []:*?/\\, at most 31 UTF-16 code units, no
    apostrophe at either end, unique ignoring case (Excel compares titles case-insensitively).

    A long title is cut in the middle ("Synthèse leader…14-2020-appel-a"), keeping both
    ends; a title already taken gets " (2)", " (3)"… after a cut that leaves room for it.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def make(self, wanted: str, fallback: str = "Feuille") -> str:
        base = clean_text(wanted)
        base = _FORBIDDEN_IN_TITLE.sub("_", base)
        base = re.sub(r"\s+", " ", base).strip(" '") or fallback
        title, number = shorten(base, MAX_TITLE), 1
        while title.casefold() in self.taken or title.casefold() == "history":
            number += 1
            suffix = f" ({number})"
            title = shorten(base, MAX_TITLE - len(suffix)).rstrip(" '") + suffix
        self.taken.add(title.casefold())
        return title


def sheet_reference(title: str) -> str:
    """A title as formulas quote it: 'Budget d''Anne'!A1."""
    return "'" + title.replace("'", "''") + "'"
