"""Splices for the YAML editor: replace a value, insert an entry, remove an entry.

Each function takes the original text and nodes composed from it (their marks are character
indices into that text) and returns a `Splice`: the span of that text to replace and the text
to put there. A splice says where it writes, so the editor can make several edits found on one
composition of the text at once when their spans are apart (see `yaml_edit`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from grantgrid.authoring import yaml_values as values
from grantgrid.authoring.yaml_values import Value

_BLOCK_HEADER = re.compile(r"[|>][-+0-9]*([ \t]+#.*)?$")


class Splice(NamedTuple):
    """Replace `text[start:end]` by `new` (an insertion when `start == end`)."""

    start: int
    end: int
    new: str

    def apply(self, text: str) -> str:
        return text[: self.start] + self.new + text[self.end :]


class Context(NamedTuple):
    """Where a value sits: the text, its line ending and indent step, the parent and the key."""

    text: str
    eol: str
    step: int
    parent: Node | None
    key: Node | None

    def at(self, parent: Node, key: Node | None) -> Context:
        return self._replace(parent=parent, key=key)


def content_end(text: str, node: Node) -> int:
    """The index just after a node's last character that is not a space or a line break.

    Marks of block collections and block scalars run on to the next line (past blank and
    comment lines): the end of the content is the end of the last entry's content.
    """
    if isinstance(node, MappingNode | SequenceNode) and node.value and not node.flow_style:
        last = node.value[-1]
        return content_end(text, last[1] if isinstance(node, MappingNode) else last)
    start, end = node.start_mark.index, node.end_mark.index
    if start == end:  # an empty value is marked at the next token, maybe lines below
        start = 0
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _colon_end(text: str, key: Node) -> int:
    """The index just after the `:` that follows a mapping key."""
    return text.index(":", key.end_mark.index) + 1


def line_end(text: str, index: int) -> int:
    """The index of the line break ending the line of `index` (or the end of the text)."""
    found = text.find("\n", index)
    if found < 0:
        return len(text)
    return found - 1 if found > 0 and text[found - 1] == "\r" else found


def indent_step(root: Node | None) -> int:
    """The file's indentation step, from its first nested block mapping; 2 by default."""
    todo = [root]
    while todo:
        node = todo.pop(0)
        if not isinstance(node, MappingNode) or node.flow_style or not node.value:
            continue
        column = node.value[0][0].start_mark.column
        for _, child in node.value:
            if isinstance(child, MappingNode) and not child.flow_style and child.value:
                step = child.value[0][0].start_mark.column - column
                if step > 0:
                    return int(step)
            todo.append(child)
    return 2


def replace_value(context: Context, node: Node, value: Value) -> Splice:
    """Write `value` in place of `node`, keeping a quoted string's quotes."""
    text = context.text
    start, end = node.start_mark.index, content_end(text, node)
    key = context.key
    empty = node.start_mark.index == node.end_mark.index
    if empty:
        start = end = _colon_end(text, key) if key is not None else end
    parent = context.parent
    if isinstance(parent, MappingNode) and not parent.flow_style and key is not None:
        if not empty and node.start_mark.line > key.start_mark.line:
            return _replace_block_collection(context, key, node, value)
        if isinstance(value, dict) and value:
            return _scalar_to_block_mapping(context, key, start, end, value)
    if isinstance(value, dict | list):
        new = values.flow(value)
    else:
        style = node.style if isinstance(node, ScalarNode) else None
        new = values.scalar(value, style if style in ("'", '"') else None)
        if style in ("|", ">"):  # keep a comment on the `|` line: it was beside the value
            header = _BLOCK_HEADER.match(text, start, line_end(text, start))
            new += header.group(1) if header and header.group(1) else ""
    if start == end and start > 0 and text[start - 1] not in " \t[{,":
        new = " " + new  # `cuc:` with nothing after its colon
    return Splice(start, end, new)


