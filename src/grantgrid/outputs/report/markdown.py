"""Dossier text made safe for Markdown, and split into paragraphs and lists for any report.

Markdown has no autoescape: everything a template prints goes through `escape` (the Markdown
environment's `finalize`), unless a filter already built it and marked it `MarkdownSafe`.
GitHub and GitLab render raw HTML and links, so `< > &` become entities and the characters
that start emphasis, links, tables or code are backslash-escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_BACKSLASHED = set("\\[]|*_`~")
_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)]))", re.MULTILINE)
_LIST_ITEM = re.compile(r"^\s*[-•*]\s+")


class MarkdownSafe(str):
    """Text already escaped (or built from escaped parts): printed as is."""

    __slots__ = ()


def escape(value: object) -> MarkdownSafe:
    """Any value as literal Markdown text: entities for < > &, backslashes for the rest."""
    if isinstance(value, MarkdownSafe):
        return value
    text = "" if value is None else str(value)
    out = []
    for char in text:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _BACKSLASHED:
            out.append("\\" + char)
        else:
            out.append(char)
    # A heading, list or rule marker at the start of a line would restructure the page.
    escaped = _LINE_START.sub(_escape_marker, "".join(out))
    return MarkdownSafe(escaped)


def _escape_marker(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker[0].isdigit():  # "1." or "1)": the punctuation is what can be escaped
        return f"{indent}{marker}\\"
    return f"{indent}\\{marker}"


def cell(value: object) -> MarkdownSafe:
    """Text for a table cell: escaped, on one line; lines, paragraphs and list items joined by <br>."""
    if isinstance(value, MarkdownSafe):
        return MarkdownSafe(" ".join(value.split("\n")))
    parts: list[str] = []
    for block in blocks("" if value is None else str(value)):
        if block.kind == "list":
            parts.extend("• " + escape(_one_line(item)) for item in block.items)
        else:
            parts.extend(escape(_one_line(line)) for line in block.lines)
    return MarkdownSafe("<br>".join(parts))


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Block:
    """A paragraph (one item) or a list (its items) of a dossier text."""

    kind: str
    items: tuple[str, ...]
    lines: tuple[str, ...] = ()
    """A paragraph's lines as the applicant broke them ("Nos objectifs :", "1. former…");
    a list's items. `items[0]` is the paragraph on one line."""


def blocks(text: str | None) -> list[Block]:
    """Paragraphs (separated by blank lines) and lists (lines starting with '- ').

    Dossier texts are plain text where applicants write lists with dashes, as the fiche does;
    nothing else of Markdown is interpreted, so no markup from a dossier ever reaches a report.
    A single line break inside a paragraph is kept in `Block.lines` (an address, a numbered
    list written without dashes); templates print it as a line break.
    """
    result: list[Block] = []
    for chunk in re.split(r"\n\s*\n", (text or "").strip()):
        paragraph: list[str] = []
        items: list[str] = []
        for line in (line for line in chunk.splitlines() if line.strip()):
            if _LIST_ITEM.match(line):
                _flush(result, "paragraph", paragraph)
                items.append(_LIST_ITEM.sub("", line).strip())
            elif items and line.startswith((" ", "\t")):
                items[-1] += " " + line.strip()  # a list item continued on the next line
            else:
                _flush(result, "list", items)
                paragraph.append(line.strip())
        _flush(result, "paragraph", paragraph)
        _flush(result, "list", items)
    return result


def link_target(url: str) -> MarkdownSafe:
    """An (already allow-listed) address for `[text](address)`: nothing in it can end the link."""
    return MarkdownSafe(quote(url, safe="/:?#@!$&'*+,;=%~.-_"))


def _flush(result: list[Block], kind: str, lines: list[str]) -> None:
    if lines:
        items = (" ".join(lines),) if kind == "paragraph" else tuple(lines)
        result.append(Block(kind, items, tuple(lines)))
        lines.clear()
