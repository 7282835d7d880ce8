"""The terminal view of one meeting (`grantgrid meeting`): attendance, quorum, decisions,
in lines that fit 80 columns."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable

from grantgrid.committee.labels import (
    DECISIONS,
    MODES,
    ROLES,
    STATES,
    conflict_sentence,
    seats_text,
    votes_text,
)
from grantgrid.committee.quorum import Check, Percent, bound_percent
from grantgrid.committee.result import CommitteeResult, MeetingResult
from grantgrid.money import format_eur

WIDTH = 80
Out = Callable[[str], None]


def say(lang: str, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


_GLUED = re.compile(r"(?<=\d) (?=\d{3}\b)|(?<=\d) (?=[€%])")
"""The spaces inside `13 000,00 €` and `50 %`: a line is never broken there."""


def wrap(text: str, out: Out, indent: str = "") -> None:
    glued = _GLUED.sub("\u00a0", text)
    lines = textwrap.wrap(
        glued, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ", break_on_hyphens=False
    )
    for line in lines:
        out(line.replace("\u00a0", " "))


def meeting_lines(result: CommitteeResult, m: MeetingResult, lang: str, out: Out) -> None:
    meeting = m.meeting
    assert meeting is not None
    stage = f", {say(lang, 'étape', 'stage')} {meeting.stage}" if meeting.stage else ""
    out(f"{meeting.meeting} — {meeting.date} ({MODES[meeting.mode](lang)}{stage})")
    out("")
    out(say(lang, "Présences", "Attendance"))
    for a in m.seats:
        if a.sitting is None:
            who, role = "—", ROLES["absent"](lang)
        else:
            who = a.sitting.name
            role = ROLES["consultatif" if not a.seat.voting else a.role or "absent"](lang)
        out(f"  {a.seat.id[:18]:<18} {who[:26]:<26} {role}")
        for extra in a.hors_vote:
            out(f"  {'':<18} {extra.name[:26]:<26} {ROLES['hors_vote'](lang)}")
    out("")
    for c in m.checks:
        out("  " + check_text(c, lang))
    verdict = (
        say(lang, "double quorum atteint", "double quorum reached")
        if m.quorate
        else say(lang, "double quorum NON atteint", "double quorum NOT reached")
    )
    out(f"  → {verdict}")
    out("")
    out(say(lang, "Décisions", "Decisions"))
    for i, d in enumerate(m.decisions, 1):
        amount = f", {format_eur(d.amount, lang)}" if d.amount is not None else ""
        valid = say(lang, "valide", "valid") if d.valid else say(lang, "NON VALIDE", "NOT VALID")
        wrap(
            f"{i}. {d.dossier_id} — {DECISIONS[d.decision.decision](lang)}{amount} — {valid}",
            out,
            "  ",
        )
        for conflict in d.conflicts:
            wrap(
                conflict_sentence(
                    conflict.member.name,
                    conflict.seat.structure,
                    meeting.mode,
                    lang,
                    conflict.standing,
                ),
                out,
                "     ",
            )
        dec = d.deciding
        groups = ", ".join(f"{g} {n}" for g, n in dec.groups.items())
        wrap(
            say(
                lang,
                f"Sièges délibérants : {dec.seats} ({seats_text(dec.public, dec.private, lang)}) ; {groups}",
                f"Deciding seats: {dec.seats} ({seats_text(dec.public, dec.private, lang)}); {groups}",
            ),
            out,
            "     ",
        )
        for c in d.checks:
            if c.name != "group_share" or not c.ok:
                wrap(check_text(c, lang), out, "     ")
        if d.decision.votes is not None:
            v = d.decision.votes
            wrap(
                say(lang, f"Votes : {votes_text(v, lang)}", f"Votes: {votes_text(v, lang)}"),
                out,
                "     ",
            )
        latest = result.dossiers.get(d.dossier_id)
        state = STATES[latest.state if latest else "non_examine"](lang)
        wrap(say(lang, f"État du dossier : {state}", f"Dossier's state: {state}"), out, "     ")


def check_text(c: Check, lang: str) -> str:
    value = Percent(c.value if c.value is not None else 0, c.bound)
    bound = bound_percent(c.bound)
    ok = "✓" if c.ok else "✗"
    if c.name == "quorum":
        return say(
            lang,
            f"Quorum : {c.part} sièges sur {c.whole} ({value}), au moins {bound} {ok}",
            f"Quorum: {c.part} seats of {c.whole} ({value}), at least {bound} {ok}",
        )
    if c.name == "private_share":
        return say(
            lang,
            f"Privés : {c.part} sur {c.whole} ({value}), au moins {bound} {ok}",
            f"Private: {c.part} of {c.whole} ({value}), at least {bound} {ok}",
        )
    return say(
        lang,
        f"Groupe {c.group} : {c.part} sur {c.whole} ({value}), au plus {bound} {ok}",
        f"Group {c.group}: {c.part} of {c.whole} ({value}), at most {bound} {ok}",
    )
