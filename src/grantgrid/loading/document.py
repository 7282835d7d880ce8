"""A YAML file as plain data with the position of every value: what the loader hands on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grantgrid.diagnostics import DataPath, Diagnostic, Position


@dataclass
class Document:
    """A YAML file as plain data (dict, list, str, int, Decimal, bool, None) with positions."""

    path: str
    data: Any
    text: str = ""
    positions: dict[DataPath, Position] = field(default_factory=dict)
    key_positions: dict[DataPath, Position] = field(default_factory=dict)
    sha256: str | None = None
    """SHA-256 of the bytes this document was read from (None for text given directly)."""

    def position(self, data_path: DataPath, *, key: bool = False) -> Position:
        """Where a value (or its key) is; falls back to the nearest enclosing node."""
        path = tuple(data_path)
        if key and path in self.key_positions:
            return self.key_positions[path]
        while path:
            if path in self.positions:
                return self.positions[path]
            if path in self.key_positions:
                return self.key_positions[path]
            path = path[:-1]
        return self.positions.get((), Position(1, 1))


@dataclass
class LoadResult:
    document: Document | None
    diagnostics: list[Diagnostic]
    sha256: str | None = None
    """SHA-256 of the file's bytes as read, the very bytes that were validated; for a file
    too large to load, of the whole file read in chunks up to `MAX_HASH_BYTES`. None: the
    file could not be read (or was too large even to hash)."""
