"""Outputs: the table (80 columns), the JSON object, the chart, the HTML and the command."""

from __future__ import annotations

import io
import json
import shutil
import xml.etree.ElementTree as ET
from decimal import Decimal

from maquette_helpers import BASE, BUNDLED, candidate, decided, maquette_from, view_of

from grantgrid.maquette.chart import envelope_chart
from grantgrid.maquette.commands import maquette_command
from grantgrid.maquette.json import maquette_json
from grantgrid.maquette.terminal import render_text
from grantgrid.outputs.report.maquette import maquette_html, maquette_markdown

LONG = (
    BASE.replace("label: Numérique", "label: " + "Accompagner la montée en débit " * 4)
    .replace("envelope: 50000.00", "envelope: 1250000.00")
    .replace("fund: leader", "fund: leader")
)


def test_the_table_fits_80_columns_and_keeps_every_figure_whole(tmp_path):
    view = view_of(
        maquette_from(tmp_path, LONG),
        [decided("A-1", "1.1", "reserve", "1234567.89", "2025-02-04")],
        [candidate("CAF-2025-000001", "2.1", 1, "29343.05")],
    )
    text = render_text(view, "fr", 80)
    lines = text.splitlines()
    assert max(len(line) for line in lines[1:]) <= 80
    for figure in ("1 250 000,00", "1 234 567,89", "15 432,11", "29 343,05", "656,95 €"):
        assert figure in text
    assert "Fiche" in lines[2] and "Disponible" in lines[2]
    assert "CAF-2025-000001" in text and "finançable" in text


def test_piped_output_is_not_cut(tmp_path):
    view = view_of(maquette_from(tmp_path, LONG))
    text = render_text(view, "fr", None)
    assert ("Accompagner la montée en débit " * 4).strip() in text
    assert "Intitulé" in text


def test_the_bundled_table_at_80_columns():
    from grantgrid.maquette import load_maquette

    view = view_of(load_maquette(BUNDLED))
    text = render_text(view, "fr", 80)
    assert all(len(line) <= 80 for line in text.splitlines()[1:])
    row = next(line for line in text.splitlines() if line.startswith("1.1 "))
    assert row.split() == [
        "1.1", "90", "000,00", "€", "52", "500,00", "€", "0,00", "€", "37", "500,00", "€",
        "30", "000,00", "€", "58,33", "%",
    ]  # fmt: skip
    assert "Aucun dossier retenu n'attend de décision." in text


def test_english_labels(tmp_path):
    view = view_of(maquette_from(tmp_path), candidates=[candidate("A-1", "1.1", 1, "60000.00")])
    text = render_text(view, "en", 80)
    assert "Envelope" in text and "Available" in text and "waiting list" in text
    assert "Proposal for the next meeting" in text


def test_json_is_the_spec_object(tmp_path):
    text = BASE + (
        'history:\n  - {dossier: OLD-1, fiche: "2.1", amount: 10000.00, date: 2016-01-01}\n'
        "payments:\n  - {dossier: OLD-1, amount: 2500.5, date: 2017-01-01}\n"
    )
    view = view_of(
        maquette_from(tmp_path, text),
        [decided("A-1", "2.1", "reserve", "5000.00", "2025-02-04")],
        [candidate("B-2", "2.1", 1, "15000.00"), candidate("C-3", "2.1", 2, "0.01")],
    )
    document = json.loads(json.dumps(maquette_json(view)))
    assert document["maquette"] == "gal-test" and document["fund"] == "leader"
    assert document["fiches"]["2.1"] == {
        "envelope": "30000.00",
        "programme": "10000.00",
        "reserve": "5000.00",
        "disponible": "15000.00",
        "paye": "2500.50",
        "programme_share": 1 / 3,
    }
    assert document["fiches"]["1.1"]["programme_share"] == 0
    assert document["proposal"] == {
        "2.1": [
            {"dossier": "B-2", "amount": "15000.00", "fundable": True,
             "remaining": "0.00"},
            {"dossier": "C-3", "amount": "0.01", "fundable": False,
             "remaining": "0.00"},
        ]
    }  # fmt: skip
    assert document["totals"]["disponible"] == "65000.00"
    assert document["errors"] == [] and document["total"] is None


def test_json_errors_carry_code_position_and_figures(tmp_path):
    view = view_of(
        maquette_from(tmp_path), [decided("A-1", "2.1", "programme", "30000.01", "2025-02-04")]
    )
    [error] = maquette_json(view)["errors"]
    assert error["code"] == "maquette.exceeded"
    assert error["params"]["overrun"] == "0.01"
    assert error["severity"] == "error"
    assert view.figures.fiches["2.1"].disponible == Decimal("-0.01")
    assert maquette_json(view)["fiches"]["2.1"]["disponible"] == "-0.01"


