"""Shared test helpers: build a call folder (grids/ + applications/) and check dossiers."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from grantgrid.call import Call as CallFolder
from grantgrid.evaluation import Run, evaluate

# In CI (CI=true), property tests draw the same examples every run, so that a submission's
# run is the one checked from a clean clone; locally they keep exploring new examples.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_GRID = ROOT / "grids" / "leader-tulle.yaml"
REFERENCE_DOSSIER = ROOT / "applications" / "dlqc-2017-01.yaml"
OTHER_GRID = Path(__file__).parent / "fixtures" / "other-grid" / "grids" / "other.yaml"

Problem = tuple[str, int, int]


@pytest.fixture(autouse=True)
def _no_inherited_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Piped output has no width unless a test gives one: pytest-xdist's workers set COLUMNS
    and LINES to 80×24, which would fold every table of a piped command."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


class Call:
    """A call folder in tmp_path: grids/ holds the given grids, applications/ the dossiers."""

    def __init__(self, root: Path, grids: list[Path]) -> None:
        self.root = root
        (root / "grids").mkdir()
        (root / "applications").mkdir()
        for grid in grids:
            (root / "grids" / grid.name).write_bytes(grid.read_bytes())

    def dossier(self, name: str, text: str) -> Path:
        path = self.root / "applications" / name
        path.write_text(dedent(text), encoding="utf-8")
        return path

    def run(self) -> Run:
        return evaluate(
            [self.root / "applications"], self.root / "grids", call=CallFolder(self.root)
        )

    def problems(self, name: str) -> list[Problem]:
        """(code, line, column) of every error and warning of one dossier, in file order."""
        run = self.run()
        outcome = next(o for o in run.outcomes if o.source.name == name)
        return [
            (d.code, d.position.line if d.position else 0, d.position.column if d.position else 0)
            for d in outcome.diagnostics.sorted()
        ]


@pytest.fixture
def call(tmp_path: Path) -> Call:
    return Call(tmp_path, [REFERENCE_GRID])


@pytest.fixture
def other_call(tmp_path: Path) -> Call:
    return Call(tmp_path, [OTHER_GRID])


@pytest.fixture
def in_folder(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    return lambda folder: monkeypatch.chdir(folder)


def reference_text() -> str:
    return REFERENCE_DOSSIER.read_text(encoding="utf-8")


def replace_budget(text: str, budget: str) -> str:
    """The reference dossier with its `budget:` section replaced."""
    start = text.index("\nbudget:")
    end = text.index("\nanswers:")
    return text[:start] + "\n" + dedent(budget).rstrip("\n") + text[end:]
