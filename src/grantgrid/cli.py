"""The command line: parse options, call the library, print, choose the exit code.

Exit codes: 0 fine, 1 a dossier or grid has errors, 2 the command itself is wrong.
"""

# No `from __future__ import annotations` here: typer would evaluate every command's string
# annotations on each run (--help included), a fifth of its start-up time.
import functools
import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

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


@command(app)
def validate(
    paths: Paths = None,
    grids: GridsOption = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Check dossiers and their grids; print every problem as PATH:LINE:COL: error CODE: message."""
    run = run_paths(paths, grids, quiet, keep_dossiers=False)
    if json_output:
        from grantgrid.outputs.jsonout import run_json

        sys.stdout.write(run_json(run))
        print_grid_diagnostics(run)
    else:  # plain lines, no rich: an editor runs this on every save (see grantgrid.main)
        plain.print_validation(sys.stdout, run, quiet=quiet)
    raise typer.Exit(run.exit_code)


@command(app)
def score(
    paths: Paths = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help="Show only this stage's column (or JSON entry).")
    ] = None,
    grids: GridsOption = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Score and rank dossiers: a table in the terminal, or JSON with --json."""
    run = run_paths(paths, grids, quiet, keep_dossiers=False)
    known = {s.id for g in run.grids if g.grid for s in g.grid.stages}
    if stage is not None and known and stage not in known:
        raise fail_usage(f"--stage {stage}: no such stage (stages: {', '.join(sorted(known))})")
    if json_output:
        from grantgrid.outputs.jsonout import run_json

        sys.stdout.write(run_json(run, stage))
        print_grid_diagnostics(run)
        raise typer.Exit(run.exit_code)
    plain.print_run_diagnostics(sys.stderr, run)
    out = stdout()
    out.print(terminal.score_table(run, stage))
    terminal.print_reasons(out, run, stage)
    if not quiet:
        out.print(plain.summary_line(run), markup=False)
    raise typer.Exit(run.exit_code)


@command(app)
def budget(
    dossier: Annotated[Path, typer.Argument(help="The dossier file.")],
    grids: GridsOption = None,
) -> None:
    """Show a dossier's financing plan: lines, totals, each funder's share, the rule checks."""
    if dossier.is_dir():
        raise fail_usage(
            f"{dossier} is a folder: `budget` shows one dossier's plan (`grantgrid budget "
            f"{dossier}/DOSSIER.yaml`); `grantgrid validate {dossier}` checks them all"
        )
    run = run_paths([dossier], grids, quiet=True)
    outcome = run.outcomes[0] if run.outcomes else None
    if outcome is None:
        plain.print_diagnostics(sys.stderr, run.skipped)  # a FIFO, a device, a broken link…
        raise fail_usage(f"{dossier}: not a dossier file")
    plain.print_diagnostics(sys.stderr, [d for g in run.grids for d in g.diagnostics.sorted()])
    plain.print_diagnostics(sys.stderr, outcome.diagnostics.sorted())
    from grantgrid.outputs.views.budget import budget_view

    view = budget_view(outcome)
    if view is not None and outcome.grid is not None:
        out = stdout()
        for table in terminal.budget_table(view, outcome.dossier_id or outcome.path):
            out.print(table)
        out.print(terminal.plan_summary(view, outcome.grid.financing), markup=False)
    raise typer.Exit(run.exit_code)


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
        from grantgrid.rules.registry import rule
        from grantgrid.words import render

        if miss is None:
            raise fail_usage(f"grid {reference!r} not found")
        raise fail_usage(render(rule(miss.code).template(miss.variant), miss.params, "en"))
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
def export(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The workbook to write (FILE.xlsx).")
    ],
    paths: Paths = None,
    lang: Annotated[
        Literal["fr", "en"], typer.Option("--lang", help="Language of the labels.")
    ] = "fr",
    grids: GridsOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Write the committee's comparison workbook: a summary per grid, one sheet per dossier."""
    from grantgrid.outputs.workbook import export_workbook  # openpyxl is slow to import

    if output.suffix.lower() != ".xlsx":
        raise fail_usage(f"-o {output}: give a file name ending in .xlsx")
    run = run_paths(paths, grids, quiet)
    plain.print_run_diagnostics(sys.stderr, run)
    export_workbook(run, output, lang=lang, force=force)
    if not quiet:
        stderr().print(f"Écrit : {output}", markup=False)
    raise typer.Exit(run.exit_code)


@command(app)
def report(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The folder to write the reports into.")
    ],
    paths: Paths = None,
    fmt: Annotated[
        Literal["html", "md", "pdf"],
        typer.Option("--format", help="html (prints on A4), md (GitHub/GitLab) or pdf."),
    ] = "html",
    lang: Annotated[
        Literal["fr", "en"], typer.Option("--lang", help="Language of the labels.")
    ] = "fr",
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Folder of templates overriding the built-in ones (default: ./templates if present).",
        ),
    ] = None,
    grids: GridsOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
) -> None:
    """Write one report per dossier, and an index of the run in rank order."""
    from grantgrid.outputs.report import write_reports  # jinja2 and babel: imported here only

    if templates is None and Path("templates").is_dir():
        # The call's own templates (docs/reports.md): kept, but never used without a word.
        templates = Path("templates")
        if not quiet:
            stderr().print(
                "Modèles : ./templates (dossier courant ; --templates DIR pour un autre)",
                markup=False,
            )
    run = run_paths(paths, grids, quiet)
    plain.print_run_diagnostics(sys.stderr, run)
    written = write_reports(run, output, fmt=fmt, lang=lang, templates=templates, force=force)
    if not quiet:
        console = stderr()
        for item in written:  # soft_wrap: a path is never cut in two
            console.print(f"Écrit : {item.path}", markup=False, soft_wrap=True)
    raise typer.Exit(run.exit_code)


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


def main() -> None:
    """Entry point of the `grantgrid` executable (rich honours NO_COLOR by itself)."""
    from grantgrid.outputs.files import exit_on_sigterm

    exit_on_sigterm()  # a write killed by SIGTERM still removes its temporary file
    try:
        app()
    except OSError as exc:
        from grantgrid.main import refused_path

        sys.exit(refused_path(exc))
