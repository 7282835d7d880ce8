"""The one door for YAML files: read, decode, compose (fast or precise) and convert."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import Node

import grantgrid.rules.reading  # noqa: F401  (the yaml.* and schema.* codes this door emits)
from grantgrid.diagnostics import Position, said
from grantgrid.loading.convert import Converter
from grantgrid.loading.core import CoreResolver, Refused, node_position
from grantgrid.loading.document import Document, LoadResult
from grantgrid.loading.fast import fast_document
from grantgrid.loading.limits import MAX_BYTES, MAX_DEPTH, MAX_LINE
from grantgrid.loading.shape import CountingComposer, Shape
from grantgrid.loading.text import bytes_to_text, check_directives, syntax_diagnostic, too_long_line


def _compose(path: str, text: str) -> tuple[Node | None, dict[tuple[int, int], Any]]:
    yaml = YAML(typ="rt", pure=True)
    yaml.Resolver = CoreResolver
    yaml.Composer = CountingComposer
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
    directive = check_directives(path, text)
    if directive:
        return LoadResult(None, [directive])
    line = too_long_line(text)
    if line:
        return LoadResult(
            None,
            [
                said(
                    "yaml.too_large",
                    f"line {line} is longer than {MAX_LINE:,} characters: break long texts "
                    "over several lines (`|` block) and remove pasted data",
                    f"la ligne {line} dépasse {MAX_LINE:,} caractères".replace(",", " ")
                    + " : coupez les longs textes sur plusieurs lignes (bloc `|`) et supprimez "
                    "les données collées",
                    path=path,
                    position=Position(line, 1),
                )
            ],
        )
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
                    said(
                        "schema.document",
                        "the file is empty: start from `grantgrid new --grid GRID`",
                        "le fichier est vide : partez de `grantgrid new --grid GRILLE`",
                        path=path,
                        position=Position(1, 1),
                    )
                ],
            )
        Shape(path, alias_marks).visit(node, node_position(node), 1)
        converter = Converter(path)
        data = converter.convert(node, ())
    except Refused as refused:
        return LoadResult(None, [refused.diagnostic])
    except Exception as exc:  # every failure of the parser is the file's problem, not a crash
        return LoadResult(None, [syntax_diagnostic(path, exc, text)])
    if not isinstance(data, dict):
        is_list = isinstance(data, list)
        converter.error(
            "schema.document",
            "the file must be a mapping of fields (`field: value` lines), not a "
            + ("list" if is_list else "single value"),
            node_position(node),
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
            None,
            [
                said(
                    "yaml.read",
                    f"cannot read the file: {reason}",
                    f"le fichier ne peut pas être lu : {reason}",
                    path=shown,
                )
            ],
        )
    if len(raw) > MAX_BYTES:
        return LoadResult(
            None,
            [
                said(
                    "yaml.too_large",
                    f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB: "
                    "a dossier should be a few kilobytes",
                    f"le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mio : un dossier fait "
                    "quelques kilo-octets",
                    path=shown,
                    position=Position(1, 1),
                )
            ],
        )
    text, problem = bytes_to_text(shown, raw)
    if problem or text is None:
        return LoadResult(None, [problem] if problem else [])
    return parse_text(shown, text)
