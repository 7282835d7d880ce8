"""Heavy libraries load only in the commands that need them (STYLE: lazy weight).

`grantgrid --help` must start about as fast as typer itself, and `validate`/`score` must not
pay for the workbook, report or PDF libraries. Checked by the modules a run imports, not by
timing (`make bench` measures the times).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported(*args: str) -> set[str]:
    """Top-level names of the modules a `grantgrid` run imports."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "grantgrid", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    assert names, result.stderr
    return names


def test_help_loads_neither_pydantic_nor_rich() -> None:
    modules = imported("--help")
    assert "typer" in modules
    heavy = {m for m in modules if m.split(".")[0] in {"pydantic", "rich", "ruamel", "openpyxl"}}
    assert heavy == set()
    assert "importlib.metadata" not in modules


@pytest.mark.parametrize(
    "args", [["validate", "applications"], ["score", "applications", "--json"]]
)
def test_checking_and_scoring_load_no_output_library(args: list[str]) -> None:
    modules = imported(*args)
    assert "grantgrid.evaluation" in modules
    heavy = {"openpyxl", "jinja2", "babel", "weasyprint"}
    assert {m for m in modules if m.split(".")[0] in heavy} == set()
    assert "rich.progress" not in modules  # piped: no progress bar, not even its import


def test_validating_a_few_files_loads_no_rich() -> None:
    """An editor runs `validate` on each save: plain lines, and rich only for a progress bar."""
    modules = imported("validate", "applications/dlqc-2017-01.yaml")
    assert "grantgrid.evaluation" in modules
    assert {m for m in modules if m.split(".")[0] == "rich"} == set()


def test_version_reads_no_package_metadata() -> None:
    assert "importlib.metadata" not in imported("--version")  # a constant in grantgrid/__init__


def test_validating_reads_no_decision_nor_the_maquette_figures() -> None:
    """`validate` judges dossiers: it reads committee.yaml for the members who score an
    individual stage (their notes complete the dossiers), but no meeting's decisions; of the
    maquette only the fiches are checked (an unknown fiche makes a dossier invalid), so its
    figures, proposal and views are not imported."""
    modules = imported("validate", "applications/dlqc-2017-01.yaml")
    assert "grantgrid.maquette.load" in modules and "grantgrid.committee.load" in modules
    assert {"grantgrid.committee.result", "grantgrid.committee.decisions"} & modules == set()
    assert {"grantgrid.maquette.figures", "grantgrid.maquette.view"} & modules == set()


def test_every_name_of_the_maquette_package_is_found() -> None:
    import grantgrid.maquette as maquette

    for name in maquette.__all__:
        assert getattr(maquette, name) is not None
    assert set(maquette.__all__) == set(maquette._HOMES)


def test_help_loads_none_of_the_writers() -> None:
    """`--help` installs the SIGTERM handler of the writes without importing them."""
    modules = imported("--help")
    assert "grantgrid.outputs.files" not in modules and "tempfile" not in modules
