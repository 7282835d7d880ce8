"""The second layer in every output: `budget`, JSON `checks`, reports and the workbook show
HT, VAT, cost, eligible cost, the flat-rate computation and each new rule's row."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import ROOT
from grantgrid.cli import app

runner = CliRunner()
ASSOCIATION = "applications/clic-2024-02.yaml"
COMMUNE = "applications/naves-2024-01.yaml"


@pytest.fixture(autouse=True)
def at_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_budget_shows_ht_vat_cost_eligible_and_the_flat_rate() -> None:
    result = runner.invoke(app, ["budget", ASSOCIATION], terminal_width=80)
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    for heading in ("HT", "TVA", "Coût", "Éligible"):
        assert heading in out
    assert "forfait calculé" in out and "3 600,00 €" in out
    assert "au plus 15 % × 24 000,00 €" in out and "= 3 600,00 €" in out
    assert "35 400,00 €" in out and "1 300,00 €" in out  # total cost, total VAT
    assert "✗" not in out


def test_budget_tables_fit_80_columns() -> None:
    from io import StringIO

    from rich.console import Console

    from grantgrid.evaluation import evaluate
    from grantgrid.outputs.console import terminal
    from grantgrid.outputs.views.budget import budget_view

    [outcome] = evaluate([Path(ASSOCIATION)], keep_dossiers=True).outcomes
    view = budget_view(outcome)
    assert view is not None
    shown = StringIO()
    console = Console(file=shown, width=80, highlight=False)
    for table in terminal.budget_table(view, "CLIC-2024-02"):
        console.print(table)
    text = shown.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 80
    # Figures are never cut: each amount of the association's budget is whole.
    for amount in ("24 000,00 €", "3 600,00 €", "1 300,00 €", "35 400,00 €"):
        assert amount in text


def test_budget_of_a_public_owner_shows_its_rule() -> None:
    result = runner.invoke(app, ["budget", COMMUNE])
    assert result.exit_code == 0
    assert "Part du maître d'ouvrage public au moins 20 %" in result.stdout
    assert "récup." in result.stdout  # its VAT is recovered: no cost


def test_json_checks_carry_the_new_rules_with_money_as_strings() -> None:
    result = runner.invoke(app, ["score", ASSOCIATION, COMMUNE, "--json"])
    dossiers = {d["dossier"]: d for d in json.loads(result.stdout)["dossiers"]}
    checks = {
        (c["code"], c.get("subject")): c for c in dossiers["CLIC-2024-02"]["budget"]["checks"]
    }
    assert checks[("budget.flat_rate", "couts_indirects")] == {
        "code": "budget.flat_rate",
        "ok": True,
        "value": "3600.00",
        "bound": "3600.00",
        "subject": "couts_indirects",
    }
    assert dossiers["CLIC-2024-02"]["budget"]["expenses"] == "35400.00"
    commune = {c["code"]: c for c in dossiers["NAVES-2024-01"]["budget"]["checks"]}
    assert commune["budget.public_owner"] == {
        "code": "budget.public_owner",
        "ok": True,
        "value": "14295.00",
        "bound": "11436.00",
    }


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_report_shows_the_detailed_lines(tmp_path: Path, fmt: str) -> None:
    result = runner.invoke(app, ["report", ASSOCIATION, "-o", str(tmp_path), "--format", fmt])
    assert result.exit_code == 0, result.output
    [report] = tmp_path.glob(f"*CLIC*.{fmt}")
    text = report.read_text(encoding="utf-8")
    for words in ("Montant HT", "TVA", "Coût éligible", "forfait calculé", "3 600,00 €"):
        assert words in text.replace("\u202f", " ").replace("\u00a0", " "), words


def test_workbook_flat_rate_and_eligible_cost_are_formulas(tmp_path: Path) -> None:
    target = tmp_path / "comite.xlsx"
    result = runner.invoke(app, ["export", ASSOCIATION, "-o", str(target), "-q"])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target)["CLIC-2024-02"]
    formulas = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(f.startswith("=ROUND(0.15*(G") for f in formulas)
    assert any(f.startswith("=E") and "+F" in f for f in formulas)  # cost = HT + VAT
    assert any(f.startswith("=SUM(G") for f in formulas)  # eligible cost
