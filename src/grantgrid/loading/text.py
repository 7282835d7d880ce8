"""Before and after the parser: bytes to text, the `%YAML` directive, long lines, and the
parser's failures turned into positioned diagnostics with a fix."""

from __future__ import annotations

import re

from ruamel.yaml.composer import MaxDepthExceededError
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError

from grantgrid.diagnostics import Diagnostic, Position, said, show
from grantgrid.loading.core import mark_position
from grantgrid.loading.limits import MAX_DEPTH, MAX_LINE

_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S+)")


def bytes_to_text(path: str, raw: bytes) -> tuple[str | None, Diagnostic | None]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4]:
        return None, said(
            "yaml.encoding",
            "the file is UTF-16 encoded: save it as UTF-8 (in your editor: 'Save with encoding')",
            "le fichier est encodé en UTF-16 : enregistrez-le en UTF-8 (dans votre éditeur : "
            "« Enregistrer avec l'encodage »)",
            path=path,
            position=Position(1, 1),
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        return None, said(
            "yaml.encoding",
            f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid UTF-8: "
            "save the file as UTF-8",
            f"l'octet 0x{raw[exc.start]:02x} à la position {exc.start} n'est pas de l'UTF-8 "
            "valide : enregistrez le fichier en UTF-8",
            path=path,
            position=Position(line, column),
        )


def check_directives(path: str, text: str) -> Diagnostic | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("---") or (line.strip() and not line.startswith(("%", "#"))):
            return None
        match = _DIRECTIVE.match(line)
        if match and match.group(1) != "1.2":
            return said(
                "yaml.version",
                f"YAML {show(match.group(1), 20)} is not supported: remove the '%YAML' line "
                "(grantgrid reads YAML 1.2, where 'NO' stays text and 0755 stays 755)",
                f"YAML {show(match.group(1), 20)} n'est pas pris en charge : supprimez la ligne "
                "« %YAML » (grantgrid lit le YAML 1.2, où « NO » reste du texte et 0755 vaut 755)",
                path=path,
                position=Position(number, 1),
            )
    return None


_SYNTAX_HINTS = (
    # (part of the parser's message, what to do, point at where it was opened rather than
    # where the parser gave up, often the end of the file)
    (
        "while scanning a quoted scalar",
        "the quote opened here is never closed: add the closing quote at the end of the text",
        True,
        "le guillemet ouvert ici n'est jamais fermé : ajoutez le guillemet fermant à la fin du "
        "texte",
    ),
    (
        "mapping values are not allowed here",
        "a colon and a space inside a text, or a key indented unlike the keys above it (or a "
        'line above without its colon): put the text in quotes ("Projet : la suite"), or '
        "align the key",
        False,
        "deux-points suivis d'une espace dans un texte, ou une clé en retrait autrement que les "
        "clés au-dessus (ou une ligne au-dessus sans ses deux-points) : mettez le texte entre "
        'guillemets ("Projet : la suite"), ou alignez la clé',
    ),
    (
        "while parsing a flow",
        "a comma is missing here between two items, or the '{' or '[' opened at {opened} is "
        "not closed",
        False,
        "il manque ici une virgule entre deux éléments, ou le « { » ou « [ » ouvert {opened} "
        "n'est pas fermé",
    ),
    (
        "expected <block end>",
        "this line is not indented like the lines around it, or text follows a closing quote: "
        "align it with the keys above, or put the whole text in quotes",
        False,
        "cette ligne n'est pas en retrait comme ses voisines, ou du texte suit un guillemet "
        "fermant : alignez-la sur les clés au-dessus, ou mettez tout le texte entre guillemets",
    ),
    (
        "that cannot start any token",
        "a value cannot start with this character: put the text in quotes",
        False,
        "une valeur ne peut pas commencer par ce caractère : mettez le texte entre guillemets",
    ),
    (
        "found undefined alias",
        "'*' starts a YAML alias: put the text in quotes",
        False,
        "« * » commence un alias YAML : mettez le texte entre guillemets",
    ),
    (
        "while scanning a block scalar",
        "after '|' or '>', start the text on the next line, indented",
        False,
        "après « | » ou « > », commencez le texte à la ligne suivante, en retrait",
    ),
)


def syntax_diagnostic(path: str, exc: BaseException, text: str) -> Diagnostic:
    if isinstance(exc, MaxDepthExceededError):
        return said(
            "yaml.too_deep",
            f"nesting too deep (more than {MAX_DEPTH} levels)",
            f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
            path=path,
            position=mark_position(exc.problem_mark),
        )
    if isinstance(exc, ReaderError):
        before = text[: exc.position]
        position = Position(before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        character = chr(exc.character) if isinstance(exc.character, int) else exc.character
        return said(
            "yaml.encoding",
            f"the character {show(character)} is not allowed in a YAML file: remove it",
            f"le caractère {show(character)} est interdit dans un fichier YAML : supprimez-le",
            path=path,
            position=position,
        )
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        message = f"{problem} ({exc.context})" if exc.context else problem
        # The parser's own words stay as it says them (they name YAML's tokens); the French
        # says what it is and what to do.
        french = f"YAML invalide ({message})"
        if "expected a single document" in message:
            message = "the file holds several YAML documents ('---'): keep one dossier per file"
            french = (
                "le fichier contient plusieurs documents YAML (« --- ») : un dossier par fichier"
            )
        elif "\\t" in message or "tab" in message.lower():
            message += ": indent with spaces, not tabs"
            french += " : mettez le retrait en espaces, pas en tabulations"
        else:
            for pattern, hint, at_opening, hint_fr in _SYNTAX_HINTS:
                if pattern in message:
                    opened = mark_position(exc.context_mark)
                    hint = hint.replace("{opened}", f"line {opened.line}, column {opened.column}")
                    hint_fr = hint_fr.replace(
                        "{opened}", f"ligne {opened.line}, colonne {opened.column}"
                    )
                    message = f"{message}: {hint}"
                    french = f"{french} : {hint_fr}"
                    if at_opening and exc.context_mark is not None:
                        mark = exc.context_mark  # where the quote or bracket was opened
                    break
        return said("yaml.syntax", message, french, path=path, position=mark_position(mark))
    if isinstance(exc, RecursionError):
        return said(
            "yaml.too_deep",
            f"nesting too deep (more than {MAX_DEPTH} levels)",
            f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)",
            path=path,
            position=Position(1, 1),
        )
    # ruamel.yaml also fails with plain exceptions (ValueError, AssertionError…) on some input.
    return said(
        "yaml.syntax",
        f"the file cannot be read as YAML ({type(exc).__name__}: {show(str(exc), 120)})",
        f"le fichier ne peut pas être lu comme du YAML ({type(exc).__name__} : "
        f"{show(str(exc), 120)})",
        path=path,
        position=Position(1, 1),
    )


def too_long_line(text: str) -> int | None:
    """The number of the first line over MAX_LINE characters, found in one pass (a regex for
    it backtracks from every character of a long line: 24 s for 2 MB of them)."""
    if len(text) <= MAX_LINE:
        return None
    start, number = 0, 1
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if end - start > MAX_LINE:
            return number
        start, number = end + 1, number + 1
    return None
