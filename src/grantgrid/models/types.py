"""Field types shared by the grid and dossier formats.

Each type is strict: a text never accepts a number or true/false, a number never accepts text
(except amounts, whose French notations are text by nature), and nothing accepts NaN.
Custom error types (`PydanticCustomError`) carry the grantgrid error code in their name, so
`validation.py` can map them back without guessing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from grantgrid.money import (
    MAX_DIGITS,
    AmountError,
    decimal_places,
    parse_amount,
    round_cents,
    significant_digits,
)
from grantgrid.notation import explain, notation_of, spelling

SHORT_TEXT = 500
"""Titles, labels, names: one line of a table."""
LONG_TEXT = 30_000
"""Free text (context, answers): below Excel's 32,767-character cell limit, so nothing is cut."""

# Refused in any text: C0/C1 controls but tab and newlines, DEL, bidirectional marks, overrides
# and isolates (they can disguise text and file names: U+061C, U+200E-F, U+202A-E, U+2066-9),
# zero-width and BOM characters, lone surrogates (they cannot be written to a file) and the
# non-characters U+FFFE/U+FFFF.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2069\ud800-\udfff\ufeff\ufffe\uffff"
    # Invisible lookalikes of a space or of nothing: Hangul fillers (a title that looks blank),
    # the Mongolian vowel separator, and the tag characters that smuggle hidden ASCII.
    "\u115f\u1160\u180e\u3164\uffa0\U000e0000-\U000e007f]"
)
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
"""Matched with `fullmatch`: `$` alone would accept "CAC-2018-02\\n", a twin of CAC-2018-02."""
MAX_DECIMALS = 6
"""Scores, weights and rates: 0.5 or 0.25 points, 0.80 rates; a billionth is a typo or a trap
(1e-999999 makes a million-character message)."""


def is_id(value: object) -> bool:
    """A valid id: safe to look up, suggest and print even in an invalid file."""
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def is_clean_text(value: object) -> bool:
    """Text without the characters the text fields refuse: safe to show even when invalid."""
    return isinstance(value, str) and not _FORBIDDEN.search(value)


class StrictModel(BaseModel):
    """Base of every format model: unknown keys are errors, types are never coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _describe(value: Any, lang: str = "en") -> str:
    """What a wrong value is, for "expected X, got …" (English and French)."""
    french = lang == "fr"
    if value is None:
        return "rien (null)" if french else "nothing (null)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, int | Decimal):
        shown = spelling(value) or value
        return f"le nombre {shown}" if french else f"the number {shown}"
    if isinstance(value, str):
        return "du texte" if french else "text"
    if isinstance(value, list):
        return "une liste" if french else "a list"
    if isinstance(value, dict):
        return "des champs (mapping)" if french else "a mapping"
    return type(value).__name__


def _error(kind: str, english: str, french: str, **values: Any) -> PydanticCustomError:
    """A custom error with its grantgrid code in `kind` ("budget_amount") and both messages;
    `validation.py` reads the French one from the error's context."""
    return PydanticCustomError(kind, english, {**values, "fr": french.format(**values)})


def _text(limit: int, *, blank: bool = True) -> Any:
    """A text check: its type, characters and length; `blank=False` also wants a visible
    character (a title, a name, a label)."""

    def check(value: Any) -> str:
        if not isinstance(value, str):
            quote = isinstance(value, bool | int | Decimal)
            raise PydanticCustomError(
                "schema_type",
                "expected text, got {got}{hint}",
                {
                    "got": _describe(value),
                    "hint": " (put it in quotes)" if quote else "",
                    "fr": f"texte attendu, reçu {_describe(value, 'fr')}"
                    + (" (mettez-le entre guillemets)" if quote else ""),
                },
            )
        # One form of accented letters (NFC) and of line breaks: a "\r" escaped in a quoted
        # string would otherwise reach the workbook, where XML turns it into "\n" anyway.
        value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
        bad = _FORBIDDEN.search(value)
        if bad:
            raise _error(
                "schema_character",
                "the text contains the invisible or control character U+{code} at character "
                "{index}: delete it (it often comes from a copy-paste)",
                "le texte contient le caractère invisible ou de contrôle U+{code} au caractère "
                "{index} : supprimez-le (il vient souvent d'un copier-coller)",
                code=f"{ord(bad.group()):04X}",
                index=bad.start() + 1,
            )
        if not blank and not value.strip():
            raise _error(
                "schema_type",
                "the text is empty: write it",
                "le texte est vide : écrivez-le",
            )
        if len(value) > limit:
            raise _error(
                "schema_too_long",
                "the text is {length} characters long, more than {limit}: shorten it",
                "le texte fait {length} caractères, plus que {limit} : raccourcissez-le",
                length=len(value),
                limit=limit,
            )
        return value

    return check


