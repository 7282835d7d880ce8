"""The one hardened door for YAML: untrusted bytes in, plain data and positions out.

Dossiers come from applicants, so nothing here trusts the input. The file is composed into
ruamel.yaml nodes (no Python object is ever constructed from a tag), then converted by
`_Converter` under the YAML 1.2 core schema only:

- numbers keep their text: floats become `Decimal` from the scalar text, never a binary float;
- only core tags (str, int, float, bool, null, map, seq) are accepted: `!!python/…`, `!!binary`,
  `!custom`, merge keys are errors;
- duplicate keys, non-text keys, cycles, alias bombs and deep nesting are errors;
- a `%YAML` directive other than 1.2 is an error (1.1 would turn `NO` into false);
- size and encoding are checked before parsing.

Every failure becomes a `Diagnostic` with a 1-based line and column; `load_yaml` never raises
for bad input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from grantgrid.diagnostics import DataPath, Diagnostic, Position, show

MAX_BYTES = 2 * 1024 * 1024
"""A dossier is a few kilobytes; 2 MiB leaves room for long texts and refuses junk early."""
MAX_DEPTH = 50
"""The formats nest five levels deep; 50 stops pathological nesting long before recursion."""
MAX_NODES = 200_000
"""Nodes after alias expansion: stops alias bombs and million-item lists before validation."""
MAX_NUMBER_TEXT = 40
"""Longest number text accepted: a 5,000-digit integer is an error, not a slow conversion."""

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {
    _CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S+)")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass
class Document:
    """A YAML file as plain data (dict, list, str, int, Decimal, bool, None) with positions."""

    path: str
    data: Any
    text: str = ""
    positions: dict[DataPath, Position] = field(default_factory=dict)
    key_positions: dict[DataPath, Position] = field(default_factory=dict)

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


class _Refused(Exception):
    """Raised inside the converter to abandon a document that cannot be trusted at all."""


def _pos(node: Node) -> Position:
    mark = node.start_mark
    return Position(mark.line + 1, mark.column + 1)


class _Converter:
    """Turns composed nodes into plain data under the YAML 1.2 core schema."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.positions: dict[DataPath, Position] = {}
        self.key_positions: dict[DataPath, Position] = {}
        self.count = 0
        self.ancestors: set[int] = set()

    def error(self, code: str, message: str, position: Position) -> None:
        self.diagnostics.append(Diagnostic(code, message, self.path, position))

    def convert(self, node: Node, data_path: DataPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            self.error(
                "yaml.too_large",
                f"the document has more than {MAX_NODES:,} values (after expanding aliases); "
                "a dossier never needs that many: remove repeated aliases or split the file",
                _pos(node),
            )
            raise _Refused
        if len(data_path) > MAX_DEPTH:
            self.error(
                "yaml.too_deep",
                f"nesting too deep (more than {MAX_DEPTH} levels)",
                _pos(node),
            )
            raise _Refused
        self.positions[data_path] = _pos(node)
        tag = node.tag if isinstance(node.tag, str) else str(node.tag)
        if tag not in _ALLOWED_TAGS:
            self.error(
                "yaml.tag",
                f"unsupported tag {show(tag.replace(_CORE, '!!'))}: only plain YAML values are "
                "allowed (text, numbers, true/false, lists, mappings); remove the tag",
                _pos(node),
            )
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, tag)
        if id(node) in self.ancestors:
            self.error(
                "yaml.alias",
                "this alias refers to a value that contains it (a cycle); write the value out",
                _pos(node),
            )
            raise _Refused
        self.ancestors.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.convert(item, (*data_path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self.mapping(node, data_path)
        finally:
            self.ancestors.discard(id(node))
        raise _Refused  # pragma: no cover - ruamel.yaml only composes the three node kinds

    def mapping(self, node: MappingNode, data_path: DataPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key_tag = key_node.tag if isinstance(key_node.tag, str) else str(key_node.tag)
            if key_tag == _CORE + "merge":
                self.error(
                    "yaml.tag",
                    "merge keys ('<<') are not part of YAML 1.2: write the keys out",
                    _pos(key_node),
                )
                continue
            if not isinstance(key_node, ScalarNode) or key_tag != _CORE + "str":
                shown = key_node.value if isinstance(key_node, ScalarNode) else "a list or mapping"
                self.error(
                    "schema.key",
                    f"key {show(shown)} is not text: put it in quotes or rename it",
                    _pos(key_node),
                )
                continue
            key = key_node.value
            key_pos = _pos(key_node)
            if key in first_seen:
                first = first_seen[key]
                self.error(
                    "yaml.duplicate_key",
                    f"key {show(key)} appears twice in the same mapping (first at line "
                    f"{first.line}, column {first.column}): keep only one",
                    key_pos,
                )
                continue
            first_seen[key] = key_pos
            child = (*data_path, key)
            self.key_positions[child] = key_pos
            result[key] = self.convert(value_node, child)
        return result

    def scalar(self, node: ScalarNode, tag: str) -> Any:
        text: str = node.value
        kind = tag[len(_CORE) :]
        if kind == "str":
            return text
        if kind == "null":
            return None
        if kind == "bool":
            return text.lower() == "true"
        if kind in ("int", "float") and len(text) > MAX_NUMBER_TEXT:
            self.error(
                "yaml.number",
                f"number too long ({len(text)} characters): write a realistic value",
                _pos(node),
            )
            return None
        if kind == "int":
            return self.integer(node, text)
        if kind == "float":
            return self.floating(text)
        # A timestamp in YAML 1.2 is only text; still, a date that cannot exist is a typo.
        match = _DATE.match(text)
        if match:
            try:
                dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                self.error("yaml.date", f"{show(text)} is not a real date", _pos(node))
        return text

    def integer(self, node: ScalarNode, text: str) -> int | None:
        clean = text.replace("_", "")
        try:
            if clean.lower().startswith(("0x", "+0x", "-0x")):
                return int(clean, 16)
            if clean.lower().startswith(("0o", "+0o", "-0o")):
                return int(clean, 8)
            return int(clean, 10)
        except ValueError:
            self.error("yaml.number", f"{show(text)} is not a valid integer", _pos(node))
            return None

    @staticmethod
    def floating(text: str) -> Decimal:
        lowered = text.lower().lstrip("+")
        if lowered in (".nan",):
            return Decimal("NaN")
        if lowered in (".inf",):
            return Decimal("Infinity")
        if lowered == "-.inf":
            return Decimal("-Infinity")
        try:
            return Decimal(text.replace("_", ""))
        except InvalidOperation:
            return Decimal("NaN")


def _bytes_to_text(path: str, raw: bytes) -> tuple[str | None, Diagnostic | None]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4]:
        return None, Diagnostic(
            "yaml.encoding",
            "the file is UTF-16 encoded: save it as UTF-8 (in your editor: 'Save with encoding')",
            path,
            Position(1, 1),
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        return None, Diagnostic(
            "yaml.encoding",
            f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid UTF-8: "
            "save the file as UTF-8",
            path,
            Position(line, column),
        )


def _check_directives(path: str, text: str) -> Diagnostic | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("---") or (line and not line.startswith(("%", "#"))):
            return None
        match = _DIRECTIVE.match(line)
        if match and match.group(1) != "1.2":
            return Diagnostic(
                "yaml.version",
                f"YAML {match.group(1)} is not supported: remove the '%YAML' line "
                "(grantgrid reads YAML 1.2, where 'NO' stays text and 0755 stays 755)",
                path,
                Position(number, 1),
            )
    return None


def _syntax_diagnostic(path: str, exc: BaseException, text: str | None = None) -> Diagnostic:
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
        problem = exc.problem or "invalid YAML"
        context = f" ({exc.context})" if exc.context else ""
        message = f"{problem}{context}"
        if "expected a single document" in message:
            return Diagnostic(
                "yaml.syntax",
                "the file holds several YAML documents ('---'): keep one dossier per file",
                path,
                position,
            )
        if "\t" in message or "tab" in message.lower():
            message += ": indent with spaces, not tabs"
        return Diagnostic("yaml.syntax", message, path, position)
    if isinstance(exc, RecursionError) or "depth" in str(exc).lower():
        return Diagnostic(
            "yaml.too_deep",
            f"nesting too deep (more than {MAX_DEPTH} levels)",
            path,
            Position(1, 1),
        )
    if isinstance(exc, ReaderError) and text is not None:
        before = text[: exc.position]
        position = Position(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        return Diagnostic(
            "yaml.encoding",
            f"the character {show(chr(exc.character) if isinstance(exc.character, int) else exc.character)} "
            "is not allowed in a YAML file: remove it",
            path,
            position,
        )
    return Diagnostic(
        "yaml.syntax",
        f"the file cannot be read as YAML: {show(str(exc), 200)}",
        path,
        Position(1, 1),
    )


def _composer() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.max_depth = MAX_DEPTH + 5
    return yaml


def parse_text(path: str, text: str) -> LoadResult:
    """Compose and convert YAML text; never raises for bad input."""
    directive = _check_directives(path, text)
    if directive:
        return LoadResult(None, [directive])
    try:
        node = _composer().compose(text)
    except (YAMLError, RecursionError, ValueError, TypeError, AttributeError) as exc:
        return LoadResult(None, [_syntax_diagnostic(path, exc, text)])
    if node is None:
        return LoadResult(
            None,
            [
                Diagnostic(
                    "schema.document",
                    "the file is empty: start from `grantgrid new --grid GRID`",
                    path,
                    Position(1, 1),
                )
            ],
        )
    converter = _Converter(path)
    try:
        data = converter.convert(node, ())
    except _Refused:
        return LoadResult(None, converter.diagnostics)
    except RecursionError:
        return LoadResult(None, [_syntax_diagnostic(path, RecursionError())])
    if not isinstance(data, dict):
        converter.error(
            "schema.document",
            "the file must be a mapping of fields (`field: value` lines), not a "
            + ("list" if isinstance(data, list) else "single value"),
            _pos(node),
        )
    if converter.diagnostics:
        return LoadResult(None, converter.diagnostics)
    return LoadResult(Document(path, data, text, converter.positions, converter.key_positions), [])


def load_yaml(path: Path, display: str | None = None) -> LoadResult:
    """Read a YAML file from disk, checking size and encoding first."""
    shown = display or str(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return LoadResult(
            None, [Diagnostic("yaml.read", f"cannot read the file: {reason}", shown, None)]
        )
    if len(raw) > MAX_BYTES:
        return LoadResult(
            None,
            [
                Diagnostic(
                    "yaml.too_large",
                    f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB: "
                    "a dossier should be a few kilobytes",
                    shown,
                    Position(1, 1),
                )
            ],
        )
    text, problem = _bytes_to_text(shown, raw)
    if problem or text is None:
        return LoadResult(None, [problem] if problem else [])
    return parse_text(shown, text)
