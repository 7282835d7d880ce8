"""The committee in `score --json` (SPEC-committee §5): top-level `meetings`, per-dossier
`decision`. Money as strings with two decimals; shares as exact quotients (a JSON number is
a float: the float nearest the exact Fraction, never a rounded figure)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from grantgrid.committee.quorum import Check
from grantgrid.committee.result import (
    CommitteeResult,
    DecisionResult,
    DossierDecision,
    MeetingResult,
)
from grantgrid.committee.seats import Count
from grantgrid.diagnostics import Diagnostic
from grantgrid.words import to_json as param_json


def money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def exact(value: Fraction | Decimal | None) -> float | None:
    return None if value is None else float(value)


def diagnostic(d: Diagnostic) -> dict[str, Any]:
    return {
        **d.to_json(),
        "severity": d.severity.value,
        "path": list(d.data_path),
        "params": {k: _param(v) for k, v in d.params.items()},
    }


def _param(value: object) -> object:
    shown = param_json(value)
    return float(shown) if isinstance(shown, Decimal) else shown


def check(c: Check) -> dict[str, Any]:
    found: dict[str, Any] = {
        "check": c.name,
        "ok": c.ok,
        "seats": c.part,
        "of": c.whole,
        "value": exact(c.value),
        "bound": exact(c.bound),
    }
    if c.group is not None:
        found["group"] = c.group
    return found


def count(c: Count, voting: int) -> dict[str, Any]:
    return {
        "seats": c.seats,
        "private": c.private,
        "public": c.public,
        "groups": dict(c.groups),
        "quorum": exact(Fraction(c.seats, voting)) if voting else None,
        "private_share": exact(Fraction(c.private, c.seats)) if c.seats else None,
    }


def decision_result(d: DecisionResult, voting: int) -> dict[str, Any]:
    votes = d.decision.votes
    return {
        "dossier": d.dossier_id,
        "decision": d.decision.decision,
        "amount": money(d.amount),
        "valid": d.valid,
        "conflicts": [c.member.id for c in d.conflicts],
        "standing_conflicts": [c.member.id for c in d.conflicts if c.standing],
        "deciding": count(d.deciding, voting),
        "checks": [check(c) for c in d.checks],
        "votes": None
        if votes is None
        else {"pour": votes.pour, "contre": votes.contre, "abstention": votes.abstention},
        "remarks": d.decision.remarks,
        "errors": [diagnostic(x) for x in d.diagnostics if x.is_error],
        "warnings": [diagnostic(x) for x in d.diagnostics if not x.is_error],
    }


def meeting_result(m: MeetingResult) -> dict[str, Any]:
    meeting = m.meeting
    counted = [a for a in m.seats if a.sitting is not None]
    attendance: list[dict[str, Any]] = []
    for a in counted:
        assert a.sitting is not None
        attendance.append(
            {"seat": a.seat.id, "member": a.sitting.id, "as": a.role, "voting": a.seat.voting}
        )
        attendance += [
            # Present without a vote: the seat's titulaire sits, so this member never votes.
            {"seat": a.seat.id, "member": x.id, "as": "hors_vote", "voting": False}
            for x in a.hors_vote
        ]
    own = {id(x) for d in m.decisions for x in d.diagnostics}
    return {
        "meeting": meeting.meeting if meeting else None,
        "path": m.file.display,
        "date": meeting.date if meeting else None,
        "mode": meeting.mode if meeting else None,
        "stage": meeting.stage if meeting else None,
        "valid": m.valid,
        "seats": {
            "voting": m.voting,
            "sitting": m.sitting.seats,
            "private": m.sitting.private,
            "public": m.sitting.public,
            "groups": dict(m.sitting.groups),
            "quorum": exact(Fraction(m.sitting.seats, m.voting)) if m.voting else None,
            "private_share": exact(Fraction(m.sitting.private, m.sitting.seats))
            if m.sitting.seats
            else None,
        },
        "checks": [check(c) for c in m.checks],
        "attendance": attendance,
        "absent": [a.seat.id for a in m.seats if a.sitting is None],
        "decisions": [decision_result(d, m.voting) for d in m.decisions],
        "errors": [diagnostic(x) for x in m.diagnostics if x.is_error and id(x) not in own],
        "warnings": [diagnostic(x) for x in m.diagnostics if not x.is_error and id(x) not in own],
    }


def dossier_decision(decision: DossierDecision | None) -> dict[str, Any] | None:
    """A dossier's `"decision"` object (null: non examiné)."""
    if decision is None:
        return None
    return {
        "state": decision.state,
        "amount": money(decision.amount),
        "meeting": decision.meeting,
        "date": decision.date,
    }


def to_json(result: CommitteeResult) -> list[dict[str, Any]]:
    """The `"meetings": [...]` list of `score --json`, meetings by date then id."""
    return [meeting_result(m) for m in result.meetings]


def committee_json(result: CommitteeResult) -> dict[str, Any]:
    """The committee file's own problems, for a `"committee"` key beside `"meetings"`."""
    loaded = result.committee
    return {
        "committee": loaded.committee.committee if loaded.committee else None,
        "path": loaded.display,
        "errors": [diagnostic(x) for x in result.diagnostics if x.is_error],
        "warnings": [diagnostic(x) for x in result.diagnostics if not x.is_error],
    }
