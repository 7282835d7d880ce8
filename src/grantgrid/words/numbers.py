"""Amounts, rates, scores and dates as the reader's language writes them, through Babel.

French: `45 848,51 €`, `80 %`, `1,5`, `23 novembre 2026`, with the narrow and non-breaking
spaces of French typography, so that an amount never breaks across two lines on paper.
Amounts are rounded half-up to the cent first (EU Reg. 1103/97 art. 5); Babel's own rounding
never sees more than two decimals.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from babel.core import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as babel_percent

from grantgrid.money import round_cents


class Numbers:
    """The formatting filters of one locale."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        # "#,##0 %" in French, "#,##0%" in English: keep the locale's spacing, allow 2 decimals.
        pattern = Locale.parse(locale).percent_formats[None].pattern
        self._percent = pattern.replace("#,##0", "#,##0.##", 1)

    def eur(self, amount: Decimal | None) -> str:
        if amount is None:
            return "—"
        if not amount.is_finite():
            return str(amount)
        cents = round_cents(amount) + 0  # "+ 0" turns -0.00 into 0.00
        return format_currency(cents, "EUR", locale=self.locale)

    def percent(self, rate: Decimal | None, decimals: int | None = None) -> str:
        """0.8 → '80 %', 0.16 → '16 %', 0.1599 → '15,99 %'; None (no base) → '—'.

        With `decimals` (`share|percent(2)`), always that many: 0.037 → '3,70 %', so that a
        column of shares lines up on its decimal comma. Rounded half-up, as amounts are.
        """
        if rate is None:
            return "—"
        if decimals is None:
            return babel_percent(rate, format=self._percent, locale=self.locale)
        rounded = Decimal(rate).quantize(Decimal(1).scaleb(-decimals - 2), rounding=ROUND_HALF_UP)
        fixed = self._percent.replace(
            "#,##0.##", "#,##0" + ("." + "0" * decimals if decimals else "")
        )
        return babel_percent(rounded, format=fixed, locale=self.locale)

    def number(self, value: Decimal | int | None) -> str:
        """A score or a points value: 2 → '2', 1.5 → '1,5'."""
        if value is None:
            return ""
        return format_decimal(Decimal(value).normalize() + 0, locale=self.locale)

    def signed(self, value: Decimal | None) -> str:
        """A difference between stages: '+2', '−1', '0'."""
        if value is None:
            return "—"
        text = self.number(abs(value))
        return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text

    def date(self, day: datetime.date) -> str:
        return format_date(day, "long", locale=self.locale)
