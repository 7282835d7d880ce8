"""The committee's work over a run: each meeting's quorum, each decision's deciding seats and
checks, and each dossier's decision (SPEC-committee §2). Pure: files are loaded before."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from grantgrid.committee.attendance import check_members, check_stage
from grantgrid.committee.decisions import (
    STATES,
    check_decision,
    duplicate_dossier,
    effective_amount,
    unknown_dossier,
)
from grantgrid.committee.facts import DossierFacts, index, same_id
from grantgrid.committee.load import LoadedCommittee, LoadedMeeting, committee_diagnostics
from grantgrid.committee.models import Committee, Decision, Meeting, Member, Seat
from grantgrid.committee.quorum import Check, checks, findings
from grantgrid.committee.seats import (
    Count,
    SeatAttendance,
    count,
    group_order,
    members,
    sit,
    without,
)
from grantgrid.diagnostics import Diagnostic, place


@dataclass(frozen=True)
class Conflict:
    """A member who declared an interest in a dossier, at the meeting or standing."""

    member: Member
    seat: Seat
    standing: bool
    sitting: bool
    """They sat for their seat: the seat does not decide."""


@dataclass
class DecisionResult:
    key: str
    """The dossier id as the agenda writes it."""
    decision: Decision
    facts: DossierFacts | None
    amount: Decimal | None
    conflicts: list[Conflict]
    deciding: Count
    checks: list[Check]
    diagnostics: list[Diagnostic]
    valid: bool

    @property
    def dossier_id(self) -> str:
        return self.facts.dossier_id if self.facts else self.key

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


@dataclass
class MeetingResult:
    file: LoadedMeeting
    seats: list[SeatAttendance] = field(default_factory=list)
    voting: int = 0
    sitting: Count = field(default_factory=Count)
    checks: list[Check] = field(default_factory=list)
    decisions: list[DecisionResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Every problem of the meeting file (the decisions' ones too), in file order."""

    @property
    def meeting(self) -> Meeting | None:
        return self.file.meeting

    @property
    def quorate(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def valid(self) -> bool:
        return self.meeting is not None and self.quorate

    def sort_key(self) -> tuple[int, str, str]:
        if self.meeting is None:
            return (1, "", self.file.display)
        return (0, self.meeting.date, self.meeting.meeting)


@dataclass(frozen=True)
class DossierDecision:
    """A dossier's state: its latest valid decision (None: non examiné)."""

    state: str
    """reserve | programme | refuse | ajourne."""
    decision: str
    amount: Decimal | None
    meeting: str
    date: str


@dataclass
class CommitteeResult:
    committee: LoadedCommittee
    meetings: list[MeetingResult]
    dossiers: dict[str, DossierDecision | None]
    """By dossier id, every dossier of the run."""
    history: dict[str, list[tuple[MeetingResult, DecisionResult]]]
    """By dossier id, every decision on it (valid or not), in date order."""
    diagnostics: list[Diagnostic]
    """The committee file's problems."""

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics) or any(
            d.is_error for m in self.meetings for d in m.diagnostics
        )


def _standing(committee: Committee) -> set[tuple[str, str]]:
    return {(m, same_id(d)) for m, dossiers in committee.conflicts.items() for d in dossiers}


