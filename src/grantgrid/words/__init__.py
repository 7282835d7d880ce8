"""The words catalogue: every message template, label, status and kind, in French and English.

A finding carries its code and its figures (`params`: Decimals, ids, texts), never a sentence;
an output renders it in its own language from here. Templates use `{snake_case}` placeholders
(frictionless' error templates); the figures are formatted by the type they carry:

- `Money` → `45 848,51 €` (an exact amount, two decimals, half-up),
- `Share` → `80 %` (a rate, as few decimals as tell it from its bound),
- `Quoted` → `'x'` / `« x »` (an id or a value from the file, escaped),
- `Said` → the other language's words where a part of a message is itself a phrase,
- anything else → `str(value)`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Protocol

Lang = Literal["fr", "en"]
LANGUAGES: tuple[Lang, ...] = ("fr", "en")
ENVIRONMENT = "GRANTGRID_LANG"
"""The variable that chooses the language when `--lang` is not given (SPEC.md, "Language")."""

_chosen: Lang | None = None


def language() -> Lang:
    """The language a person reads: `--lang` (`choose`), else `GRANTGRID_LANG`, else French."""
    if _chosen is not None:
        return _chosen
    return "en" if os.environ.get(ENVIRONMENT, "").strip().lower() == "en" else "fr"


def choose(lang: str | None) -> None:
    """Set (or with None, forget) the language of this run: the command line's `--lang`."""
    global _chosen
    _chosen = None if lang is None else ("en" if lang.lower() == "en" else "fr")


@dataclass(frozen=True)
class Said:
    """The same words in both languages: a template, or a phrase inside a message."""

    en: str
    fr: str

    def __call__(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


class Money(Decimal):
    """An amount in euros: rendered `45 848,51 €`, given to JSON as `"45848.51"`."""

    __slots__ = ()


class Share(Decimal):
    """A rate in [0, 1]: rendered `80 %`, given to JSON as an exact number."""

    __slots__ = ()


class Quoted(str):
    """An id or a value taken from a file: quoted and escaped in a message."""

    __slots__ = ()


class Score(Decimal):
    """A score or a number of points: `2`, `1,5`."""

    __slots__ = ()


@dataclass(frozen=True)
class RateOf:
    """part / whole as a percent beside a rule's bound rate, never reading as the wrong side
    of it (`money.percent_beside`): 24,9999 % beside a 25 % minimum."""

    part: Decimal
    whole: Decimal
    bound: Decimal


SINGULAR = {"fr": (0, 1), "en": (1,)}
"""The counts written in the singular (CLDR: French "0 dossier", English "0 dossiers")."""


@dataclass(frozen=True)
class Count:
    """A number of things, in the singular or the plural as the language writes it."""

    number: int
    one: Said
    many: Said

    def __call__(self, lang: str) -> str:
        form = self.one if self.number in SINGULAR.get(lang, (1,)) else self.many
        return f"{self.number} {form(lang)}"


def show(value: object, limit: int = 60) -> str:
    """A value quoted for a message: escaped, so control characters never reach a terminal."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


def quote(value: str, lang: str) -> str:
    """'x' in English, « x » in French; escaped either way, so that nothing a terminal must not
    get (a control character, an escape sequence) reaches it."""
    shown = show(value)
    return f"« {shown[1:-1]} »" if lang == "fr" else shown


class Style(Protocol):
    """How an output writes figures (the reports' Babel `Numbers`); messages default to
    `money`'s plain notation, which terminals and logs can search and paste."""

    def eur(self, amount: Decimal | None) -> str: ...
    def percent(self, rate: Decimal | None, decimals: int | None = None) -> str: ...
    def number(self, value: Decimal | int | None) -> str: ...


def render_value(value: object, lang: str, style: Style | None = None) -> str:
    from grantgrid.money import format_eur, format_number, format_percent

    if style is not None and isinstance(value, Money | Share | Score):
        if isinstance(value, Money):
            return style.eur(value)
        return style.percent(value) if isinstance(value, Share) else style.number(value)

    if isinstance(value, Said | Count):
        return value(lang)
    if isinstance(value, RateOf):
        from grantgrid.money import beside

        rate, places = beside(value.part, value.whole, value.bound)
        return style.percent(rate, places) if style else format_percent(rate, places, lang)
    if isinstance(value, Money):
        return format_eur(value, lang)
    if isinstance(value, Share):
        return format_percent(value, 0, lang)
    if isinstance(value, Score):
        return format_number(value, lang)
    if isinstance(value, Quoted):
        return quote(value, lang)
    return str(value)


def render(
    template: Said, params: Mapping[str, object], lang: str, style: Style | None = None
) -> str:
    """The template in `lang` with its placeholders filled by `params`."""
    shown = {name: render_value(value, lang, style) for name, value in params.items()}
    return template(lang).format_map(shown)


def to_json(value: object) -> object:
    """A parameter as JSON gives it: money as a string with two decimals, shares and scores as
    exact numbers, phrases in English (JSON keys and values never change with the language)."""
    if isinstance(value, Said):
        return value.en
    if isinstance(value, Count):
        return value.number
    if isinstance(value, RateOf):
        return value.part / value.whole if value.whole else None
    if isinstance(value, Money):
        return format(value, "f") if not value.is_finite() else f"{value:.2f}"
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def of_person(name: str) -> str:
    """`de Claire Faurie`, `d'Anne Lefèvre`: French elides *de* before a vowel (a name beginning
    with *h* keeps *de*: whether its *h* is mute cannot be told from the letters)."""
    first = name[:1].casefold()
    vowels = "aeiouyàâäéèêëîïôöùûü"
    return f"d'{name}" if first and first in vowels else f"de {name}"
