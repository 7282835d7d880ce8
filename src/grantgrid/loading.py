"""The one hardened door for YAML: untrusted bytes in, plain data and positions out.

Dossiers come from applicants, so nothing here trusts the input. The file is composed into
ruamel.yaml nodes (no Python object is ever constructed from a tag), then converted under the
YAML 1.2 core schema only:

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
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from grantgrid.diagnostics import DataPath, Diagnostic, Position, show

MAX_BYTES = 2 * 1024 * 1024
"""A dossier is a few kilobytes; 2 MiB leaves room for long texts and refuses junk early."""
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

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
# The YAML 1.2 core schema (spec 1.2.2, 10.3.2), exactly: no underscores, no sexagesimal, no
# 1.1 booleans.
_CORE_PATTERNS = {
    "null": re.compile(r"^(?:~|null|Null|NULL|)$"),
    "bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "int": re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    "float": re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
}
_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S+)")
# An escape such as "\ud800" yields a lone surrogate: not a character, and no file, terminal or
# JSON output can encode it, so it is refused here, in keys as in values.
_SURROGATE = re.compile("[\ud800-\udfff]")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[Tt ])")


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
    """Abandons a document that cannot be trusted at all; the diagnostic says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _pos(node: Node) -> Position:
    mark = node.start_mark
    return Position(mark.line + 1, mark.column + 1)


def _is_empty_plain(node: Node) -> bool:
    """A value left empty (`key:` then nothing), not a quoted `""`."""
    return isinstance(node, ScalarNode) and node.value == "" and not node.style


def _mark_pos(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1) if mark is not None else Position(1, 1)


def _core_kind(value: str) -> str:
    for kind, pattern in _CORE_PATTERNS.items():
        if pattern.match(value):
            return kind
    return "merge" if value == "<<" else "str"


class _CoreResolver(VersionedResolver):
    """Plain scalars under the YAML 1.2 core schema, never ruamel's wider 1.1/1.2 patterns."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return Tag(suffix=_CORE + _core_kind(value))
        return super().resolve(kind, value, implicit)


class _CountingComposer(Composer):
    """Stops after MAX_NODES values, and remembers where each alias is used."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader=loader)
        self.count = 0
        self.path = "<text>"
        self.alias_marks: dict[tuple[int, int], Any] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            event = self.parser.peek_event()
            raise _Refused(
                Diagnostic(
                    "yaml.too_large",
                    f"the file holds more than {MAX_NODES:,} values; a dossier never needs that "
                    "many: remove repeated lines or split the file",
                    self.path,
                    _mark_pos(event.start_mark),
                )
            )
        if parent is not None and self.parser.check_event(AliasEvent):
            mark = self.parser.peek_event().start_mark
            slot = id(index) if isinstance(index, Node) else index
            if isinstance(slot, int):
                self.alias_marks[(id(parent), slot)] = mark
        return super().compose_node(parent, index)


