"""The registry: every diagnostic code, registered once, with what it says and when it fires.

A `Rule` is the whole of a code (sqlfluff's self-documenting rules, frictionless' message
templates): its severity, when it fires, how to fix it, and its message template(s) with named
placeholders. Rules that check something carry the check too (`BudgetRule` adds `applies`,
`check` and `measure`). The catalogue in `docs/rules.md`, the check rows of every output and
the messages in both languages are all built from here.

Rule modules register at import; `grantgrid.rules.catalogue` imports them all, once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from grantgrid.diagnostics import Severity
from grantgrid.words import Said

DETAIL = Said("{detail}", "{detail}")
"""The template of codes whose sentence is built elsewhere (the YAML parser's own words)."""


@dataclass(frozen=True)
class Rule:
    code: str
    when: str
    """When it fires (English; docs/rules.md)."""
    fix: str
    """How to fix it (English; docs/rules.md)."""
    message: Said | Mapping[str, Said] = DETAIL
    """The message template, or templates by variant (a finding names its variant)."""
    severity: Severity = Severity.ERROR

    def template(self, variant: str = "") -> Said:
        if isinstance(self.message, Said):
            return self.message
        return self.message[variant]

    @property
    def family(self) -> str:
        return self.code.split(".")[0]


REGISTRY: dict[str, Rule] = {}
_loaded = False


def register(*rules: Rule) -> None:
    for rule in rules:
        if rule.code in REGISTRY and REGISTRY[rule.code] is not rule:
            raise ValueError(f"code registered twice: {rule.code}")
        REGISTRY[rule.code] = rule


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        import grantgrid.rules.catalogue  # noqa: F401  (registers every rule module)


def rule(code: str) -> Rule:
    """The registered rule of a code."""
    if code not in REGISTRY:
        _load()
    return REGISTRY[code]


def known(code: str) -> bool:
    if code not in REGISTRY:
        _load()
    return code in REGISTRY


def all_rules() -> Iterator[Rule]:
    _load()
    yield from REGISTRY.values()
