"""What a run reads (issue 13, items 1, 4 and 7): entries that are not regular files, hashes of
the bytes validated, unreadable and huge files, and ids compared after NFKC + case folding.

Every case goes through the command line: no traceback, every other dossier's result kept.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import REFERENCE_DOSSIER, REFERENCE_GRID
from grantgrid.cli import app
from grantgrid.loading import read as loading_read

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symbolic links")


def run_cli(args: list[str]) -> Result:
    result = CliRunner().invoke(app, args)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A call folder with the reference grid and dossier; the test adds hostile entries."""
    (tmp_path / "grids").mkdir()
    (tmp_path / "grids" / REFERENCE_GRID.name).write_bytes(REFERENCE_GRID.read_bytes())
    applications = tmp_path / "applications"
    applications.mkdir()
    (applications / "good.yaml").write_bytes(REFERENCE_DOSSIER.read_bytes())
    monkeypatch.chdir(tmp_path)
    return applications


def hostile_entries(applications: Path) -> dict[str, str]:
    """Every kind of entry that is not a regular file, and what the warning calls it."""
    os.mkfifo(applications / "fifo.yaml")
    (applications / "dangling.yaml").symlink_to("nowhere.yaml")
    (applications / "loop.yaml").symlink_to("loop.yaml")
    (applications / "zero.yaml").symlink_to("/dev/zero")
    (applications / "folder.yaml").mkdir()
    return {
        "fifo.yaml": "a named pipe (FIFO)",
        "dangling.yaml": "a symbolic link to nothing (dangling)",
        "loop.yaml": "a loop of symbolic links",
        "zero.yaml": "a symbolic link to a character device",
        "folder.yaml": "a folder",
    }


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These cases assert the English messages (French is the default: SPEC.md, Language)."""
    monkeypatch.setenv("GRANTGRID_LANG", "en")


# --- item 7: entries that are not regular files ----------------------------------------------


@pytest.mark.parametrize("command", [["validate"], ["score"], ["validate", "--json"]])
def test_each_entry_that_is_not_a_regular_file_is_a_warning(
    folder: Path, command: list[str]
) -> None:
    kinds = hostile_entries(folder)
    started = time.monotonic()
    result = run_cli(command)
    assert time.monotonic() - started < 10  # nothing waited on the FIFO or read /dev/zero
    assert result.exit_code == 0, result.output  # warnings only: the good dossier is fine
    for name, kind in kinds.items():
        line = (
            f"applications/{name}: warning dossier.not_a_file: skipped: {kind}, not a regular file"
        )
        assert line in result.output
    if "--json" in command:
        document = json.loads(result.stdout)
        assert sorted(e["path"] for e in document["skipped"]) == sorted(
            f"applications/{name}" for name in kinds
        )
        assert [d["dossier"] for d in document["dossiers"]] == ["DLQC-2017-01"]


def test_skipped_entries_are_counted_in_the_summary(folder: Path) -> None:
    hostile_entries(folder)
    result = run_cli(["validate"])
    assert "1 dossier " in result.output
    assert "5 entries skipped" in result.output
    assert "5 warnings" in result.output


def test_a_fifo_given_by_name_is_skipped_with_a_warning_not_awaited(folder: Path) -> None:
    os.mkfifo(folder / "fifo.yaml")
    result = run_cli(["validate", "applications/fifo.yaml", "applications/good.yaml"])
    assert result.exit_code == 0
    assert "applications/fifo.yaml: warning dossier.not_a_file" in result.output


def test_a_fifo_swapped_in_after_discovery_is_read_without_blocking(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the listing and the opening, a dossier becomes a FIFO: an error on that file."""
    from grantgrid import evaluation

    fifo = folder / "swapped.yaml"
    os.mkfifo(fifo)
    monkeypatch.setattr(evaluation, "_not_a_file", lambda path: None)
    result = run_cli(["validate", "--quiet"])
    assert result.exit_code == 1
    assert "applications/swapped.yaml: error yaml.read: cannot read the file: a named pipe" in (
        result.output
    )


def test_the_loader_never_opens_a_device_for_reading() -> None:
    from grantgrid.loading import load_yaml

    for device in ("/dev/zero", "/dev/urandom"):
        result = load_yaml(Path(device))
        assert [d.code for d in result.diagnostics] == ["yaml.read"]
        assert result.sha256 is None


# --- item 1: hashes of the bytes read, unreadable and huge files -----------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_json_inputs_carry_the_hash_of_the_bytes_validated(folder: Path) -> None:
    result = run_cli(["validate", "--json"])
    inputs = json.loads(result.stdout)["inputs"]
    assert inputs == [
        {
            "path": "applications/good.yaml",
            "kind": "dossier",
            "sha256": sha256(folder / "good.yaml"),
        },
        {
            "path": "grids/leader-tulle.yaml",
            "kind": "grid",
            "sha256": sha256(folder.parent / "grids" / "leader-tulle.yaml"),
        },
    ]


