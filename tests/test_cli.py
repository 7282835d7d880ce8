"""The command line, through typer's runner, as a secretary or an applicant uses it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REFERENCE_DOSSIER, ROOT, Call, reference_text
from grantgrid import __version__
from grantgrid.cli import app

runner = CliRunner()
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(autouse=True)
def at_repository_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"grantgrid {__version__}"


def test_version_is_the_installed_packages() -> None:
    """pyproject.toml takes its version from the package: pip and --version agree."""
    from importlib.metadata import version

    assert version("grantgrid") == __version__


def test_every_command_has_help() -> None:
    for command in (
        ["validate"],
        ["score"],
        ["budget"],
        ["grid", "show"],
        ["grid", "check"],
        ["new"],
        ["schema"],
    ):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, command
        assert "Utilisation" in result.stdout
        english = runner.invoke(app, ["--lang", "en", *command, "--help"])
        assert english.exit_code == 0 and "Usage" in english.stdout, command


def test_validate_bundled_applications_is_clean() -> None:
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.stdout
    assert "0 erreur, 0 avertissement" in result.stdout


def test_score_json_golden_for_the_reference_fiche() -> None:
    result = runner.invoke(app, ["score", "applications/dlqc-2017-01.yaml", "--json"])
    assert result.exit_code == 0
    produced = json.loads(result.stdout)
    assert produced["grantgrid"] == __version__
    produced["grantgrid"] = "VERSION"
    for source in produced["inputs"]:  # traced to the exact bytes read; the golden says <sha256>
        assert source["sha256"] == hashlib.sha256((ROOT / source["path"]).read_bytes()).hexdigest()
        source["sha256"] = "<sha256>"
    assert produced == json.loads((GOLDEN / "score-reference.json").read_text(encoding="utf-8"))


def test_reference_figures_come_out_exactly() -> None:
    [dossier] = json.loads(
        runner.invoke(app, ["score", "applications/dlqc-2017-01.yaml", "--json"]).stdout
    )["dossiers"]
    assert dossier["budget"]["expenses"] == dossier["budget"]["resources"] == "45848.51"
    assert dossier["budget"]["public"] == "36678.81"
    assert dossier["budget"]["funds"]["leader"] == "29343.05"
    assert (
        dossier["budget"]["public_rate"] == 0.8 and dossier["budget"]["self_financing_rate"] == 0.2
    )
    assert dossier["stages"]["restreint"] == {
        "total": 20,
        "max": 20,
        "complete": True,
        "missing": [],
        "axes": {"innovant": 6, "economique": 6, "territorial": 6},
        "bonus": 2,
    }
    assert (
        dossier["stages"]["cuc"]["total"] is None and len(dossier["stages"]["cuc"]["missing"]) == 10
    )
    assert (dossier["final_stage"], dossier["total"], dossier["status"], dossier["rank"]) == (
        "restreint",
        20,
        "selected",
        1,
    )


def test_score_table_shows_the_fiche_figures() -> None:
    result = runner.invoke(app, ["score"])
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if "DLQC-2017-01" in line)
    assert "20/20" in row and "non noté" in row
    assert "45 848,51 €" in row and "équilibré" in row
    assert "29 343,05 € = 80 % de 36 678,81 €" in row
    assert "20 %" in row


def test_score_stage_option_shows_one_stage() -> None:
    result = runner.invoke(app, ["score", "--stage", "cuc", "--json"])
    dossiers = json.loads(result.stdout)["dossiers"]
    assert all(list(d["stages"]) == ["cuc"] for d in dossiers)
    assert runner.invoke(app, ["score", "--stage", "nope"]).exit_code == 2


def test_exit_codes(tmp_path: Path) -> None:
    assert runner.invoke(app, ["validate", "does-not-exist/"]).exit_code == 2
    assert runner.invoke(app, ["validate", "--no-such-option"]).exit_code == 2
    call = Call(tmp_path, [ROOT / "grids" / "leader-tulle.yaml"])
    call.dossier("ok.yaml", reference_text())
    call.dossier(
        "bad.yaml",
        reference_text().replace("DLQC-2017-01", "BAD-01").replace("29343.05", "29343.00"),
    )
    result = runner.invoke(
        app, ["validate", str(tmp_path / "applications"), "--grids", str(tmp_path / "grids")]
    )
    assert result.exit_code == 1
    assert "bad.yaml:" in result.stdout and "error budget.unbalanced" in result.stdout


def test_one_broken_file_does_not_stop_the_others(tmp_path: Path) -> None:
    call = Call(tmp_path, [ROOT / "grids" / "leader-tulle.yaml"])
    call.dossier("a.yaml", reference_text())
    (tmp_path / "applications" / "b.yaml").write_bytes(b"dossier: [unclosed\n\xff")
    call.dossier("c.yaml", "just text")
    result = runner.invoke(
        app, ["score", str(tmp_path / "applications"), "--grids", str(tmp_path / "grids"), "--json"]
    )
    assert result.exit_code == 1
    dossiers = {Path(d["path"]).name: d for d in json.loads(result.stdout)["dossiers"]}
    assert dossiers["a.yaml"]["status"] == "selected"
    assert (
        dossiers["b.yaml"]["status"] == "invalid"
        and dossiers["b.yaml"]["errors"][0]["code"] == "yaml.encoding"
    )
    assert dossiers["c.yaml"]["errors"][0]["code"] == "schema.document"
    assert "Traceback" not in result.stdout


def test_budget_command_shows_shares_and_checks() -> None:
    result = runner.invoke(app, ["budget", str(REFERENCE_DOSSIER.relative_to(ROOT))])
    assert result.exit_code == 0
    assert "64,00 %" in result.stdout  # LEADER's share of the resources
    assert "LEADER (FEADER) = 80 % de l'argent public" in result.stdout and "✗" not in result.stdout


def test_budget_command_lists_every_rule_of_the_grid(tmp_path: Path) -> None:
    """A rule the dossier fails is a ✗ row, never an absent row beside four ✓."""
    from conftest import OTHER_GRID

    call = Call(tmp_path, [OTHER_GRID])
    path = call.dossier(
        "t.yaml",
        """
        dossier: T-1
        title: Test
        grid: autre-appel-2024
        applicant: {name: Asso}
        budget:
          expenses: [{label: Tout, amount: 37333.35}]
          resources:
            - {funder: leader, amount: 20000.01}
            - {funder: region, amount: 13333.34}
            - {funder: propre, amount: 4000.00}
        """,
    )
    result = runner.invoke(app, ["budget", str(path), "--grids", str(tmp_path / "grids")])
    assert result.exit_code == 1
    [limit_row] = [line for line in result.stdout.splitlines() if "20 000,00 €" in line]
    assert "20 000,01 €" in limit_row and "✗" in limit_row
    assert "Financeurs admis par la grille" in result.stdout


def test_budget_command_refuses_a_folder() -> None:
    result = runner.invoke(app, ["--lang", "en", "budget", "applications"])
    assert result.exit_code == 2 and "is a folder" in result.stderr
    french = runner.invoke(app, ["budget", "applications"])
    assert french.exit_code == 2 and "est un répertoire" in french.stderr


def test_json_output_keeps_the_grids_own_errors_on_stderr(tmp_path: Path) -> None:
    call = Call(tmp_path, [])
    (tmp_path / "grids" / "g.yaml").write_text(
        "grid: g\ntitle: T\nstep: 0\npoints: 2\nstages: [{id: s, label: S}]\n"
        "axes: [{id: a, label: A, cells: {c: {criteria: [x]}}}]\n",
        encoding="utf-8",
    )
    call.dossier("d.yaml", reference_text().replace("grid: leader-tulle-2014-2020", "grid: g"))
    for command in (["validate", "--json"], ["score", "--json"]):
        result = runner.invoke(
            app, [*command, str(tmp_path / "applications"), "--grids", str(tmp_path / "grids")]
        )
        assert result.exit_code == 1
        [dossier] = json.loads(result.stdout)["dossiers"]
        assert dossier["errors"][0]["code"] == "grid.invalid"
        assert "g.yaml:3:7: error grid.step" in result.stderr


def test_grid_show_and_check() -> None:
    shown = runner.invoke(app, ["grid", "show", "leader-tulle-2014-2020"])
    assert shown.exit_code == 0
    assert "Note maximale : 20" in shown.stdout and "Partenariats engagés" in shown.stdout
    checked = runner.invoke(app, ["grid", "check", "grids/leader-tulle.yaml"])
    assert checked.exit_code == 0
    assert checked.stdout == (
        "grids/leader-tulle.yaml : la grille leader-tulle-2014-2020 est valide "
        "(3 axes, note maximale 20)\n"
    )


def test_grid_check_reports_grid_errors(tmp_path: Path) -> None:
    grid = tmp_path / "g.yaml"
    grid.write_text(
        "grid: g\ntitle: T\nstages: [{id: s, label: S}]\nphases: [{id: a, label: A}]\n"
        "axes:\n  - id: bonus\n    label: B\n    cells:\n      b: {criteria: [x], points: 0, weight: -1}\n"
        "financing: {max_public_rate: 1.5}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["grid", "check", str(grid)])
    assert result.exit_code == 1
    lines = [line.split(": ", 2)[:2] for line in result.stdout.splitlines()]
    assert [(where.split(":", 1)[1], kind) for where, kind in lines] == [
        ("6:9", "error grid.reserved_id"),
        ("9:7", "error grid.unknown_phase"),
        ("9:34", "error grid.points"),
        ("9:45", "error grid.weight"),
        ("10:1", "error grid.no_funders"),
        ("10:30", "error grid.rate"),
    ]


def test_new_skeleton_is_valid_yaml_with_every_slot(tmp_path: Path) -> None:
    target = tmp_path / "nouveau.yaml"
    result = runner.invoke(app, ["new", "--grid", "leader-tulle-2014-2020", "-o", str(target)])
    assert result.exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert text.count("      amont:") == 2 * 3  # a score slot per stage and axis
    # The skeleton loads; what is left to fill is reported, not crashed on.
    (tmp_path / "applications").mkdir()
    target.rename(tmp_path / "applications" / "nouveau.yaml")
    checked = runner.invoke(
        app, ["validate", str(tmp_path / "applications"), "--grids", "grids", "--json"]
    )
    [dossier] = json.loads(checked.stdout)["dossiers"]
    assert dossier["dossier"] == "NOUVEAU-01" and dossier["status"] == "invalid"
    assert {e["code"] for e in dossier["errors"]} <= {
        "schema.type",  # the title, the applicant's name, an expense label: still empty
        "budget.cofinancing",
        "budget.self_financing",
        "budget.unbalanced",
        "budget.public_rate",
        "maquette.unknown_fiche",  # validated from the bundled call, whose maquette it names
    }
    empty = [e["message"] for e in dossier["errors"] if e["code"] == "schema.type"]
    assert empty and all("the text is empty" in message for message in empty)
    assert (
        runner.invoke(
            app,
            [
                "new",
                "--grid",
                "leader-tulle-2014-2020",
                "-o",
                str(tmp_path / "applications" / "nouveau.yaml"),
            ],
        ).exit_code
        == 2
    )


def test_schema_commands_and_committed_schemas_in_sync() -> None:
    for kind in ("grid", "dossier"):
        result = runner.invoke(app, ["schema", kind])
        assert result.exit_code == 0
        schema = json.loads(result.stdout)
        assert schema["type"] == "object" and "properties" in schema
        assert (ROOT / "schemas" / f"{kind}.schema.json").read_text(
            encoding="utf-8"
        ) == result.stdout


def test_no_color_output_has_no_escape_codes(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    call = Call(tmp_path, [ROOT / "grids" / "leader-tulle.yaml"])
    call.dossier("bad.yaml", reference_text().replace("29343.05", "1"))
    result = runner.invoke(
        app,
        ["validate", str(tmp_path / "applications"), "--grids", str(tmp_path / "grids")],
        env=env,
    )
    assert "\x1b[" not in result.stdout


@pytest.mark.parametrize(("env", "coloured"), [({"FORCE_COLOR": "1"}, True), ({}, False)])
def test_diagnostics_are_coloured_only_when_asked_or_in_a_terminal(
    tmp_path: Path, env: dict[str, str], coloured: bool
) -> None:
    call = Call(tmp_path, [ROOT / "grids" / "leader-tulle.yaml"])
    call.dossier("bad.yaml", reference_text().replace("29343.05", "1"))
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    result = runner.invoke(
        app,
        ["validate", str(tmp_path / "applications"), "--grids", str(tmp_path / "grids")],
        env={**clean, **env},
    )
    error_line = next(line for line in result.stdout.splitlines() if "budget.unbalanced" in line)
    assert error_line.startswith("\x1b[31m") is coloured  # red errors; a pipe gets plain text


def test_installed_executable() -> None:
    executable = shutil.which("grantgrid", path=str(Path(sys.executable).parent)) or shutil.which(
        "grantgrid"
    )
    assert executable, "grantgrid is not installed in this environment"
    result = subprocess.run(
        [executable, "score", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert {d["dossier"] for d in json.loads(result.stdout)["dossiers"]} >= {"DLQC-2017-01"}
    broken = subprocess.run(
        [executable, "validate", "nowhere"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert broken.returncode == 2 and "Traceback" not in broken.stderr


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        names += [f"{name} {sub}" for sub in subcommands] if subcommands else [name]
    for name in names:
        assert f"`{name}" in readme, name


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{long}.yaml"],
        ["budget", "{long}.yaml"],
        ["grid", "check", "{long}.yaml"],
        ["validate", "--grids", "{long}", "applications"],
        ["export", "applications", "-o", "{long}.xlsx"],
    ],
)
def test_a_path_the_system_refuses_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    """A 300-character file name (ENAMETOOLONG): one line and exit 2, never a traceback."""
    long = "q" * 300
    args = [arg.replace("{long}", long) for arg in command]
    result = subprocess.run(
        [sys.executable, "-m", "grantgrid", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.startswith("grantgrid: ")
