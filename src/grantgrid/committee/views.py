"""What the other outputs show of the committee, computed once, formatted by no one else:
the workbook's *Séances* sheet (`meeting_rows`, `decision_rows`), the decision column of
`score` and of the workbook summary (`decision_label`), and a dossier report's decisions and
conflicts (`dossier_decisions`). Figures stay numbers (Decimal, int); only words are in `lang`.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from grantgrid.committee.labels import DECISIONS, MODES, STATES, conflict_sentence
from grantgrid.committee.result import CommitteeResult, DecisionResult, MeetingResult
from grantgrid.money import format_eur

MEETING_COLUMNS = {
    "fr": ["Séance", "Date", "Forme", "Étape", "Sièges votants", "Présents", "Privés",
           "Quorum", "Part du privé", "Double quorum"],
    "en": ["Meeting", "Date", "Mode", "Stage", "Voting seats", "Sitting", "Private",
           "Quorum", "Private share", "Double quorum"],
}  # fmt: skip
DECISION_COLUMNS = {
    "fr": ["Séance", "Date", "Dossier", "Décision", "Montant", "Déports", "Délibérants",
           "Privés", "Part du privé", "Groupe le plus représenté", "Part du groupe", "Pour",
           "Contre", "Abstention", "Valide", "Motifs"],
    "en": ["Meeting", "Date", "Dossier", "Decision", "Amount", "Declared interests",
           "Deciding", "Private", "Private share", "Largest group", "Group share", "For",
           "Against", "Abstention", "Valid", "Why"],
}  # fmt: skip


def _rate(part: int, whole: int) -> Decimal | None:
    """A share for a spreadsheet cell (formatted as %): 28 significant digits of the exact
    fraction."""
    if not whole:
        return None
    exact = Fraction(part, whole)
    return Decimal(exact.numerator) / Decimal(exact.denominator)


def _yes(value: bool, lang: str) -> str:
    return ("oui" if value else "non") if lang == "fr" else ("yes" if value else "no")


def meeting_rows(result: CommitteeResult, lang: str = "fr") -> list[list[Any]]:
    """One row per meeting, by date: its quorum figures and result."""
    rows: list[list[Any]] = []
    for m in result.meetings:
        if m.meeting is None:
            continue
        rows.append(
            [
                m.meeting.meeting,
                m.meeting.date,
                MODES[m.meeting.mode](lang),
                m.meeting.stage or "",
                m.voting,
                m.sitting.seats,
                m.sitting.private,
                _rate(m.sitting.seats, m.voting),
                _rate(m.sitting.private, m.sitting.seats),
                _yes(m.quorate, lang),
            ]
        )
    return rows


def _why(meeting: MeetingResult, decision: DecisionResult, lang: str) -> str:
    reasons = [d.message_in(lang) for d in decision.errors]
    if not meeting.quorate:
        reasons.insert(
            0,
            "séance sans double quorum" if lang == "fr" else "meeting without double quorum",
        )
    return " ; ".join(reasons) if lang == "fr" else "; ".join(reasons)


def decision_rows(result: CommitteeResult, lang: str = "fr") -> list[list[Any]]:
    """One row per decision, meetings by date and agenda order: seats, checks, outcome."""
    rows: list[list[Any]] = []
    for m in result.meetings:
        if m.meeting is None:
            continue
        for d in m.decisions:
            groups = d.deciding.groups
            largest = max(groups, key=lambda g: groups[g]) if groups else ""
            votes = d.decision.votes
            rows.append(
                [
                    m.meeting.meeting,
                    m.meeting.date,
                    d.dossier_id,
                    DECISIONS[d.decision.decision](lang),
                    d.amount,
                    ", ".join(c.member.name for c in d.conflicts),
                    d.deciding.seats,
                    d.deciding.private,
                    _rate(d.deciding.private, d.deciding.seats),
                    largest,
                    _rate(groups.get(largest, 0), d.deciding.seats) if largest else None,
                    votes.pour if votes else None,
                    votes.contre if votes else None,
                    votes.abstention if votes else None,
                    _yes(d.valid, lang),
                    _why(m, d, lang),
                ]
            )
    return rows


def decision_state(result: CommitteeResult, dossier_id: str, lang: str = "fr") -> str:
    """The state alone, for a narrow column (`score`'s table): `programmé`, `non examiné`."""
    decision = result.dossiers.get(dossier_id)
    return STATES[decision.state if decision else "non_examine"](lang)


def decision_label(result: CommitteeResult, dossier_id: str, lang: str = "fr") -> str:
    """`programmé — 29 343,05 € (2020-06-16)`, or `non examiné`."""
    decision = result.dossiers.get(dossier_id)
    if decision is None:
        return STATES["non_examine"](lang)
    amount = f" — {format_eur(decision.amount)}" if decision.amount is not None else ""
    return f"{STATES[decision.state](lang)}{amount} ({decision.date})"


def dossier_decisions(
    result: CommitteeResult, dossier_id: str, lang: str = "fr"
) -> list[dict[str, Any]]:
    """Every decision on a dossier, by date, with its conflicts in words and, when it is not
    valid, why: what a dossier's report shows."""
    shown = []
    for m, d in result.history.get(dossier_id, []):
        assert m.meeting is not None
        shown.append(
            {
                "meeting": m.meeting.meeting,
                "date": m.meeting.date,
                "mode": MODES[m.meeting.mode](lang),
                "decision": DECISIONS[d.decision.decision](lang),
                "amount": d.amount,
                "valid": d.valid,
                "conflicts": [
                    conflict_sentence(
                        c.member.name, c.seat.structure, m.meeting.mode, lang, c.standing
                    )
                    for c in d.conflicts
                ],
                "why": _why(m, d, lang) if not d.valid else "",
                "remarks": d.decision.remarks or "",
            }
        )
    return shown
