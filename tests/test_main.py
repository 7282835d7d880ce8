"""The executable's short way for the editor's `grantgrid validate FILE` (grantgrid.main)
answers exactly as the typer command does: same lines, same exit code, same usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Call, reference_text
from grantgrid.cli import app
from grantgrid.main import _plain_validate


def executable(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m grantgrid`, which is the installed executable's entry point."""
    return subprocess.run(
        [sys.executable, "-m", "grantgrid", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def typer_command(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(app, args)


@pytest.fixture
def folder(call: Call) -> Path:
    """A call with the reference fiche, a broken dossier and an unreadable one."""
    call.dossier("dlqc.yaml", reference_text())
    broken = reference_text().replace("DLQC-2017-01", "BAD-1").replace("29343.05", "29000")
    call.dossier("bad.yaml", broken.replace("title:", "titel:", 1))
    call.dossier("junk.yaml", "dossier: [unclosed\n")
    return call.root


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", "applications"],
        ["validate", "applications/dlqc.yaml"],
        ["validate", "applications/bad.yaml", "applications/junk.yaml"],
        ["validate", "nowhere.yaml"],
    ],
)
def test_the_short_way_answers_like_the_command(
    folder: Path, args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _plain_validate(args)
    short = executable(args, folder)
    full = typer_command(args, folder, monkeypatch)
    assert short.returncode == full.exit_code
    assert short.stdout == full.stdout
    assert short.stderr.strip() == full.stderr.strip()
    assert "Traceback" not in short.stderr


def test_the_short_way_loads_no_typer(folder: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "grantgrid", "validate", "applications"],
        capture_output=True,
        text=True,
        cwd=folder,
        check=False,
    )
    modules = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "grantgrid.evaluation" in modules
    assert {m for m in modules if m.split(".")[0] in ("typer", "rich", "click")} == set()


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--json", "applications"],
        ["validate", "applications", "--quiet"],
        ["validate", "--help"],
        ["score", "applications"],
        ["--version"],
        [],
    ],
)
def test_everything_else_goes_to_the_command_line(args: list[str]) -> None:
    assert not _plain_validate(args)


def test_an_option_still_works_through_the_executable(folder: Path) -> None:
    result = executable(["validate", "applications", "--json"], folder)
    assert result.returncode == 1 and "dossiers" in json.loads(result.stdout)
    assert executable(["validate", "--quiet", "nowhere"], folder).returncode == 2
