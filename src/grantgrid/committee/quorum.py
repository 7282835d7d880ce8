"""The double quorum and the interest-group cap, computed exactly (SPEC-committee §2).

Reg. (EU) 2021/1060 art. 33(3)(b): "no single interest group controls the selection
decisions"; the GALs' règlements intérieurs add the double quorum (half of the voting seats,
half of those from the private college). Every share is an exact `Fraction` compared with the
rule's exact decimal bound: 6 seats of 12 is exactly 50 % and is enough; 49 seats of 100 is
exactly 49 % and is the most a group may hold.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from grantgrid.committee.models import Rules
from grantgrid.committee.seats import Count
from grantgrid.diagnostics import DataPath, Finding, Severity
from grantgrid.money import format_percent
from grantgrid.rules.registry import Rule, register
from grantgrid.words import Quoted, Said

CheckName = Literal["quorum", "private_share", "group_share"]


class Percent(Decimal):
    """A share of seats in a message: two decimals (`58,33 %`), more only where two would
    read as the bound itself (a share just under 50 % never prints as `50,00 %`). Written in
    the run's language (`58.33%` with --lang en)."""

    places: int

    def __new__(cls, value: Fraction | Decimal | int, bound: Decimal | None = None) -> Percent:
        exact = Fraction(value)
        self = super().__new__(cls, Decimal(exact.numerator) / Decimal(exact.denominator))
        places = 2
        if bound is not None and exact != Fraction(bound):
            while places < 8 and format_percent(Decimal(self), places) == format_percent(
                bound, places
            ):
                places += 1
        self.places = places
        return self

    @property
    def shown(self) -> str:
        from grantgrid.words import language

        return format_percent(Decimal(self), self.places, language())

    def __str__(self) -> str:
        return self.shown

    def __format__(self, spec: str, context: object = None, /) -> str:
        return format(self.shown, spec)


def bound_percent(bound: Decimal) -> Percent:
    """A rule's bound as few decimals as it has: 0.50 → `50 %`, 0.495 → `49,5 %`."""
    shown = Percent(bound)
    exponent = (bound * 100).normalize().as_tuple().exponent
    places = min(6, max(0, -exponent)) if isinstance(exponent, int) else 0
    shown.places = places
    return shown


@dataclass(frozen=True)
class Check:
    """One of the three checks: `part` seats of `whole` against `bound`."""

    name: CheckName
    ok: bool
    part: int
    whole: int
    bound: Decimal
    group: str | None = None

    @property
    def value(self) -> Fraction | None:
        return Fraction(self.part, self.whole) if self.whole else None


def share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


@functools.lru_cache(maxsize=64)
def exact(bound: Decimal) -> Fraction:
    """A rule's bound as an exact fraction (0.49 → 49/100), computed once."""
    return Fraction(bound)


def _at_least(part: int, whole: int, bound: Fraction) -> bool:
    """part / whole ≥ bound, in integers (exact, and cheap for a year of decisions)."""
    return whole > 0 and part * bound.denominator >= bound.numerator * whole


def checks(counted: Count, voting: int, rules: Rules, *, groups: bool) -> list[Check]:
    """The quorum and the private share (and, for a decision, every group's share)."""
    quorum, private = exact(rules.quorum), exact(rules.private_share)
    found = [
        Check(
            "quorum", _at_least(counted.seats, voting, quorum), counted.seats, voting, rules.quorum
        ),
        Check(
            "private_share",
            _at_least(counted.private, counted.seats, private),
            counted.private,
            counted.seats,
            rules.private_share,
        ),
    ]
    if groups:
        cap = exact(rules.max_group_share)
        for group, seats in counted.groups.items():
            ok = seats * cap.denominator <= cap.numerator * counted.seats
            found.append(
                Check("group_share", ok, seats, counted.seats, rules.max_group_share, group)
            )
    return found


def findings(
    code: str, counted: Count, voting: int, failed: list[Check], at: DataPath
) -> Iterator[Finding]:
    """One finding per failed check, each with the whole picture's figures."""
    for check in failed:
        params: dict[str, object] = {
            "seats": counted.seats,
            "voting": voting,
            "share": Percent(Fraction(counted.seats, voting) if voting else 0),
            "private": counted.private,
            "private_share": Percent(share(counted.private, counted.seats) or 0),
            "bound": bound_percent(check.bound),
        }
        if check.name == "quorum":
            params["share"] = Percent(share(counted.seats, voting) or 0, check.bound)
        elif check.name == "private_share":
            params["private_share"] = Percent(share(check.part, check.whole) or 0, check.bound)
        else:
            params["group"] = Quoted(check.group or "")
            params["group_seats"] = check.part
            params["group_share"] = Percent(Fraction(check.part, check.whole), check.bound)
        yield Finding(code, at, params, variant=check.name)


_FIGURES = Said(
    "{seats} seats of {voting} ({share}), {private} of them private ({private_share})",
    "{seats} sièges sur {voting} ({share}), dont {private} privés ({private_share})",
)


def _templates(consequence: Said) -> dict[str, Said]:
    return {
        "quorum": Said(
            f"{_FIGURES.en}: fewer than the quorum of {{bound}} of the voting seats; {consequence.en}",
            f"{_FIGURES.fr} : moins que le quorum de {{bound}} des sièges votants ; {consequence.fr}",
        ),
        "private_share": Said(
            f"{_FIGURES.en}: less than {{bound}} private; {consequence.en}",
            f"{_FIGURES.fr} : moins de {{bound}} de privés ; {consequence.fr}",
        ),
        "group_share": Said(
            f"{_FIGURES.en}: the group {{group}} holds {{group_seats}} of them "
            f"({{group_share}}), more than {{bound}}; {consequence.en}",
            f"{_FIGURES.fr} : le groupe {{group}} en tient {{group_seats}} "
            f"({{group_share}}), plus de {{bound}} ; {consequence.fr}",
        ),
    }


register(
    Rule(
        "meeting.quorum",
        "The double quorum fails at the meeting: sitting voting seats / voting seats < `quorum`, "
        "or sitting private seats / sitting voting seats < `private_share` (the bounds "
        "themselves are enough). Every decision of the meeting is then not valid.",
        "Check `present:` (a suppléant sits for an absent titulaire); otherwise the meeting "
        "cannot decide: convene the committee again or hold a written consultation.",
        _templates(
            Said(
                "no decision of this meeting is valid: convene the committee again",
                "aucune décision de la séance n'est valide : réunissez à nouveau le comité",
            )
        ),
        Severity.ERROR,
    ),
    Rule(
        "decision.quorum",
        "Once the members with an interest have left, the deciding seats fail a check: deciding "
        "/ voting seats < `quorum`, private deciding / deciding < `private_share`, or one "
        "group's deciding / deciding > `max_group_share` (the bounds themselves are allowed).",
        "Have a suppléant of another structure sit, or postpone the dossier (`ajourne`) to a "
        "meeting where enough members without an interest take part.",
        _templates(
            Said(
                "this decision is not valid: postpone the dossier to another meeting",
                "cette décision n'est pas valide : reportez le dossier à une autre séance",
            )
        ),
        Severity.ERROR,
    ),
)
