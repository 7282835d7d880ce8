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
        str, typer.Option("--grid", help="The grid: a file, or an id looked up in ./grids.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the skeleton to this file instead of the terminal."
        ),
    ] = None,
    grids: GridsOption = None,
    force: ForceOption = False,
) -> None:
    """Write a dossier skeleton with every answer and score slot and commented hints."""
    from grantgrid.authoring.skeleton import skeleton
    from grantgrid.outputs.files import atomic_write

    loaded = _load_grid_argument(grid, grids)
    plain.print_diagnostics(sys.stderr, loaded.diagnostics.sorted())
    if loaded.grid is None:
        raise typer.Exit(1)
    text = skeleton(loaded.grid, loaded.grid.grid)
    if output is None:
        sys.stdout.write(text)
        return
    atomic_write(output, text, [loaded.path], force=force)
    stderr().print(f"Écrit : {output}", markup=False)


@command(app)
def schema(
    kind: Annotated[Literal["grid", "dossier"], typer.Argument(help="grid or dossier.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of a format, for editors' YAML autocompletion."""
    import json

    from grantgrid.models import Dossier, Grid
    from grantgrid.outputs.files import atomic_write

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
