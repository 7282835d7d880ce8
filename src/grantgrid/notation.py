"""How a number is spelt: the notations grantgrid refuses for amounts and scores.

The YAML 1.2 core schema reads `0x2710` as 10000 and `1e3` as 1000; the committee would read
one figure in the file and another in the report. The loader therefore keeps the spelling of
every number that is not written in plain digits (`WrittenInt`, `WrittenDecimal`: an int or a
Decimal that remembers its text), and the amount and score types refuse it (`schema.notation`)
with the plain spelling as the fix. Text such as `"1_000"` or `0b101` (plain text under the
core schema) is judged by `notation` from the text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_PLAIN = 30
"""Longest plain spelling offered as the fix; `1e-999999` gets a general fix instead."""


class WrittenInt(int):
    """An integer written in another base than ten (`0x2710`, `0o17`): it keeps its text."""

    text: str

    def __new__(cls, value: int, text: str) -> WrittenInt:
        number = super().__new__(cls, value)
        number.text = text
        return number

    # Immutable like int: a copy is itself (the default copy would drop the text).
    def __copy__(self) -> WrittenInt:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> WrittenInt:
        return self

    def __reduce__(self) -> tuple[type, tuple[int, str]]:
        return (WrittenInt, (int(self), self.text))


class WrittenDecimal(Decimal):
    """A decimal written with an exponent (`1e3`, `1.5E+1`): it keeps its text."""

    text: str

    def __new__(cls, value: Decimal | str, text: str) -> WrittenDecimal:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __copy__(self) -> WrittenDecimal:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> WrittenDecimal:
        return self

    def __reduce__(self) -> tuple[type, tuple[str, str]]:  # type: ignore[override]
        return (WrittenDecimal, (str(self), self.text))


def spelling(value: object) -> str | None:
    """The text of a number the loader kept (not written in plain digits), else None."""
    if isinstance(value, WrittenInt | WrittenDecimal):
        return value.text
    return None


@dataclass(frozen=True)
class Notation:
    kind: str
    """"hexadecimal", "octal", "binary", "underscore" or "exponent"."""
    text: str
    """The number as written."""
    plain: str | None
    """The same number in plain digits, or None when that would be absurdly long."""


_BASES = {"x": ("hexadecimal", 16), "o": ("octal", 8), "b": ("binary", 2)}
_BASED = re.compile(r"([-+]?)0([xXoObB])_?([0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)")
_EXPONENT = re.compile(
    r"[-+]?(?:[0-9]+(?:_[0-9]+)*(?:[.,](?:[0-9]+(?:_[0-9]+)*)?)?|[.,][0-9]+)[eE][-+]?[0-9]+"
)
_UNDERSCORED = re.compile(
    r"[-+]?[0-9]+(?:_[0-9]+)+(?:[.,][0-9]+(?:_[0-9]+)*)?|[-+]?[0-9]+[.,][0-9]+(?:_[0-9]+)+"
)
_SPACES = " \u00a0\u202f"


def notation(text: str) -> Notation | None:
    """Which refused notation `text` is written in (`0x2710`, `0o17`, `0b101`, `1_000`, `1e3`,
    `1.5e1`, also with a final `€`), or None: plain digits, or not a number at all."""
    body = text.strip()
    if body.endswith("€"):
        body = body[:-1].rstrip(_SPACES)
    if not body or len(body) > 60:
        return None
    based = _BASED.fullmatch(body)
    if based:
        sign, letter, digits = based.groups()
        kind, base = _BASES[letter.lower()]
        try:
            value = int(digits.replace("_", ""), base)
        except ValueError:  # `0b102`: not a binary number, nor any number
            return None
        plain = ("-" if sign == "-" and value else "") + str(value)
        return Notation(kind, text, plain if len(plain) <= MAX_PLAIN else None)
    if _EXPONENT.fullmatch(body):
        comma = "," in body
        try:
            number = Decimal(body.replace("_", "").replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            return None
        exponent_plain: str | None = None
        if -MAX_PLAIN < number.adjusted() < MAX_PLAIN:
            spelt = format(number, "f")
            spelt = spelt.replace(".", ",") if comma else spelt
            exponent_plain = spelt if len(spelt) <= MAX_PLAIN else None
        return Notation("exponent", text, exponent_plain)
    if _UNDERSCORED.fullmatch(body):
        return Notation("underscore", text, body.replace("_", "").lstrip("+"))
    return None


def notation_of(value: object) -> Notation | None:
    """The refused notation of a loaded value: a number the loader kept the text of, or text."""
    written = spelling(value)
    if written is not None:
        return notation(written)
    if isinstance(value, str):
        return notation(value)
    return None


_KINDS = {
    "hexadecimal": ("is a hexadecimal number", "est un nombre hexadécimal"),
    "octal": ("is an octal number", "est un nombre octal"),
    "binary": ("is a binary number", "est un nombre binaire"),
    "underscore": (
        "groups its digits with underscores",
        "sépare ses chiffres par des tirets bas",
    ),
    "exponent": ("is written with an exponent", "est écrit avec un exposant"),
}


def explain(found: Notation) -> tuple[str, str]:
    """The message in English and French: what the notation is, and the plain spelling."""
    english, french = _KINDS[found.kind]
    shown = repr(found.text[:40])
    if found.plain is not None:
        return (
            f"{shown} {english}: write {found.plain}",
            f"{shown} {french} : écrivez {found.plain}",
        )
    return (
        f"{shown} {english}: write it in plain digits",
        f"{shown} {french} : écrivez-le en chiffres",
    )
