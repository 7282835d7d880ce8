"""From a loaded `Document` to a model, with every schema problem as a positioned diagnostic."""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from grantgrid.diagnostics import DataPath, Diagnostic, did_you_mean, show
from grantgrid.loading import Document

M = TypeVar("M", bound=BaseModel)

# Custom error types raised by `models.types` are named after their code: "budget_amount".
_CODE_OF_TYPE = {
    "missing": "schema.missing",
    "extra_forbidden": "schema.unknown_field",
}

_EXPECTED = {
    "dict_type": "a mapping (`key: value` lines)",
    "model_type": "a mapping (`key: value` lines)",
    "model_attributes_type": "a mapping (`key: value` lines)",
    "list_type": "a list (`- item` lines)",
    "int_type": "a whole number",
    "string_type": "text",
    "literal_error": None,
}


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


def _dotted(loc: DataPath) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "the file"


def _diagnostic(model: type[BaseModel], document: Document, error: ErrorDetails) -> Diagnostic:
    loc: DataPath = tuple(error["loc"])
    kind = error["type"]
    where = _dotted(loc)
    if kind == "missing":
        parent = loc[:-1]
        return Diagnostic(
            "schema.missing",
            f"missing field '{loc[-1]}' in {_dotted(parent)}: add `{loc[-1]}:`",
            document.path,
            document.position(parent),
            data_path=loc,
        )
    if kind == "extra_forbidden":
        name = str(loc[-1])
        hint = did_you_mean(name, _field_names(model, loc[:-1]))
        return Diagnostic(
            "schema.unknown_field",
            f"unknown field {show(name)} in {_dotted(loc[:-1])}.{hint}",
            document.path,
            document.position(loc, key=True),
            data_path=loc,
        )
    if "_" in kind and kind.split("_", 1)[0] in ("schema", "budget", "score", "grid"):
        family, rest = kind.split("_", 1)
        return Diagnostic(
            f"{family}.{rest}",
            f"{where}: {error['msg']}",
            document.path,
            document.position(loc),
            data_path=loc,
        )
    expected = _EXPECTED.get(kind)
    if kind == "literal_error":
        message = f"{where}: {error['msg'].replace('Input should be', 'expected')}"
    elif expected:
        got = error.get("input")
        message = f"{where}: expected {expected}, got {_kind_of(got)}"
    else:
        message = f"{where}: {error['msg']}"
    return Diagnostic("schema.type", message, document.path, document.position(loc), data_path=loc)


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, str):
        return f"the text {show(value, 40)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the number {value}"


def validate(model: type[M], document: Document) -> tuple[M | None, list[Diagnostic]]:
    """The model built from the document, or None and every problem found."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as exc:
        return None, [_diagnostic(model, document, e) for e in exc.errors(include_url=False)]


def validate_part(
    model: type[M], document: Document, key: str
) -> tuple[M | None, list[Diagnostic]]:
    """Validate one section alone, so its own rules still run when another section is broken."""
    value = document.data.get(key) if isinstance(document.data, dict) else None
    if value is None:
        return None, []
    try:
        return model.model_validate(value), []
    except ValidationError:
        return None, []
