"""Diagnostics: what is wrong, where, and how to fix it.

Every check in grantgrid produces `Finding` values instead of raising: a code, the data path at
fault and the figures of its message. The runner places a finding in its file (`place`: line,
column, and the severity the registry gives the code); an output renders the message in its
language from the rule's template (`grantgrid.words`). The command line decides the exit code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from grantgrid.rules.registry import Severity, rule
from grantgrid.words import Said, render, show, to_json

DataPath = tuple[str | int, ...]
"""Where a value sits in a YAML document: ("budget", "expenses", 3, "amount")."""

__all__ = ["Severity", "show"]

Params = Mapping[str, object]


@dataclass(frozen=True, order=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True)
class Diagnostic:
    code: str
    params: Params = field(default_factory=dict, hash=False)
    """The figures of the message (money as `words.Money`, ids as `words.Quoted`…)."""
    path: str = ""
    position: Position | None = None
    severity: Severity = Severity.ERROR
    data_path: DataPath = ()
    variant: str = ""
    """Which of the rule's templates (most codes have one)."""

    def message_in(self, lang: str) -> str:
        return render(rule(self.code).template(self.variant), self.params, lang)

    @property
    def message(self) -> str:
        return self.message_in("en")

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        line, column = (self.position.line, self.position.column) if self.position else (0, 0)
        return (self.path, line, column, self.code)

    def format(self, lang: str = "en") -> str:
        """`PATH:LINE:COL: error CODE: message`, the form editors and CI logs understand."""
        where = self.path
        if self.position:
            where = f"{where}:{self.position.line}:{self.position.column}"
        return f"{where}: {self.severity.value} {self.code}: {self.message_in(lang)}"

    def to_json(self, lang: str = "en") -> dict[str, object]:
        """SPEC.md: code, position, message, and `severity`, the data `path` and the `params`
        of the message (money as strings, shares as exact numbers)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "line": self.position.line if self.position else None,
            "column": self.position.column if self.position else None,
            "path": list(self.data_path),
            "message": self.message_in(lang),
            "params": {name: to_json(value) for name, value in self.params.items()},
        }


def said(code: str, en: str, fr: str | None = None, **where: Any) -> Diagnostic:
    """A diagnostic whose sentence comes whole (the parser's words, a file system error): the
    code's template is `{detail}`."""
    return Diagnostic(code, {"detail": Said(en, fr if fr is not None else en)}, **where)


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
    return suggestion(word, choices)(lang)


def suggestion(word: str, choices: Iterable[str]) -> Any:
    """The "did you mean" phrase in both languages (a `words.Said`), empty when nothing fits."""
    import difflib  # only when an id is wrong: a clean run never pays for it

    options = [c for c in choices if isinstance(c, str)]
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return Said(f" Did you mean '{close[0]}'?", f" Vouliez-vous dire « {close[0]} » ?")
    if options and len(options) <= 12:
        listed = ", ".join(f"'{o}'" for o in options)
        return Said(f" Expected one of: {listed}.", f" Valeurs possibles : {listed}.")
    return Said("", "")


@dataclass(frozen=True)
class Finding:
    """What a rule reports: a code, the data path at fault and the figures of its message.

    `place` turns it into a `Diagnostic` by looking up the position of `at` in the document
    and the severity of `code` in the registry, so rules never deal with files or lines.
    """

    code: str
    at: DataPath = ()
    params: Params = field(default_factory=dict, hash=False)
    key: bool = False
    """Point at the key rather than the value (unknown ids)."""
    variant: str = ""

    def message_in(self, lang: str) -> str:
        """The message, for a finding shown before it is placed in a file."""
        return Diagnostic(self.code, self.params, variant=self.variant).message_in(lang)


class Positions(Protocol):
    """A file whose values have positions (`loading.Document`)."""

    path: str

    def position(self, data_path: DataPath, *, key: bool = False) -> Position: ...


def place(document: Positions, finding: Finding) -> Diagnostic:
    """A rule's finding placed in its file; the severity comes from the registry."""
    return Diagnostic(
        finding.code,
        finding.params,
        document.path,
        document.position(finding.at, key=finding.key),
        rule(finding.code).severity,
        finding.at,
        finding.variant,
    )
