"""The YAML 1.2 core schema, exactly: which plain scalars are numbers, booleans or null.

ruamel.yaml's resolver is wider (1.1 booleans, sexagesimal numbers, underscores); grantgrid
resolves plain scalars by the core schema's own patterns (spec 1.2.2, 10.3.2) whatever the
file says.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ruamel.yaml.nodes import Node, ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

from grantgrid.diagnostics import Diagnostic, Position

CORE = "tag:yaml.org,2002:"

ALLOWED_TAGS = {CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}

# The YAML 1.2 core schema (spec 1.2.2, 10.3.2), exactly: no underscores, no sexagesimal, no
# 1.1 booleans.
CORE_PATTERNS = {
    "null": re.compile(r"^(?:~|null|Null|NULL|)$"),
    "bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "int": re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    "float": re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
}


class Refused(Exception):
    """Abandons a document that cannot be trusted at all; the diagnostic says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def node_position(node: Node) -> Position:
    mark = node.start_mark
    return Position(mark.line + 1, mark.column + 1)


def is_empty_plain(node: Node) -> bool:
    """A value left empty (`key:` then nothing), not a quoted `""`."""
    return isinstance(node, ScalarNode) and node.value == "" and not node.style


def mark_position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1) if mark is not None else Position(1, 1)


def core_kind(value: str) -> str:
    for kind, pattern in CORE_PATTERNS.items():
        if pattern.match(value):
            return kind
    return "merge" if value == "<<" else "str"


class CoreResolver(VersionedResolver):
    """Plain scalars under the YAML 1.2 core schema, never ruamel's wider 1.1/1.2 patterns."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return Tag(suffix=CORE + core_kind(value))
        return super().resolve(kind, value, implicit)


def core_decimal(text: str) -> Decimal:
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
