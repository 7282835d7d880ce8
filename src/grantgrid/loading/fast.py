"""The fast path of the loader: libyaml's C parser composes, loading's own checks convert.

Composing is nearly all of the time spent on a dossier with the pure-Python parser (about
20 ms for 5 KB); libyaml does it some ten times faster. The fast path is taken only for the
common case: a file the C parser reads without complaint and that passes loading's shape
check and converter without a single diagnostic. Anything else (a syntax error, a tag, a
duplicate key, a large or deeply nested file, an unusual character or line break) returns
None and goes through loading's precise path, so diagnostics and their positions never depend
on which parser ran. `tests/test_fastpath.py` checks that both paths give the same documents.

Without the C extension (`ruamel.yaml.clib`) every file takes the precise path. Setting
GRANTGRID_PURE_YAML=1 forces the precise path too, to rule the fast one out when in doubt.
"""

from __future__ import annotations

import os
import re
from typing import Any

from ruamel.yaml.nodes import ScalarNode, SequenceNode
from ruamel.yaml.tag import Tag

from grantgrid.loading.convert import Converter
from grantgrid.loading.core import CORE, CoreResolver, core_kind, node_position
from grantgrid.loading.document import Document
from grantgrid.loading.limits import MAX_BYTES, MAX_DEPTH, MAX_NODES
from grantgrid.loading.shape import Shape

try:
    from ruamel.yaml.cyaml import CParser
except ImportError:  # no C extension: the precise path does everything
    CParser = None

ENABLED = CParser is not None and not os.environ.get("GRANTGRID_PURE_YAML")
"""Whether `fast_document` tries the C parser at all."""

MAX_FAST_CHARS = 256 * 1024
"""Larger files take the precise path, whose composer stops counting at MAX_NODES values."""
# `- - - - x` or `? ? ? x`: block collections nested on one line. libyaml's composer recurses
# on the C stack for each level and crashes the whole process (a segmentation fault, from
# 30,000 levels: 60 KB) before the depth check can refuse them; the precise path refuses them.
_COMPACT_NESTING = re.compile(f"^[ \t]*(?:[-?][ \t]+){{{MAX_DEPTH}}}", re.MULTILINE)
MAX_FLOW_BRACKETS = 4_000
"""More `[`/`{` than this take the precise path: libyaml needs seconds for 10,000 nested
brackets before the depth check can refuse them (a dossier has a few dozen). Only brackets
that may nest count: a members' notes file has thousands of one-line `{coherence: 3}`."""
# A flow collection on one line holding no bracket, quote or comment: it closes where it
# opens, so it adds one level at most, for an instant, and never carries nesting further.
# (Inside a quoted text, a comment or a block text, the pair was not brackets at all.)
_FLAT_FLOW = re.compile(r"\{[^\[\]{}\"'#\n]*\}|\[[^\[\]{}\"'#\n]*\]")


def _nesting_brackets(text: str) -> int:
    """An upper bound of the flow nesting: the opening brackets, less the flat pairs."""
    brackets = text.count("[") + text.count("{")
    if brackets <= MAX_FLOW_BRACKETS:
        return brackets
    return brackets - sum(1 for _ in _FLAT_FLOW.finditer(text))


# Line breaks the two parsers may count differently (NEL, LS, PS, a lone CR), tabs (libyaml
# accepts `key:<TAB>value`, the pure parser does not), and characters the pure reader refuses
# with its own message: such files take the precise path.
_PRECISE_ONLY = re.compile("[\t\x85\u2028\u2029]|\r(?!\n)")
# The characters ruamel's Reader.NON_PRINTABLE refuses, as a positive class: the same set
# (checked for every code point in tests/test_fastpath.py), compiled in microseconds rather
# than the 30 ms of the negated one, which a one-file `validate` would notice.
_NON_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)


def _tag(kind: str) -> Tag:
    tag = Tag(suffix=CORE + kind)
    str(tag)  # computes and caches the tag's text once, not once per node
    return tag


# One shared tag per kind: nodes wrap a plain string in a new Tag whose text is decoded again
# on every read, which cost a third of the fast path's time.
_TAGS = {kind: _tag(kind) for kind in ("null", "bool", "int", "float", "str", "merge")}
_SEQ, _MAP, _TEXT = _tag("seq"), _tag("map"), _TAGS["str"]
_NOT_ONLY_TEXT = frozenset("~nNtTfF0123456789+-.<")


if CParser is not None:

    class _CComposer(CParser, CoreResolver):
        """libyaml's parser and composer, resolving plain scalars like loading's composer."""

        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            CoreResolver.__init__(self, version=(1, 2), loader=self)

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            """`CoreResolver.resolve`, with shared tags (quoted scalars are text)."""
            if kind is ScalarNode:
                # Only these first characters can start a core null, bool, number or '<<'.
                if implicit[0] and (not value or value[0] in _NOT_ONLY_TEXT):
                    return _TAGS[core_kind(value)]
                return _TEXT
            return _SEQ if kind is SequenceNode else _MAP


class _Unsure(Exception):
    """The C parser placed a node where the pure one would not: take the precise path."""


class _FastConverter(Converter):
    def scalar(self, node: Any, kind: str) -> Any:
        # libyaml marks a plain scalar with style '' where the pure parser has None, and the
        # converter checks dates only in plain scalars.
        if node.style == ">":
            # The pure round-trip parser keeps its fold marks ('\a') in folded text; until
            # loading removes them, the precise path's answer is the reference.
            raise _Unsure
        if node.style == "":
            if not node.value:
                # An empty value (`remarks:`): libyaml puts it after the colon, the pure
                # parser at the next token; a diagnostic there must not move.
                raise _Unsure
            node.style = None
        return super().scalar(node, kind)


def fast_document(path: str, text: str, max_values: int | None = None) -> Document | None:
    """The document of a clean file through the C parser, or None: take the precise path.

    `text` has had its BOM removed and its `%YAML` directive checked by the caller.
    `max_values`: the file's limit of values; a file allowed more (a members' notes file) may
    be larger, in proportion, before it takes the precise path. Default: MAX_NODES.
    """
    max_values = max_values or MAX_NODES
    largest = min(MAX_BYTES, MAX_FAST_CHARS * max(1, max_values // MAX_NODES))
    if not ENABLED or len(text) > largest:
        return None
    if _PRECISE_ONLY.search(text) or _NON_PRINTABLE.search(text):
        return None
    if _nesting_brackets(text) > MAX_FLOW_BRACKETS or _COMPACT_NESTING.search(text):
        return None
    try:
        composer = _CComposer(text)
        try:
            node = composer.get_single_node()
        finally:
            composer.dispose()
        if node is None:
            return None
        if "&" in text:  # without an anchor there is no alias: the nodes form a plain tree
            Shape(path, {}, max_values).visit(node, node_position(node), 1)
        converter = _FastConverter(path)
        data = converter.convert(node, ())
    except Exception:  # _Refused, a parser error, a deep recursion: the precise path will say what is wrong, and where
        return None
    if converter.diagnostics or not isinstance(data, dict):
        return None
    # Without the shape check, size and depth near loading's limits go the precise way.
    values = len(converter.positions) + len(converter.key_positions)
    if values > max_values // 2 or max(map(len, converter.positions)) >= MAX_DEPTH - 1:
        return None
    return Document(path, data, text, converter.positions, converter.key_positions)
