"""From a loaded `Document` to a model, with every schema problem as a positioned diagnostic."""

from __future__ import annotations

import copy
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

# The codes the formats' types emit: schema.* and, for an amount's notation, budget.amount.
import grantgrid.rules.budget.amount
import grantgrid.rules.reading  # noqa: F401
from grantgrid.diagnostics import DataPath, Diagnostic, did_you_mean, show
from grantgrid.loading import Document
from grantgrid.words import Said

M = TypeVar("M", bound=BaseModel)

# Custom error types raised by `models.types` are named after their code: "budget_amount".
_EXPECTED = {
    "dict_type": ("a mapping (`key: value` lines)", "des champs (lignes `clé: valeur`)"),
    "model_type": ("a mapping (`key: value` lines)", "des champs (lignes `clé: valeur`)"),
    "model_attributes_type": (
        "a mapping (`key: value` lines)",
        "des champs (lignes `clé: valeur`)",
    ),
    "list_type": ("a list (`- item` lines)", "une liste (lignes `- élément`)"),
    "int_type": ("a whole number", "un nombre entier"),
    "string_type": ("text", "du texte"),
}
"""What pydantic's own type errors expected, in English and French."""


def _field_names(model: type[BaseModel], loc: DataPath) -> list[str]:
    """The field names valid at `loc` (for 'did you mean'), following the model's annotations."""
    annotation: Any = model
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            args = typing.get_args(annotation)
            annotation = args[0] if args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(part)
            annotation = info.annotation if info else None
        else:
            args = typing.get_args(annotation)
            annotation = args[1] if len(args) == 2 else None
        if annotation is None:
            return []
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """`X | None` → X; Annotated[X, …] → X."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return _unwrap(options[0])
    return annotation


def _dotted(loc: DataPath, lang: str = "en") -> str:
    """`budget.expenses[2].amount`: lines counted from 1, keys from the file shown escaped."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            name = part if part.isprintable() else repr(part)[1:-1]  # never a raw escape
            text += f".{name}" if text else name
    return text or ("le fichier" if lang == "fr" else "the file")


def _diagnostic(model: type[BaseModel], document: Document, error: ErrorDetails) -> Diagnostic:
    loc: DataPath = tuple(error["loc"])
    kind = error["type"]
    is_key = loc[-1:] == ("[key]",)  # a mapping's key is wrong (not an id), not its value
    if is_key:
        loc = loc[:-1]
    message, french = _messages(model, loc, error)
    code = "schema.type"
    at = document.position(loc, key=is_key)
    if kind == "missing":
        code, at = "schema.missing", document.position(loc[:-1])
    elif kind == "extra_forbidden":
        code, at = "schema.unknown_field", document.position(loc, key=True)
    elif "_" in kind and kind.split("_", 1)[0] in ("schema", "budget", "score", "grid"):
        family, rest = kind.split("_", 1)
        code = f"{family}.{rest}"
    return Diagnostic(code, {"detail": Said(message, french)}, document.path, at, data_path=loc)


def _messages(model: type[BaseModel], loc: DataPath, error: ErrorDetails) -> tuple[str, str]:
    """The English and French messages of one pydantic error."""
    kind = error["type"]
    where, ici = _dotted(loc), _dotted(loc, "fr")
    context = error.get("ctx") or {}
    got = error.get("input")
    if kind == "missing":
        name, parent = loc[-1], loc[:-1]
        return (
            f"missing field '{name}' in {_dotted(parent)}: add `{name}:`",
            f"champ manquant '{name}' dans {_dotted(parent, 'fr')} : ajoutez `{name}:`",
        )
    if kind == "extra_forbidden":
        name = str(loc[-1])
        fields = _field_names(model, loc[:-1])
        return (
            f"unknown field {show(name)} in {_dotted(loc[:-1])}.{did_you_mean(name, fields)}",
            f"champ inconnu {show(name)} dans {_dotted(loc[:-1], 'fr')}."
            + did_you_mean(name, fields, "fr"),
        )
    if "fr" in context:  # grantgrid's own errors (models/types.py) carry their French
        return f"{where}: {error['msg']}", f"{ici} : {context['fr']}"
    if kind == "literal_error":
        expected = str(context.get("expected", ""))
        return (
            f"{where}: expected {expected}, got {_kind_of(got)}",
            f"{ici} : valeurs possibles {expected.replace(' or ', ' ou ')}, reçu {_kind_of(got, 'fr')}",
        )
    if kind in _EXPECTED:
        english, french = _EXPECTED[kind]
        return (
            f"{where}: expected {english}, got {_kind_of(got)}",
            f"{ici} : {french} attendu(s), reçu {_kind_of(got, 'fr')}",
        )
    if kind == "too_short":
        least = context.get("min_length", 1)
        return (
            f"{where}: at least {least} item(s) required, not {context.get('actual_length', 0)}",
            f"{ici} : au moins {least} élément(s) requis, pas {context.get('actual_length', 0)}",
        )
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = context.get("ge", context.get("le"))
        side, side_fr = (
            ("at least", "au moins") if kind == "greater_than_equal" else ("at most", "au plus")
        )
        return f"{where}: must be {side} {bound}", f"{ici} : doit valoir {side_fr} {bound}"
    return f"{where}: {error['msg']}", f"{ici} : {error['msg']}"


