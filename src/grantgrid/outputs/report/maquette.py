"""The maquette as a section of an HTML or Markdown page: the report index and the minutes
end with it (SPEC-committee §6). Self-contained: inline styles, the chart inline as SVG."""

from __future__ import annotations

from markupsafe import Markup, escape

from grantgrid.maquette import words
from grantgrid.maquette.chart import envelope_chart
from grantgrid.maquette.figures import FicheFigures
from grantgrid.maquette.view import MaquetteView
from grantgrid.money import format_eur, format_percent
from grantgrid.outputs.report.markdown import MarkdownSafe
from grantgrid.outputs.report.markdown import cell as md_cell

CELL = ' style="padding:2px 4px;border-bottom:1px solid #ccc;text-align:left;vertical-align:top"'
NUMBER = (
    ' style="padding:2px 4px;border-bottom:1px solid #ccc;text-align:right;white-space:nowrap;'
    'vertical-align:top"'
)
TABLE = ' style="border-collapse:collapse;width:100%;font-size:8.5pt"'


def _heads(lang: str) -> list[str]:
    return [
        words.FICHE(lang),
        words.LABEL(lang),
        words.ENVELOPE(lang),
        words.PROGRAMME(lang),
        words.RESERVE(lang),
        words.DISPONIBLE(lang),
        words.PAYE(lang),
        words.SHARE_LONG(lang),
    ]


def _cells(fiche: FicheFigures, name: str, label: str, lang: str) -> list[str]:
    """The figures in the page's language (`€90,000.00` in an English index)."""
    return [
        name,
        label,
        format_eur(fiche.envelope, lang),
        format_eur(fiche.programme, lang),
        format_eur(fiche.reserve, lang),
        format_eur(fiche.disponible, lang),
        format_eur(fiche.paye, lang),
        format_percent(fiche.programme_share, 2, lang),
    ]


def _rows(view: MaquetteView, lang: str) -> list[list[str]]:
    figures = view.figures
    rows = [_cells(f, f.fiche, f.label, lang) for f in figures.fiches.values()]
    rows.append(_cells(figures.totals, words.TOTAL(lang), "", lang))
    return rows


def maquette_html(view: MaquetteView, lang: str = "fr") -> Markup:
    """A `<section>`: the title, the table of the fiches, the chart and the proposal."""
    head = "".join(f"<th{CELL}>{escape(h)}</th>" for h in _heads(lang))
    body = []
    for row in _rows(view, lang):
        cells = [f"<td{CELL}>{escape(row[0])}</td>", f"<td{CELL}>{escape(row[1])}</td>"]
        cells += [f"<td{NUMBER}>{escape(c)}</td>" for c in row[2:]]
        body.append(f"<tr>{''.join(cells)}</tr>")
    parts = [
        f'<section class="maquette"><h2>{escape(view.maquette.title)}</h2>',
        f'<table class="maquette"{TABLE}><thead><tr>{head}</tr></thead>',
        f"<tbody>{''.join(body)}</tbody></table>",
        f'<div style="margin:10px 0">{envelope_chart(view, lang)}</div>',
        f"<h3>{escape(words.PROPOSAL_TITLE(lang))}</h3>",
    ]
    if not view.proposal:
        parts.append(f"<p>{escape(words.NO_PROPOSAL(lang))}</p>")
    for fiche_id, proposed in view.proposal.items():
        fiche = view.figures.fiches[fiche_id]
        heading = words.PROPOSAL_FICHE(lang).format(
            fiche=fiche_id, disponible=format_eur(fiche.disponible, lang)
        )
        rows = "".join(
            f"<tr><td{NUMBER}>{escape(str(p.rank) if p.rank is not None else '—')}</td>"
            f"<td{CELL}>{escape(p.dossier)}</td><td{CELL}>{escape(p.title)}</td>"
            f"<td{NUMBER}>{escape(format_eur(p.amount, lang))}</td>"
            f"<td{CELL}>{escape((words.FUNDABLE if p.fundable else words.WAITING)(lang))}</td>"
            f"<td{NUMBER}>{escape(format_eur(p.remaining, lang))}</td></tr>"
            for p in proposed
        )
        heads = [words.RANK, words.DOSSIER, words.LABEL, words.REQUESTED, words.OPINION]
        heads.append(words.REMAINING)
        head_row = "".join(f"<th{CELL}>{escape(h(lang))}</th>" for h in heads)
        parts.append(
            f"<h4>{escape(heading)}</h4><table{TABLE}>"
            f"<thead><tr>{head_row}</tr></thead><tbody>{rows}</tbody></table>"
        )
    parts.append("</section>")
    return Markup("".join(parts))


def maquette_markdown(view: MaquetteView, lang: str = "fr") -> MarkdownSafe:
    """The same section in Markdown (no chart: Markdown has no drawing)."""
    lines = [f"## {md_cell(view.maquette.title)}", ""]
    heads = _heads(lang)
    lines.append("| " + " | ".join(heads) + " |")
    lines.append("|" + "|".join(["---", "---", *["---:"] * 6]) + "|")
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in _rows(view, lang)]
    lines += ["", f"### {words.PROPOSAL_TITLE(lang)}", ""]
    if not view.proposal:
        lines.append(words.NO_PROPOSAL(lang))
    for fiche_id, proposed in view.proposal.items():
        fiche = view.figures.fiches[fiche_id]
        heading = words.PROPOSAL_FICHE(lang).format(
            fiche=fiche_id, disponible=format_eur(fiche.disponible, lang)
        )
        lines += [f"#### {md_cell(heading)}", ""]
        lines.append(
            f"| {words.RANK(lang)} | {words.DOSSIER(lang)} | {words.REQUESTED(lang)} | "
            f"{words.OPINION(lang)} | {words.REMAINING(lang)} |"
        )
        lines.append("|---:|---|---:|---|---:|")
        for p in proposed:
            opinion = (words.FUNDABLE if p.fundable else words.WAITING)(lang)
            rank = str(p.rank) if p.rank is not None else "—"
            lines.append(
                f"| {rank} | {md_cell(p.dossier)} | {md_cell(format_eur(p.amount, lang))} | "
                f"{md_cell(opinion)} | {md_cell(format_eur(p.remaining, lang))} |"
            )
        lines.append("")
    return MarkdownSafe("\n".join(lines) + "\n")  # built from escaped cells: printed as is
