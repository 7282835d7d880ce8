"""The round-trip YAML editor: set or remove values at data paths, touching nothing else.

A surgical text editor: ruamel.yaml only composes the text to find the character span of the
value to replace, of the entry to remove or of the mapping to insert into; the new text is
spliced into the original string. Comments, key order, quoting, flow or block style,
indentation, line endings (LF or CRLF), a BOM, trailing spaces and a missing final newline all
stay as they were outside the edited values. Then the result is re-read: every edited path must
hold its new value and every other value must be unchanged, or `EditError` is raised instead
of returning wrong text. New values are spelled canonically (see `yaml_values`).

Composing is what costs (about 13 ms for a 4 KB dossier with the pure-Python composer, which
gives the character marks), so the edits of one call are made in rounds: one composition finds
the splice of each edit in turn, and the splices are made together, until an edit could depend
on one taken before it in the round — the same path or one below the other, two entries
inserted into or removed from one mapping, or spans that meet — which then starts the next
round on the new text. Retyping every note of a dossier (values replaced in place) takes one
round, so two compositions in all with the read-back; made one at a time it took one per edit.
Each splice is the one the edit would make alone on the text of its round, so the result is
the text the edits would give one after the other.

The editor keeps the bytes it is given: read a file with `path.read_bytes().decode("utf-8")`
(`Path.read_text()` turns CRLF into LF) and write the result back as bytes the same way.

>>> apply_edits("scores:\\n  restreint:\\n    innovant: {amont: 1, objet: 2}  # à revoir\\n",
...             [Edit(("scores", "restreint", "innovant", "amont"), 2)])
'scores:\\n  restreint:\\n    innovant: {amont: 2, objet: 2}  # à revoir\\n'
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import NamedTuple

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from grantgrid.authoring import yaml_values as values
from grantgrid.authoring.yaml_spans import (
    Context,
    Splice,
    delete_entry,
    indent_step,
    insert_entry,
    replace_value,
)
from grantgrid.authoring.yaml_tree import compose, difference, expect, ordered, plain
from grantgrid.authoring.yaml_values import DELETE, Delete, EditError, Path, Value

__all__ = ["DELETE", "Delete", "Edit", "EditError", "apply_edits"]

_BOM = "\ufeff"


class Edit(NamedTuple):
    """Set `value` at the data `path`; `DELETE` removes the key (no change when it is missing).

    Missing mappings on the way are created, and so is a mapping in place of an empty value
    (`cuc:` or `cuc: ~`). A dict value replaces the whole value at `path`: its keys are set
    one by one into an existing mapping (keeping that mapping's comments and style) and the
    keys it does not name are removed. `None` writes `null`. A list index must exist.
    """

    path: Path
    value: Value | Delete


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """`text` with every edit applied in order, verified by reading the result back."""
    bom = _BOM if text.startswith(_BOM) else ""
    body = text[len(bom) :]
    # The file's line ending, once: an edit that removes the last CRLF of the text (the line
    # before a last line without a newline) must not turn the next edit's lines into LF.
    eol = "\r\n" if "\r\n" in body else "\n"
    root = compose(body)
    wanted = plain(root)
    todo: deque[tuple[Path, Value | Delete]] = deque()
    for edit in edits:
        path = tuple(edit.path)
        if not path:
            raise EditError(path, "an edit needs a path below the document")
        if not isinstance(edit.value, Delete):
            values.check(path, edit.value)
        wanted = expect(wanted, path, edit.value)
        todo.append((path, edit.value))
    while todo:
        body = _round(body, root, todo, eol)
        root = compose(body, todo[0][0]) if todo else None
    got = plain(compose(body))
    where = difference(wanted, got)
    if where is not None or wanted != got:
        raise EditError(where or (), "the edited text does not read back as intended; not written")
    if ordered(wanted) != ordered(got):
        raise EditError((), "the edited text changes the order of keys; not written")
    return bom + body


class _Taken(NamedTuple):
    path: Path
    at: Path  # the entry the splice writes: `path`, or where a missing mapping is created
    splice: Splice | None  # None: nothing to change (a missing key removed)
    in_place: bool  # a value replaced where it stands, its mapping's entries unchanged


def _round(text: str, root: Node | None, todo: deque[tuple[Path, Value | Delete]], eol: str) -> str:
    """Take edits from `todo` while each is independent of those taken, all found on the one
    composition `root` of `text`; return the text with their splices made."""
    taken: list[_Taken] = []
    while todo:
        path, value = todo[0]
        if any(_nested(path, other.path) for other in taken):
            break
        result = _apply_one(text, root, path, value, eol)
        if isinstance(result, list):  # a dict set key by key onto a mapping
            todo.popleft()
            todo.extendleft(reversed(result))
            continue
        one = _Taken(path, *result)
        if any(_depends(one, other) for other in taken):
            break
        taken.append(one)
        todo.popleft()
    splices = [t.splice for t in taken if t.splice is not None]
    for splice in sorted(splices, key=lambda s: s.start, reverse=True):  # the last first
        text = splice.apply(text)
    return text


def _nested(one: Path, other: Path) -> bool:
    """The same path, or one inside the other."""
    shorter = min(len(one), len(other))
    return one[:shorter] == other[:shorter]


def _depends(one: _Taken, other: _Taken) -> bool:
    """Whether `one`, found on the text before `other` was made, might not be what it would be
    after: entries added to or removed from the same mapping, or spans that meet."""
    if one.at[:-1] == other.at[:-1] and not (one.in_place and other.in_place):
        return True
    if one.splice is None or other.splice is None:
        return False
    a, b = one.splice, other.splice
    return a.start <= b.end and b.start <= a.end


def _apply_one(
    text: str, root: Node | None, path: Path, value: Value | Delete, eol: str
) -> tuple[Path, Splice | None, bool] | list[tuple[Path, Value | Delete]]:
    """The entry one edit writes, its splice on `text` (composed as `root`) and whether it
    replaces a value in place; a dict onto an existing mapping becomes one edit per key."""
    step = indent_step(root)
    if root is None or (_is_null(root) and root.start_mark.index == root.end_mark.index):
        if isinstance(value, Delete):
            return path, None, False
        return path[:1], _append_to_empty(text, path, value, eol), False
    node: Node = root
    context = Context(text, eol, step, parent=None, key=None)
    for depth, part in enumerate(path):
        where = path[: depth + 1]
        last = depth == len(path) - 1
        _refuse_properties(text, node, path[:depth])
        if isinstance(node, MappingNode):
            if not isinstance(part, str):
                raise EditError(where, "a mapping is indexed by key names, not by numbers")
            index = _find_key(node, part, where)
            if index is None:
                if isinstance(value, Delete):
                    return path, None, False
                splice = insert_entry(context, node, part, _nest(path[depth + 1 :], value))
                return where, splice, False
            key_node, value_node = node.value[index]
            if last:
                if isinstance(value, Delete):
                    _refuse_properties(text, value_node, where)
                    return path, delete_entry(context, node, index), False
                return _set(context.at(node, key_node), value_node, where, value)
            context = context.at(node, key_node)
            node = value_node
        elif isinstance(node, SequenceNode):
            if not isinstance(part, int) or isinstance(part, bool):
                raise EditError(where, "a list is indexed by numbers, not by key names")
            if not 0 <= part < len(node.value):
                raise EditError(where, f"index out of range: the list has {len(node.value)} items")
            if last and isinstance(value, Delete):
                raise EditError(where, "removing a list item is not supported")
            context = context.at(node, None)
            node = node.value[part]
            if last:
                return _set(context, node, where, value)
        elif _is_null(node) and isinstance(part, str):
            if isinstance(value, Delete):
                return path, None, False
            return path[:depth], replace_value(context, node, _nest(path[depth:], value)), False
        else:
            raise EditError(path[:depth], f"{_kind(node)}, not a mapping: cannot go into it")
    raise AssertionError("unreachable: the loop returns on the last part")


def _set(
    context: Context, node: Node, path: Path, value: Value | Delete
) -> tuple[Path, Splice, bool] | list[tuple[Path, Value | Delete]]:
    _refuse_properties(context.text, node, path)
    if isinstance(value, dict) and value and isinstance(node, MappingNode):
        for key_node, _ in node.value:
            _refuse_properties(context.text, key_node, path)
        named: list[tuple[Path, Value | Delete]] = [((*path, k), v) for k, v in value.items()]
        gone = [((*path, k.value), DELETE) for k, _ in node.value if k.value not in value]
        return named + gone
    if isinstance(node, MappingNode | SequenceNode) and _has_properties(context.text, node):
        raise EditError(path, "the value holds an anchor or a tag: edit it by hand")
    if isinstance(value, Delete):
        raise AssertionError("a removal is never a replacement")
    # A scalar written over a scalar stays where it was: its mapping keeps its entries and lines.
    in_place = (
        isinstance(node, ScalarNode)
        and node.start_mark.index != node.end_mark.index
        and not (isinstance(value, dict) and value)
    )
    return path, replace_value(context, node, value), in_place


def _append_to_empty(text: str, path: Path, value: Value, eol: str) -> Splice:
    """A first entry in a document holding only comments (or nothing at all)."""
    if not isinstance(path[0], str):
        raise EditError(path[:1], "the document is empty: it has no list to index")
    lines = eol.join(values.entry_lines(path[0], _nest(path[1:], value), 0, 2))
    end = len(text)
    if not text or text.endswith("\n"):
        return Splice(end, end, lines + eol)
    return Splice(end, end, eol + lines)


def _nest(path: Path, value: Value) -> Value:
    """`("a", "b"), 1` → `{"a": {"b": 1}}`: the mappings an edit creates on its way."""
    for depth, part in reversed(list(enumerate(path))):
        if not isinstance(part, str):
            raise EditError(path[: depth + 1], "cannot create a list item: the list is missing")
        value = {part: value}
    return value


def _find_key(node: MappingNode, name: str, path: Path) -> int | None:
    if any(key.value == "<<" and key.style is None for key, _ in node.value):
        raise EditError(path[:-1], "the mapping merges another one (<<): edit it by hand")
    for index, (key_node, _) in enumerate(node.value):
        if isinstance(key_node, ScalarNode) and key_node.value == name:
            if str(key_node.tag) != values.STR:
                raise EditError(path, f"the key is read as {_kind(key_node)}, not as text")
            return index
    return None


def _refuse_properties(text: str, node: Node, path: Path) -> None:
    """Tags and anchors (the node an alias points to starts with its `&`) are edited by hand."""
    first = text[node.start_mark.index : node.start_mark.index + 1]
    if first in ("!", "&", "*"):
        what = "a tag" if first == "!" else "an anchor or alias"
        raise EditError(
            path, f"the value has {what} (line {node.start_mark.line + 1}): edit it by hand"
        )


def _has_properties(text: str, node: Node) -> bool:
    """Whether a collection to be replaced holds tags, anchors or aliases that would be lost."""
    if text[node.start_mark.index : node.start_mark.index + 1] in ("!", "&", "*"):
        return True
    if isinstance(node, MappingNode):
        return any(_has_properties(text, k) or _has_properties(text, v) for k, v in node.value)
    if isinstance(node, SequenceNode):
        return any(_has_properties(text, item) for item in node.value)
    return False


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and str(node.tag) == values.NULL


def _kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    tag = str(node.tag).rsplit(":", 1)[-1]
    return f"a scalar ({tag} {node.value!r})"
