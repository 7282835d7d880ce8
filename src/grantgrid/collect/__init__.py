"""`grantgrid collect`: what the committee typed into the workbook, back into the YAML files.

- `guard`: an untrusted workbook bounded before openpyxl opens it (zip bomb, external links…);
- `reading`: the hidden index sheet and the note cells it names, read as values;
- `plan`: each value checked like its YAML counterpart, the edits per dossier file;
- `write`: the round-trip edits re-validated, then each file replaced atomically.

See SPEC-committee.md §7 and docs/workbook.md.
"""

from grantgrid.collect.plan import Change, Collected, FileChange, collect

__all__ = ["Change", "Collected", "FileChange", "collect"]
