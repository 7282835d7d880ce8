"""`grantgrid report`: the reference fiche as golden files, the layout, languages and PDF."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REFERENCE_DOSSIER, REFERENCE_GRID, ROOT, Call
from grantgrid.cli import app
from grantgrid.evaluation import Run, evaluate
from grantgrid.outputs.report import BUILTIN_TEMPLATES, render_reports, write_reports
from grantgrid.words.numbers import Numbers
from grantgrid.words.report import CATALOGUE

GOLDEN = Path(__file__).parent / "golden"
DAY = datetime.date(2026, 11, 23)
SHA256 = re.compile(r"\b[0-9a-f]{64}\b")
SOFT = "\u00ad"
"""The soft hyphen the `hyphenate` filter puts in the long words of narrow columns."""


@pytest.fixture
def reference_run(monkeypatch: pytest.MonkeyPatch) -> Run:
    """The reference dossier alone, run from the repository root as a secretary would."""
    monkeypatch.chdir(ROOT)
    return evaluate([Path("applications/dlqc-2017-01.yaml")])


def render(run: Run, fmt: str = "html", lang: str = "fr") -> dict[str, str]:
    return {
        name: text
        for name, _, text in render_reports(run, fmt=fmt, lang=lang, today=DAY, version="VERSION")
    }


def normalised(text: str) -> str:
    """The hashes change whenever the reference files are edited: they have their own test."""
    return SHA256.sub("<sha256>", text)


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_reference_report_matches_golden(reference_run: Run, fmt: str) -> None:
    text = normalised(render(reference_run, fmt)[f"DLQC-2017-01.{fmt}"])
    golden = GOLDEN / f"report-dlqc-2017-01.{fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_reference_report_shows_the_fiche(reference_run: Run) -> None:
    page = render(reference_run)["DLQC-2017-01.html"].replace(SOFT, "")
    for expected in [
        "Révolution numérique et ambition culturelle",
        "Association Des Lendemains qui chantent",
        "Avenue du Lieutenant Colonel Faro 19000 TULLE",
        "1.1 Accompagner la montée en débit",
        "2017–2019",
        "45\u202f848,51\u00a0€",  # Babel's French: narrow no-break space, no-break space before €
        "29\u202f343,05\u00a0€",
        "80\u00a0%",
        "20/20",
        "Note en comité restreint",
        "Note CUC",
        "Partenariats engagés",
        "Favoriser la co-construction des projets",
        "SoCoop",
        "retenu",
        "Sous-total",
        "<svg",
    ]:
        assert expected in page, expected
    assert page.count("✓") == 8 and "✗" not in page


def test_footer_traces_the_report_to_its_input_files(reference_run: Run) -> None:
    page = render(reference_run)["DLQC-2017-01.html"]
    for path in (REFERENCE_DOSSIER, REFERENCE_GRID):
        assert hashlib.sha256(path.read_bytes()).hexdigest() in page
    assert "grantgrid VERSION" in page and "23 novembre 2026" in page
    assert "leader-tulle-2014-2020" in page


def test_english_labels_and_formats(reference_run: Run) -> None:
    page = render(reference_run, lang="en")["DLQC-2017-01.html"]
    assert "Financing plan" in page and "Plan de financement" not in page
    assert "€45,848.51" in page and "80%" in page
    assert "23 November 2026" in page and 'lang="en"' in page


def test_both_languages_have_every_label() -> None:
    assert CATALOGUE["fr"].keys() == CATALOGUE["en"].keys()


def test_amounts_rates_and_scores_are_formatted_by_babel() -> None:
    fr = Numbers("fr_FR")
    assert fr.eur(Decimal("45848.51")) == "45\u202f848,51\u00a0€"
    assert fr.eur(Decimal("-0.00")) == "0,00\u00a0€"
    assert fr.eur(Decimal("0.005")) == "0,01\u00a0€"  # half-up to the cent, not half-even
    assert fr.percent(Decimal("0.8")) == "80\u00a0%"
    assert fr.percent(Decimal("0.1599")) == "15,99\u00a0%"
    assert fr.percent(None) == "—"
    assert fr.number(Decimal("1.50")) == "1,5"
    assert fr.signed(Decimal("-2")) == "−2" and fr.signed(Decimal("1")) == "+1"


def test_index_lists_every_dossier_in_rank_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    run = evaluate([Path("applications")])
    index = render(run)["index.html"]
    links = re.findall(r'<a href="([^"]+)">', index)
    expected = [f"{o.dossier_id}.html" for o in run.ordered()]
    assert links == expected and len(links) == len(run.outcomes)
    md = render(run, "md")["index.md"]
    assert re.findall(r"\]\(([^)]+)\)", md) == [f"{o.dossier_id}.md" for o in run.ordered()]


def test_a_stage_scored_later_shows_its_difference(call: Call) -> None:
    text = REFERENCE_DOSSIER.read_text(encoding="utf-8").replace(
        "    bonus: {emergence: 2}\n",
        "    bonus: {emergence: 2}\n"
        "  cuc:\n"
        "    innovant: {amont: 2, objet: 1, action: 2}\n"
        "    economique: {amont: 2, objet: 2, action: 2}\n"
        "    territorial: {amont: 2, objet: 2, action: 2}\n"
        "    bonus: {emergence: 2}\n",
    )
    call.dossier("ref.yaml", text)
    page = render(call.run())["DLQC-2017-01.html"]
    assert "19/20" in page and "−1" in page
    assert "(Note CUC)" in page  # the final stage is the last complete one


def test_pdf_report(tmp_path: Path, reference_run: Run) -> None:
    pytest.importorskip("weasyprint", reason="WeasyPrint is not installed (pip install '.[pdf]')")
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed (pip install '.[test]')")
    # One dossier: each WeasyPrint layout takes about two seconds.
    written = write_reports(reference_run, tmp_path / "out", fmt="pdf", today=DAY)
    assert [w.path.name for w in written] == ["DLQC-2017-01.pdf", "index.html", "dossiers.pdf"]
    data = written[0].path.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(written[0].path)
    # The 2-page fiche, with its answers in full and three stages, on at most 5 A4 pages — in
    # the fonts the reports ask for (Arial's metrics); DejaVu Sans, wider, takes one more.
    import subprocess

    fonts = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    arial_metrics = "Liberation Sans" in fonts or "Arial" in fonts
    assert 3 <= len(reader.pages) <= (5 if arial_metrics else 6)
    assert "Révolution numérique et ambition culturelle" in reader.metadata.title
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Révolution numérique" in text and "Plan de financement" in text
    assert 'href="DLQC-2017-01.pdf"' in written[1].path.read_text(encoding="utf-8")
    # dossiers.pdf: the index (A4 landscape), then every report, whole; a bookmark for each.
    bundle = pypdf.PdfReader(written[2].path)
    first = bundle.pages[0].mediabox
    assert first.width > first.height and len(bundle.pages) == 1 + len(reader.pages)
    top = [entry for entry in bundle.outline if not isinstance(entry, list)]
    assert [entry.title for entry in top] == [
        "Dossiers présentés au comité",
        "DLQC-2017-01 — Révolution numérique et ambition culturelle",
    ]
    assert [bundle.get_destination_page_number(entry) for entry in top] == [0, 1]
    # Links between the files become links inside it: index → report, report → index.
    targets = [
        str(annot.get_object().get("/Dest"))
        for page in bundle.pages
        for annot in page.get("/Annots") or []
    ]
    assert targets == ["dossier-DLQC-2017-01", "index"]
    assert "/StructTreeRoot" in bundle.trailer["/Root"]  # tagged for screen readers


def test_pdf_without_weasyprint_says_what_to_install(
    tmp_path: Path, reference_run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "weasyprint", None)  # import fails
    result = CliRunner().invoke(
        app, ["report", "applications/dlqc-2017-01.yaml", "-o", str(tmp_path), "--format", "pdf"]
    )
    assert result.exit_code == 2
    message = " ".join(result.output.split())  # the terminal wraps long lines
    assert "pip install 'grantgrid[pdf]'" in message
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_cli_writes_reports_and_lists_them(tmp_path: Path, reference_run: Run) -> None:
    out = tmp_path / "reports"
    result = CliRunner().invoke(app, ["report", "applications/dlqc-2017-01.yaml", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["DLQC-2017-01.html", "index.html"]
    assert f"{out / 'DLQC-2017-01.html'}" in result.output
    result = CliRunner().invoke(
        app, ["report", "applications/dlqc-2017-01.yaml", "-o", str(out), "--format", "md"]
    )
    assert result.exit_code == 0
    assert (
        (out / "DLQC-2017-01.md")
        .read_text(encoding="utf-8")
        .startswith("# Révolution numérique et ambition culturelle\n")
    )


def test_templates_ship_inside_the_wheel() -> None:
    """pyproject's package-data `templates/*` ships the built-in templates: files, no folders."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "templates/*" in config["tool"]["setuptools"]["package-data"]["grantgrid"]
    shipped = {p.name for p in BUILTIN_TEMPLATES.iterdir()}
    assert {"report.html", "report.md", "index.html", "index.md", "report.css"} <= shipped
    assert not [p for p in BUILTIN_TEMPLATES.iterdir() if p.is_dir() and p.name != "__pycache__"]


