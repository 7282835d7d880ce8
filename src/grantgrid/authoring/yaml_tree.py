"""Nodes with their character spans, and the plain tree the editor compares before and after.

The plain tree keeps what a reader gets, nothing of the layout: a scalar is its (tag, text)
pair (`("tag:yaml.org,2002:float", "5400.00")`), a mapping a dict keyed by such pairs, a sequence
a list; a node met again through an alias is `("*", anchor)`, so alias bombs and cycles stay
small.
"""

from __future__ import annotations

import warnings
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from grantgrid.authoring.yaml_values import NULL, STR, Delete, EditError, Path, Value, expected

MAX_DEPTH = 100


def compose(text: str, path: Path = ()) -> Node | None:
    """The node tree of one YAML document (None when it holds only comments)."""
    yaml = YAML(typ="rt", pure=True)
    yaml.max_depth = MAX_DEPTH
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return yaml.compose(text)
    except (YAMLError, RecursionError, ValueError) as error:
        raise EditError(path, f"the text is not valid YAML: {_one_line(error)}") from None


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())


def plain(node: Node | None) -> Any:
    """The plain tree of `node`; refuses duplicate and non-text keys, which make paths ambiguous."""
    return _plain(node, set(), ())


def _plain(node: Node | None, seen: set[int], path: Path) -> Any:
    if node is None:
        return None
    if id(node) in seen:
        return ("*", node.anchor)
    seen.add(id(node))
    if isinstance(node, ScalarNode):
        return (str(node.tag), node.value)
    if isinstance(node, SequenceNode):
        return [_plain(item, seen, (*path, i)) for i, item in enumerate(node.value)]
    tree: dict[Any, Any] = {}
    assert isinstance(node, MappingNode)
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            line = key_node.start_mark.line + 1
            raise EditError(path, f"a complex key (line {line}) is not supported")
        key = (str(key_node.tag), key_node.value)
        if key in tree:
            line = key_node.start_mark.line + 1
            raise EditError((*path, key_node.value), f"duplicate key (again on line {line})")
        tree[key] = _plain(value_node, seen, (*path, key_node.value))
    return tree


def is_null(tree: Any) -> bool:
    return tree is None or (isinstance(tree, tuple) and tree[0] == NULL)


def expect(tree: Any, path: Path, value: Value | Delete) -> Any:
    """`tree` after the edit: missing mappings created, a null on the way taken as `{}`."""
    if not path:
        return tree
    head, rest = path[0], path[1:]
    if isinstance(tree, list) and isinstance(head, int) and 0 <= head < len(tree):
        tree = list(tree)
        if rest:
            tree[head] = expect(tree[head], rest, value)
        elif not isinstance(value, Delete):
            tree[head] = _merged(tree[head], value)
        return tree
    if is_null(tree):
        if isinstance(value, Delete):
            return tree
        tree = {}
    if not isinstance(tree, dict):
        return tree  # the editor refuses this path; whatever it returned will not match
    tree = dict(tree)
    key = (STR, head)
    if rest:
        if key in tree or not isinstance(value, Delete):
            tree[key] = expect(tree.get(key), rest, value)
    elif isinstance(value, Delete):
        tree.pop(key, None)
    else:
        tree[key] = _merged(tree.get(key), value)
    return tree


def _merged(old: Any, value: Value) -> Any:
    """A dict written onto a mapping is set key by key: the mapping's key order stays."""
    if not (isinstance(old, dict) and isinstance(value, dict) and value):
        return expected(value)
    new = {(STR, key): item for key, item in value.items()}
    tree = {key: _merged(old[key], new[key]) for key in old if key in new}
    tree.update((key, expected(item)) for key, item in new.items() if key not in tree)
    return tree


def difference(before: Any, after: Any, path: Path = ()) -> Path | None:
    """The first path where two plain trees differ, or None."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            if key not in before or key not in after:
                return (*path, key[1])
            found = difference(before[key], after[key], (*path, key[1]))
            if found is not None:
                return found
        return None
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (one, two) in enumerate(zip(before, after, strict=True)):
            found = difference(one, two, (*path, index))
            if found is not None:
                return found
        return None
    return None if before == after else path


def ordered(tree: Any) -> Any:
    """The tree with every mapping as a list of pairs: equal only with the same key order."""
    if isinstance(tree, dict):
        return [(key, ordered(value)) for key, value in tree.items()]
    if isinstance(tree, list):
        return [ordered(item) for item in tree]
    return tree
