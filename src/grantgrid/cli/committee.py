"""Commands of the programming committee: committee check, meeting, minutes, maquette.

Each evaluates the call's dossiers once (their status decides what may be decided) and hands
the run to the committee's or the maquette's library call, which prints and returns the exit
code.
"""

# No `from __future__ import annotations` here: typer reads the annotations at run time.
import datetime
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from grantgrid.cli.app import (
    CallOption,
    ForceOption,
    JsonOption,
    LangOption,
    app,
    command,
    current_lang,
    fail,
    helped,
    run_paths,
)

committee_app = typer.Typer(help=helped("committee"), no_args_is_help=True)
app.add_typer(committee_app, name="committee")

MeetingArgument = Annotated[Path, typer.Argument(help=helped("meeting_file"))]


def _call_run(call: Path | None, near: Path | None = None):  # type: ignore[no-untyped-def]
    """The call's folder and its run (every dossier of its `applications/`)."""
    from grantgrid.call import Call

    found = Call.find([near] if near else [], call=call)
    if found.root is None or found.applications_dir is None:
        raise fail("no_call_here")
    # call=: the run reads this call's committee and maquette, not the current folder's.
    return found.root, run_paths([found.applications_dir], None, quiet=True, call=found.root)


@command(committee_app, "check")
def committee_check(call: CallOption = None, language: LangOption = None) -> None:
    from grantgrid.committee.commands import committee_check as check

    root, _ = _call_run(call)
    raise typer.Exit(check(root, current_lang()))


@command(app)
def meeting(
    meeting_file: MeetingArgument,
    json_output: JsonOption = False,
    call: CallOption = None,
    language: LangOption = None,
) -> None:
    from grantgrid.committee.commands import meeting_command

    root, run = _call_run(call, meeting_file)
    raise typer.Exit(
        meeting_command(meeting_file, run, current_lang(), as_json=json_output, call_dir=root)
    )


@command(app)
def minutes(
    meeting_file: MeetingArgument,
    output: Annotated[Path, typer.Option("--output", "-o", help=helped("minutes_output"))],
    fmt: Annotated[
        Literal["html", "md", "pdf"], typer.Option("--format", help=helped("minutes_format"))
    ] = "html",
    force: ForceOption = False,
    call: CallOption = None,
    language: LangOption = None,
) -> None:
    from grantgrid.committee.commands import minutes_command

    root, run = _call_run(call, meeting_file)
    lang = current_lang()
    after = maquette_after(run, meeting_file, lang)
    code = minutes_command(meeting_file, output, fmt, run, lang, force, after, root)
    unread = run.programme.refused()
    if code == 0 and unread:
        # Another meeting or the maquette could not be read (the committee and this meeting
        # were reported above): the minutes miss their decisions, never without a word.
        for diagnostic in unread:
            print(diagnostic.format(lang), file=sys.stderr)
        code = 1
    raise typer.Exit(code)


@command(app)
def maquette(
    json_output: JsonOption = False, call: CallOption = None, language: LangOption = None
) -> None:
    from grantgrid.maquette.commands import maquette_command

    root, run = _call_run(call)
    programme = run.programme
    code = maquette_command(
        root, programme.decided, programme.candidates, current_lang(), json_output, out=sys.stdout
    )
    raise typer.Exit(code)


def maquette_after(run: Any, meeting_file: Path, lang: str) -> dict[str, Any] | None:
    """The maquette as it stands after a meeting (its decisions and every earlier one), as
    the minutes print it; None without a maquette."""
    from grantgrid.committee.load import load_meeting
    from grantgrid.grids import _display
    from grantgrid.maquette.view import build_view
    from grantgrid.outputs.report.maquette import maquette_html, maquette_markdown

    found = run.programme
    if found.maquette_file is None or found.maquette_file.maquette is None:
        return None
    meeting = load_meeting(meeting_file, _display(meeting_file)).meeting
    if meeting is None:
        return None
    # Every valid decision up to this meeting (by date, then meeting id), none after it.
    cut = (datetime.date.fromisoformat(str(meeting.date)), meeting.meeting)
    earlier = [d for d in found.decided if (d.date, d.meeting) <= cut]
    view = build_view(found.maquette_file, earlier, found.candidates)
    if view is None:
        return None
    return {"html": maquette_html(view, lang), "markdown": maquette_markdown(view, lang)}