def test_a_partly_scored_stage_says_what_is_missing(call: Call) -> None:
    text = REFERENCE_DOSSIER.read_text(encoding="utf-8").replace(
        "    territorial: {amont: 2, objet: 2, action: 2}\n    bonus: {emergence: 2}\n",
        "    territorial: {amont: 2, objet: 2}\n",
    )
    call.dossier("ref.yaml", text)
    run = call.run()
    page = render(run)["DLQC-2017-01.html"]
    assert "incomplet" in page and "(partiel)" in page and "16/20" in page
    assert "Caractère structurant / développement territorial — Action, vie du projet" in page
    md = render(run, "md")["DLQC-2017-01.md"]
    assert "**16** (partiel)" in md and "Bonus — Émergence en lien avec l'animation" in md


def table_rows(page: str, css_class: str) -> list[list[str]]:
    """The text of every cell, row by row, of the first `<table class="…">` of a page.

    Tags become spaces and runs of ASCII spaces one; Babel's no-break spaces are kept, soft
    hyphens (invisible unless a line breaks there) are dropped.
    """
    table = re.search(rf'<table class="{css_class}[" ][^>]*>(.*?)</table>', page, re.S)
    assert table, css_class
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S)
    return [
        [
            re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", c)).strip().replace(SOFT, "")
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r, re.S)
        ]
        for r in rows
    ]


