"""Commands on grids and formats: grid show, grid check, new, schema."""

# No `from __future__ import annotations` here: typer would evaluate every command's string
# annotations on each run (--help included), a fifth of its start-up time.
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from grantgrid.cli.app import (
    CallOption,
    ForceOption,
    GridsOption,
    LangOption,
    NoWarningsOption,
    app,
    command,
    fail,
    fail_usage,
    grid_app,
    helped,
    lang,
    plain,
    run_paths,
    say,
    stderr,
    stdout,
    terminal,
)


def _call(grids: Path | None, call: Path | None):  # type: ignore[no-untyped-def]
    from grantgrid.call import Call

    if call is not None and not call.is_dir():
        raise fail("no_call_folder", path=call)
    if grids is not None and not grids.is_dir():
        raise fail("no_grids_folder", path=grids)
    return Call.find(call=call, grids=grids)


def _load_grid_argument(reference: str, grids: Path | None, call: Path | None = None):  # type: ignore[no-untyped-def]
    """A grid file, or a grid id looked up in `--grids`, else the call's `grids/`."""
    from grantgrid.call import GridCatalogue

    found = _call(grids, call)
    if grids is None and found.grids_dir is not None and found.grids_dir.is_dir():
        grids = found.grids_dir
    catalogue = GridCatalogue(grids)
    path = Path(reference)
    if path.is_file():
        return catalogue.load(path)
    if "/" in reference or "\\" in reference or path.suffix in (".yaml", ".yml"):
        raise fail("no_grid_file", path=reference)
    applications = found.applications_dir or Path("applications")
    located, miss = catalogue.resolve(reference, applications / "_")
    if located is None:
        if miss is None:
            raise fail("grid_not_found", id=repr(reference))
        raise fail_with(miss.message_in(lang()))
    return located


def fail_with(message: str) -> typer.Exit:
    from grantgrid.cli.app import fail_usage

    return fail_usage(message)


GridArgument = Annotated[str, typer.Argument(help=helped("grid_argument"))]


@command(grid_app, "show")
def grid_show(
    grid: GridArgument,
    grids: GridsOption = None,
    call: CallOption = None,
    no_warnings: NoWarningsOption = False,
    language: LangOption = None,
) -> None:
    loaded = _load_grid_argument(grid, grids, call)
    plain.print_diagnostics(
        sys.stderr, loaded.diagnostics.sorted(), lang(), warnings=not no_warnings
    )
    if loaded.grid is None:
        raise typer.Exit(1)
    out = stdout()
    out.print(terminal.grid_summary(loaded, loaded.grid, lang()), markup=False)
    for table in terminal.grid_tables(loaded.grid, lang()):
        out.print(table)
    out.print(terminal.financing_summary(loaded.grid, lang()), markup=False)
    raise typer.Exit(1 if loaded.diagnostics.has_errors else 0)


@command(grid_app, "check")
def grid_check(
    grid: GridArgument,
    grids: GridsOption = None,
    call: CallOption = None,
    no_warnings: NoWarningsOption = False,
    language: LangOption = None,
) -> None:
    from grantgrid.money import format_number
    from grantgrid.words.console import count

    loaded = _load_grid_argument(grid, grids, call)
    plain.print_diagnostics(
        sys.stdout, loaded.diagnostics.sorted(), lang(), warnings=not no_warnings
    )
    if loaded.diagnostics.has_errors:
        raise typer.Exit(1)
    if loaded.grid is not None:
        line = say(
            "grid_ok",
            lang(),
            file=loaded.display,
            id=loaded.grid.grid,
            axes=count(len(loaded.grid.axes), "axes")(lang()),
            max=format_number(loaded.grid.maximum(), lang()),
        )
        sys.stdout.write(line + "\n")
    raise typer.Exit(0)


