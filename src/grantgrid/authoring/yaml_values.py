"""The values the YAML editor writes: checked, then spelled in one canonical, safe form.

Canonical forms: numbers plain (`2`, `1.5`, `5400.00`: a Decimal through `format(d, "f")`,
never a float), `true`/`false`, `null`, dates `2025-02-04`, identifiers plain (`programme`,
`CAF-2025-01`), any other text double-quoted with YAML escapes (so `: `, `#`, `=1+1`, `- x` or a
line break can never read back as something else), lists in flow style `[a, b]`, mappings in
block style (flow style inside a flow collection). `expected()` gives the tree a value must read
back as; the editor compares it with what it re-reads from its own output.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final, TypeAlias

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

Path: TypeAlias = tuple[str | int, ...]
Value: TypeAlias = str | int | Decimal | bool | date | dict[str, "Value"] | list["Value"] | None

STR: Final = "tag:yaml.org,2002:str"
INT: Final = "tag:yaml.org,2002:int"
FLOAT: Final = "tag:yaml.org,2002:float"
BOOL: Final = "tag:yaml.org,2002:bool"
NULL: Final = "tag:yaml.org,2002:null"
TIMESTAMP: Final = "tag:yaml.org,2002:timestamp"


class EditError(Exception):
    """A value cannot be written at a data path; says where and why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{format_path(path)}: {reason}")
        self.path = path
        self.reason = reason


class Delete:
    """The type of `DELETE`, the value that removes a key."""

    _instance: Delete | None = None

    def __new__(cls) -> Delete:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "DELETE"


DELETE: Final = Delete()
"""The value of an edit that removes its key (a missing key is already removed: no change)."""


def format_path(path: Path) -> str:
    """`scores.cuc.innovant.amont`, `budget.expenses[2].amount`; `(document)` for the root."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(document)"


def check(path: Path, value: object) -> None:
    """Refuse what the editor would not write faithfully: floats, NaN, times, other types."""
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise EditError(path, f"{value} is not a finite number")
    elif isinstance(value, datetime) or not isinstance(value, date | dict | list):
        kind = "a float (use Decimal)" if isinstance(value, float) else type(value).__name__
        raise EditError(path, f"cannot write {kind} into YAML")
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise EditError(path, f"mapping keys must be text, not {key!r}")
            check((*path, key), item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check((*path, index), item)


def expected(value: Value) -> Any:
    """The tree `value` reads back as: (tag, text) scalars in dicts and lists, like `tree.py`."""
    if isinstance(value, dict):
        return {(STR, key): expected(item) for key, item in value.items()}
    if isinstance(value, list):
        return [expected(item) for item in value]
    if isinstance(value, str):
        return (STR, value)
    text = scalar(value)
    return (_resolve(text), text)


def scalar(value: Value, style: str | None = None) -> str:
    """One value on one line; `style` is the quote of the value it replaces, kept for text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value.copy_abs() if value.is_zero() else value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        if style == "'" and not any(_needs_escape(ch) for ch in value):
            return "'" + value.replace("'", "''") + "'"
        if style != '"' and is_word(value):
            return value
        return double_quoted(value)
    return flow(value)


def flow(value: Value) -> str:
    """A value in flow style: `{a: 1, b: [x, y]}`."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key_text(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    return scalar(value)


def entry_lines(key: str, value: Value, column: int, step: int) -> list[str]:
    """The lines of one block-mapping entry, a non-empty mapping value nested in block style."""
    pad = " " * column
    if isinstance(value, dict) and value:
        lines = [f"{pad}{key_text(key)}:"]
        for sub_key, item in value.items():
            lines += entry_lines(sub_key, item, column + step, step)
        return lines
    return [f"{pad}{key_text(key)}: {flow(value)}"]


def key_text(key: str) -> str:
    """A mapping key: plain when it is an identifier, else double-quoted."""
    return key if is_word(key) else double_quoted(key)


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
# Words a YAML 1.1 reader (or a careless human) takes for booleans or null.
_AMBIGUOUS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_RESOLVER = VersionedResolver()


def is_word(text: str) -> bool:
    """An identifier that reads back as the same text in plain style, in YAML 1.2 and 1.1."""
    return (
        _WORD.match(text) is not None and text.lower() not in _AMBIGUOUS and _resolve(text) == STR
    )


def _resolve(text: str) -> str:
    return str(_RESOLVER.resolve(ScalarNode, text, (True, False)))


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _needs_escape(char: str) -> bool:
    """True for what a single-quoted scalar cannot hold as is (a backslash is fine there)."""
    return char in "\n\r\t\0" or unicodedata.category(char) in _INVISIBLE


def double_quoted(text: str) -> str:
    """`"…"` with backslash escapes for quotes, line breaks and every invisible character."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif unicodedata.category(char) in _INVISIBLE:
            code = ord(char)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
