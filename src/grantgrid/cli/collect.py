"""`grantgrid collect`: the workbook the committee typed into, read back into the YAML files."""

# No `from __future__ import annotations` here: typer would evaluate every command's string
# annotations on each run (--help included), a fifth of its start-up time.
import sys
from pathlib import Path
from typing import Annotated

import typer

from grantgrid.cli.app import CallOption, LangOption, app, command, current_lang, fail, helped, say


@command(app)
def collect(
    workbooks: Annotated[
        list[Path], typer.Argument(help=helped("collect_workbooks"), metavar="FILE.xlsx")
    ],
    call: CallOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=helped("dry_run"))] = False,
    meeting: Annotated[
        Path | None,
        typer.Option("--meeting", help=helped("collect_meeting")),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help=helped("collect_force")),
    ] = False,
    language: LangOption = None,
) -> None:
    from grantgrid.call import Call
    from grantgrid.collect import collect as plan_collect
    from grantgrid.collect.write import prepare, publish, summary, unified_diff
    from grantgrid.grids import _display

    for workbook in workbooks:
        if workbook.suffix.lower() not in (".xlsx", ".xlsm"):
            raise fail("not_a_workbook", path=workbook)
        if not workbook.is_file():
            raise fail("no_path", path=workbook)
    lang = current_lang()
    found = Call.find(workbooks, call=call)
    result, run = plan_collect(
        [(w, _display(w)) for w in workbooks], found, force=force, meeting=meeting
    )
    temporaries = {}
    if not result.has_errors and run is not None:
        temporaries = prepare(result, run)
    if not result.has_errors and dry_run:
        for change in result.files:
            sys.stdout.write(unified_diff(change))
    if not result.has_errors and not dry_run:
        publish(result, temporaries)
    elif temporaries:
        from grantgrid.collect.write import discard

        discard(temporaries)
    diagnostics = sorted(result.diagnostics, key=lambda d: d.sort_key())
    for line in (d.format(lang) for d in diagnostics):
        sys.stderr.write(line + "\n")
    if result.has_errors:
        sys.stderr.write(say("nothing_written", lang) + "\n")
        raise typer.Exit(1)
    for line in summary(result, lang, dry_run=dry_run):
        sys.stderr.write(line + "\n")
    raise typer.Exit(0)
