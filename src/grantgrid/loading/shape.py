"""The composed graph, bounded: values counted while parsing, cycles, depth and size of the
expansion of aliases checked before anything is converted (an alias bomb is refused here)."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.events import AliasEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from grantgrid.diagnostics import Position, said
from grantgrid.loading.core import Refused, mark_position, node_position
from grantgrid.loading.limits import MAX_BYTES, MAX_DEPTH, MAX_NODES


class CountingComposer(Composer):
    """Stops after `max_values` values (MAX_NODES), and remembers where each alias is used."""

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader=loader)
        self.count = 0
        self.max_values = MAX_NODES
        self.path = "<text>"
        self.alias_marks: dict[tuple[int, int], Any] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.count += 1
        if self.count > self.max_values:
            event = self.parser.peek_event()
            raise Refused(
                said(
                    "yaml.too_large",
                    f"the file holds more than {self.max_values:,} values; a dossier never needs "
                    "that many: remove repeated lines or split the file",
                    f"le fichier contient plus de {self.max_values:,} valeurs".replace(",", " ")
                    + " ; un dossier n'en a jamais besoin d'autant : supprimez les lignes "
                    "répétées ou découpez le fichier",
                    path=self.path,
                    position=mark_position(event.start_mark),
                )
            )
        if parent is not None and self.parser.check_event(AliasEvent):
            mark = self.parser.peek_event().start_mark
            slot = id(index) if isinstance(index, Node) else index
            if isinstance(slot, int):
                self.alias_marks[(id(parent), slot)] = mark
        return super().compose_node(parent, index)


class Shape:
    """Checks the composed graph before conversion: no cycle, bounded depth and size.

    Aliases make the graph a DAG whose expansion can be exponential (9 aliases of 9 aliases…);
    sizes are memoised per node, so the check itself stays linear in the file.
    """

    def __init__(
        self, path: str, alias_marks: dict[tuple[int, int], Any], max_values: int | None = None
    ) -> None:
        self.path = path
        self.max_values = max_values or MAX_NODES
        self.alias_marks = alias_marks
        # id(node) -> (expanded size, height, expanded characters)
        self.memo: dict[int, tuple[int, int, int]] = {}
        self.open: set[int] = set()
        self.total = 0
        self.characters = 0

    def refuse(
        self, code: str, message: str, where: Position, french: str | None = None
    ) -> Refused:
        return Refused(said(code, message, french, path=self.path, position=where))

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
            result.append(
                (child, mark_position(mark) if mark is not None else node_position(child))
            )
        return result

    def visit(self, node: Node, where: Position, depth: int) -> tuple[int, int, int]:
        key = id(node)
        if key in self.open:
            raise self.refuse(
                "yaml.alias",
                "this alias refers to a value that contains it (a cycle): write the value out",
                where,
                "cet alias renvoie à une valeur qui le contient (un cycle) : écrivez la valeur "
                "en entier",
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
                        f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
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
                f"imbrication trop profonde une fois les alias développés (plus de {MAX_DEPTH} "
                "niveaux)",
            )
        if self.total > self.max_values:
            raise self.refuse(
                "yaml.too_large",
                f"the file holds more than {self.max_values:,} values once aliases are expanded: "
                "write the values out instead of repeating aliases",
                where,
                f"le fichier contient plus de {self.max_values:,} valeurs".replace(",", " ")
                + " une fois les alias développés : écrivez les valeurs au lieu de répéter "
                "des alias",
            )
        if self.characters > MAX_BYTES:
            # A long text repeated by aliases: each copy is checked and printed on its own.
            raise self.refuse(
                "yaml.too_large",
                f"the file holds more than {MAX_BYTES // (1024 * 1024)} MiB of text once "
                "aliases are expanded: write the text out once instead of repeating aliases",
                where,
                f"le fichier contient plus de {MAX_BYTES // (1024 * 1024)} Mio de texte une fois "
                "les alias développés : écrivez le texte une fois au lieu de répéter des alias",
            )
        return size, height, characters