def with_cuc(scores: str) -> str:
    """The reference dossier with a second stage (CUC) scored as given."""
    return REFERENCE_DOSSIER.read_text(encoding="utf-8").replace(
        "    bonus: {emergence: 2}\n", "    bonus: {emergence: 2}\n  cuc:\n" + scores
    )


def test_no_difference_against_a_partly_scored_stage(call: Call) -> None:
    """4/20 (partiel) against 20/20 is not −16: a partial stage is a sum of fewer cells."""
    call.dossier(
        "ref.yaml",
        with_cuc("    innovant: {amont: 2, objet: 1, action: 2}\n    economique: {amont: 1}\n"),
    )
    run = call.run()
    page = render(run)["DLQC-2017-01.html"]
    summary = {row[0]: row[1:] for row in table_rows(page, "summary")}
    # Axis, maximum, restreint, CUC, difference: an axis fully scored in both stages differs…
    assert summary["Caractère innovant"] == ["6", "—", "6", "5", "—", "−1"]
    # …an axis partly scored at CUC is marked partial and has no difference.
    assert summary["Caractère économique"] == ["6", "—", "6", "1 partiel", "—", "—"]
    assert summary["Caractère structurant / développement territorial"] == [
        "6",
        "—",
        "6",
        "—",
        "—",
        "—",
    ]
    assert summary["Total"] == ["20", "—", "20", "6 partiel", "—", "—"]
    totals = table_rows(page, "grid totals")
    assert totals[-1] == ["Écart Note CUC − Note en comité restreint", "", "", "—"]
    assert "−14" not in page and "−16" not in page
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert "1/6 (partiel)" in chart and 'fill="url(#partial-2)"' in chart
    md = render(run, "md")["DLQC-2017-01.md"]
    assert "| Caractère économique | 6 | — | 6 | 1 (partiel) | — | — |" in md
    assert "| **Total** | **20** | **—** | **20** | **6** (partiel) | — | — |" in md


