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
from grantgrid.outputs.labels import CATALOGUE
from grantgrid.outputs.numbers import Numbers
from grantgrid.outputs.report import BUILTIN_TEMPLATES, render_reports, write_reports

GOLDEN = Path(__file__).parent / "golden"
DAY = datetime.date(2026, 11, 23)
SHA256 = re.compile(r"\b[0-9a-f]{64}\b")


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
    page = render(reference_run)["DLQC-2017-01.html"]
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
    written = write_reports(reference_run, tmp_path / "out", fmt="pdf", today=DAY)
    assert [w.path.name for w in written] == ["DLQC-2017-01.pdf", "index.html"]
    data = written[0].path.read_bytes()
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(written[0].path)
    assert 3 <= len(reader.pages) <= 10  # the fiche: identity, budget, three axes, summary
    assert "Révolution numérique et ambition culturelle" in reader.metadata.title
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Révolution numérique" in text and "Plan de financement" in text
    assert 'href="DLQC-2017-01.pdf"' in written[1].path.read_text(encoding="utf-8")


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
