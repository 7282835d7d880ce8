"""Output files (RELIABILITY.md families 22-24): safe names, never over an input, atomic writes."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grantgrid.outputs import files
from grantgrid.outputs.files import OutputError, atomic_write, check_target, inside, safe_name

# --- 22: names taken from dossier data --------------------------------------------------------

HOSTILE_NAMES = {
    "../../etc/cron.d/x": "etc-cron.d-x",
    "/abs/path": "abs-path",
    "C:\\x": "C-x",
    "CON": "dossier-CON",
    "con.txt": "dossier-con.txt",
    "subdir/NUL": "subdir-NUL",
    "NUL": "dossier-NUL",
    "COM1": "dossier-COM1",
    ".hidden": "hidden",
    "name. ": "name",
    "a\x00b": "a-b",
    "\u202etxt.exe": "txt.exe",  # a right-to-left override must not reach a file name
    "Révolution numérique": "Revolution-numerique",
    "": "dossier",
    "..": "dossier",
    "\x1b[31m": "31m",
}


@pytest.mark.parametrize(("text", "expected"), sorted(HOSTILE_NAMES.items()))
def test_safe_name(text: str, expected: str) -> None:
    assert safe_name(text) == expected


@pytest.mark.parametrize("text", [*HOSTILE_NAMES, "x" * 300, "é" * 300, "CON." * 100])
def test_safe_name_is_portable_and_stays_inside(text: str, tmp_path: Path) -> None:
    name = safe_name(text)
    assert name == safe_name(text)  # deterministic: a re-run replaces the same files
    assert 0 < len(name) <= 80
    assert all(c.isascii() and (c.isalnum() or c in "._-") for c in name)
    assert not name.startswith(".") and not name.endswith((".", " "))
    assert name.split(".")[0].lower() not in {"con", "prn", "aux", "nul", "com1", "lpt1"}
    target = inside(tmp_path, name + ".html")
    assert target.resolve().parent == tmp_path.resolve()
    atomic_write(target, "ok")
    assert [p.name for p in tmp_path.iterdir()] == [name + ".html"]


@pytest.mark.parametrize("name", ["../x.html", "/etc/x.html", "sub/../../x.html"])
def test_inside_refuses_escaping_names(name: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(OutputError):
        inside(folder, name)


def test_inside_refuses_a_symlink_leading_out(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "link").symlink_to(tmp_path)
    with pytest.raises(OutputError):
        inside(folder, "link/x.html")


# --- 23: an output that is an input ------------------------------------------------------------


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def dossier(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "dossier.yaml"
    path.parent.mkdir()
    path.write_text("dossier: D-1\ntitle: Original\n", encoding="utf-8")
    return path


def _same_path(dossier: Path) -> Path:
    return dossier


def _relative_path(dossier: Path) -> Path:
    return dossier.parent / ".." / dossier.parent.name / dossier.name


def _symlink(dossier: Path) -> Path:
    link = dossier.parent.parent / "link.yaml"
    link.symlink_to(dossier)
    return link


def _hard_link(dossier: Path) -> Path:
    link = dossier.parent.parent / "hard.yaml"
    os.link(dossier, link)
    return link


def _through_linked_folder(dossier: Path) -> Path:
    folder = dossier.parent.parent / "alias"
    folder.symlink_to(dossier.parent, target_is_directory=True)
    return folder / dossier.name


@pytest.mark.parametrize(
    "make_target", [_same_path, _relative_path, _symlink, _hard_link, _through_linked_folder]
)
@pytest.mark.parametrize("force", [False, True])
def test_output_resolving_to_an_input_is_refused(make_target, force: bool, dossier: Path) -> None:  # type: ignore[no-untyped-def]
    before = sha256(dossier)
    target = make_target(dossier)
    listing = sorted(dossier.parent.parent.rglob("*"))
    with pytest.raises(OutputError, match="input"):
        atomic_write(target, "overwritten", [dossier], force=force)
    assert sha256(dossier) == before
    assert sorted(dossier.parent.parent.rglob("*")) == listing  # no temporary file either


def test_output_equal_to_the_input_folder_is_refused(dossier: Path) -> None:
    with pytest.raises(OutputError, match="folder"):
        atomic_write(dossier.parent, "x", [dossier], force=True)
    assert dossier.read_text(encoding="utf-8").startswith("dossier: D-1")


def test_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(OutputError, match="--force"):
        atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "previous"
    atomic_write(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_file_appearing_after_the_check_is_not_clobbered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between check_target and the rename another program creates the file: it is kept."""
    target = tmp_path / "report.html"
    real_fsync = os.fsync

    def fsync_then_race(descriptor: int) -> None:
        real_fsync(descriptor)
        if not target.exists():
            target.write_text("someone else's", encoding="utf-8")

    monkeypatch.setattr(files.os, "fsync", fsync_then_race)
    with pytest.raises(OutputError, match="already exists"):
        atomic_write(target, "mine")
    assert target.read_text(encoding="utf-8") == "someone else's"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_new_file_is_readable_like_a_normal_file(tmp_path: Path) -> None:
    """mkstemp makes 0600 files; the written file gets the usual mode (0666 minus umask)."""
    mask = os.umask(0o022)
    try:
        atomic_write(tmp_path / "a.html", "x")
    finally:
        os.umask(mask)
    assert (tmp_path / "a.html").stat().st_mode & 0o777 == 0o644


def test_check_target_accepts_a_distinct_file(dossier: Path) -> None:
    check_target(dossier.parent / "other.yaml", [dossier])


# --- 24: interrupted writes ----------------------------------------------------------------------


