"""What a French secretary sees in the terminal (issue 12, items 1–5): French by default and
English on demand, tables that fit 80, 100 and 120 columns, cell labels, fixes that can be
followed, and the call folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, Call, reference_text
from grantgrid.cli import app

runner = CliRunner()

LABELLED_GRID = """\
grid: autre-forme
title: Grille d'une autre forme
points: 3
step: 0.5
stages:
  - {id: instruction, label: Avis d'instruction}
  - {id: comite, label: Note du comité}
axes:
  - id: durable
    label: Développement durable
    cells:
      perennite:
        label: Pérennité du projet
        criteria: [Modèle économique]
        objective: Durer après la subvention
      ancrage:
        label: Ancrage local
        criteria: [Partenaires du territoire]
        weight: 2
bonus:
  - {id: jeunesse, label: Projet porté par des jeunes, points: 1}
selection:
  min_total: 4
  min_per_axis: {durable: 2}
  tie_break: [durable, bonus]
financing:
  co_financing: {fund: leader, rate_of_public: 0.80}
  min_self_financing: 0.20
  fund_limits: {leader: {min: 3000, max: 50000}}
  funders:
    leader: {label: LEADER (FEADER), kind: eu}
    region: {label: Région, kind: public}
    autofinancement: {label: Autofinancement, kind: self}
"""


def dossier(number: int, title: str, resources: str, scores: str = "") -> str:
    return f"""\
dossier: AUTRE-{number:02d}
title: {title}
grid: autre-forme
applicant: {{name: Association {number}, address: Tulle, status: association}}
fiche_action: "1.1"
period: {{start: 2026, end: 2027}}
context: Contexte
description: Description
evaluation: {{target: Tous, impact: Fort}}
budget:
  expenses:
    - {{label: Tout, amount: 20000}}
  resources:
{resources}
answers:
  durable: {{perennite: Oui, ancrage: Oui}}
scores:
{scores or "  instruction: {durable: {perennite: 2, ancrage: 1.5}, bonus: {jeunesse: 1}}"}
"""


GOOD = """\
    - {funder: region, amount: 3200}
    - {funder: autofinancement, amount: 4000}
    - {funder: leader, amount: 12800}"""


@pytest.fixture
def labelled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Call:
    call = Call(tmp_path, [])
    (tmp_path / "grids" / "autre.yaml").write_text(LABELLED_GRID, encoding="utf-8")
    long_title = "Un intitulé de projet vraiment très long pour voir comment il se replie"
    for number in range(1, 5):
        call.dossier(f"d{number}.yaml", dossier(number, long_title, GOOD))
    monkeypatch.chdir(tmp_path)
    return call


def lines_of(result) -> list[str]:  # type: ignore[no-untyped-def]
    return result.stdout.splitlines()


# 1. French by default, English on demand -------------------------------------------------


def test_french_by_default_english_with_lang_or_environment(call: Call) -> None:
    call.dossier("d.yaml", reference_text().replace("29343.05", "29000"))
    target = [str(call.root / "applications"), "--grids", str(call.root / "grids")]
    french = runner.invoke(app, ["validate", *target])
    assert "error budget.cofinancing: LEADER vaut 29 000,00 €" in french.stdout
    assert "1 dossier · 1 invalide · 2 erreurs, 0 avertissement" in french.stdout
    for english in (
        runner.invoke(app, ["--lang", "en", "validate", *target]),
        runner.invoke(app, ["validate", *target, "--lang", "en"]),
        runner.invoke(app, ["validate", *target], env={"GRANTGRID_LANG": "en"}),
    ):
        assert "error budget.cofinancing: LEADER is €29,000.00" in english.stdout
        assert "1 dossier · 1 invalid · 2 errors, 0 warnings" in english.stdout
    # JSON: codes, keys and messages do not follow the language (docs/decisions.md).
    as_json = runner.invoke(app, ["validate", *target, "--json"])
    [entry] = json.loads(as_json.stdout)["dossiers"]
    assert {e["code"] for e in entry["errors"]} == {"budget.cofinancing", "budget.unbalanced"}
    cofinancing = next(e for e in entry["errors"] if e["code"] == "budget.cofinancing")
    assert cofinancing["message"].startswith("LEADER is €29,000.00")


def test_help_is_french_and_english_with_lang() -> None:
    french = runner.invoke(app, ["score", "--help"])
    assert "Noter et classer les dossiers" in french.stdout
    assert "Masquer les avertissements" in french.stdout
    assert french.stdout.startswith("Utilisation : ")
    assert "Options :" in french.stdout and "Afficher cette aide et quitter." in french.stdout
    assert not any(line.lstrip().startswith((";", ":")) for line in french.stdout.splitlines())
    for english in (
        runner.invoke(app, ["--lang", "en", "score", "--help"]),
        runner.invoke(app, ["score", "--help"], env={"GRANTGRID_LANG": "en"}),
    ):
        assert "Score and rank dossiers" in english.stdout
        assert "Noter" not in english.stdout and "Show this message and exit." in english.stdout


def test_usage_errors_are_french_by_default() -> None:
    french = runner.invoke(app, ["score", "--frob"])
    assert french.exit_code == 2
    assert "Erreur : option inconnue : --frob" in french.stderr
    english = runner.invoke(app, ["--lang", "en", "score", "--frob"])
    assert "Error: No such option: --frob" in english.stderr
    wrong = runner.invoke(app, ["--lang", "de", "score"])
    assert wrong.exit_code == 2 and "« de » n'est pas l'une des valeurs" in wrong.stderr


# 2. Tables that fit ----------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 100, 120])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_score_keeps_its_key_columns_whole(
    width: int, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["--lang", lang, "score"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    table = [line for line in lines_of(result) if line.startswith(("│", "┃", "┏", "└"))]
    assert all(len(line) <= width for line in table)
    row = next(line for line in table if "SOLIMA-2019-03" in line)
    cells = [c.strip() for c in row.strip("│").split("│")]
    assert cells[0] == "3" and cells[1] == "SOLIMA-2019-03"
    # Three stages (the bundled comité technique first) and the decision fit 80-100 columns
    # once the totals lose their maximum: `5*` is partial, as the caption says.
    whole = "13/20" in cells and ("5/20 partiel" in cells or "5/20 partial" in cells)
    assert whole or (cells[2:5] == ["12*", "13", "5*"] and width <= 100)
    # The status is the last column, or the one before the committee's decision.
    status = "retenu" if lang == "fr" else "selected"
    assert cells[-1] == status or cells[-2:] == [status, "réservé" if lang == "fr" else "reserved"]
    incomplete = next(line for line in table if "RESSOURCES-2020-05" in line)
    assert "incomplet" in incomplete
    assert "…" not in result.stdout


def test_score_says_which_columns_it_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    narrow = runner.invoke(app, ["score"], env={"COLUMNS": "80"})
    assert "Colonnes masquées à cette largeur : Intitulé, Fonds / public, Autofin., Décision" in (
        " ".join(narrow.stdout.split())
    )
    wide = runner.invoke(app, ["score"], env={"COLUMNS": "200"})
    assert "masquées" not in wide.stdout and "Fonds / public" in wide.stdout


def test_piped_score_cuts_nothing(labelled: Call) -> None:
    result = runner.invoke(app, ["score"])
    assert result.exit_code == 0
    assert "Un intitulé de projet vraiment très long pour voir comment il se replie" in (
        result.stdout
    )
    assert "…" not in result.stdout and "masquées" not in result.stdout


@pytest.mark.parametrize("width", [80, 120])
def test_budget_and_grid_show_fit(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    env = {"COLUMNS": str(width)}
    budget = runner.invoke(app, ["budget", "applications/dlqc-2017-01.yaml"], env=env)
    assert budget.exit_code == 0
    assert all(len(line) <= width for line in lines_of(budget))
    assert "29 343,05 €" in budget.stdout and "45 848,51 €" in budget.stdout
    shown = runner.invoke(app, ["grid", "show", "leader-tulle-2014-2020"], env=env)
    table = [line for line in lines_of(shown) if line.startswith(("│", "┃"))]
    assert table and all(len(line) <= width for line in table)
    assert "Partenariats" in shown.stdout


def test_budget_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["--lang", "en", "budget", "applications/dlqc-2017-01.yaml"])
    assert "Expenses" in result.stdout and "€29,343.05" in result.stdout
    assert "Dépenses" not in result.stdout and "EU fund" in result.stdout


# 3. Cell labels, grids without phases ----------------------------------------------------


def test_grid_show_names_cells_by_label_and_shows_every_rule(labelled: Call) -> None:
    result = runner.invoke(app, ["grid", "show", "autre-forme"])
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    assert "Critère " in out and "Éléments examinés" in out and "Phase" not in out
    assert "Pérennité du projet (perennite)" in out and "Ancrage local (ancrage)" in out
    assert "3 × 2" in out
    assert "Notes par pas de 0,5" in out
    assert "Seuil de sélection : 4" in out
    assert "Planchers par axe : Développement durable (durable) ≥ 2" in out
    assert "Départage des ex æquo : Développement durable (durable), Bonus (bonus)" in out
    assert "LEADER (FEADER) = 80 % de l'argent public" in out
    assert "Autofinancement au moins 20 % du coût" in out
    assert "LEADER (FEADER) entre 3 000,00 € et 50 000,00 €" in out
    english = runner.invoke(app, ["--lang", "en", "grid", "show", "autre-forme"])
    assert "Criterion" in english.stdout and "Scores in steps of 0.5" in english.stdout


def test_slots_follow_the_cell_label_rule(labelled: Call) -> None:
    from grantgrid.grids import load_grid

    grid = load_grid(labelled.root / "grids" / "autre.yaml", "autre.yaml").grid
    assert grid is not None
    assert [s.label for s in grid.slots()] == [
        "Pérennité du projet",
        "Ancrage local",
        "Projet porté par des jeunes",
    ]


# 4. Fixes that can be followed -----------------------------------------------------------


def test_cofinancing_fix_respects_the_fund_minimum(labelled: Call) -> None:
    # region 200: LEADER would be 800, under the 3 000 € minimum.
    resources = """\
    - {funder: region, amount: 200}
    - {funder: autofinancement, amount: 16800}
    - {funder: leader, amount: 3000}"""
    labelled.dossier("d1.yaml", dossier(1, "Titre", resources))
    [problem] = [
        d for d in labelled.run().outcomes[0].diagnostics.errors if d.code == "budget.cofinancing"
    ]
    english = problem.message
    assert "€800.00 would break the fund's limits" in english
    assert "keep LEADER at €3,000.00" in english and "from €200.00 to €750.00" in english
    assert "gardez LEADER à 3 000,00 €" in problem.message_in("fr")


def test_cofinancing_says_when_a_national_cofinancer_is_missing(labelled: Call) -> None:
    resources = """\
    - {funder: autofinancement, amount: 8000}
    - {funder: leader, amount: 12000}"""
    labelled.dossier("d1.yaml", dossier(1, "Titre", resources))
    [problem] = [
        d for d in labelled.run().outcomes[0].diagnostics.errors if d.code == "budget.cofinancing"
    ]
    assert "add a national public co-financer" in problem.message
    assert "of €3,000.00 for LEADER at €12,000.00" in problem.message
    assert "ajoutez un cofinanceur public national" in problem.message_in("fr")
    assert "-€" not in problem.message and "−" not in problem.message  # no negative amount


@pytest.mark.parametrize("misspelt", [("region", "regoin"), ("leader", "leadr")])
def test_a_misspelt_funder_gives_one_diagnostic(labelled: Call, misspelt: tuple[str, str]) -> None:
    labelled.dossier("d1.yaml", dossier(1, "Titre", GOOD.replace(*misspelt)))
    codes = [d.code for d in labelled.run().outcomes[0].diagnostics.errors]
    assert codes == ["budget.unknown_funder"]


def test_a_grid_with_financing_rules_but_no_funders_is_a_grid_error(tmp_path: Path) -> None:
    grid = tmp_path / "g.yaml"
    without = LABELLED_GRID.split("  funders:")[0]
    grid.write_text(without, encoding="utf-8")
    result = runner.invoke(app, ["grid", "check", str(grid)])
    assert result.exit_code == 1
    assert "error grid.no_funders" in result.stdout and "financing.funders" in result.stdout


# 5. The call folder ----------------------------------------------------------------------


def test_any_folder_inside_the_call_works(labelled: Call, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(labelled.root / "applications")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "4 dossiers" in result.stdout
    shown = runner.invoke(app, ["grid", "check", "autre-forme"])
    assert shown.exit_code == 0 and "est valide" in shown.stdout


def test_call_option_from_another_folder(labelled: Call, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # a folder with its own grids/ and applications/
    result = runner.invoke(app, ["score", "--call", str(labelled.root), "--json"])
    assert result.exit_code == 0, result.stdout + result.stderr
    ids = [d["dossier"] for d in json.loads(result.stdout)["dossiers"]]
    assert ids == ["AUTRE-01", "AUTRE-02", "AUTRE-03", "AUTRE-04"]
    missing = runner.invoke(app, ["score", "--call", "nowhere"])
    assert missing.exit_code == 2 and "--call nowhere : dossier introuvable" in missing.stderr


def test_validate_on_a_grid_points_at_grid_check(labelled: Call) -> None:
    result = runner.invoke(app, ["validate", "grids/autre.yaml"])
    assert result.exit_code == 2
    assert "grids/autre.yaml est une grille, pas un dossier" in result.stderr
    assert "grantgrid grid check grids/autre.yaml" in result.stderr
    folder = runner.invoke(app, ["--lang", "en", "validate", "grids"])
    assert folder.exit_code == 2
    assert "grids holds grids, not dossiers: check one with `grantgrid grid check FILE`" in (
        folder.stderr
    )


def test_grid_check_confirms_in_one_line(labelled: Call) -> None:
    result = runner.invoke(app, ["--lang", "en", "grid", "check", "grids/autre.yaml"])
    assert result.exit_code == 0
    assert result.stdout == "grids/autre.yaml: grid autre-forme is valid (1 axis, maximum 10)\n"


def test_new_writes_a_schema_reference_that_resolves(labelled: Call) -> None:
    target = labelled.root / "applications" / "nouveau.yaml"
    result = runner.invoke(app, ["new", "--grid", "autre-forme", "-o", str(target)])
    assert result.exit_code == 0, result.stderr
    first = target.read_text(encoding="utf-8").splitlines()[0]
    reference = first.split("$schema=")[1]
    assert (target.parent / reference).is_file()
    assert json.loads((target.parent / reference).read_text(encoding="utf-8"))["type"] == "object"
    text = target.read_text(encoding="utf-8")
    assert "Pérennité du projet" in text and "par axe et par critère" in text


def test_new_references_the_calls_schemas_when_there_are(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["new", "--grid", "leader-tulle-2014-2020"])
    assert result.stdout.splitlines()[0] == (
        "# yaml-language-server: $schema=schemas/dossier.schema.json"
    )


def test_warnings_can_be_hidden(call: Call) -> None:
    text = re.sub(r"    amont: \|\n      [^\n]*\n", '    amont: ""\n', reference_text(), count=1)
    call.dossier("d.yaml", text)
    target = [str(call.root / "applications"), "--grids", str(call.root / "grids")]
    shown = runner.invoke(app, ["validate", *target])
    assert "warning answer.missing" in shown.stdout
    assert shown.stdout.rstrip().endswith("0 erreur, 1 avertissement")
    for option in ("-W", "--no-warnings"):
        hidden = runner.invoke(app, ["validate", *target, option])
        assert "warning" not in hidden.stdout
        assert hidden.stdout.rstrip().endswith("0 erreur, 1 avertissement (1 masqué)")


def test_the_editors_fast_path_speaks_the_chosen_language(labelled: Call) -> None:
    import os
    import subprocess
    import sys

    labelled.dossier("d1.yaml", dossier(1, "Titre", GOOD.replace("3200", "3000")))
    for env, expected in (({}, "erreur"), ({"GRANTGRID_LANG": "en"}, "errors")):
        short = subprocess.run(
            [sys.executable, "-m", "grantgrid", "validate", "applications"],
            capture_output=True,
            text=True,
            cwd=labelled.root,
            env={**os.environ, **env},
            check=False,
        )
        full = runner.invoke(app, ["validate", "applications"], env=env)
        assert short.stdout == full.stdout and expected in short.stdout
    wrong = subprocess.run(
        [sys.executable, "-m", "grantgrid", "validate", "applications"],
        capture_output=True,
        text=True,
        cwd=labelled.root,
        env={**os.environ, "GRANTGRID_LANG": "de"},
        check=False,
    )
    assert wrong.returncode == 2 and "GRANTGRID_LANG" in wrong.stderr


def test_a_command_without_a_help_entry_keeps_its_docstring() -> None:
    import typer

    from grantgrid.cli.app import command

    extra = typer.Typer()

    @command(extra)
    def something_new() -> None:
        """Une commande ajoutée plus tard."""

    @extra.callback()
    def main() -> None:
        pass

    result = runner.invoke(extra, ["something-new", "--help"])
    assert "Une commande ajoutée plus tard." in result.stdout


def test_every_command_and_option_help_comes_from_the_catalogue() -> None:
    """No help text is written outside the words catalogue: each has its English, so that
    `--lang en` leaves no French in any command's help (collect and the committee's too)."""
    import typer.main

    from grantgrid.words.help import HELP, _typeset

    french = {_typeset(said.fr) for said in HELP.values()}

    def walk(command: object, path: str) -> None:
        texts = [getattr(command, "help", None)]
        texts += [getattr(p, "help", None) for p in getattr(command, "params", [])]
        for text in texts:
            if text and not text.startswith(("Show this message", "Install completion")):
                assert text in french, f"{path}: {text!r} is not in words.console.HELP"
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "grantgrid")


def test_the_root_help_follows_grantgrid_lang() -> None:
    english = runner.invoke(app, ["--help"], env={"GRANTGRID_LANG": "en"})
    assert "Score LEADER dossiers" in english.stdout
    assert "One meeting: who sits" in english.stdout and "Une séance" not in english.stdout


def test_an_output_that_exists_is_refused_in_the_run_language(tmp_path: Path) -> None:
    target = tmp_path / "comite.xlsx"
    target.write_bytes(b"previous")
    french = runner.invoke(app, ["export", "-o", str(target)])
    assert french.exit_code == 2 and "existe déjà : ajoutez --force" in french.stderr
    english = runner.invoke(app, ["--lang", "en", "export", "-o", str(target)])
    assert english.exit_code == 2 and "already exists: use --force" in english.stderr
    assert target.read_bytes() == b"previous"
