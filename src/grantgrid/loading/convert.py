"""Composed nodes → plain data (dict, list, str, int, Decimal, bool, None) with positions.

Numbers written in another base or with an exponent are `WrittenInt` / `WrittenDecimal`:
an int or a Decimal that keeps its text (`grantgrid.notation`).

No Python object is ever constructed from a tag: only core tags are accepted, numbers keep
their text (floats become `Decimal` from the scalar text), duplicate and non-text keys are
errors, impossible dates are typos.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from grantgrid.diagnostics import DataPath, Diagnostic, Position, said, show
from grantgrid.loading.core import (
    ALLOWED_TAGS,
    CORE,
    CORE_PATTERNS,
    core_decimal,
    is_empty_plain,
    node_position,
)
from grantgrid.loading.limits import MAX_NUMBER_TEXT
from grantgrid.notation import WrittenDecimal, WrittenInt
from grantgrid.words import quote

# An escape such as "\ud800" yields a lone surrogate: not a character, and no file, terminal or
# JSON output can encode it, so it is refused here, in keys as in values.
_SURROGATE = re.compile("[\ud800-\udfff]")

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[Tt ])")


class Converter:
    """Turns composed nodes into plain data under the YAML 1.2 core schema."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []
        self.positions: dict[DataPath, Position] = {}
        self.key_positions: dict[DataPath, Position] = {}

    def error(self, code: str, message: str, position: Position, french: str | None = None) -> None:
        self.diagnostics.append(said(code, message, french, path=self.path, position=position))

    def convert(self, node: Node, data_path: DataPath) -> Any:
        self.positions[data_path] = node_position(node)
        tag = str(node.tag)
        if tag not in ALLOWED_TAGS:
            self.error(
                "yaml.tag",
                f"unsupported tag {show(tag.replace(CORE, '!!'))}: only plain YAML values are "
                "allowed (text, numbers, true/false, lists, mappings); remove the tag",
                node_position(node),
                f"balise {show(tag.replace(CORE, '!!'))} non prise en charge : seules les valeurs "
                "YAML simples sont admises (texte, nombres, true/false, listes, champs) ; "
                "supprimez la balise",
            )
            return None
        kind = tag[len(CORE) :]
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
                node_position(node),
                f"la balise !!{kind} ne convient pas à cette valeur : supprimez-la",
            )
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, kind)
        if isinstance(node, SequenceNode):
            return [self.convert(item, (*data_path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            return self.mapping(node, data_path)
        return None  # pragma: no cover - ruamel.yaml only composes the three node kinds

    def split_value(self, node: MappingNode, index: int) -> bool:
        """`{amount: 12 500,00}` or `{label: Salaire (0,5 ETP)}`: inside `{…}` a comma ends
        the value, and what follows reads as a key without a value. Say to quote the value,
        once, instead of a wrong key and an unknown field."""
        key_node, value_node = node.value[index]
        if index == 0 or not node.flow_style or not is_empty_plain(value_node):
            return False
        if not isinstance(key_node, ScalarNode) or key_node.style:
            return False
        before_key, before = node.value[index - 1]
        if not isinstance(before, ScalarNode) or before.style or not before.value:
            return False
        if not isinstance(before_key, ScalarNode):
            return False
        name, whole = before_key.value, f"{before.value},{key_node.value}"
        shown = show(whole)
        fix = '"' + whole.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if name in ("amount", "total"):
            what_en, what_fr = "the amount", "le montant"
        elif re.fullmatch(r"-?[0-9]+", before.value) and re.fullmatch(r"[0-9]+", key_node.value):
            what_en, what_fr = "the number", "le nombre"
        else:
            what_en, what_fr = "the text", "le texte"
        self.error(
            "yaml.unquoted_comma",
            f"inside {{…}} a comma ends a value, so {shown} was cut in two: put {what_en} in "
            f"quotes: `{name}: {fix}`",
            node_position(before),
            f"entre {{…}} une virgule termine une valeur, donc {quote(whole, 'fr')} a été coupé "
            "en deux : "
            f"mettez {what_fr} entre guillemets : `{name}: {fix}`",
        )
        return True

    def mapping(self, node: MappingNode, data_path: DataPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Position] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            if self.split_value(node, index):
                continue
            key_tag = str(key_node.tag)
            if key_tag == CORE + "merge":
                self.error(
                    "yaml.tag",
                    "merge keys ('<<') are not part of YAML 1.2: write the keys out",
                    node_position(key_node),
                    "les clés de fusion (« << ») ne font pas partie du YAML 1.2 : écrivez les "
                    "clés en entier",
                )
                continue
            if not isinstance(key_node, ScalarNode) or key_tag != CORE + "str":
                shown = (
                    show(key_node.value)
                    if isinstance(key_node, ScalarNode)
                    else "(a list or mapping)"
                )
                self.error(
                    "schema.key",
                    f"key {shown} is not text: put it in quotes or rename it",
                    node_position(key_node),
                    f"la clé {shown} n'est pas du texte : mettez-la entre guillemets ou renommez-la",
                )
                continue
            key = key_node.value
            if not self.check_surrogates(key_node, key):
                continue
            key_pos = node_position(key_node)
            if key in first_seen:
                first = first_seen[key]
                self.error(
                    "yaml.duplicate_key",
                    f"key {show(key)} appears twice in the same mapping (first at line "
                    f"{first.line}, column {first.column}): keep only one",
                    key_pos,
                    f"la clé {quote(key, 'fr')} apparaît deux fois dans les mêmes champs (la "
                    f"première ligne {first.line}, colonne {first.column}) : n'en gardez qu'une",
                )
                continue
            first_seen[key] = key_pos
            child = (*data_path, key)
            self.key_positions[child] = key_pos
            result[key] = self.convert(value_node, child)
            if is_empty_plain(value_node):
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
        if not CORE_PATTERNS[kind].match(text):
            self.error(
                "yaml.tag",
                f"{show(text)} is not a valid !!{kind} value: remove the tag",
                node_position(node),
                f"{quote(text, 'fr')} n'est pas une valeur !!{kind} valide : supprimez la balise",
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
                node_position(node),
                f"nombre trop long ({len(text)} caractères) : écrivez une valeur réaliste",
            )
            return None
        # A number not written in plain digits keeps its text, so that amounts and scores
        # can refuse `0x2710` or `1e3` (grantgrid.notation) while other fields read the value.
        if kind == "int":
            base = {"0x": 16, "0o": 8}.get(text[:2].lower(), 10)
            if base != 10:
                return WrittenInt(int(text[2:], base), text)
            return int(text)
        number = core_decimal(text)
        if "e" in text or "E" in text:
            return WrittenDecimal(number, text)
        return number

    def check_surrogates(self, node: ScalarNode, text: str) -> bool:
        bad = _SURROGATE.search(text)
        if bad:
            self.error(
                "yaml.encoding",
                f"the escape for U+{ord(bad.group()):04X} is half of a character (a lone "
                "surrogate), which cannot be saved or printed: remove it",
                node_position(node),
                f"l'échappement de U+{ord(bad.group()):04X} est une moitié de caractère (un "
                "demi-codet isolé), qui ne peut être ni enregistré ni imprimé : supprimez-le",
            )
        return bad is None

    def check_date(self, node: ScalarNode, text: str) -> None:
        """A date that cannot exist is a typo, even where YAML 1.2 sees only text."""
        match = _DATE.match(text)
        if match:
            try:
                dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                self.error(
                    "yaml.date",
                    f"{show(text)} is not a real date",
                    node_position(node),
                    f"{quote(text, 'fr')} n'est pas une date qui existe",
                )