@pytest.mark.parametrize("failure", [OSError(5, "Input/output error"), KeyboardInterrupt()])
def test_crash_mid_write_keeps_the_previous_file(
    failure: BaseException, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "comite.xlsx"
    target.write_bytes(b"previous workbook")
    temporaries: list[Path] = []

    def crash(descriptor: int) -> None:
        # The partial content is on disk in the temporary file when the crash happens.
        temporaries.extend(p for p in tmp_path.iterdir() if ".grantgrid-tmp-" in p.name)
        raise failure

    monkeypatch.setattr(files.os, "fsync", crash)
    with pytest.raises(OutputError if isinstance(failure, OSError) else KeyboardInterrupt):
        atomic_write(target, b"new" * 100_000, force=True)
    assert temporaries, "the writer should have been interrupted after creating its file"
    assert target.read_bytes() == b"previous workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["comite.xlsx"]


def test_locked_target_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows, a workbook open in Excel cannot be replaced: say so, keep the old one."""
    target = tmp_path / "comite.xlsx"
    target.write_bytes(b"previous")

    def locked(source: object, destination: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.os, "replace", locked)
    with pytest.raises(OutputError, match="close it and try again"):
        atomic_write(target, b"new", force=True)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["comite.xlsx"]


KILLED_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from grantgrid.main import exit_on_sigterm
    from grantgrid.outputs import files

    exit_on_sigterm()
    def slow_fsync(descriptor):
        print("writing", flush=True)
        time.sleep(30)
    files.os.fsync = slow_fsync
    files.atomic_write(Path(sys.argv[1]), b"new" * 100_000, force=True)
    """
)


NEXT_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from grantgrid.outputs import files

    files.atomic_write(Path(sys.argv[1]), b"next workbook", force=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL])
def test_killed_write_keeps_the_previous_file(signum: int, tmp_path: Path) -> None:
    target = tmp_path / "comite.xlsx"
    target.write_bytes(b"previous workbook")
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
        writer.send_signal(signum)
        writer.wait(timeout=20)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert target.read_bytes() == b"previous workbook"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "comite.xlsx"]
    if signum == signal.SIGTERM:
        assert "Traceback" not in (writer.stderr.read() if writer.stderr else "")
        assert leftovers == []  # SIGTERM is turned into an exit that removes the temporary file
    else:
        # SIGKILL cannot be caught: the temporary file stays, hidden and named after the target,
        # until the next run on that target removes it (issue 13, item 6).
        assert leftovers and all(n.startswith(".comite.xlsx.grantgrid-tmp-") for n in leftovers)
        subprocess.run([sys.executable, "-c", NEXT_WRITER, str(target)], check=True, timeout=60)
        assert target.read_bytes() == b"next workbook"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["comite.xlsx"]


def test_cli_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    """`grantgrid new -o GRID --force` with GRID the grid it reads (through a symlink)."""
    from typer.testing import CliRunner

    from grantgrid.cli import app

    grid = tmp_path / "grid.yaml"
    grid.write_bytes((Path(__file__).parent.parent / "grids" / "leader-tulle.yaml").read_bytes())
    link = tmp_path / "link.yaml"
    link.symlink_to(grid)
    before = sha256(grid)
    for output in (grid, link):
        result = CliRunner().invoke(app, ["new", "--grid", str(grid), "-o", str(output), "--force"])
        assert result.exit_code == 2
        assert "fichiers lus" in result.output and "Traceback" not in result.output
    assert sha256(grid) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grid.yaml", "link.yaml"]


# --- issue 13, items 5 and 6: accurate failures, stale temporary files -----------------------


def test_a_full_disk_says_disk_full_not_close_excel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    target = tmp_path / "comite.xlsx"
    target.write_bytes(b"previous")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OutputError) as caught:
        atomic_write(target, b"new", force=True)
    message = str(caught.value)
    assert "disk full" in message and "Excel" not in message
    assert "disque plein" in caught.value.french
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["comite.xlsx"]


def test_stale_temporary_files_of_a_target_are_removed_by_the_next_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    target = tmp_path / "comite.xlsx"
    stale = tmp_path / ".comite.xlsx.grantgrid-tmp-abcd1234"
    stale.write_bytes(b"left by a SIGKILL")
    old_style = tmp_path / ".comite.xlsx.k3j4h5g6.tmp"
    old_style.write_bytes(b"left by an older grantgrid")
    stale_folder = tmp_path / ".comite.xlsx.grantgrid-tmp-folder01"
    stale_folder.mkdir()
    (stale_folder / "a.html").write_text("x")
    other_target = tmp_path / ".other.xlsx.grantgrid-tmp-abcd1234"  # another target's
    other_target.write_bytes(b"not ours")
    look_alike = tmp_path / ".comite.xlsx.notes"  # not a temporary name at all
    look_alike.write_bytes(b"the secretary's")
    (tmp_path / ".comite.xlsx.grantgrid-tmp-link").symlink_to(look_alike)
    monkeypatch.setattr(files, "RUN_STARTED", time.time() + 1)  # they predate this run

    atomic_write(target, b"new")

    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            "comite.xlsx",
            ".other.xlsx.grantgrid-tmp-abcd1234",
            ".comite.xlsx.notes",
            ".comite.xlsx.grantgrid-tmp-link",  # a link is never followed nor removed
        ]
    )


def test_temporary_files_of_a_run_at_work_are_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setattr(files, "RUN_STARTED", time.time() - 60)
    fresh = tmp_path / ".comite.xlsx.grantgrid-tmp-abcd1234"
    fresh.write_bytes(b"being written right now")
    atomic_write(tmp_path / "comite.xlsx", b"new")
    assert fresh.exists()