class _Shape:
    """Checks the composed graph before conversion: no cycle, bounded depth and size.

    Aliases make the graph a DAG whose expansion can be exponential (9 aliases of 9 aliases…);
    sizes are memoised per node, so the check itself stays linear in the file.
    """

    def __init__(self, path: str, alias_marks: dict[tuple[int, int], Any]) -> None:
        self.path = path
        self.alias_marks = alias_marks
        # id(node) -> (expanded size, height, expanded characters)
        self.memo: dict[int, tuple[int, int, int]] = {}
        self.open: set[int] = set()
        self.total = 0
        self.characters = 0

    def refuse(self, code: str, message: str, where: Position) -> _Refused:
        return _Refused(Diagnostic(code, message, self.path, where))

    def children(self, node: Node) -> list[tuple[Node, Position]]:
        """Child nodes with where they are written (an alias's own position, not its target's)."""
        items: list[tuple[Node, Any]] = []
        if isinstance(node, SequenceNode):
            items = [(child, i) for i, child in enumerate(node.value)]
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                items += [(key, None), (value, id(key))]
        result = []
        for child, slot in items:
            mark = self.alias_marks.get((id(node), slot)) if slot is not None else None
            result.append((child, _mark_pos(mark) if mark is not None else _pos(child)))
        return result

    def visit(self, node: Node, where: Position, depth: int) -> tuple[int, int, int]:
        key = id(node)
        if key in self.open:
            raise self.refuse(
                "yaml.alias",
                "this alias refers to a value that contains it (a cycle): write the value out",
                where,
            )
        if key in self.memo:
            size, height, characters = self.memo[key]
            self.total += size
            self.characters += characters
        else:
            self.total += 1
            characters = len(node.value) if isinstance(node, ScalarNode) else 0
            self.characters += characters
            size, height = 1, 1
            self.open.add(key)
            for child, child_where in self.children(node):
                if depth + 1 > MAX_DEPTH + 1:
                    raise self.refuse(
                        "yaml.too_deep",
                        f"nesting too deep (more than {MAX_DEPTH} levels)",
                        child_where,
                    )
                child_size, child_height, child_characters = self.visit(
                    child, child_where, depth + 1
                )
                size += child_size
                characters += child_characters
                height = max(height, child_height + 1)
            self.open.discard(key)
            self.memo[key] = (size, height, characters)
        if depth + height - 1 > MAX_DEPTH + 1:
            raise self.refuse(
                "yaml.too_deep",
                f"nesting too deep once aliases are expanded (more than {MAX_DEPTH} levels)",
                where,
            )
        if self.total > MAX_NODES:
            raise self.refuse(
                "yaml.too_large",
                f"the file holds more than {MAX_NODES:,} values once aliases are expanded: "
                "write the values out instead of repeating aliases",
                where,
            )
        if self.characters > MAX_BYTES:
            # A long text repeated by aliases: each copy is checked and printed on its own.
            raise self.refuse(
                "yaml.too_large",
                f"the file holds more than {MAX_BYTES // (1024 * 1024)} MiB of text once "
                "aliases are expanded: write the text out once instead of repeating aliases",
                where,
            )
        return size, height, characters


