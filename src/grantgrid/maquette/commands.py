"""`grantgrid maquette [--json]`: the library call behind the command (cli.py only wires it)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from grantgrid.maquette import words
from grantgrid.maquette.inputs import Candidate, Decided
from grantgrid.maquette.json import diagnostic_json, dumps, maquette_json
from grantgrid.maquette.load import MAQUETTE_FILE, find_maquette, load_maquette
from grantgrid.maquette.terminal import render_text
from grantgrid.maquette.view import build_view
from grantgrid.words import Said, render

NO_MAQUETTE = Said(
    "no maquette: {file} is not in {folder}. Write one (`grantgrid schema maquette` gives its "
    "format; docs/maquette.md has an example).",
    "pas de maquette : {file} est introuvable dans {folder}. Écrivez-la (`grantgrid schema "
    "maquette` donne son format ; docs/maquette.md a un exemple).",
)


def _width(out: TextIO) -> int | None:
    """The terminal's width; None when piped (piped output is never cut)."""
    return shutil.get_terminal_size().columns if out.isatty() else None


def maquette_command(
    call_dir: Path,
    decided: Sequence[Decided] = (),
    candidates: Sequence[Candidate] = (),
    lang: str = "fr",
    json_output: bool = False,
    *,
    out: TextIO | None = None,
    width: int | str | None = "auto",
) -> int:
    """Print the maquette of the call in `call_dir` after `decided` (every valid decision of
    its meetings), then the proposal for `candidates`; or the JSON. Returns the exit code:
    0 fine, 1 the maquette has errors (an overrun included), 2 the call has no maquette."""
    stream = out if out is not None else sys.stdout
    path = find_maquette(call_dir)
    if path is None:
        params = {"file": MAQUETTE_FILE, "folder": str(call_dir)}
        print(f"grantgrid: {render(NO_MAQUETTE, params, lang)}", file=sys.stderr)
        return 2
    loaded = load_maquette(path, MAQUETTE_FILE)
    view = build_view(loaded, decided, candidates)
    diagnostics = view.diagnostics if view is not None else loaded.diagnostics
    failed = any(d.is_error for d in diagnostics)
    if json_output:
        from grantgrid import __version__

        document: dict[str, object] = {
            "grantgrid": __version__,
            "inputs": [
                {
                    "path": MAQUETTE_FILE,
                    "kind": "maquette",
                    "sha256": loaded.sha256,  # of the bytes validated, never read again
                }
            ],
            "maquette": maquette_json(view) if view is not None else None,
        }
        if view is None:
            document["errors"] = [diagnostic_json(d) for d in diagnostics if d.is_error]
        stream.write(dumps(document))
        return 1 if failed else 0
    if view is not None:
        shown = _width(stream) if width == "auto" else width
        stream.write(render_text(view, lang, shown if not isinstance(shown, str) else None))
    stream.write("\n")
    if diagnostics:
        for diagnostic in diagnostics:
            stream.write(diagnostic.format(lang) + "\n")
        stream.write("\n")
    errors = sum(d.is_error for d in diagnostics)
    summary = {"errors": errors, "warnings": len(diagnostics) - errors}
    stream.write(render(words.SUMMARY, summary, lang) + "\n")
    return 1 if failed else 0