def _replace_block_collection(context: Context, key: Node, node: Node, value: Value) -> Splice:
    """A value on the lines below its key: a mapping or list stays below, anything else moves
    up beside the key (before a comment on the key's line)."""
    text, eol, step = context.text, context.eol, context.step
    end = content_end(text, node)
    begin = text.rfind("\n", 0, node.start_mark.index) + 1
    column = node.start_mark.column
    if isinstance(value, dict) and value:
        if column <= key.start_mark.column:  # below an indentless sequence
            column = key.start_mark.column + step
        return Splice(begin, end, eol.join(_block_lines(value, column, step)))
    if isinstance(value, list) and value and _is_block_sequence(node):
        lines = [" " * column + "- " + values.flow(item) for item in value]
        return Splice(begin, end, eol.join(lines))
    colon = _colon_end(text, key)
    beside = text[colon : line_end(text, colon)]
    return Splice(colon, line_end(text, end), " " + values.flow(value) + beside)


def _scalar_to_block_mapping(
    context: Context, key: Node, start: int, end: int, value: dict[str, Value]
) -> Splice:
    """`cuc:`, `cuc: ~` or `cuc: 3` becomes `cuc:` over the lines of a block mapping."""
    text = context.text
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    at = line_end(text, end)  # a comment after the value stays on the key's line
    lines = _block_lines(value, key.start_mark.column + context.step, context.step)
    return Splice(start, at, text[end:at] + context.eol + context.eol.join(lines))


def insert_entry(context: Context, mapping: MappingNode, key: str, value: Value) -> Splice:
    """Add `key: value` at the end of a mapping, in its style and indentation."""
    text = context.text
    if mapping.flow_style:
        entry = f"{values.key_text(key)}: {values.flow(value)}"
        if not mapping.value:
            at = mapping.start_mark.index + 1
            return Splice(at, at, entry)
        at = content_end(text, mapping.value[-1][1])
        return Splice(at, at, ", " + entry)
    column = mapping.value[0][0].start_mark.column
    at = line_end(text, content_end(text, mapping))
    lines = values.entry_lines(key, value, column, context.step)
    return Splice(at, at, context.eol + context.eol.join(lines))


def delete_entry(context: Context, mapping: MappingNode, index: int) -> Splice:
    """Remove one entry (key, value and the rest of their lines) from a mapping."""
    text = context.text
    pairs = mapping.value
    key, value = pairs[index]
    if mapping.flow_style:
        if len(pairs) == 1:
            cut = (key.start_mark.index, content_end(text, value))
        elif index == 0:
            cut = (key.start_mark.index, pairs[1][0].start_mark.index)
        else:
            cut = (content_end(text, pairs[index - 1][1]), content_end(text, value))
        return Splice(cut[0], cut[1], "")
    if len(pairs) == 1:
        end = content_end(text, mapping)
        owner = context.key
        if owner is None or mapping.start_mark.line == owner.start_mark.line:
            return Splice(mapping.start_mark.index, end, "{}")
        # `bonus:` over its entries' lines becomes `bonus: {}`, a comment on its line kept
        colon = _colon_end(text, owner)
        return Splice(colon, line_end(text, end), " {}" + text[colon : line_end(text, colon)])
    key_start = key.start_mark.index
    line_start = text.rfind("\n", 0, key_start) + 1
    if text[line_start:key_start].strip(" "):
        # The first key after `- ` or `? `: the next key takes its place on that line.
        return Splice(key_start, pairs[index + 1][0].start_mark.index, "")
    end = line_end(text, content_end(text, value))
    if end < len(text):
        end += 2 if text.startswith("\r\n", end) else 1
    else:  # the last line, without a final newline: remove the line break before it
        line_start -= 2 if text[:line_start].endswith("\r\n") else 1
        # and blank lines just above it, or the text would end with a line break after all
        while True:
            begin = text.rfind("\n", 0, line_start) + 1
            if begin == 0 or text[begin:line_start].strip(" \t\r"):
                break
            line_start = begin - (2 if text[:begin].endswith("\r\n") else 1)
    return Splice(line_start, end, "")


def _block_lines(value: dict[str, Value], column: int, step: int) -> list[str]:
    lines: list[str] = []
    for key, item in value.items():
        lines += values.entry_lines(key, item, column, step)
    return lines


def _is_block_sequence(node: Node) -> bool:
    return isinstance(node, SequenceNode) and not node.flow_style
