"""A small bar chart of each axis's score against its maximum, one bar per stage, as inline SVG.

Written by hand so that a report needs no plotting library and stays one self-contained file;
every label is escaped, numbers are formatted by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

# Printed 125 mm wide under the score summary: 1 unit ≈ 0.26 mm, so font-size 11 is ≈ 8 pt.
WIDTH = 480
BAR_AREA = 370
BAR_HEIGHT = 8
LABEL_HEIGHT = 13
GAP = 6
LEGEND_HEIGHT = 22
# Presentation attributes rather than CSS: WeasyPrint draws inline SVG without the page's style.
FONT = ' font-family="DejaVu Sans, Arial, sans-serif" font-size="11" fill="#1a1a1a"'
# Dark then light: the stages stay apart on a black-and-white printer.
COLOURS = ("#1f4e79", "#8db3d9", "#c55a11", "#7f7f7f")


@dataclass(frozen=True)
class Bar:
    value: Decimal | None
    text: str
    """The score as printed beside the bar, e.g. '6/6' or '4/6 (partiel)'."""
    partial: bool = False
    """Some cells of the axis are not scored at this stage: the bar is drawn hatched."""


@dataclass(frozen=True)
class Group:
    label: str
    maximum: Decimal
    bars: list[Bar]
    """One per stage, in stage order."""


def bar_chart(title: str, stages: list[str], groups: list[Group]) -> Markup:
    """Horizontal bars: for each group (axis), one bar per stage, scaled to the group's maximum."""
    parts: list[str] = []
    x, top = 0, 0
    for index, stage in enumerate(stages):
        colour = COLOURS[index % len(COLOURS)]
        room = 24 + 7 * len(stage)  # about 6.5 px a character at font-size 11
        if x and x + room > WIDTH:  # long stage labels: the legend goes on a second line
            x, top = 0, top + LEGEND_HEIGHT - 4
        parts.append(f'<rect x="{x}" y="{top + 4}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{top + 13}"{FONT}>{escape(stage)}</text>')
        x += room
    y = top + LEGEND_HEIGHT
    for group in groups:
        parts.append(
            f'<text x="0" y="{y + 12}"{FONT} font-weight="bold">{escape(group.label)}</text>'
        )
        y += LABEL_HEIGHT
        for index, bar in enumerate(group.bars):
            colour = COLOURS[index % len(COLOURS)]
            parts.append(
                f'<rect x="0" y="{y}" width="{BAR_AREA}" height="{BAR_HEIGHT}" fill="#eeeeee"/>'
            )
            if bar.value is not None and group.maximum > 0:
                share = max(Decimal(0), min(Decimal(1), bar.value / group.maximum))
                width = round(BAR_AREA * share, 1)
                paint = (
                    f'fill="url(#partial-{index % len(COLOURS)})" stroke="{colour}"'
                    if bar.partial
                    else f'fill="{colour}"'
                )
                parts.append(f'<rect x="0" y="{y}" width="{width}" height="{BAR_HEIGHT}" {paint}/>')
            parts.append(f'<text x="{BAR_AREA + 8}" y="{y + 9}"{FONT}>{escape(bar.text)}</text>')
            y += BAR_HEIGHT + 2
        y += GAP
    height = y
    body = "".join(parts)
    hatches = _hatches() if any(b.partial for g in groups for b in g.bars) else ""
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">'
        f"<title>{escape(title)}</title>{hatches}{body}</svg>"
    )


def _hatches() -> str:
    """One diagonal hatch per stage colour, for partial bars (readable in black and white)."""
    patterns = "".join(
        f'<pattern id="partial-{index}" width="6" height="6" patternUnits="userSpaceOnUse"'
        f' patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="{colour}"/></pattern>'
        for index, colour in enumerate(COLOURS)
    )
    return f"<defs>{patterns}</defs>"
