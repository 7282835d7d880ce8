"""One broken dossier never stops the others (RELIABILITY.md; SPEC: exit 1, the rest processed).

A call folder holds the reference dossier next to hostile ones (a Python tag, Latin-1 bytes, an
alias bomb, a file a grantgrid bug fails on): every command processes every readable dossier,
reports the broken ones, and exits with 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from grantgrid.cli import app
from grantgrid.evaluation import pipeline

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "hostile"
BROKEN = {
    "tag.yaml": ("01-tag-python-apply", "yaml.tag"),
    "latin1.yaml": ("12-invalid-utf8", "yaml.encoding"),
    "bomb.yaml": ("02-alias-bomb", "yaml.too_large"),
}


@pytest.fixture
def call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """tmp_path/applications: the reference dossier, the hostile ones, and `bug.yaml`."""
    (tmp_path / "grids").mkdir()
    (tmp_path / "grids" / "leader-tulle.yaml").write_bytes(
        (ROOT / "grids" / "leader-tulle.yaml").read_bytes()
    )
    applications = tmp_path / "applications"
    applications.mkdir()
    (applications / "dlqc.yaml").write_bytes(
        (ROOT / "applications" / "dlqc-2017-01.yaml").read_bytes()
    )
    for name, (case, _) in BROKEN.items():
        (applications / name).write_bytes((HOSTILE / case / "dossier.yaml").read_bytes())
    # A valid dossier without answers, on which a (simulated) bug of a rule crashes.
    (applications / "bug.yaml").write_bytes(
        (HOSTILE / "07-no-stays-text" / "dossier.yaml").read_bytes().replace(b"H-01", b"BUG-1")
    )
    real_rules = pipeline.answer_rules

    def buggy_rules(grid: Any, answers: Any) -> Any:
        if not answers:
            raise ZeroDivisionError("simulated bug")
        return real_rules(grid, answers)

    monkeypatch.setattr(pipeline, "answer_rules", buggy_rules)
    monkeypatch.chdir(tmp_path)
    yield tmp_path


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(app, [*args, "--grids", "grids", "applications"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def test_score_json_processes_every_dossier(call: Path) -> None:
    result = invoke("score", "--json")
    assert result.exit_code == 1
    dossiers = {Path(d["path"]).name: d for d in json.loads(result.stdout)["dossiers"]}
    assert set(dossiers) == {"dlqc.yaml", "bug.yaml", *BROKEN}
    good = dossiers["dlqc.yaml"]
    assert good["errors"] == [] and good["status"] != "invalid" and good["total"] is not None
    for name, (_, code) in BROKEN.items():
        assert dossiers[name]["status"] == "invalid"
        assert [e["code"] for e in dossiers[name]["errors"]] == [code]
    assert [e["code"] for e in dossiers["bug.yaml"]["errors"]] == ["internal.error"]


@pytest.mark.parametrize("command", ["validate", "score"])
def test_terminal_commands_report_every_broken_file(call: Path, command: str) -> None:
    result = invoke(command)
    assert result.exit_code == 1
    for name, (_, code) in BROKEN.items():
        assert f"applications/{name}:" in result.output and code in result.output
    assert "applications/bug.yaml:1:1: error internal.error" in result.output
    if command == "score":
        assert "DLQC-2017-01" in result.output  # the valid dossier is still ranked


def test_report_writes_the_valid_dossier(call: Path) -> None:
    result = invoke("report", "-o", "out")
    assert result.exit_code == 1
    assert (call / "out" / "DLQC-2017-01.html").is_file()
    assert "DLQC-2017-01" in (call / "out" / "index.html").read_text(encoding="utf-8")
    assert not list((call / "out").glob(".*.tmp"))


def test_export_writes_the_workbook(call: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    result = invoke("export", "-o", "out/comite.xlsx")
    assert result.exit_code == 1
    workbook = openpyxl.load_workbook(call / "out" / "comite.xlsx")
    cells = {
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
    }
    assert "DLQC-2017-01" in cells
