"""The `maquette` command's text: the table of the fiches, then the proposal.

Plain text (no markup: labels come from a file), amounts as `12 000,00 €`. At 80 columns the
fiche number and every figure stay whole: the label column is cut first, then dropped, then
the `€` signs go to the header; piped output (`width=None`) is never cut.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from decimal import Decimal

from grantgrid.maquette import words
from grantgrid.maquette.figures import FicheFigures
from grantgrid.maquette.view import MaquetteView
from grantgrid.money import format_eur, format_percent
from grantgrid.words import Money, render

ELLIPSIS = "…"


def amount(value: Decimal, euro: bool = True, lang: str = "fr") -> str:
    """An amount in the run's language; without `euro` when the header says the unit."""
    text = format_eur(value, lang)
    return text if euro else text.removesuffix(" €").replace("€", "", 1)


def share(value: Decimal | None, lang: str = "fr") -> str:
    return format_percent(value, 2, lang)


def _row(cells: Sequence[str], widths: Sequence[int], right: Sequence[bool], gap: int) -> str:
    parts = [
        cell.rjust(width) if align else cell.ljust(width)
        for cell, width, align in zip(cells, widths, right, strict=True)
    ]
    return (" " * gap).join(parts).rstrip()


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[bool],
    width: int | None,
    cut: int | None = None,
) -> list[str]:
    """Lines of a table; column `cut` (if any) is shortened so that the table fits `width`."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    gap = 2
    if width is not None and sum(widths) + gap * (len(widths) - 1) > width:
        gap = 1
    if width is not None and cut is not None:
        room = width - (sum(widths) - widths[cut]) - gap * (len(widths) - 1)
        widths[cut] = max(room, 0)
    lines = []
    for cells in [header, *rows]:
        shown = list(cells)
        if cut is not None and len(shown[cut]) > widths[cut]:
            shown[cut] = shown[cut][: max(widths[cut] - 1, 0)] + ELLIPSIS
        lines.append(_row(shown, widths, right, gap))
    lines.insert(1, (" " * gap).join("─" * w for w in widths))
    return lines


def _figures_row(fiche: FicheFigures, name: str, euro: bool, lang: str) -> list[str]:
    return [
        name,
        amount(fiche.envelope, euro, lang),
        amount(fiche.programme, euro, lang),
        amount(fiche.reserve, euro, lang),
        amount(fiche.disponible, euro, lang),
        amount(fiche.paye, euro, lang),
        share(fiche.programme_share, lang),
    ]


def fiche_table(view: MaquetteView, lang: str, width: int | None) -> list[str]:
    """Per fiche: envelope, programmé, réservé, disponible, payé, % programmé; then the total."""
    figures = view.figures
    heads = [words.FICHE, words.ENVELOPE, words.PROGRAMME, words.RESERVE]
    heads += [words.DISPONIBLE, words.PAYE, words.SHARE]
    header = [h(lang) for h in heads]
    right = [False, *[True] * 6]
    for euro in (True, False):
        rows = [_figures_row(f, f.fiche, euro, lang) for f in figures.fiches.values()]
        rows.append(_figures_row(figures.totals, words.TOTAL(lang), euro, lang))
        labels = [f.label for f in figures.fiches.values()] + [""]
        key_width = sum(max(len(r[i]) for r in [header, *rows]) for i in range(7)) + 6
        if width is None or key_width + 1 + 12 <= width:  # room for a useful label
            with_label = [[*r, label] for r, label in zip(rows, labels, strict=True)]
            return table([*header, words.LABEL(lang)], with_label, [*right, False], width, cut=7)
        if key_width <= width or not euro:
            lines = table(header, rows, right, width)
            if not euro:
                lines.insert(0, f"({words.AMOUNTS_IN_EUR(lang)})")
            lines.append("")
            for f in figures.fiches.values():  # labels wrap under the table, never cut
                indent = " " * (len(f.fiche) + 2)
                lines += textwrap.wrap(
                    f"{f.fiche}  {f.label}", width, subsequent_indent=indent
                ) or [f.fiche]
            return lines
    return []  # pragma: no cover - the loop always returns


def proposal_lines(view: MaquetteView, lang: str, width: int | None) -> list[str]:
    lines = [words.PROPOSAL_TITLE(lang)]
    if not view.proposal:
        return [*lines, words.NO_PROPOSAL(lang)]
    header = [words.RANK(lang), words.DOSSIER(lang), words.REQUESTED(lang)]
    header += [words.OPINION(lang), words.REMAINING(lang)]
    for fiche_id, proposed in view.proposal.items():
        fiche = view.figures.fiches[fiche_id]
        params = {"fiche": fiche_id, "disponible": Money(fiche.disponible)}
        lines += ["", render(words.PROPOSAL_FICHE, params, lang)]
        rows = [
            [
                str(p.rank) if p.rank is not None else "—",
                p.dossier,
                amount(p.amount, lang=lang),
                (words.FUNDABLE if p.fundable else words.WAITING)(lang),
                amount(p.remaining, lang=lang),
            ]
            for p in proposed
        ]
        lines += table(header, rows, [True, False, True, False, True], width)
    return lines


def render_text(view: MaquetteView, lang: str = "fr", width: int | None = 80) -> str:
    """The whole `maquette` output but the diagnostics."""
    maquette = view.maquette
    lines = [
        f"{maquette.title} ({words.FUND(lang)} : {maquette.fund})"
        if lang == "fr"
        else f"{maquette.title} ({words.FUND(lang)}: {maquette.fund})",
        "",
    ]
    lines += fiche_table(view, lang, width)
    if view.figures.unattributed:
        lines += [
            "",
            render(words.UNATTRIBUTED, {"amount": Money(view.figures.unattributed)}, lang),
        ]
    lines += [""]
    lines += proposal_lines(view, lang, width)
    return "\n".join(lines) + "\n"
