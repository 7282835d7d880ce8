"""`grantgrid sheets --stage ID -o DIR`: one scoring workbook per member of the committee for
an individual stage, `DIR/<stage>-<member>.xlsx`, their dossiers only (conflicts left out, as
`new --notes`), which `grantgrid collect` reads back into `notes/<stage>/<member>.yaml`."""

# No `from __future__ import annotations` here: typer evaluates the string annotations.
import sys
from pathlib import Path
from typing import Annotated

import typer

from grantgrid.cli.app import CallOption, ForceOption, LangOption, app, command, fail, helped, say
from grantgrid.cli.app import lang as current_lang


@command(app)
def sheets(
    stage: Annotated[
        str, typer.Option("--stage", help=helped("sheets_stage_option"), metavar="ID")
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help=helped("sheets_output"), metavar="DIR")
    ],
    call: CallOption = None,
    force: ForceOption = False,
    language: LangOption = None,
) -> None:
    from grantgrid.call import Call
    from grantgrid.cli.notes import stage_of_call
    from grantgrid.notes.load import load_notes
    from grantgrid.outputs.files import InputFiles, atomic_write, check_folder, check_target
    from grantgrid.outputs.workbook.member import MemberSheets, Notes, build_member_workbook
    from grantgrid.outputs.workbook.readback import ABSENT, MemberIndex, relative_path
    from grantgrid.outputs.workbook.side import data_stamp

    if call is not None and not call.is_dir():
        raise fail("no_call_folder", path=call)
    if output.exists() and not output.is_dir():
        raise fail("sheets_not_folder", path=output)
    found_call = Call.find(call=call)
    found = stage_of_call(stage, found_call, option="--stage")
    run = found.run
    assert run is not None  # an individual stage was found among its dossiers
    root = found_call.root
    notes_dir = found_call.notes_dir or Path("notes")
    inputs = [found.committee_path, *(o.source for o in run.outcomes)]
    planned: list[tuple[Path, MemberSheets]] = []
    for member, name in found.names.items():
        todo, left_out = found.dossiers_of(member)
        path = notes_dir / found.stage.id / f"{member}.yaml"
        notes: Notes = {}
        digest = ABSENT
        if path.is_file():
            inputs.append(path)
            loaded = load_notes(path, str(path))
            digest = loaded.sha256 or ABSENT
            if loaded.notes is not None:
                notes = {key: entry.axes for key, entry in loaded.notes.notes.items()}
        index = MemberIndex(
            member, found.stage.id, relative_path(path, root), digest, ",".join(left_out)
        )
        spec = MemberSheets(found.stage, member, name, todo, left_out, notes, index)
        planned.append((output / f"{found.stage.id}-{member}.xlsx", spec))
    files = InputFiles.of(inputs)
    if output.exists():
        check_folder(output, files)
    for target, _ in planned:  # every refusal before the first file is written
        check_target(target, files, force=force)
    stamp = data_stamp(run)
    lang = current_lang()
    for target, spec in planned:
        data = build_member_workbook(spec, root, lang=lang, stamp=stamp)
        atomic_write(target, data, files, force=force)
        sys.stderr.write(say("written", lang, path=target) + "\n")
    raise typer.Exit(0)