def test_a_complete_later_stage_shows_every_difference(call: Call) -> None:
    call.dossier(
        "ref.yaml",
        with_cuc(
            "    innovant: {amont: 2, objet: 1, action: 2}\n"
            "    economique: {amont: 2, objet: 2, action: 2}\n"
            "    territorial: {amont: 2, objet: 2, action: 2}\n"
            "    bonus: {emergence: 2}\n"
        ),
    )
    page = render(call.run())["DLQC-2017-01.html"]
    summary = {row[0]: row[1:] for row in table_rows(page, "summary")}
    assert summary["Total"] == ["20", "—", "20", "19", "—", "−1"]
    assert summary["Bonus"] == ["2", "—", "2", "2", "—", "0"]
    assert "partiel" not in page and "url(#partial" not in page


def test_an_invalid_dossier_has_no_final_score(call: Call) -> None:
    """Its scores are shown in the grid, but the status box and the index count none of them."""
    call.dossier(
        "ref.yaml",
        REFERENCE_DOSSIER.read_text(encoding="utf-8").replace(
            "{funder: leader, amount: 29343.05}", "{funder: leader, amount: 29000}"
        ),
    )
    run = call.run()
    pages = render(run)
    status = pages["DLQC-2017-01.html"].split('<section class="status">')[1].split("</section>")[0]
    assert "invalide" in status and "non retenue\u00a0: dossier invalide" in status
    assert "20/20" not in status
    # Rank, id, title and applicant, score, cost, LEADER, status: no rank, no score, and why.
    index_row = table_rows(pages["index.html"], "index")[1]
    assert index_row[0] == "—" and index_row[3] == "—"
    assert re.fullmatch(
        r"invalide non classé\u00a0: dossier invalide \(\d+ erreurs?\)", index_row[6]
    )
    md = render(run, "md")
    assert "**Note finale\u00a0:** — (non retenue\u00a0: dossier invalide)" in md["DLQC-2017-01.md"]
    assert "20/20" not in md["index.md"]
    assert "not counted: invalid dossier" in render(run, lang="en")["DLQC-2017-01.html"]


def test_share_columns_always_have_two_decimals(reference_run: Run) -> None:
    fr, en = Numbers("fr_FR"), Numbers("en_GB")
    assert fr.percent(Decimal("0.03"), 2) == "3,00\u00a0%"
    assert fr.percent(Decimal("0.037"), 2) == "3,70\u00a0%"
    assert fr.percent(Decimal("0.0238"), 2) == "2,38\u00a0%"
    assert fr.percent(Decimal("0.000050"), 2) == "0,01\u00a0%"  # half-up, as amounts
    assert (
        fr.percent(Decimal(1), 2) == "100,00\u00a0%" and en.percent(Decimal("0.037"), 2) == "3.70%"
    )
    assert fr.percent(Decimal("0.8")) == "80\u00a0%"  # rates keep their short form
    page = render(reference_run)["DLQC-2017-01.html"]
    for table in ("expenses", "resources"):
        shares = [row[-1] for row in table_rows(page, table)[1:]]
        assert shares and all(re.fullmatch(r"\d+,\d\d\u00a0%", s) for s in shares), shares
    md = render(reference_run, "md")["DLQC-2017-01.md"]
    assert "| Région | public | 7\u202f335,76\u00a0€ | 16,00\u00a0% |" in md


