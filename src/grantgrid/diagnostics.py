"""Diagnostics: what is wrong, where, and how to fix it.

Every check in grantgrid produces `Diagnostic` values instead of raising; the command line
decides what to print and which exit code to use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

DataPath = tuple[str | int, ...]
"""Where a value sits in a YAML document: ("budget", "expenses", 3, "amount")."""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    path: str = ""
    position: Position | None = None
    severity: Severity = Severity.ERROR
    data_path: DataPath = ()
    french: str | None = None
    """The message in French, for reports and workbooks (`--lang fr`); the command line and
    JSON speak English, like the codes. None where the message has no French version yet."""

    def message_in(self, lang: str) -> str:
        return self.french if lang == "fr" and self.french else self.message

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        line, column = (self.position.line, self.position.column) if self.position else (0, 0)
        return (self.path, line, column, self.code)

    def format(self) -> str:
        """`PATH:LINE:COL: error CODE: message`, the form editors and CI logs understand."""
        where = self.path
        if self.position:
            where = f"{where}:{self.position.line}:{self.position.column}"
        return f"{where}: {self.severity.value} {self.code}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "line": self.position.line if self.position else None,
            "column": self.position.column if self.position else None,
            "message": self.message,
        }


@dataclass
class Diagnostics:
    """The problems found in one file, in the order of the file."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.items.extend(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return sorted((d for d in self.items if d.is_error), key=Diagnostic.sort_key)

    @property
    def warnings(self) -> list[Diagnostic]:
        return sorted((d for d in self.items if not d.is_error), key=Diagnostic.sort_key)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=Diagnostic.sort_key)


def did_you_mean(word: str, choices: Iterable[str], lang: str = "en") -> str:
    """A ` Did you mean 'x'?` suffix for a misspelt id, or the list of valid ids."""
    import difflib  # only when an id is wrong: a clean run never pays for it

    options = [c for c in choices if isinstance(c, str)]
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return (
            f" Vouliez-vous dire « {close[0]} » ?"
            if lang == "fr"
            else f" Did you mean '{close[0]}'?"
        )
    if options and len(options) <= 12:
        listed = ", ".join(f"'{o}'" for o in options)
        return f" Valeurs possibles : {listed}." if lang == "fr" else f" Expected one of: {listed}."
    return ""


def show(value: object, limit: int = 60) -> str:
    """A value quoted for a message: escaped, so control characters never reach a terminal."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text)


@dataclass(frozen=True)
class Finding:
    """What a rule reports: a code, a message and the data path at fault.

    The runner turns it into a `Diagnostic` by looking up the position of `at` in the document
    and the severity of `code` in the catalogue, so rules never deal with files or lines.
    """

    code: str
    message: str
    at: DataPath = ()
    key: bool = False
    """Point at the key rather than the value (unknown ids)."""
    french: str | None = None
    """The same message in French (see `Diagnostic.french`)."""
