"""Commands on grids and formats: grid show, grid check, new, schema."""

# No `from __future__ import annotations` here: typer would evaluate every command's string
# annotations on each run (--help included), a fifth of its start-up time.
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from grantgrid.cli.app import (
    ForceOption,
    GridsOption,
    app,
    command,
    fail_usage,
    grid_app,
    plain,
    run_paths,
    stderr,
    stdout,
    terminal,
)


def _load_grid_argument(reference: str, grids: Path | None):  # type: ignore[no-untyped-def]
    from grantgrid.call import GridCatalogue

    catalogue = GridCatalogue(grids)
    path = Path(reference)
    if path.is_file():
        return catalogue.load(path)
    if "/" in reference or "\\" in reference or path.suffix in (".yaml", ".yml"):
        raise fail_usage(f"{reference}: no such grid file")
    found, miss = catalogue.resolve(reference, Path.cwd() / "applications" / "_")
    if found is None:
        raise fail_usage(miss.message_in("en") if miss else f"grid {reference!r} not found")
    return found


GridArgument = Annotated[
    str, typer.Argument(help="A grid file, or a grid id looked up in ./grids.")
]


@command(grid_app, "show")
def grid_show(grid: GridArgument, grids: GridsOption = None) -> None:
    """Show a grid as a matrix (axes × phases, criteria, objectives, points) and its maximum."""
    loaded = _load_grid_argument(grid, grids)
    plain.print_diagnostics(sys.stderr, loaded.diagnostics.sorted())
    if loaded.grid is None:
        raise typer.Exit(1)
    out = stdout()
    out.print(terminal.grid_summary(loaded, loaded.grid), markup=False)
    for table in terminal.grid_tables(loaded.grid):
        out.print(table)


@command(grid_app, "check")
def grid_check(grid: GridArgument, grids: GridsOption = None) -> None:
    """Check a grid; print only its diagnostics."""
    loaded = _load_grid_argument(grid, grids)
    plain.print_diagnostics(sys.stdout, loaded.diagnostics.sorted())
    raise typer.Exit(1 if loaded.diagnostics.has_errors else 0)


@command(app)
def new(
    grid: Annotated[
        str | None,
        typer.Option(
            "--grid", help="Un dossier pour cette grille (un fichier, ou un identifiant)."
        ),
    ] = None,
    committee: Annotated[
        bool, typer.Option("--committee", help="Un committee.yaml à remplir.")
    ] = False,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            help="Une séance à cette date (AAAA-MM-JJ), membres du comité en commentaire.",
        ),
    ] = None,
    maquette: Annotated[
        bool,
        typer.Option(
            "--maquette", help="Un maquette.yaml avec une fiche par fiche action des dossiers."
        ),
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the skeleton to this file instead of the terminal."
        ),
    ] = None,
    grids: GridsOption = None,
    force: ForceOption = False,
) -> None:
    """Write a skeleton to fill in, with every slot and commented hints: a dossier (--grid),
    the committee (--committee), a meeting (--meeting DATE) or the maquette (--maquette)."""
    from grantgrid.outputs.files import atomic_write

    chosen = [grid is not None, committee, meeting is not None, maquette]
    if sum(chosen) != 1:
        raise fail_usage("choose one of --grid GRID, --committee, --meeting DATE, --maquette")
    inputs: list[Path] = []
    if grid is not None:
        from grantgrid.authoring.skeleton import skeleton

        loaded = _load_grid_argument(grid, grids)
        plain.print_diagnostics(sys.stderr, loaded.diagnostics.sorted())
        if loaded.grid is None:
            raise typer.Exit(1)
        text, inputs = skeleton(loaded.grid, loaded.grid.grid), [loaded.path]
    else:
        text, inputs = _call_skeleton(committee, meeting)
    if output is None:
        sys.stdout.write(text)
        return
    atomic_write(output, text, inputs, force=force)
    stderr().print(f"Écrit : {output}", markup=False)


def _call_skeleton(committee: bool, meeting: str | None) -> tuple[str, list[Path]]:
    """The skeleton of a file of the call: the committee, a meeting (the call's committee
    members as comments) or the maquette (the call's dossiers' fiches)."""
    import datetime

    from grantgrid.call import Call

    call = Call.find([])
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
        Literal["grid", "dossier", "committee", "meeting", "maquette"],
        typer.Argument(help="grid, dossier, committee, meeting or maquette."),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of a format, for editors' YAML autocompletion."""
    import json

    from grantgrid.models import Dossier, Grid
    from grantgrid.outputs.files import atomic_write

    if kind in ("committee", "meeting"):
        from grantgrid.committee.schema import json_schema

        document = json_schema(kind)
    elif kind == "maquette":
        from grantgrid.maquette.models import schema as maquette_schema

        document = maquette_schema()
    else:
        model = Grid if kind == "grid" else Dossier
        document = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            **model.model_json_schema(),
        }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    atomic_write(output, text, force=force)
