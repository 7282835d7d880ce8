"""The `grantgrid` executable.

An applicant's editor runs `grantgrid validate FILE` on every save. That one shape, with paths
and no option, is answered here without building the typer application: typer 0.2x coerces
every parameter through pydantic, and its command alone costs two and a half times the start
of Python with typer (`make bench`). It runs the same library code and prints the same lines,
exit codes and usage errors as `grantgrid.cli` (tests/test_main.py compares them); anything
else, `--help` or an option included, goes to `grantgrid.cli`.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _plain_validate(args: list[str]) -> bool:
    """`validate PATH…` with no option, and GRANTGRID_LANG unset or valid (typer says what is
    wrong with it otherwise)."""
    import os

    chosen = os.environ.get("GRANTGRID_LANG")
    if chosen is not None and chosen.lower() not in ("fr", "en"):
        return False
    return args[:1] == ["validate"] and not any(arg.startswith("-") for arg in args[1:])


def _validate(args: list[str]) -> int:
    from grantgrid.errors import GrantgridError
    from grantgrid.outputs.console import plain
    from grantgrid.outputs.console.progress import evaluate_with_progress

    try:
        run = evaluate_with_progress(
            [Path(arg) for arg in args] or None,
            None,
            quiet=False,
            keep_dossiers=False,
            with_programme=False,
        )
    except GrantgridError as exc:
        print(f"grantgrid: {exc}", file=sys.stderr)
        return 2
    plain.print_validation(sys.stdout, run, quiet=False)
    return run.exit_code


def main() -> None:
    """Entry point of the `grantgrid` executable (rich honours NO_COLOR by itself)."""
    exit_on_sigterm()  # a write killed by SIGTERM still removes its temporary file
    args = sys.argv[1:]
    try:
        if _plain_validate(args):
            sys.exit(_validate(args[1:]))
        from grantgrid.cli import app

        app()
    except OSError as exc:
        sys.exit(refused_path(exc))


def exit_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit, so that a killed write still removes its temporary file
    (`outputs.files`). Here, not beside the writes: `--help` must not import what they need.

    Python's default SIGTERM ends the process without running `finally` blocks. (SIGKILL
    cannot be caught: the previous file is still intact, a `.NAME.*.tmp` file may remain.)
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def terminate(signum: int, frame: object) -> None:
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)


def refused_path(exc: OSError) -> int:
    """A path on the command line that the system refuses (a name too long, a permission): the
    command is wrong, not grantgrid; one line and exit code 2. Files inside a run are reported
    as diagnostics on that file and never reach here."""
    where = f"{exc.filename}: " if exc.filename else ""
    print(f"grantgrid: {where}{exc.strerror or exc}", file=sys.stderr)
    return 2
