"""Commands on dossiers: validate, score, budget, export, report."""

# No `from __future__ import annotations` here: typer would evaluate every command's string
# annotations on each run (--help included), a fifth of its start-up time.
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, NoReturn

import typer

from grantgrid.cli.app import (
    CallOption,
    ForceOption,
    GridsOption,
    JsonOption,
    LangOption,
    NoWarningsOption,
    Paths,
    QuietOption,
    app,
    command,
    fail,
    fail_usage,
    helped,
    lang,
    plain,
    print_grid_diagnostics,
    run_paths,
    say,
    stderr,
    stdout,
    table_width,
    terminal,
)

if TYPE_CHECKING:
    from grantgrid.evaluation import Run


@command(app)
def validate(
    paths: Paths = None,
    grids: GridsOption = None,
    call: CallOption = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
    no_warnings: NoWarningsOption = False,
    language: LangOption = None,
) -> None:
    run = run_paths(paths, grids, quiet, keep_dossiers=False, call=call, with_programme=False)
    if json_output:
        _print_json(run, None, no_warnings)
    # plain lines, no rich: an editor runs this on every save (see grantgrid.main)
    plain.print_validation(sys.stdout, run, quiet=quiet, lang=lang(), warnings=not no_warnings)
    raise typer.Exit(run.exit_code)


def _print_json(run: "Run", stage: str | None, no_warnings: bool) -> NoReturn:
    """`--json`: the run on stdout (SPEC.md, "JSON"), the grids' problems on stderr."""
    from grantgrid.outputs.jsonout import run_json

    sys.stdout.write(run_json(run, stage))
    print_grid_diagnostics(run, warnings=not no_warnings)
    raise typer.Exit(run.exit_code)


@command(app)
def score(
    paths: Paths = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help=helped("stage"), metavar="ID")
    ] = None,
    grids: GridsOption = None,
    call: CallOption = None,
    json_output: JsonOption = False,
    quiet: QuietOption = False,
    no_warnings: NoWarningsOption = False,
    language: LangOption = None,
) -> None:
    run = run_paths(paths, grids, quiet, keep_dossiers=False, call=call)
    known = run.stage_ids  # None: no grid could be read, so no stage can be judged unknown
    if stage is not None and known and stage not in known:
        raise fail("no_stage", stage=stage, stages=", ".join(known))
    if json_output:
        _print_json(run, stage, no_warnings)
    plain.print_run_diagnostics(sys.stderr, run, lang(), warnings=not no_warnings)
    out = stdout()
    table, dropped = terminal.score_table(run, stage, lang(), console=out, width=table_width(out))
    out.print(table)
    if dropped:
        out.print(say("dropped", lang(), columns=", ".join(dropped)), markup=False, style="dim")
    terminal.print_reasons(out, run, stage, lang())
    if not quiet:
        out.print(plain.summary_line(run, lang(), warnings=not no_warnings), markup=False)
    raise typer.Exit(run.exit_code)


@command(app)
def budget(
    dossier: Annotated[Path, typer.Argument(help=helped("dossier_file"))],
    grids: GridsOption = None,
    call: CallOption = None,
    no_warnings: NoWarningsOption = False,
    language: LangOption = None,
) -> None:
    if dossier.is_dir():
        raise fail("budget_folder", path=dossier)
    run = run_paths([dossier], grids, quiet=True, call=call)
    outcome = run.outcomes[0] if run.outcomes else None
    if outcome is None:
        plain.print_diagnostics(sys.stderr, run.skipped, lang())  # a FIFO, a broken link…
        raise fail("not_a_dossier", path=dossier)
    shown = [d for g in run.grids for d in g.diagnostics.sorted()]
    plain.print_diagnostics(sys.stderr, shown, lang(), warnings=not no_warnings)
    plain.print_diagnostics(
        sys.stderr, outcome.diagnostics.sorted(), lang(), warnings=not no_warnings
    )
    from grantgrid.outputs.views.budget import budget_view

    view = budget_view(outcome)
    if view is not None and outcome.grid is not None:
        out = stdout()
        for table in terminal.budget_table(view, outcome.dossier_id or outcome.path, lang()):
            out.print(table)
        out.print(terminal.plan_summary(view, outcome.grid.financing, lang()), markup=False)
    raise typer.Exit(run.exit_code)


@command(app)
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help=helped("workbook_file"))],
    paths: Paths = None,
    language: LangOption = None,
    grids: GridsOption = None,
    call: CallOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
    no_warnings: NoWarningsOption = False,
    meeting: Annotated[
        Path | None,
        typer.Option(
            "--meeting",
            help=helped("export_meeting"),
        ),
    ] = None,
) -> None:
    from grantgrid.outputs.workbook import export_workbook  # openpyxl is slow to import

    if output.suffix.lower() != ".xlsx":
        raise fail("not_xlsx", path=output)
    from grantgrid.loading import entry_exists

    if meeting is not None and not entry_exists(meeting):  # a FIFO there: a yaml.read error
        raise fail_usage(f"--meeting {meeting}: no such file")
    run = run_paths(paths, grids, quiet, call=call)
    plain.print_run_diagnostics(sys.stderr, run, lang(), warnings=not no_warnings)
    decisions = None
    if meeting is not None:
        from grantgrid.outputs.workbook.meeting import MeetingFileError, meeting_input

        try:
            decisions = meeting_input(meeting, run.call.root if run.call else None)
        except MeetingFileError as error:  # an input with errors: exit 1, nothing written
            shown = {(d.code, d.position, repr(d.params)) for d in run.programme.refused()}
            again = [d for d in error.diagnostics if (d.code, d.position, repr(d.params)) in shown]
            plain.print_diagnostics(
                sys.stderr, [d for d in error.diagnostics if d not in again], lang()
            )
            raise typer.Exit(1) from None
    export_workbook(run, output, lang=lang(), force=force, meeting=decisions)
    if not quiet:
        stderr().print(say("written", lang(), path=output), markup=False)
    raise typer.Exit(run.exit_code)


@command(app)
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help=helped("report_folder"))],
    paths: Paths = None,
    fmt: Annotated[
        Literal["html", "md", "pdf"], typer.Option("--format", help=helped("format"))
    ] = "html",
    language: LangOption = None,
    templates: Annotated[Path | None, typer.Option("--templates", help=helped("templates"))] = None,
    grids: GridsOption = None,
    call: CallOption = None,
    force: ForceOption = False,
    quiet: QuietOption = False,
    no_warnings: NoWarningsOption = False,
) -> None:
    from grantgrid.outputs.report import write_reports  # jinja2 and babel: imported here only

    if templates is None and Path("templates").is_dir():
        # The call's own templates (docs/reports.md): kept, but never used without a word.
        templates = Path("templates")
        if not quiet:
            stderr().print(
                "Modèles : ./templates (dossier courant ; --templates DIR pour un autre)",
                markup=False,
            )
    run = run_paths(paths, grids, quiet, call=call)
    plain.print_run_diagnostics(sys.stderr, run, lang(), warnings=not no_warnings)
    written = write_reports(run, output, fmt=fmt, lang=lang(), templates=templates, force=force)
    if not quiet:
        console = stderr()
        for item in written:  # soft_wrap: a path is never cut in two
            console.print(say("written", lang(), path=item.path), markup=False, soft_wrap=True)
    raise typer.Exit(run.exit_code)
