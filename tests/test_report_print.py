"""What a printed report and its index need: language and hyphenation, the index's columns and
reasons, the way back to the index, a reproducible date (the PDF bundle is in test_report.py)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from markupsafe import Markup

from conftest import ROOT, Call, reference_text
from grantgrid.evaluation import evaluate
from grantgrid.outputs.report import render_reports
from grantgrid.outputs.report.hyphens import SOFT_HYPHEN, hyphenate
from test_report import render, table_rows


def variant(dossier_id: str, *edits: tuple[str, str]) -> str:
    text = reference_text().replace("dossier: DLQC-2017-01", f"dossier: {dossier_id}")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def four(call: Call) -> Call:
    """The fiche, and three copies: below the threshold, not scored, invalid."""
    call.dossier("a.yaml", reference_text())
    low = "    innovant: {amont: 0, objet: 0, action: 0}\n    economique: {amont: 0, objet: 0, action: 0}"
    call.dossier(
        "b.yaml",
        variant(
            "LOW-1",
            (
                "    innovant: {amont: 2, objet: 2, action: 2}\n"
                "    economique: {amont: 2, objet: 2, action: 2}",
                low,
            ),
        ),
    )
    scores = reference_text().split("scores:\n")[1].split("remarks:")[0]
    call.dossier("c.yaml", variant("TODO-1", ("scores:\n" + scores, "scores: {}\n")))
    call.dossier(
        "d.yaml",
        variant("BAD-1", ("{funder: leader, amount: 29343.05}", "{funder: leader, amount: 29000}")),
    )
    return call


def test_pages_say_their_language_and_hyphenate(four: Call) -> None:
    run = four.run()
    for lang in ("fr", "en"):
        pages = render(run, lang=lang)
        for page in pages.values():
            assert f'<html lang="{lang}">' in page
            assert "hyphens: auto" in page  # the page's language picks the hyphenation rules
    page = render(run)["DLQC-2017-01.html"]
    # A long word of a narrow column may break, at a syllable only; an id never.
    assert f"Qua{SOFT_HYPHEN}li{SOFT_HYPHEN}fi{SOFT_HYPHEN}ca{SOFT_HYPHEN}tion" in page
    identity = page.split('<table class="identity">')[1].split("</table>")[0]
    assert SOFT_HYPHEN not in identity


def test_hyphenate_marks_syllables_of_long_words_only() -> None:
    text = "Diversification de l'offre, DLQC-2017-01"
    marked = hyphenate(text, "fr")
    assert isinstance(marked, str) and marked.replace(SOFT_HYPHEN, "") == text
    assert marked.startswith(f"Di{SOFT_HYPHEN}ver{SOFT_HYPHEN}si")
    assert marked.endswith("de l'offre, DLQC-2017-01")  # short words and ids untouched
    assert hyphenate(Markup("<b>Diversification</b>"), "fr") == Markup("<b>Diversification</b>")
    assert hyphenate(None, "fr") is None


def test_index_shows_grid_threshold_fund_and_why_a_dossier_has_no_rank(four: Call) -> None:
    pages = render(four.run())
    index = pages["index.html"]
    assert "(leader-tulle-2014-2020)\u00a0: note maximale 20, seuil de sélection 10" in index
    rows = {row[1]: row for row in table_rows(index, "index")[1:]}
    header = table_rows(index, "index")[0]
    assert header[5] == "LEADER (FEADER)"  # the grid's co-financing fund, one column
    # Rank, id, title and applicant, score, cost, fund, status and why.
    assert rows["DLQC-2017-01"][0] == "1" and rows["DLQC-2017-01"][3] == "20/20"
    assert rows["DLQC-2017-01"][5] == "29\u202f343,05\u00a0€"
    assert rows["LOW-1"][0] == "2"  # ranked, but not selected: the reason says why
    assert rows["LOW-1"][6] == "non retenu total de 8, sous le minimum de 10"
    assert rows["TODO-1"][0] == "—"
    assert rows["TODO-1"][6] == "incomplet non classé\u00a0: notation incomplète"
    assert rows["BAD-1"][0] == "—" and rows["BAD-1"][3] == "—"
    assert re.fullmatch(
        r"invalide non classé\u00a0: dossier invalide \(\d+ erreurs?\)", rows["BAD-1"][6]
    )
    assert rows["BAD-1"][5] == "29\u202f000,00\u00a0€"  # what the dossier asks for
    # An id is one line: never wrapped at its hyphens.
    assert '<td class="id literal nowrap"><a href="DLQC-2017-01.html">DLQC-2017-01</a>' in index
    md = render(four.run(), "md")["index.md"]
    assert "seuil de sélection 10" in md and "| 29\u202f343,05\u00a0€ |" in md
    assert re.search(r"\| incomplet \(non classé\s: notation incomplète\) \|", md)


def test_every_report_links_back_to_the_index(four: Call) -> None:
    run = four.run()
    for fmt, link in (
        ("html", 'href="index.html"'),
        ("md", "](index.md)"),
        ("pdf", 'href="index.html"'),
    ):
        pages = render(run, fmt)
        reports = [text for name, text in pages.items() if not name.startswith("index.")]
        assert len(reports) == 4 and all(link in text for text in reports), fmt


def test_the_date_comes_from_source_date_epoch(four: Call, monkeypatch: pytest.MonkeyPatch) -> None:
    run = four.run()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13 UTC
    first = {n: t for n, _, t in render_reports(run, version="V")}
    assert all("14 novembre 2023" in text for text in first.values())
    assert first == {n: t for n, _, t in render_reports(run, version="V")}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not a number")  # ignored, as reproducible builds do
    text = dict((n, t) for n, _, t in render_reports(run, version="V"))["index.html"]
    assert "14 novembre 2023" not in text and "Généré par grantgrid V le " in text


def test_english_reasons_write_english_numbers(other_call: Call) -> None:
    from test_scoring import dossier, full

    other_call.dossier("a.yaml", dossier("A", full("instruction", "2.5", "2", "1", "1", "1", "1")))
    outcome = other_call.run().outcomes[0]
    reason = outcome.reasons[0]  # then the floor of the impact axis
    assert reason.text("en") == "total 9.5 is below the minimum of 12"
    assert reason.text("fr") == "total de 9,5, sous le minimum de 12"
    assert outcome.final is not None and outcome.final.total == Decimal("9.5")


def test_the_english_index_writes_the_maquette_in_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    index = render(evaluate([Path("applications/dlqc-2017-01.yaml")]), lang="en")["index.html"]
    maquette = index.split('<section class="maquette">')[1]
    assert "€90,000.00" in maquette and "90.94%" in maquette
    assert not re.search(r"\d,\d\d[\s\u00a0\u202f]*€", maquette)  # no French amount left


def test_hyphenate_leaves_a_huge_text_alone() -> None:
    """An invalid dossier's raw title can be a megabyte: the index's time budget is not for it."""
    huge = "diversification " * 100_000
    assert hyphenate(huge, "fr") is huge
    assert SOFT_HYPHEN in str(hyphenate("a" * 50 + " diversification", "fr"))
    assert "a" * 50 in str(hyphenate("a" * 50, "fr"))  # no word of a dictionary


def test_a_grid_without_phases_heads_its_cells_criterion_never_phase(other_call: Call) -> None:
    """SPEC.md: without phases a cell is named by its label, and the column says Critère."""
    from test_scoring import dossier, full

    other_call.dossier("a.yaml", dossier("A", full("instruction", "2.5", "2", "1", "1", "1", "1")))
    run = other_call.run()
    for lang, first, second in (
        ("fr", "Critère", "Éléments examinés"),
        ("en", "Criterion", "What is examined"),
    ):
        pages = render(run, lang=lang)
        html = pages["A.html"]
        assert f"<th>{first}</th><th>{second}</th>" in html and "<th>Phase</th>" not in html
        page = render(run, fmt="md", lang=lang)["A.md"]
        assert f"| {first} | {second} |" in page and "| Phase |" not in page
