"""A bar per fiche: its envelope split into programmé, réservé and disponible, as inline SVG.

Bars are drawn to one scale (the largest envelope, or commitment when a fiche is over), so
fiches compare at a glance; an overrun is drawn past the envelope's end mark, hatched red.
Hand-written like `grantgrid.outputs.report.svg`: no plotting library, one self-contained file,
presentation attributes rather than CSS (WeasyPrint draws inline SVG without the page's
style), every label escaped, amounts formatted here from exact Decimals.
"""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from grantgrid.maquette import words
from grantgrid.maquette.figures import FicheFigures
from grantgrid.maquette.view import MaquetteView
from grantgrid.money import format_eur, format_percent

WIDTH = 640
BAR_AREA = 350
BAR_HEIGHT = 14
ROW = 40
LEGEND = 26
FONT = ' font-family="DejaVu Sans, Arial, sans-serif" font-size="11" fill="#1a1a1a"'
# Dark, middle, light: the three parts stay apart on a black-and-white printer.
PROGRAMME = "#1f4e79"
RESERVE = "#8db3d9"
DISPONIBLE = "#e8eef5"
OVERRUN = "#c00000"
LABEL_CHARS = 66


def _scale(fiches: list[FicheFigures]) -> Decimal:
    longest = max((max(f.envelope, f.programme + f.reserve) for f in fiches), default=Decimal(0))
    return longest if longest > 0 else Decimal(1)


def _x(amount: Decimal, scale: Decimal) -> Decimal:
    return round(BAR_AREA * max(amount, Decimal(0)) / scale, 1)


def _bar(fiche: FicheFigures, y: int, scale: Decimal, lang: str) -> list[str]:
    label = f"{fiche.fiche} {fiche.label}"
    if len(label) > LABEL_CHARS:
        label = label[: LABEL_CHARS - 1] + "…"
    label += f" — {format_eur(fiche.envelope, lang)}"
    parts = [f'<text x="0" y="{y + 11}"{FONT} font-weight="bold">{escape(label)}</text>']
    top = y + 16
    programme = _x(fiche.programme, scale)
    reserve = _x(fiche.reserve, scale)
    envelope = _x(fiche.envelope, scale)
    parts.append(
        f'<rect x="0" y="{top}" width="{envelope}" height="{BAR_HEIGHT}" fill="{DISPONIBLE}"'
        ' stroke="#7f7f7f" stroke-width="0.5"/>'
    )
    parts.append(
        f'<rect x="0" y="{top}" width="{programme}" height="{BAR_HEIGHT}" fill="{PROGRAMME}"/>'
    )
    parts.append(
        f'<rect x="{programme}" y="{top}" width="{reserve}" height="{BAR_HEIGHT}" fill="{RESERVE}"/>'
    )
    if fiche.disponible < 0:
        over = _x(-fiche.disponible, scale)
        parts.append(
            f'<rect x="{envelope}" y="{top}" width="{over}" height="{BAR_HEIGHT}"'
            ' fill="url(#overrun)" stroke="#c00000" stroke-width="1"/>'
        )
    parts.append(
        f'<line x1="{envelope}" y1="{top - 3}" x2="{envelope}" y2="{top + BAR_HEIGHT + 3}"'
        ' stroke="#1a1a1a" stroke-width="1.5"/>'
    )
    # Whatever the bar's length, the figures sit right of the bar area, in one column.
    share = format_percent(fiche.programme_share, 1, lang)
    text = (
        f"{words.PROGRAMME(lang).lower()} {share} · "
        f"{words.DISPONIBLE(lang).lower()} {format_eur(fiche.disponible, lang)}"
    )
    font = FONT.replace("#1a1a1a", OVERRUN) if fiche.disponible < 0 else FONT
    parts.append(f'<text x="{BAR_AREA + 10}" y="{top + 11}"{font}>{escape(text)}</text>')
    return parts


def _legend(lang: str) -> list[str]:
    parts, x = [], 0
    for colour, label in (
        (PROGRAMME, words.PROGRAMME(lang)),
        (RESERVE, words.RESERVE(lang)),
        (DISPONIBLE, words.DISPONIBLE(lang)),
        ("url(#overrun)", words.OVERRUN(lang)),
    ):
        parts.append(
            f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}" stroke="#7f7f7f"'
            ' stroke-width="0.5"/>'
        )
        parts.append(f'<text x="{x + 14}" y="13"{FONT}>{escape(label)}</text>')
        x += 24 + 7 * len(label)
    return parts


def envelope_chart(view: MaquetteView, lang: str = "fr") -> Markup:
    """The chart as an `<svg>` element to put in an HTML page (or save as a file)."""
    fiches = list(view.figures.fiches.values())
    scale = _scale(fiches)
    parts = _legend(lang)
    y = LEGEND
    for fiche in fiches:
        parts += _bar(fiche, y, scale, lang)
        y += ROW
    height = y + 4
    title = words.CHART_TITLE(lang)
    hatch = (
        '<defs><pattern id="overrun" width="6" height="6" patternUnits="userSpaceOnUse"'
        ' patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="{OVERRUN}"/></pattern></defs>'
    )
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart maquette-chart" role="img"'
        f' viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">'
        f"<title>{escape(title)}</title>{hatch}{''.join(parts)}</svg>"
    )
