"""The one hardened door for YAML: untrusted bytes in, plain data and positions out.

Dossiers, grids, the committee, meetings, notes and the maquette come from outside, so nothing
here trusts the input. The file is composed into ruamel.yaml nodes (no Python object is ever
constructed from a tag), then converted under the YAML 1.2 core schema only:

- plain scalars are resolved by the core schema's patterns here, whatever the file says:
  `NO`, `1:30`, `1_000` and `=` stay text; `0755` is 755;
- numbers keep their text: floats become `Decimal` from the scalar text, never a binary float;
- only core tags (str, int, float, bool, null, map, seq) are accepted: `!!python/…`, `!!binary`,
  `!custom`, merge keys are errors;
- duplicate keys, non-text keys, cycles, alias bombs and deep nesting are errors;
- a `%YAML` directive other than 1.2 is an error (1.1 would turn `NO` into false);
- size and encoding are checked before parsing, the number of values while parsing.

Every failure becomes a `Diagnostic` with a 1-based line and column; `load_yaml` and
`parse_text` never raise for bad input.

Modules, each importing only those above it: `limits`, `document` → `core` → `shape`,
`convert`, `text` → `fast` (libyaml) → `read` (the door itself).
"""

from grantgrid.loading.document import Document, LoadResult
from grantgrid.loading.limits import MAX_BYTES, MAX_DEPTH, MAX_LINE, MAX_NODES, MAX_NUMBER_TEXT
from grantgrid.loading.read import entry_exists, file_sha256, load_yaml, parse_text

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_LINE",
    "MAX_NODES",
    "MAX_NUMBER_TEXT",
    "Document",
    "LoadResult",
    "entry_exists",
    "file_sha256",
    "load_yaml",
    "parse_text",
]
