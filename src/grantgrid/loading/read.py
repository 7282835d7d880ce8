"""The one door for YAML files: read, decode, compose (fast or precise) and convert."""

from __future__ import annotations

import hashlib
import os
import stat
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
from grantgrid.loading.limits import (
    HASH_CHUNK,
    MAX_BYTES,
    MAX_DEPTH,
    MAX_HASH_BYTES,
    MAX_LINE,
)
from grantgrid.loading.shape import CountingComposer, Shape
from grantgrid.loading.text import bytes_to_text, check_directives, syntax_diagnostic, too_long_line


def _compose(
    path: str, text: str, max_values: int | None
) -> tuple[Node | None, dict[tuple[int, int], Any]]:
    yaml = YAML(typ="rt", pure=True)
    yaml.Resolver = CoreResolver
    yaml.Composer = CountingComposer
    # The composer counts depth from 1 at the root; values below MAX_DEPTH keys are fine.
    yaml.max_depth = MAX_DEPTH + 1
    composer = yaml.composer
    composer.path = path
    composer.max_values = max_values or composer.max_values
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. a re-defined anchor: legal YAML, not our business
        node = yaml.compose(text)
    return node, composer.alias_marks


def parse_text(path: str, text: str, max_values: int | None = None) -> LoadResult:
    """Compose and convert YAML text; never raises for bad input.

    `max_values`: the most values the file may hold (a members' notes file holds more than a
    dossier: `MAX_NOTE_VALUES`); default MAX_NODES."""
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
    fast = fast_document(path, text, max_values) if "\ufeff" not in text else None
    if fast is not None:
        return LoadResult(fast, [])
    try:
        node, alias_marks = _compose(path, text, max_values)
        if node is None:
            return LoadResult(
                None,
                [
                    said(
                        "schema.document",
                        "the file is empty: start from a skeleton (`grantgrid new --grid GRID` "
                        "for a dossier, `--committee`, `--meeting DATE` or `--maquette`)",
                        "le fichier est vide : partez d'un modèle (`grantgrid new --grid GRILLE` "
                        "pour un dossier, `--committee`, `--meeting DATE` ou `--maquette`)",
                        path=path,
                        position=Position(1, 1),
                    )
                ],
            )
        Shape(path, alias_marks, max_values).visit(node, node_position(node), 1)
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


# O_NONBLOCK: opening a FIFO (or a device) put where a dossier was never waits for a writer;
# O_NOCTTY: a terminal device never becomes the controlling terminal. Neither exists on Windows.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder", "un dossier"),
    (stat.S_ISFIFO, "a named pipe (FIFO)", "un tube nommé (FIFO)"),
    (stat.S_ISCHR, "a character device", "un périphérique caractère"),
    (stat.S_ISBLK, "a block device", "un périphérique bloc"),
    (stat.S_ISSOCK, "a socket", "une socket"),
)


def kind_of_entry(mode: int) -> tuple[str, str]:
    """What a file system entry that is not a regular file is, in English and French."""
    for test, english, french in _NOT_REGULAR:
        if test(mode):
            return english, french
    return "not a regular file", "pas un fichier ordinaire"


def _read_bounded(path: Path) -> tuple[bytes, str | None, bool]:
    """The file's first MAX_BYTES + 1 bytes, the SHA-256 of the whole file, and whether it is
    larger than MAX_BYTES; from one open file, so the hash describes the bytes validated.

    Raises OSError (also for an entry that is not a regular file, with its kind as strerror).
    """
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        mode = os.fstat(descriptor).st_mode
    except OSError:
        os.close(descriptor)
        raise
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        english, _ = kind_of_entry(mode)
        raise OSError(0, f"{english}, not a regular file")
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        raw = bytearray()
        while len(raw) <= MAX_BYTES:  # a raw read may return less than asked
            chunk = handle.read(MAX_BYTES + 1 - len(raw))
            if not chunk:
                break
            raw += chunk
        digest = hashlib.sha256(raw)
        if len(raw) <= MAX_BYTES:
            return bytes(raw), digest.hexdigest(), False
        hashed = len(raw)
        while hashed <= MAX_HASH_BYTES:
            chunk = handle.read(HASH_CHUNK)
            if not chunk:
                return bytes(raw), digest.hexdigest(), True
            digest.update(chunk)
            hashed += len(chunk)
        return bytes(raw), None, True


def entry_exists(path: Path) -> bool:
    """Whether anything is at that name: a FIFO, a folder or a dangling link put where a
    committee, meeting or maquette file is expected is that file, unreadable (`yaml.read`),
    never a file that is silently not there. Never raises (a name the system refuses)."""
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a file not loaded here, read as `load_yaml` reads (never blocking, in
    chunks, up to `MAX_HASH_BYTES`); None when it cannot be read or is larger."""
    try:
        return _read_bounded(path)[1]
    except OSError:
        return None


def load_yaml(
    path: Path, display: str | None = None, *, max_values: int | None = None
) -> LoadResult:
    """Read a YAML file from disk, checking size and encoding first.

    The file is opened once, without ever blocking (a FIFO or a device in its place is a
    `yaml.read` error), and the SHA-256 of the bytes read is kept in the result.
    """
    shown = display or str(path)
    try:
        raw, sha256, too_large = _read_bounded(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        french = _FRENCH_REASONS.get(reason, reason)
        return LoadResult(
            None,
            [
                said(
                    "yaml.read",
                    f"cannot read the file: {reason}",
                    f"le fichier ne peut pas être lu : {french}",
                    path=shown,
                )
            ],
        )
    if too_large:
        return LoadResult(
            None,
            [
                said(
                    "yaml.too_large",
                    f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB: "
                    "a dossier should be a few kilobytes",
                    f"le fichier dépasse {MAX_BYTES // (1024 * 1024)} Mio : "
                    "un dossier fait quelques kilo-octets",
                    path=shown,
                    position=Position(1, 1),
                )
            ],
            sha256,
        )
    text, problem = bytes_to_text(shown, raw)
    if problem or text is None:
        return LoadResult(None, [problem] if problem else [], sha256)
    result = parse_text(shown, text, max_values)
    result.sha256 = sha256
    if result.document is not None:
        result.document.sha256 = sha256
    return result


_FRENCH_REASONS = {
    "Permission denied": "permission refusée",
    "No such file or directory": "fichier introuvable",
    "Is a directory": "c'est un dossier",
    "Too many levels of symbolic links": "boucle de liens symboliques",
    **{
        f"{english}, not a regular file": f"{french}, pas un fichier ordinaire"
        for _, english, french in _NOT_REGULAR
    },
}