def _identifier(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "schema_type",
            "expected an id (text), got {got}",
            {
                "got": _describe(value),
                "fr": f"identifiant (texte) attendu, reçu {_describe(value, 'fr')}",
            },
        )
    if not _ID.fullmatch(value):
        raise _error(
            "schema_id",
            "{value} is not a valid id: use 1 to 64 letters, digits, '-' or '_', "
            "starting with a letter or digit",
            "{value} n'est pas un identifiant valide : utilisez de 1 à 64 lettres, chiffres, "
            "'-' ou '_', en commençant par une lettre ou un chiffre",
            value=repr(value[:80]),
        )
    return value


def _refuse_notation(value: Any) -> None:
    """schema.notation: `0x2710`, `0o17`, `0b101`, `1_000`, `1e3` are refused for amounts and
    scores (SPEC), written or quoted, with the plain spelling as the fix."""
    found = notation_of(value)
    if found is not None:
        english, french = explain(found)
        raise PydanticCustomError("schema_notation", english, {"fr": french})


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
"""A number written as text, in plain or French notation: `"2"`, `"1.5"`, `1,5` (SPEC.md)."""


def _number(value: Any) -> Decimal:
    _refuse_notation(value)
    if isinstance(value, str) and _PLAIN_NUMBER.fullmatch(value.strip()):
        value = Decimal(value.strip().replace(",", "."))
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        # A hint only where it fits the input: "1e3" or "1 000" is a number in a notation
        # grantgrid refuses; "dix" or `true` is not a number at all.
        plainly = isinstance(value, str) and _looks_like_a_number(value)
        raise PydanticCustomError(
            "schema_type",
            "expected a number, got {got}{hint}",
            {
                "got": _describe(value),
                "hint": " (write it with digits only, e.g. 1.5 or 1,5)" if plainly else "",
                "fr": f"nombre attendu, reçu {_describe(value, 'fr')}"
                + (
                    " (écrivez-le en chiffres seulement, par exemple 1,5 ou 1.5)" if plainly else ""
                ),
            },
        )
    number = Decimal(value)
    if not number.is_finite():
        raise _error(
            "schema_number",
            "expected a finite number, got {value}",
            "nombre fini attendu, reçu {value}",
            value=str(value),
        )
    # Judged from the digits and exponent, never by arithmetic: 1e1000000 overflows `abs`.
    if number and number.adjusted() >= 12:
        raise _error(
            "schema_number",
            "the number {value} is too large",
            "le nombre {value} est trop grand",
            value=str(value)[:40],
        )
    if decimal_places(number) > MAX_DECIMALS:
        raise _error(
            "schema_number",
            "the number {value} has more than {places} decimals",
            "le nombre {value} a plus de {places} décimales",
            value=str(value)[:40],
            places=MAX_DECIMALS,
        )
    return number


def _looks_like_a_number(text: str) -> bool:
    body = text.strip().replace(",", ".").replace(" ", "").replace("_", "")
    try:
        return Decimal(body).is_finite() or int(body, 0) is not None
    except (ArithmeticError, ValueError):
        return False


def _amount(value: Any) -> Decimal:
    """Numbers as written, or text in the spec's notations, as exact cents.

    The shape of an amount is checked here (finite, plain digits, at most 2 decimals and
    MAX_DIGITS digits, no '-0'), so that a malformed line is left out of the totals; whether it
    may be zero or negative depends on the line and belongs to the budget rules.
    """
    _refuse_notation(value)
    if isinstance(value, str):
        try:
            amount = parse_amount(value)
        except AmountError:
            raise _error(
                "budget_amount",
                '{value} is not an amount: write it as 1234.56, "1234,56" or "1 234,56 €"',
                '{value} n\'est pas un montant : écrivez-le 1234.56, "1234,56" ou "1 234,56 €"',
                value=repr(value[:60]),
            ) from None
    elif isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise PydanticCustomError(
            "schema_type",
            "expected an amount, got {got}",
            {"got": _describe(value), "fr": f"montant attendu, reçu {_describe(value, 'fr')}"},
        )
    else:
        amount = Decimal(value)
    problem = _amount_shape(amount)
    if problem:
        raise PydanticCustomError(
            "budget_amount",
            "{value} {problem}",
            {"value": str(amount), "problem": problem[0], "fr": f"{amount} {problem[1]}"},
        )
    return amount