def _schema_text(kind: str) -> str:
    import json

    if kind in ("committee", "meeting", "notes"):
        from grantgrid.committee.schema import json_schema_text

        return json_schema_text(kind)
    if kind == "maquette":
        from grantgrid.maquette.models import schema as maquette_schema

        return json.dumps(maquette_schema(), ensure_ascii=False, indent=2) + "\n"
    from grantgrid.models import Dossier, Grid

    model = Grid if kind == "grid" else Dossier
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **model.model_json_schema(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@command(app)
def new(
    grid: Annotated[str | None, typer.Option("--grid", help=helped("new_grid"))] = None,
    committee: Annotated[bool, typer.Option("--committee", help=helped("new_committee"))] = False,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            help=helped("new_meeting"),
        ),
    ] = None,
    maquette: Annotated[
        bool,
        typer.Option("--maquette", help=helped("new_maquette")),
    ] = False,
    notes: Annotated[
        str | None, typer.Option("--notes", help=helped("new_notes"), metavar="STAGE")
    ] = None,
    member: Annotated[
        str | None, typer.Option("--member", help=helped("new_member"), metavar="ID")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=helped("new_output"))
    ] = None,
    grids: GridsOption = None,
    call: CallOption = None,
    force: ForceOption = False,
    language: LangOption = None,
) -> None:
    """The skeleton's schema reference resolves from where it is written: the call's
    `schemas/dossier.schema.json` when it exists (`make demo` writes it), else a
    `dossier.schema.json` written beside the skeleton (docs/decisions.md)."""
    from grantgrid.authoring.skeleton import SCHEMA_FILE, skeleton
    from grantgrid.outputs.files import atomic_write

    if sum([grid is not None, committee, meeting is not None, maquette, notes is not None]) != 1:
        raise fail("new_choose_one")
    if notes is not None:
        from grantgrid.cli.notes import notes_skeleton_of

        text, inputs = notes_skeleton_of(notes, member, _call(grids, call))
        _print_or_write(text, inputs, output, force)
        return
    if grid is None:
        text, inputs = _call_skeleton(committee, meeting, _call(grids, call))
        _print_or_write(text, inputs, output, force)
        return
    loaded = _load_grid_argument(grid, grids, call)
    plain.print_diagnostics(sys.stderr, loaded.diagnostics.sorted(), lang())
    if loaded.grid is None:
        raise typer.Exit(1)
    found = _call(grids, call)
    shared = found.root / "schemas" / SCHEMA_FILE if found.root is not None else None
    here = output.parent if output is not None else Path(".")
    schema: str | None = None
    beside: Path | None = None
    if shared is not None and shared.is_file():
        schema = Path(os.path.relpath(shared, here)).as_posix()
    elif output is not None:
        schema, beside = SCHEMA_FILE, here / SCHEMA_FILE
    text = skeleton(loaded.grid, loaded.grid.grid, schema)
    _print_or_write(text, [loaded.path], output, force)
    if output is None:
        return
    if beside is not None and not beside.exists():
        atomic_write(beside, _schema_text("dossier"), [loaded.path])
        stderr().print(say("written", lang(), path=beside), markup=False)


def _print_or_write(text: str, inputs: list[Path], output: Path | None, force: bool) -> None:
    """A skeleton on stdout, or written to `output` (never over one of its `inputs`)."""
    from grantgrid.outputs.files import atomic_write

    if output is None:
        sys.stdout.write(text)
        return
    atomic_write(output, text, inputs, force=force)
    stderr().print(say("written", lang(), path=output), markup=False)


def _call_skeleton(committee: bool, meeting: str | None, call: Any) -> tuple[str, list[Path]]:
    """The skeleton of a file of the call: the committee, a meeting (the call's committee
    members as comments) or the maquette (the call's dossiers' fiches)."""
    import datetime

    if committee:
        from grantgrid.committee.schema import committee_skeleton

        return committee_skeleton(), []
    if meeting is not None:
        from grantgrid.committee.load import load_committee
        from grantgrid.committee.schema import meeting_skeleton

        try:
            datetime.date.fromisoformat(meeting)
        except ValueError:
            raise fail_usage(f"--meeting {meeting}: write the date as YYYY-MM-DD") from None
        path = call.committee_file
        found = load_committee(path).committee if path is not None and path.is_file() else None
        return meeting_skeleton(meeting, found), [path] if found and path else []
    from grantgrid.maquette.skeleton import maquette_skeleton

    applications = call.applications_dir
    run = (
        run_paths([applications], None, quiet=True)
        if applications and applications.is_dir()
        else None
    )
    fiches = [o.fiche_action for o in run.outcomes] if run else []
    return maquette_skeleton(fiches), []


@command(app)
def schema(
    kind: Annotated[
        Literal["grid", "dossier", "committee", "meeting", "notes", "maquette"],
        typer.Argument(help=helped("schema_kind")),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=helped("schema_output"))
    ] = None,
    force: ForceOption = False,
    language: LangOption = None,
) -> None:
    from grantgrid.outputs.files import atomic_write

    text = _schema_text(kind)
    if output is None:
        sys.stdout.write(text)
        return
    atomic_write(output, text, force=force)
