"""Money: exact decimal amounts, cents, half-up rounding and French notation.

Amounts never pass through a binary float. EU rule (Reg. 1103/97 art. 5): amounts are rounded
half-up to the cent, so rounding is always explicit here, never the decimal context's default
half-even.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
MAX_DIGITS = 15
"""Excel stores numbers as doubles: 15 significant digits survive the round trip exactly."""

_SPACES = "\u0020\u00a0\u202f"
# Plain: 7335.76 / 7335,76 ; grouped French: 7 335,76 (groups of three after the first).
# ASCII digits only: `\d` would read "1 ৪00,00" (a Bengali 4 that looks like an 8) as 1400.
_PLAIN = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
_GROUPED = re.compile(r"-?[0-9]{1,3}(?:[" + _SPACES + r"][0-9]{3})+(?:,[0-9]+)?")


class AmountError(ValueError):
    """The text is not an amount in one of the accepted notations."""


def parse_amount(text: str) -> Decimal:
    """An amount from a string in plain or French notation.

    Accepted: "7335.76", "7335,76", "7 335,76 €", "7\u00a0335,76\u00a0€" (normal, non-breaking
    or narrow no-break spaces between groups of three digits). Refused: exponents ("1e2"),
    underscores, other digits than 0-9, surrounding spaces, several separators.
    """
    body = text
    if body.endswith("€"):
        body = body[:-1].rstrip(_SPACES)
    if not body or body != body.strip(_SPACES + "\t\n\r"):
        raise AmountError(text)
    if _GROUPED.fullmatch(body):
        body = re.sub("[" + _SPACES + "]", "", body)
    elif not _PLAIN.fullmatch(body):
        raise AmountError(text)
    try:
        return Decimal(body.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the patterns admit only digits
        raise AmountError(text) from exc


def decimal_places(number: Decimal) -> int:
    """Decimals written that matter (2.50 → 1), read from the digits: no arithmetic, so that
    1e-999999999 is 999999999 places rather than an underflow to 0."""
    _, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -exponent - trailing) if any(digits) else 0


def significant_digits(amount: Decimal) -> int:
    return len(amount.normalize().as_tuple().digits) if amount else 1


def round_cents(amount: Decimal) -> Decimal:
    """Half-up to the cent (EU Reg. 1103/97 art. 5)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def quotient(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole, exact to the decimal context's 28 digits; None when whole is zero.
    Shares are kept so and rounded only where they are shown."""
    return part / whole if whole else None


def rate_as_checked(part: Decimal, whole: Decimal, bound: Decimal | None) -> Decimal | None:
    """part / whole as grantgrid's rules judge it: exact, except that an amount equal to the
    rule's bound rounded to the cent (how the rules compare, Reg. 1103/97 art. 5) is the bound
    itself. The reference fiche's 9 169,70 € of 45 848,51 € is 0.2 (its 20 %), while 9 169,69 €
    is 0.19999973…, below 0.2 as grantgrid's own check says."""
    if not whole:
        return None
    if bound is not None and round_cents(bound * whole) == part:
        return bound
    return part / whole


def ratio(part: Decimal, whole: Decimal, places: int = 4) -> Decimal | None:
    """part / whole rounded half-up to `places` decimals; None when whole is zero."""
    if not whole:
        return None
    return (part / whole).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_eur(amount: Decimal, lang: str = "fr") -> str:
    """45848.51 → '45 848,51 €' (French), '€45,848.51' (English, as Babel's en_GB writes it).

    Plain spaces, so that messages and terminal tables can be searched and pasted anywhere;
    the reports use Babel's typographic spaces instead (same digits, same rounding).
    """
    cents = round_cents(amount)
    if cents == 0:
        cents = abs(cents)  # never print "-0,00 €"
    if lang == "en":
        sign = "-" if cents < 0 else ""
        return f"{sign}€{abs(cents):,.2f}"
    grouped = f"{cents:,.2f}".replace(",", " ").replace(".", ",")
    return f"{grouped} €"


def format_percent(rate: Decimal | None, places: int = 0, lang: str = "fr") -> str:
    """0.8 → '80 %' (French), '80%' (English); None → '—'."""
    if rate is None:
        return "—"
    value = (rate * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if lang == "en":
        return f"{value:.{places}f}%"
    text = f"{value:.{places}f}".replace(".", ",")
    return f"{text} %"


def beside(part: Decimal, whole: Decimal, bound: Decimal) -> tuple[Decimal, int]:
    """part / whole as a rate beside a rule's `bound`, with the decimals that never make it
    read as the wrong side of it: 2 499,99 € of 10 000 € is 24,9999 % beside a 25 % minimum
    (not 25,00 %), while an amount equal to the bound rounded to the cent, as the rules
    compare, is the bound itself (36 678,81 € of 45 848,51 € is 80 %, not 79,9999998 %)."""
    if round_cents(bound * whole) == part:
        return bound, 0
    rate = part / whole
    for places in range(5):
        if format_percent(rate, places) != format_percent(bound, places):
            return rate, places
    return rate, 4


def percent_beside(part: Decimal, whole: Decimal, bound: Decimal, lang: str = "fr") -> str:
    """`beside`, written as a percent."""
    rate, places = beside(part, whole, bound)
    return format_percent(rate, places, lang)


def format_number(value: Decimal | int, lang: str = "fr") -> str:
    """A score: 2 → '2', 1.5 → '1,5' (French), '1.5' (English)."""
    number = Decimal(value)
    if number == number.to_integral_value():
        return str(int(number))
    text = format(number.normalize(), "f")
    return text if lang == "en" else text.replace(".", ",")
