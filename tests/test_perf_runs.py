"""Large runs: worker processes and slim outcomes give the same answers as one plain process.

No timing here (the benchmark, `make bench`, measures); only that the fast ways are right.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REFERENCE_GRID, reference_text
from grantgrid.evaluation import evaluate, pool
from grantgrid.outputs.jsonout import run_json

GRANTGRID = str(Path(sys.executable).parent / "grantgrid")


def write_call(root: Path, count: int) -> Path:
    """A call folder with `count` dossiers: copies of the reference with their own id and
    scores, one invalid, and two sharing an id (flagged across worker chunks)."""
    (root / "grids").mkdir()
    (root / "grids" / REFERENCE_GRID.name).write_bytes(REFERENCE_GRID.read_bytes())
    folder = root / "applications"
    folder.mkdir()
    text = reference_text()
    for index in range(count):
        ident = "DLQC-2017-DUP" if index in (3, count - 2) else f"DLQC-2017-{index:03d}"
        dossier = text.replace("DLQC-2017-01", ident)
        dossier = dossier.replace("amont: 2", f"amont: {index % 3}", 1)
        if index == 7:
            dossier = dossier.replace("amount: 2576.50", "amount: 2576.505")
        (folder / f"d{index:03d}.yaml").write_text(dossier, encoding="utf-8")
    return folder


@pytest.fixture
def big_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = write_call(tmp_path, 40)
    monkeypatch.chdir(tmp_path)
    return folder


def test_worker_processes_give_the_same_json_as_one_process(
    big_call: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pool, "POOL_FROM", 10**9)
    alone = evaluate([Path("applications")], keep_dossiers=True)
    monkeypatch.setattr(pool, "POOL_FROM", 10)
    monkeypatch.setattr(pool, "POOL_CHUNK", 7)  # several chunks, the duplicates apart
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    seen: list[tuple[int, int]] = []
    pooled = evaluate(
        [Path("applications")], progress=lambda d, t: seen.append((d, t)), keep_dossiers=False
    )
    assert run_json(pooled) == run_json(alone)
    assert [o.path for o in pooled.outcomes] == [o.path for o in alone.outcomes]
    duplicates = [o for o in pooled.outcomes if o.dossier_id == "DLQC-2017-DUP"]
    assert all(d.diagnostics.errors[0].code == "dossier.duplicate_id" for d in duplicates)
    assert [g.display for g in pooled.grids] == [g.display for g in alone.grids]
    assert pooled.outcomes[0].grid is pooled.grids[0].grid  # one grid object, not a copy each
    assert seen[-1] == (40, 40) and len(seen) == 6
    with_dossiers = evaluate([Path("applications")])  # reports and workbooks need them
    assert [o.dossier for o in with_dossiers.outcomes] == [o.dossier for o in alone.outcomes]
    assert sum(o.dossier is not None for o in with_dossiers.outcomes) == 39


def test_outcomes_keep_only_what_outputs_need(big_call: Path) -> None:
    run = evaluate([Path("applications")], keep_dossiers=False)
    outcome = run.outcomes[0]
    assert outcome.dossier is None and outcome.document is not None
    assert outcome.document.text == ""
    assert set(outcome.document.data) == {"dossier", "title", "fiche_action"}
    assert outcome.dossier_id == "DLQC-2017-000"
    assert outcome.title == "Révolution numérique et ambition culturelle"
    kept = evaluate([Path("applications")])
    assert kept.outcomes[0].dossier is not None
    assert kept.outcomes[0].dossier.budget.expenses


def test_a_dead_worker_pool_falls_back_to_one_process(
    big_call: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("cannot fork")

    monkeypatch.setattr(pool, "POOL_FROM", 10)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(pool, "check_in_pool", broken)
    run = evaluate([Path("applications")])
    assert len(run.outcomes) == 40
    assert sum(o.rank is not None for o in run.outcomes) == 37


PROGRESS_MARKS = ("Lecture des dossiers", "━", "\x1b[")


def test_piped_output_has_no_progress_bar(big_call: Path) -> None:
    env = {**os.environ, "TERM": "xterm-256color"}
    for args in (["score", "applications", "--json"], ["validate", "applications"]):
        result = subprocess.run(
            [GRANTGRID, *args], capture_output=True, text=True, env=env, check=False
        )
        assert result.returncode == 1
        for mark in PROGRESS_MARKS:
            assert mark not in result.stderr
    assert json.loads(result_of(["score", "applications", "--json"], env))["dossiers"]


def result_of(args: list[str], env: dict[str, str]) -> str:
    return subprocess.run(
        [GRANTGRID, *args], capture_output=True, text=True, env=env, check=False
    ).stdout


def in_terminal(args: list[str]) -> str:
    """stderr of the command when stderr is a terminal (a pseudo-terminal), stdout piped."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [GRANTGRID, *args], stdout=subprocess.DEVNULL, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the pseudo-terminal closes when the command ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_a_terminal_shows_the_progress_bar_unless_quiet(big_call: Path) -> None:
    shown = in_terminal(["score", "applications", "--json"])
    assert "Lecture des dossiers" in shown
    quiet = in_terminal(["score", "applications", "--json", "--quiet"])
    for mark in PROGRESS_MARKS:
        assert mark not in quiet