def _amount_shape(amount: Decimal) -> tuple[str, str] | None:
    """What is wrong with an amount's shape, in English and French, or None."""
    if not amount.is_finite():
        return ("is not a finite amount", "n'est pas un montant fini")
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        # Only an exponent (1e2, 1.5E+3) gives a positive exponent: reports would print 1E+2.
        return (
            "is written with an exponent: write the amount in plain digits",
            "est écrit avec un exposant : écrivez le montant en chiffres",
        )
    if amount.is_zero() and amount.is_signed():
        return ("is '-0': write 0", "vaut '-0' : écrivez 0")
    if decimal_places(amount) > 2:
        return (
            "has more than 2 decimals: round it to the cent",
            "a plus de 2 décimales : arrondissez-le au centime",
        )
    # `adjusted` first: rounding a 30-digit amount to the cent would exceed the decimal context.
    if amount.adjusted() >= 20 or significant_digits(round_cents(amount)) > MAX_DIGITS:
        return (
            f"has more than {MAX_DIGITS} digits (cents included): write a realistic amount",
            f"a plus de {MAX_DIGITS} chiffres (centimes compris) : écrivez un montant réaliste",
        )
    return None


ShortText = Annotated[
    str,
    BeforeValidator(_text(SHORT_TEXT)),
    WithJsonSchema({"type": "string", "maxLength": SHORT_TEXT}),
]
Label = Annotated[
    str,
    BeforeValidator(_text(SHORT_TEXT, blank=False)),
    WithJsonSchema({"type": "string", "maxLength": SHORT_TEXT, "pattern": "\\S"}),
]
"""A title, name or label: one line of a table, never blank."""
LongText = Annotated[
    str,
    BeforeValidator(_text(LONG_TEXT)),
    WithJsonSchema({"type": "string", "maxLength": LONG_TEXT}),
]
Id = Annotated[
    str,
    BeforeValidator(_identifier),
    WithJsonSchema({"type": "string", "pattern": _ID.pattern}),
]
Number = Annotated[Decimal, BeforeValidator(_number), WithJsonSchema({"type": "number"})]


def _year(value: Any) -> Any:
    _refuse_notation(value)  # `start: 0x7E1` is 2017 to YAML, and to no one reading the file
    return value


Year = Annotated[int, BeforeValidator(_year)]
"""A whole number written in plain digits (a period's years); the model bounds it."""
# The notations `money.parse_amount` reads, for editors; no `multipleOf: 0.01` for numbers:
# editors test it in floating point, where 2576.5 % 0.01 is not 0, and would flag every amount.
_AMOUNT_TEXT = (
    r"^-?([0-9]+([.,][0-9]{1,2})?|[0-9]{1,3}([ \u00a0\u202f][0-9]{3})+(,[0-9]{1,2})?)"
    r"([ \u00a0\u202f]*€)?$"
)
Amount = Annotated[
    Decimal,
    BeforeValidator(_amount),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "description": "In euros, at most 2 decimals."},
                {"type": "string", "pattern": _AMOUNT_TEXT},
            ],
            "examples": [2576.5, "7 335,76 €"],
        }
    ),
]


def _flat_or_amount(value: Any) -> Decimal | str:
    """`flat` (a flat-rate line whose amount grantgrid computes), or an amount."""
    if value == "flat":
        return "flat"
    return _amount(value)


ExpenseAmount = Annotated[
    Decimal | Literal["flat"],
    BeforeValidator(_flat_or_amount),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "description": "In euros excluding VAT, at most 2 decimals."},
                {"type": "string", "pattern": _AMOUNT_TEXT},
                {
                    "const": "flat",
                    "description": "A flat-rate line: grantgrid computes its amount.",
                },
            ],
            "examples": [2576.5, "7 335,76 €", "flat"],
        }
    ),
]
"""An expense line's amount excluding VAT, or `flat` for the line of a flat-rate category."""

_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: Any) -> dt.date:
    """A calendar day written `2024-01-15` (YAML 1.2 reads it as text)."""
    if isinstance(value, str) and _DATE_TEXT.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    shown = repr(value[:40]) if isinstance(value, str) else _describe(value)
    shown_fr = repr(value[:40]) if isinstance(value, str) else _describe(value, "fr")
    raise PydanticCustomError(
        "schema_type",
        "expected a date written YYYY-MM-DD (2024-01-15), got {got}",
        {
            "got": shown,
            "fr": f"date attendue sous la forme AAAA-MM-JJ (2024-01-15), reçu {shown_fr}",
        },
    )


Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2024-01-15"]}),
]