def decide_meeting(
    committee: Committee,
    loaded: LoadedMeeting,
    dossiers: dict[str, DossierFacts],
    stages: Collection[str] | None,
) -> MeetingResult:
    """One meeting: who sits, the quorum, then each decision of the agenda."""
    result = MeetingResult(loaded, diagnostics=list(loaded.diagnostics))
    meeting, document = loaded.meeting, loaded.document
    if meeting is None or document is None:
        return result
    rules, order = committee.rules, group_order(committee)
    known = members(committee)
    standing = _standing(committee)
    result.seats = sit(committee, meeting.present)
    counted = [a for a in result.seats if a.counted]
    result.voting = sum(1 for s in committee.seats if s.voting)
    result.sitting = count((a.seat for a in counted), order)
    result.checks = checks(result.sitting, result.voting, rules, groups=False)
    found = [*check_members(meeting, known), *check_stage(meeting, stages)]
    failed = [c for c in result.checks if not c.ok]
    found += findings("meeting.quorum", result.sitting, result.voting, failed, ("present",))
    present = set(meeting.present)
    # Who is in the room, once per meeting: (seat attendance, member, sits for the seat).
    in_room = [
        (a, member, a.sitting is member)
        for a in result.seats
        for member in a.seat.members
        if member.id in present
    ]
    names = [f.dossier_id for f in dossiers.values()]
    agenda: dict[str, str] = {}  # folded dossier id → its first key in this meeting
    for key, decision in meeting.decisions.items():
        facts = dossiers.get(same_id(key))
        mine = [] if facts is not None else [unknown_dossier(key, names)]
        first = agenda.setdefault(same_id(key), key)
        if first != key:
            mine.append(duplicate_dossier(key, first))
        dossier = same_id(facts.dossier_id if facts else key)
        declared = set(decision.conflicts)
        conflicts: list[Conflict] = []
        for attendance, member, sitting in in_room:
            is_standing = (member.id, dossier) in standing
            if is_standing or member.id in declared:
                conflicts.append(Conflict(member, attendance.seat, is_standing, sitting))
        for member_id in decision.conflicts:
            if member_id in known and member_id not in present:  # declared, though absent
                seat, member = known[member_id]
                conflicts.append(Conflict(member, seat, False, False))
        out = [c.seat for c in conflicts if c.sitting]
        deciding = without(result.sitting, out) if out else result.sitting
        decision_checks = checks(deciding, result.voting, rules, groups=True)
        failed = [c for c in decision_checks if not c.ok]
        at = ("decisions", key, "conflicts") if decision.conflicts else ("decisions", key)
        mine += findings("decision.quorum", deciding, result.voting, failed, at)
        mine += check_decision(key, decision, facts, deciding.seats)
        placed = [place(document, f) for f in mine]
        valid = result.quorate and not any(d.is_error for d in placed)
        result.decisions.append(
            DecisionResult(
                key,
                decision,
                facts,
                effective_amount(decision, facts),
                conflicts,
                deciding,
                decision_checks,
                placed,
                valid,
            )
        )
        result.diagnostics += placed
    result.diagnostics += [place(document, f) for f in found]
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def decisions_for_run(
    committee: LoadedCommittee,
    meetings: Sequence[LoadedMeeting],
    dossiers: Iterable[DossierFacts],
    stages: Collection[str] | None = None,
) -> CommitteeResult:
    """Every meeting of the run decided, and each dossier's decision.

    `stages`: the grid's stage ids (default: those the dossiers' stage totals name).
    """
    facts = list(dossiers)
    by_id = index(facts)
    if stages is None and facts:
        stages = {s for f in facts for s in f.stage_totals} or None
    diagnostics = committee_diagnostics(committee, [f.dossier_id for f in facts])
    model = committee.committee
    results = [
        decide_meeting(model, m, by_id, stages) if model is not None else MeetingResult(m)
        for m in meetings
    ]
    results.sort(key=MeetingResult.sort_key)
    history: dict[str, list[tuple[MeetingResult, DecisionResult]]] = {
        f.dossier_id: [] for f in by_id.values()
    }
    for meeting in results:
        for decision in meeting.decisions:
            if decision.facts is not None:
                history[decision.facts.dossier_id].append((meeting, decision))
    return CommitteeResult(
        committee,
        results,
        {d: latest(h) for d, h in history.items()},
        history,
        diagnostics,
    )


def latest(history: Sequence[tuple[MeetingResult, DecisionResult]]) -> DossierDecision | None:
    """The latest valid decision, by meeting date then meeting id (then agenda order)."""
    chosen: DossierDecision | None = None
    for meeting, decision in history:  # already in (date, id) order
        if not decision.valid or meeting.meeting is None:
            continue
        chosen = DossierDecision(
            STATES[decision.decision.decision],
            decision.decision.decision,
            decision.amount,
            meeting.meeting.meeting,
            meeting.meeting.date,
        )
    return chosen