def _kind_of(value: Any, lang: str = "en") -> str:
    french = lang == "fr"
    if value is None:
        return "rien (null)" if french else "nothing (null)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, str):
        return f"le texte {show(value, 40)}" if french else f"the text {show(value, 40)}"
    if isinstance(value, list):
        return "une liste" if french else "a list"
    if isinstance(value, dict):
        return "des champs (mapping)" if french else "a mapping"
    return f"le nombre {value}" if french else f"the number {value}"


def validate(model: type[M], document: Document) -> tuple[M | None, list[Diagnostic]]:
    """The model built from the document, or None and every problem found."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        return None, [_diagnostic(model, document, e) for e in exc.errors(include_url=False)]


class Salvaged:
    """The valid part of a section: invalid leaves pruned until the rest validates.

    `value` is None when nothing could be kept; `pruned` tells whether anything was cut.
    Pruning a list item shifts the items after it, so `locate` maps a path in the salvaged
    value back to the same value's path in the file (a rule's finding on the third expense
    line must point at that line even when the first one was cut).
    """

    def __init__(self, kind: Any, raw: Any, at: DataPath = (), rounds: int = 6) -> None:
        self.at = at
        self.data = copy.deepcopy(raw)
        self.pruned = False
        self.value: Any | None = None
        # id(list) → the original index of each item still in that list (the lists are this
        # copy's own objects, alive as long as `data`).
        self._origins: dict[int, list[int]] = {}
        adapter = TypeAdapter(kind)
        for _ in range(rounds):
            try:
                self.value = adapter.validate_python(self.data)
                return
            except ValidationError as exc:
                # Deepest and last first: deleting a list item never moves one still to delete.
                locs = sorted(
                    {tuple(e["loc"]) for e in exc.errors()},
                    key=lambda loc: (len(loc), loc),
                    reverse=True,
                )
                if not any([self._prune(loc) for loc in locs]):  # a list: prune them all
                    return
                self.pruned = True

    def _prune(self, loc: DataPath) -> bool:
        """Delete the value at `loc` (or, when it does not exist, its parent). False at the root."""
        for cut in (len(loc), len(loc) - 1):
            if cut <= 0:
                return False
            parent: Any = self.data
            try:
                for part in loc[: cut - 1]:
                    parent = parent[part]
                last = loc[cut - 1]
                if isinstance(parent, dict) and last in parent:
                    del parent[last]
                    return True
                if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
                    origins = self._origins.setdefault(id(parent), list(range(len(parent))))
                    del parent[last], origins[last]
                    return True
            except (KeyError, IndexError, TypeError):
                continue
        return False

    def locate(self, path: DataPath) -> DataPath:
        """Where a path of the salvaged value (starting with `at`) is in the file."""
        if path[: len(self.at)] != self.at:
            return path
        node: Any = self.data
        located: list[str | int] = list(self.at)
        for part in path[len(self.at) :]:
            if isinstance(node, list) and isinstance(part, int):
                origins = self._origins.get(id(node))
                located.append(origins[part] if origins and part < len(origins) else part)
                node = node[part] if 0 <= part < len(node) else None
            else:
                located.append(part)
                node = node.get(part) if isinstance(node, dict) else None
        return tuple(located)
