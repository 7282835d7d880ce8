"""The registry: every diagnostic code, registered once, with what it says and when it fires.

A `Rule` is the whole of a code (sqlfluff's self-documenting rules, frictionless' message
templates): its severity, when it fires, how to fix it, and its message template(s) with named
placeholders. Rules that check something carry the check too (`BudgetRule` adds `applies`,
`check` and `measure`). The catalogue in `docs/rules.md`, the check rows of every output and
the messages in both languages are all built from here.

Rule modules register at import: whoever emits a code has imported its module, so its rule
is here by the time a message is rendered; `grantgrid.rules.catalogue` imports them all (for
the docs and the tests).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from grantgrid.words import Said


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


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


def register(*rules: Rule) -> None:
    for rule in rules:
        if rule.code in REGISTRY and REGISTRY[rule.code] is not rule:
            raise ValueError(f"code registered twice: {rule.code}")
        REGISTRY[rule.code] = rule


def rule(code: str) -> Rule:
    """The registered rule of a code."""
    try:
        return REGISTRY[code]
    except KeyError:
        raise KeyError(f"{code}: no rule registers this code (import its module)") from None
