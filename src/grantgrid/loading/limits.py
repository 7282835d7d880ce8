"""The loader's limits: every file from outside is read under them (docs/rules.md lists them)."""

from __future__ import annotations

MAX_BYTES = 2 * 1024 * 1024
"""A dossier is a few kilobytes; 2 MiB leaves room for long texts and refuses junk early."""

MAX_NOTE_VALUES = 300_000
"""Values in a members' notes file (`notes/<stage>/<member>.yaml`): one file holds a member's
notes on every dossier of a stage, some 30 values each, so 10,000 dossiers fit."""

MAX_DEPTH = 50
"""The formats nest five levels deep; 50 stops pathological nesting long before recursion."""

MAX_NODES = 10_000
"""Values in a file, counted while parsing and again after expanding aliases.

The reference dossier has about 150 values, a dossier with a 1,000-line budget some 3,500. The
pure-Python parser reads only 5,000 to 15,000 values a second, so the cap also bounds the time
spent on a million-item list or an alias bomb to one or two seconds."""

MAX_NUMBER_TEXT = 40
"""Longest number text accepted: a 5,000-digit integer is an error, not a slow conversion."""

MAX_LINE = 100_000
"""Longest line accepted: the pure-Python scanner reads a long comment in quadratic time
(800,000 characters: 4 s); the longest text of a dossier is 30,000 characters."""

MAX_HASH_BYTES = 64 * 1024 * 1024
"""A file refused for its size is still hashed, in chunks, up to this size (a tenth of a second),
so that a run's list of inputs traces it too; a larger one (a 3 GB sparse file) is listed
without a hash rather than read for seconds."""

HASH_CHUNK = 1024 * 1024