def test_the_hash_describes_the_bytes_read_even_if_the_file_changes_after(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The outputs never read an input again: a file edited during the run keeps the hash of
    the version that was validated."""
    from grantgrid.evaluation import evaluate
    from grantgrid.outputs.workbook import build_workbook

    good = folder / "good.yaml"
    validated = sha256(good)
    run = evaluate([folder], folder.parent / "grids")
    good.write_text("changed: after the run\n", encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("an input read again"))
    assert run.inputs()[0].sha256 == validated
    build_workbook(run)


def make_unreadable(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """As if the file had no read permission (the tests may run as root, who reads anything)."""
    real_open = os.open

    def refusing_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if os.fspath(path).endswith(name):  # type: ignore[call-overload]
            raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[call-overload]
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loading_read.os, "open", refusing_open)


def test_export_with_an_unreadable_dossier_exports_every_other_one(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    monkeypatch.delenv("GRANTGRID_LANG")  # the workbook in French, the default
    (folder / "locked.yaml").write_bytes(REFERENCE_DOSSIER.read_bytes())
    make_unreadable(monkeypatch, "locked.yaml")
    result = run_cli(["export", "-o", "out.xlsx"])
    assert result.exit_code == 1, result.output  # an error on one file, not a failed command
    assert (
        "applications/locked.yaml: error yaml.read: le fichier ne peut pas être lu : permission refusée"
        in (result.output)
    )
    book = load_workbook(folder.parent / "out.xlsx")
    assert "DLQC-2017-01" in book.sheetnames
    about = book["À propos"]
    rows = {row[1]: row[2] for row in about.iter_rows(values_only=True) if row[1]}
    assert rows["applications/locked.yaml"] == "non lu (illisible, ou trop grand pour être lu)"
    assert rows["applications/good.yaml"] == sha256(folder / "good.yaml")


def test_report_lists_an_unreadable_dossier_and_writes_the_others(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "locked.yaml").write_bytes(REFERENCE_DOSSIER.read_bytes())
    make_unreadable(monkeypatch, "locked.yaml")
    result = run_cli(["report", "-o", "out", "--quiet"])
    assert result.exit_code == 1, result.output
    written = sorted(p.name for p in (folder.parent / "out").iterdir())
    assert "DLQC-2017-01.html" in written and "index.html" in written


def test_a_huge_sparse_file_is_refused_in_bounded_time_and_memory(folder: Path) -> None:
    """3 GB (sparse: no disk used): refused by its size, hashed no further than a bound."""
    huge = folder / "huge.yaml"
    with huge.open("wb") as stream:
        stream.truncate(3 * 1024**3)
    started = time.monotonic()
    result = run_cli(["export", "-o", "out.xlsx", "--quiet"])
    assert time.monotonic() - started < 10
    assert result.exit_code == 1
    assert "applications/huge.yaml:1:1: error yaml.too_large" in result.output
    assert (folder.parent / "out.xlsx").is_file()


def test_a_file_just_over_the_size_limit_is_still_hashed_whole(tmp_path: Path) -> None:
    from grantgrid.loading import MAX_BYTES, load_yaml

    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (MAX_BYTES + 10) + b"\n")
    result = load_yaml(big)
    assert [d.code for d in result.diagnostics] == ["yaml.too_large"]
    assert result.sha256 == sha256(big)


# --- item 4: ids compared after NFKC normalisation and case folding --------------------------

COMBINING = "Cafe\u0301-1"  # e + combining acute accent
PRECOMPOSED = "Caf\u00e9-1"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (COMBINING, PRECOMPOSED),
        ("ＤＬＱＣ-2017-01", "DLQC-2017-01"),  # full-width letters: NFKC
        ("dlqc-2017-01", "DLQC-2017-01"),  # case
        ("STRASSE-1", "straße-1"),  # case folding, not lower(): ß is ss
    ],
)
def test_ids_that_look_the_same_are_one_id(folder: Path, first: str, second: str) -> None:
    text = REFERENCE_DOSSIER.read_text(encoding="utf-8")
    assert "dossier: DLQC-2017-01" in text
    (folder / "good.yaml").write_text(text.replace("DLQC-2017-01", first, 1), encoding="utf-8")
    (folder / "twin.yaml").write_text(text.replace("DLQC-2017-01", second, 1), encoding="utf-8")
    result = run_cli(["validate", "--json", "--quiet"])
    dossiers = json.loads(result.stdout)["dossiers"]
    assert len(dossiers) == 2
    for dossier in dossiers:
        codes = [e["code"] for e in dossier["errors"]]
        assert "dossier.duplicate_id" in codes, dossier["path"]
        [duplicate] = [e for e in dossier["errors"] if e["code"] == "dossier.duplicate_id"]
        assert (duplicate["line"], duplicate["column"]) == (5, 10)


def test_ids_that_differ_are_not_duplicates(folder: Path) -> None:
    text = REFERENCE_DOSSIER.read_text(encoding="utf-8")
    (folder / "twin.yaml").write_text(
        text.replace("DLQC-2017-01", "DLQC-2017-02", 1), encoding="utf-8"
    )
    result = run_cli(["validate", "--json", "--quiet"])
    codes = [e["code"] for d in json.loads(result.stdout)["dossiers"] for e in d["errors"]]
    assert "dossier.duplicate_id" not in codes


def test_validate_lists_the_committee_it_reads_for_the_members_notes() -> None:
    """The bundled call scores its `technique` stage from members' notes: `validate` reads
    committee.yaml and the meetings (members and declared interests), so `inputs` says so."""
    import json

    from typer.testing import CliRunner

    from grantgrid.cli import app

    result = CliRunner().invoke(app, ["validate", "--json"])
    kinds = {entry["path"]: entry["kind"] for entry in json.loads(result.stdout)["inputs"]}
    assert kinds["committee.yaml"] == "committee"
    assert "notes" in kinds.values() and "meeting" in kinds.values()