class _Converter:
    """Turns composed nodes into plain data under the YAML 1.2 core schema."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.positions: dict[DataPath, Position] = {}
        self.key_positions: dict[DataPath, Position] = {}

    def error(self, code: str, message: str, position: Position, french: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, self.path, position, french=french))

    def convert(self, node: Node, data_path: DataPath) -> Any:
        self.positions[data_path] = _pos(node)
        tag = str(node.tag)
        if tag not in _ALLOWED_TAGS:
            self.error(
                "yaml.tag",
                f"unsupported tag {show(tag.replace(_CORE, '!!'))}: only plain YAML values are "
                "allowed (text, numbers, true/false, lists, mappings); remove the tag",
                _pos(node),
            )
            return None
        kind = tag[len(_CORE) :]
        expected = (
            "seq"
            if isinstance(node, SequenceNode)
            else "map"
            if isinstance(node, MappingNode)
            else None
        )
        if (expected or kind) in ("seq", "map") and kind != expected:
            # `!!seq abc`, `!!str {a: 1}`: a core tag on a value of another kind.
            self.error(
                "yaml.tag",
                f"the tag !!{kind} does not fit this value: remove the tag",
                _pos(node),
            )
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, kind)
        if isinstance(node, SequenceNode):
            return [self.convert(item, (*data_path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self.mapping(node, data_path)
        return None  # pragma: no cover - ruamel.yaml only composes the three node kinds

    def mapping(self, node: MappingNode, data_path: DataPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key_tag = str(key_node.tag)
            if key_tag == _CORE + "merge":
                self.error(
                    "yaml.tag",
                    "merge keys ('<<') are not part of YAML 1.2: write the keys out",
                    _pos(key_node),
                )
                continue
            if not isinstance(key_node, ScalarNode) or key_tag != _CORE + "str":
                shown = (
                    show(key_node.value)
                    if isinstance(key_node, ScalarNode)
                    else "(a list or mapping)"
                )
                self.error(
                    "schema.key",
                    f"key {shown} is not text: put it in quotes or rename it",
                    _pos(key_node),
                    f"la clé {shown} n'est pas du texte : mettez-la entre guillemets ou renommez-la",
                )
                continue
            key = key_node.value
            if not self.check_surrogates(key_node, key):
                continue
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
            if _is_empty_plain(value_node):
                # `title:` with nothing after it: the parser places the empty value at the
                # next token (the next key, or past the end of the file); point at the key.
                self.positions[child] = key_pos
        return result

    def scalar(self, node: ScalarNode, kind: str) -> Any:
        text: str = node.value
        if kind == "str":
            self.check_surrogates(node, text)
            if node.style is None:
                self.check_date(node, text)
            return text
        # An explicit tag (`!!int abc`) must still hold a value of its kind.
        if not _CORE_PATTERNS[kind].match(text):
            self.error(
                "yaml.tag",
                f"{show(text)} is not a valid !!{kind} value: remove the tag",
                _pos(node),
            )
            return None
        if kind == "null":
            return None
        if kind == "bool":
            return text.lower() == "true"
        if len(text) > MAX_NUMBER_TEXT:
            self.error(
                "yaml.number",
                f"number too long ({len(text)} characters): write a realistic value",
                _pos(node),
            )
            return None
        if kind == "int":
            base = {"0x": 16, "0o": 8}.get(text[:2].lower(), 10)
            return int(text[2:] if base != 10 else text, base)
        return _decimal(text)

    def check_surrogates(self, node: ScalarNode, text: str) -> bool:
        bad = _SURROGATE.search(text)
        if bad:
            self.error(
                "yaml.encoding",
                f"the escape for U+{ord(bad.group()):04X} is half of a character (a lone "
                "surrogate), which cannot be saved or printed: remove it",
                _pos(node),
            )
        return bad is None

    def check_date(self, node: ScalarNode, text: str) -> None:
        """A date that cannot exist is a typo, even where YAML 1.2 sees only text."""
        match = _DATE.match(text)
        if match:
            try:
                dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                self.error("yaml.date", f"{show(text)} is not a real date", _pos(node))


def _decimal(text: str) -> Decimal:
    lowered = text.lower().lstrip("+")
    if lowered == ".nan":
        return Decimal("NaN")
    if lowered == ".inf":
        return Decimal("Infinity")
    if lowered == "-.inf":
        return Decimal("-Infinity")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the core pattern admits only decimal text
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
        if line.startswith("---") or (line.strip() and not line.startswith(("%", "#"))):
            return None
        match = _DIRECTIVE.match(line)
        if match and match.group(1) != "1.2":
            return Diagnostic(
                "yaml.version",
                f"YAML {show(match.group(1), 20)} is not supported: remove the '%YAML' line "
                "(grantgrid reads YAML 1.2, where 'NO' stays text and 0755 stays 755)",
                path,
                Position(number, 1),
            )
    return None


_SYNTAX_HINTS = (
    # (part of the parser's message, what to do, point at where it was opened rather than
    # where the parser gave up, often the end of the file)
    (
        "while scanning a quoted scalar",
        "the quote opened here is never closed: add the closing quote at the end of the text",
        True,
    ),
    (
        "mapping values are not allowed here",
        "a colon and a space inside a text, or a key indented unlike the keys above it (or a "
        'line above without its colon): put the text in quotes ("Projet : la suite"), or '
        "align the key",
        False,
    ),
    (
        "while parsing a flow",
        "a comma is missing here between two items, or the '{' or '[' opened at {opened} is "
        "not closed",
        False,
    ),
    (
        "expected <block end>",
        "this line is not indented like the lines around it, or text follows a closing quote: "
        "align it with the keys above, or put the whole text in quotes",
        False,
    ),
    (
        "that cannot start any token",
        "a value cannot start with this character: put the text in quotes",
        False,
    ),
    ("found undefined alias", "'*' starts a YAML alias: put the text in quotes", False),
    (
        "while scanning a block scalar",
        "after '|' or '>', start the text on the next line, indented",
        False,
    ),
)


def _syntax_diagnostic(path: str, exc: BaseException, text: str) -> Diagnostic:
    if isinstance(exc, MaxDepthExceededError):
        return Diagnostic(
            "yaml.too_deep",
            f"nesting too deep (more than {MAX_DEPTH} levels)",
            path,
            _mark_pos(exc.problem_mark),
        )
    if isinstance(exc, ReaderError):
        before = text[: exc.position]
        position = Position(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        character = chr(exc.character) if isinstance(exc.character, int) else exc.character
        return Diagnostic(
            "yaml.encoding",
            f"the character {show(character)} is not allowed in a YAML file: remove it",
            path,
            position,
        )
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        message = f"{problem} ({exc.context})" if exc.context else problem
        if "expected a single document" in message:
            message = "the file holds several YAML documents ('---'): keep one dossier per file"
        elif "\\t" in message or "tab" in message.lower():
            message += ": indent with spaces, not tabs"
        else:
            for pattern, hint, at_opening in _SYNTAX_HINTS:
                if pattern in message:
                    opened = _mark_pos(exc.context_mark)
                    hint = hint.replace("{opened}", f"line {opened.line}, column {opened.column}")
                    message = f"{message}: {hint}"
                    if at_opening and exc.context_mark is not None:
                        mark = exc.context_mark  # where the quote or bracket was opened
                    break
        return Diagnostic("yaml.syntax", message, path, _mark_pos(mark))
    if isinstance(exc, RecursionError):
        return Diagnostic(
            "yaml.too_deep",
            f"nesting too deep (more than {MAX_DEPTH} levels)",
            path,
            Position(1, 1),
        )
    # ruamel.yaml also fails with plain exceptions (ValueError, AssertionError…) on some input.
    return Diagnostic(
        "yaml.syntax",
        f"the file cannot be read as YAML ({type(exc).__name__}: {show(str(exc), 120)})",
        path,
        Position(1, 1),
    )


def _too_long_line(text: str) -> int | None:
    """The number of the first line over MAX_LINE characters, found in one pass (a regex for
    it backtracks from every character of a long line: 24 s for 2 MB of them)."""
    if len(text) <= MAX_LINE:
        return None
    start, number = 0, 1
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if end - start > MAX_LINE:
            return number
        start, number = end + 1, number + 1
    return None


def _compose(path: str, text: str) -> tuple[Node | None, dict[tuple[int, int], Any]]:
    yaml = YAML(typ="rt", pure=True)
    yaml.Resolver = _CoreResolver
    yaml.Composer = _CountingComposer
    # The composer counts depth from 1 at the root; values below MAX_DEPTH keys are fine.
    yaml.max_depth = MAX_DEPTH + 1
    composer = yaml.composer
    composer.path = path
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. a re-defined anchor: legal YAML, not our business
        node = yaml.compose(text)
    return node, composer.alias_marks


def parse_text(path: str, text: str) -> LoadResult:
    """Compose and convert YAML text; never raises for bad input."""
    if text.startswith("\ufeff"):
        text = text[1:]
    directive = _check_directives(path, text)
    if directive:
        return LoadResult(None, [directive])
    line = _too_long_line(text)
    if line:
        return LoadResult(
            None,
            [
                Diagnostic(
                    "yaml.too_large",
                    f"line {line} is longer than {MAX_LINE:,} characters: break long texts "
                    "over several lines (`|` block) and remove pasted data",
                    path,
                    Position(line, 1),
                )
            ],
        )
    from grantgrid.fastload import fast_document  # here: fastload builds on this module

    # Clean files go through libyaml; None: the precise path. A BOM inside the text is skipped
    # by libyaml but kept by the pure parser (`\ufeff# x: y` is a comment or a key): only the
    # precise path may read it, so that validity never depends on the parser installed.
    fast = fast_document(path, text) if "\ufeff" not in text else None
    if fast is not None:
        return LoadResult(fast, [])
    try:
        node, alias_marks = _compose(path, text)
        if node is None:
            return LoadResult(
                None,
                [
                    Diagnostic(
                        "schema.document",
                        "the file is empty: start from `grantgrid new --grid GRID`",
                        path,
                        Position(1, 1),
                        french="le fichier est vide : partez de `grantgrid new --grid GRILLE`",
                    )
                ],
            )
        _Shape(path, alias_marks).visit(node, _pos(node), 1)
        converter = _Converter(path)
        data = converter.convert(node, ())
    except _Refused as refused:
        return LoadResult(None, [refused.diagnostic])
    except Exception as exc:  # every failure of the parser is the file's problem, not a crash
        return LoadResult(None, [_syntax_diagnostic(path, exc, text)])
    if not isinstance(data, dict):
        is_list = isinstance(data, list)
        converter.error(
            "schema.document",
            "the file must be a mapping of fields (`field: value` lines), not a "
            + ("list" if is_list else "single value"),
            _pos(node),
            "le fichier doit être un ensemble de champs (lignes `champ: valeur`), pas "
            + ("une liste" if is_list else "une valeur seule"),
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
