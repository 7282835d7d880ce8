"""Commands on dossiers: validate, score, budget, export, report."""

# No `from __future__ import annotations` here: typer would evaluate every command's string
# annotations on each run (--help included), a fifth of its start-up time.
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from grantgrid.cli.app import (
    ForceOption,
    GridsOption,
    JsonOption,
    Paths,
    QuietOption,
    app,
    command,
    fail_usage,
    plain,
    print_grid_diagnostics,
    run_paths,
    stderr,
    stdout,
    terminal,
)


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
    meeting: Annotated[
        Path | None,
        typer.Option(
            "--meeting",
            help="A meeting file: the summary gains its decision columns, for `collect`.",
        ),
    ] = None,
) -> None:
    """Write the committee's comparison workbook: a summary per grid, one sheet per dossier."""
    from grantgrid.outputs.workbook import export_workbook  # openpyxl is slow to import

    if output.suffix.lower() != ".xlsx":
        raise fail_usage(f"-o {output}: give a file name ending in .xlsx")
    if meeting is not None and not meeting.is_file():
        raise fail_usage(f"--meeting {meeting}: no such file")
    run = run_paths(paths, grids, quiet)
    plain.print_run_diagnostics(sys.stderr, run)
    decisions = None
    if meeting is not None:
        from grantgrid.outputs.workbook.meeting import meeting_input

        decisions = meeting_input(meeting, run.call.root if run.call else None)
    export_workbook(run, output, lang=lang, force=force, meeting=decisions)
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