def test_every_printed_page_names_the_dossier_and_its_number(reference_run: Run) -> None:
    """@page margin boxes: the dossier id bottom left, "page X / N" bottom right."""
    css = (BUILTIN_TEMPLATES / "report.css").read_text(encoding="utf-8")
    assert "@bottom-left" in css and "@bottom-right" in css
    assert 'counter(page) " / " counter(pages)' in css
    page = render(reference_run)["DLQC-2017-01.html"]
    assert '@bottom-left { content: "DLQC-2017-01"; }' in page
    assert '@bottom-right { content: "page" " " counter(page) " / " counter(pages); }' in page


def test_counts_are_written_in_the_singular_or_the_plural(call: Call) -> None:
    text = REFERENCE_DOSSIER.read_text(encoding="utf-8")
    call.dossier("a.yaml", text)
    call.dossier("b.yaml", text.replace("dossier: DLQC-2017-01", "dossier: DLQC-2017-02"))
    pages = render(call.run())
    assert "1 sur 2 dossiers classés sur cette grille" in pages["DLQC-2017-01.html"]
    assert "2 dossiers, par rang" in pages["index.html"]
    assert "6 dépenses, 3 ressources" in pages["DLQC-2017-01.html"]
    assert (
        "1 of 2 ranked dossiers on this grid" in render(call.run(), lang="en")["DLQC-2017-01.html"]
    )
    assert "(s)" not in pages["DLQC-2017-01.html"] and "(s)" not in pages["index.html"]


def test_a_missing_answer_says_so(call: Call) -> None:
    text = REFERENCE_DOSSIER.read_text(encoding="utf-8")
    start = text.index("    amont: |\n      Projet visant")
    end = text.index("    objet: |", start)
    call.dossier("ref.yaml", text[:start] + text[end:])
    run = call.run()
    page = render(run)["DLQC-2017-01.html"]
    assert '<p class="muted">Pas de réponse</p>' in page
    assert '<p class="muted">No answer</p>' in render(run, lang="en")["DLQC-2017-01.html"]
    assert "| Pas de réponse |" in render(run, "md")["DLQC-2017-01.md"]


def test_grid_answers_are_full_width_rows_under_their_phase(reference_run: Run) -> None:
    """One table per axis (its title repeats on every printed page), the answer below its phase."""
    page = render(reference_run)["DLQC-2017-01.html"]
    assert page.count('<table class="grid">') == 3 and '<table class="grid totals">' in page
    rows = table_rows(page, "grid")
    assert rows[0] == ["Caractère innovant"]
    assert rows[1] == [
        "Phase",
        "Critères",
        "Objectifs",
        "Avis du comité technique",
        "Note en comité restreint",
        "Note CUC",
    ]
    assert rows[2][0] == "Phase amont" and rows[2][-2:] == ["2/2", "/2"]
    assert rows[3][0].startswith("Réponses apportées — Phase amont Projet visant")
    assert '<tr class="answer first last"><td colspan="6">' in page


def test_messages_and_reasons_follow_the_report_language(call: Call) -> None:
    """A French report never quotes an English rule message or rejection reason."""
    from conftest import reference_text

    text = reference_text()
    call.dossier(
        "low.yaml",
        text.replace("{amont: 2, objet: 2, action: 2}", "{amont: 0, objet: 0, action: 0}"),
    )
    call.dossier(
        "bad.yaml",
        text.replace("dossier: DLQC-2017-01", "dossier: BAD-01").replace(
            "amount: 29343.05", "amount: 29000"
        ),
    )
    run = call.run()
    french, english = render(run, "html", "fr"), render(run, "html", "en")
    low = next(name for name in french if "DLQC" in name)
    bad = next(name for name in french if "BAD-01" in name)
    assert "total de 2, sous le minimum de 10" in french[low]
    assert "total 2 is below the minimum of 10" in english[low]
    assert "le budget n&#39;est pas équilibré" in french[bad]
    assert "the budget is not balanced" not in french[bad]
    assert "the budget is not balanced" in english[bad]
