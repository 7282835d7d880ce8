"""The command line's frame: the typer application, shared options, the boundary.

Exit codes: 0 fine, 1 a dossier or grid has errors, 2 the command itself is wrong.
"""

# No `from __future__ import annotations` here: typer would evaluate every command's string
# annotations on each run (--help included), a fifth of its start-up time.
import functools
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from grantgrid.evaluation import Run
    from grantgrid.outputs.console import plain, terminal
else:

    class _OnFirstUse:
        """A module imported when first used, so that `--help` loads neither pydantic nor rich."""

        def __init__(self, name: str) -> None:
            self._name = name

        def __getattr__(self, attribute: str) -> Any:
            return getattr(importlib.import_module(self._name), attribute)

    plain = _OnFirstUse("grantgrid.outputs.console.plain")
    terminal = _OnFirstUse("grantgrid.outputs.console.terminal")

app = typer.Typer(
    name="grantgrid",
    help="Évaluer les dossiers LEADER avec la grille de sélection du GAL : "
    "validation, budgets, notes, classement, rapports et classeur du comité.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

grid_app = typer.Typer(help="Show or check a selection grid.", no_args_is_help=True)
app.add_typer(grid_app, name="grid")

Paths = Annotated[
    list[Path] | None,
    typer.Argument(help="Dossier files or folders (their *.yaml, *.yml). Default: applications/."),
]


GridsOption = Annotated[
    Path | None,
    typer.Option(
        "--grids",
        help="Folder where grid ids are looked up (default: ./grids, then ../grids beside the dossiers).",
    ),
]


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar, no summary line.")
]


ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]


def stdout() -> "Console":
    from rich.console import Console

    # Piped output has no width to respect: keep tables on one line per dossier.
    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal:
        console = Console(highlight=False, soft_wrap=False, width=200)
    return console


def stderr() -> "Console":
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def fail_usage(message: str) -> typer.Exit:
    stderr().print(f"grantgrid: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


Command = TypeVar("Command", bound=Callable[..., None])


def boundary(function: Command) -> Command:
    """The one place a `GrantgridError` (a command that cannot be carried out as asked)
    becomes its one-line message and exit code 2."""
    from grantgrid.errors import GrantgridError

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> None:
        try:
            function(*args, **kwargs)
        except GrantgridError as exc:
            raise fail_usage(str(exc)) from None

    return guarded  # type: ignore[return-value]


def command(typer_app: typer.Typer, name: str | None = None) -> Callable[[Command], Command]:
    """`typer_app.command(name)` behind the boundary."""

    def register(function: Command) -> Command:
        typer_app.command(name)(boundary(function))
        return function

    return register


def run_paths(
    paths: list[Path] | None, grids: Path | None, quiet: bool = False, keep_dossiers: bool = True
) -> "Run":
    """Evaluate the paths (default applications/) with a progress bar on long runs in a
    terminal (`outputs.progress`); a wrong path is a usage error (exit 2)."""
    from grantgrid.outputs.console.progress import evaluate_with_progress

    return evaluate_with_progress(paths, grids, quiet=quiet, keep_dossiers=keep_dossiers)


def print_grid_diagnostics(run: "Run") -> None:
    """With --json, the grids' own problems on stderr: the JSON lists dossiers only (SPEC)."""
    for grid in run.grids:
        plain.print_diagnostics(sys.stderr, grid.diagnostics.sorted())
    plain.print_diagnostics(sys.stderr, run.skipped)


def version_callback(value: bool) -> None:
    if value:
        from grantgrid import __version__

        print(f"grantgrid {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Évaluer les dossiers LEADER avec la grille de sélection du GAL."""


def current_lang() -> str:
    """The language of everything a person reads: French unless `GRANTGRID_LANG=en`."""
    import os

    return "en" if os.environ.get("GRANTGRID_LANG", "").lower().startswith("en") else "fr"


CallOption = Annotated[
    Path | None,
    typer.Option(
        "--call",
        help="Le dossier de l'appel (grids/, applications/, committee.yaml, meetings/, "
        "maquette.yaml) ; par défaut le dossier courant ou le plus proche au-dessus.",
    ),
]