def test_an_empty_envelope_has_a_null_share(tmp_path):
    view = view_of(maquette_from(tmp_path, BASE.replace("30000.00", "0")))
    assert maquette_json(view)["fiches"]["2.1"]["programme_share"] is None


def test_the_chart_is_svg_with_one_bar_per_fiche_and_escapes_labels(tmp_path):
    text = BASE.replace("label: Filières", 'label: "<script>alert(1)</script> & co"')
    view = view_of(
        maquette_from(tmp_path, text),
        [decided("A-1", "2.1", "programme", "40000.00", "2025-01-01")],
    )
    svg = str(envelope_chart(view, "fr"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert "1.1 Numérique — 50 000,00 €" in texts
    assert "programmé 133,3 % · disponible -10 000,00 €" in texts
    # the legend has one overrun swatch; the over-spent fiche draws a second one
    assert [r.get("fill") for r in root.iter(f"{ns}rect")].count("url(#overrun)") == 2
    assert int(root.get("width")) <= 640  # fits an A4 page


def test_html_and_markdown_sections_escape_dossier_text(tmp_path):
    view = view_of(
        maquette_from(tmp_path),
        candidates=[candidate("A-1", "1.1", 1, "100.00")],
    )
    html = str(maquette_html(view, "fr"))
    assert html.startswith('<section class="maquette">') and "<svg" in html
    assert "finançable" in html and "Proposition pour le prochain comité" in html
    markdown = maquette_markdown(view, "fr")
    assert "| 1\\.1 | Numérique | 50 000,00 € |" in markdown
    assert "| 1 | A-1 | 100,00 € | finançable | 49 900,00 € |" in markdown


def test_command_prints_the_table_then_the_diagnostics(tmp_path):
    shutil.copy(BUNDLED, tmp_path / "maquette.yaml")
    out = io.StringIO()
    code = maquette_command(
        tmp_path,
        [decided("DLQC-2017-01", "1.1", "programme", "39343.05", "2019-02-04", "cp-2019-02-04")],
        [candidate("SOLIMA-2019-03", "3.1", 3, "9000.00")],
        "fr",
        False,
        out=out,
        width=80,
    )
    text = out.getvalue()
    assert code == 1  # the overrun is an error
    assert text.index("Enveloppe") < text.index("Proposition") < text.index("maquette.exceeded")
    assert "de 1 843,05 €" in text
    assert text.rstrip().endswith("1 erreur, 0 avertissement")


def test_command_json(tmp_path):
    shutil.copy(BUNDLED, tmp_path / "maquette.yaml")
    out = io.StringIO()
    assert maquette_command(tmp_path, [], [], "fr", True, out=out) == 0
    document = json.loads(out.getvalue())
    assert document["maquette"]["fiches"]["1.1"]["disponible"] == "37500.00"
    assert document["inputs"][0]["kind"] == "maquette"


def test_command_without_maquette_is_a_usage_error(tmp_path, capsys):
    assert maquette_command(tmp_path, [], [], "fr", False, out=io.StringIO()) == 2
    assert "maquette.yaml est introuvable" in capsys.readouterr().err


def test_command_on_an_unreadable_maquette(tmp_path):
    (tmp_path / "maquette.yaml").write_text("maquette: [\n", encoding="utf-8")
    out = io.StringIO()
    assert maquette_command(tmp_path, [], [], "fr", False, out=out) == 1
    assert "maquette.yaml:" in out.getvalue() and "yaml.syntax" in out.getvalue()
    out = io.StringIO()
    assert maquette_command(tmp_path, [], [], "fr", True, out=out) == 1
    document = json.loads(out.getvalue())
    assert document["maquette"] is None and document["errors"][0]["code"] == "yaml.syntax"


def test_english_figures_are_written_the_english_way() -> None:
    """`--lang en`: every amount and share of the table in English notation, none French."""
    from typer.testing import CliRunner

    from grantgrid.cli import app

    result = CliRunner().invoke(app, ["maquette", "--lang", "en"])
    assert result.exit_code == 0, result.output
    total = next(line for line in result.stdout.splitlines() if line.startswith("Total"))
    assert "€500,000.00" in total and "43.52%" in total
    assert "500 000,00" not in result.stdout and "0 errors, 0 warnings" in result.stdout
