"""The *relevé de décisions* of one meeting (SPEC-committee §6): HTML, Markdown or PDF.

`minutes_view` computes every line the document prints, in its language; the templates
(`templates/minutes.html`, `minutes.md`) only lay it out. Templates are rendered in Jinja2's
sandbox, HTML with autoescape on, Markdown through the project's escaper: dossier and
committee text is data, never a template.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from grantgrid import __version__
from grantgrid.committee.labels import (
    COLLEGES,
    DECISIONS,
    MODES,
    ROLES,
    STATES,
    STATUSES,
    WORDS,
    conflict_sentence,
    votes_text,
)
from grantgrid.committee.quorum import Check, Percent, bound_percent
from grantgrid.committee.result import CommitteeResult, DecisionResult, MeetingResult, latest
from grantgrid.committee.seats import Count
from grantgrid.money import format_eur, format_number

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def long_date(iso: str, lang: str) -> str:
    """2020-06-16 → `16 juin 2020` / `16 June 2020`."""
    import datetime

    from babel.dates import format_date

    day = datetime.date.fromisoformat(iso)
    text = format_date(day, "d MMMM y", locale=lang)
    return "1er" + text[1:] if lang == "fr" and day.day == 1 else text


def _check_line(check: Check, lang: str) -> dict[str, Any]:
    value = check.value if check.value is not None else 0
    shown = str(Percent(value, check.bound))
    bound = str(bound_percent(check.bound))
    side = "≤" if check.name == "group_share" else "≥"
    if check.name == "quorum":
        label = (
            f"{check.part} sièges sur {check.whole} votants"
            if lang == "fr"
            else f"{check.part} seats of {check.whole} voting"
        )
        name = "Quorum"
    elif check.name == "private_share":
        label = (
            f"{check.part} privés sur {check.whole}"
            if lang == "fr"
            else f"{check.part} private of {check.whole}"
        )
        name = "Part du privé" if lang == "fr" else "Private share"
    else:
        label = (
            f"{check.group}, {check.part} sièges sur {check.whole}"
            if lang == "fr"
            else f"{check.group}, {check.part} seats of {check.whole}"
        )
        name = "Groupe le plus représenté" if lang == "fr" else "Largest group"
        if not check.ok:
            name = "Groupe au-dessus du plafond" if lang == "fr" else "Group over the cap"
    return {
        "name": name,
        "figures": label,
        "share": shown,
        "rule": f"{side} {bound}",
        "ok": check.ok,
        "verdict": WORDS["ok" if check.ok else "failed"](lang),
    }


def _nbsp(text: str) -> str:
    """An amount never broken across lines: `29 343,05 €` with no-break spaces."""
    return text.replace(" ", "\u00a0")


def _count_text(count: Count, lang: str) -> str:
    if lang == "fr":
        return f"{count.seats} sièges ({count.public} publics, {count.private} privés)"
    return f"{count.seats} seats ({count.public} public, {count.private} private)"


def _groups_text(count: Count) -> str:
    return ", ".join(f"{group} {n}" for group, n in count.groups.items())


def _shown_checks(checks: Sequence[Check]) -> list[Check]:
    """The quorum, the private share, the largest group, and every group over the cap."""
    groups = [c for c in checks if c.name == "group_share"]
    shown = [c for c in checks if c.name != "group_share"]
    if groups:
        largest = max(groups, key=lambda c: c.part)
        shown += [c for c in groups if c is largest or not c.ok]
    return shown


def _state_after(result: CommitteeResult, meeting: MeetingResult, decision: DecisionResult) -> str:
    """The dossier's state as it stands after this meeting (this one and every earlier one)."""
    history = result.history.get(decision.dossier_id, [])
    until = [(m, d) for m, d in history if m.sort_key() <= meeting.sort_key()]
    state = latest(until)
    return state.state if state else "non_examine"


def _decision_view(
    result: CommitteeResult,
    meeting: MeetingResult,
    decision: DecisionResult,
    index: int,
    lang: str,
) -> dict[str, Any]:
    facts = decision.facts
    stage = meeting.meeting.stage if meeting.meeting else None
    score = WORDS["not_scored"](lang)
    if facts is not None and stage is not None and facts.stage_totals.get(stage) is not None:
        total = facts.stage_totals[stage]
        assert total is not None
        top = f" / {format_number(facts.stage_maximum)}" if facts.stage_maximum else ""
        score = f"{format_number(total)}{top}"
        if not facts.stage_complete.get(stage, True):
            score += " (notation partielle)" if lang == "fr" else " (partly scored)"
    elif stage is None:
        score = "—"
    mode = meeting.meeting.mode if meeting.meeting else "seance"
    votes = decision.decision.votes
    why = [d.message_in(lang) for d in decision.errors]
    if not meeting.quorate:
        why.insert(
            0,
            "la séance n'a pas atteint le double quorum"
            if lang == "fr"
            else "the meeting did not reach the double quorum",
        )
    return {
        "index": index,
        "dossier": decision.dossier_id,
        "title": facts.title if facts else "",
        "applicant": facts.applicant if facts else "",
        "fiche": facts.fiche if facts else "",
        "score": score,
        "status": STATUSES[facts.status](lang) if facts and facts.status in STATUSES else "—",
        "conflicts": [
            conflict_sentence(c.member.name, c.seat.structure, mode, lang, c.standing)
            for c in decision.conflicts
        ],
        "deciding": _count_text(decision.deciding, lang),
        "groups": _groups_text(decision.deciding),
        "checks": [_check_line(c, lang) for c in _shown_checks(decision.checks)],
        "state": STATES[_state_after(result, meeting, decision)](lang),
        "votes": WORDS["no_votes"](lang) if votes is None else votes_text(votes, lang),
        "decision": DECISIONS[decision.decision.decision](lang),
        "amount": _nbsp(format_eur(decision.amount, lang)) if decision.amount is not None else "—",
        "remarks": decision.decision.remarks or "",
        "valid": decision.valid,
        "why": why,
        "warnings": [d.message_in(lang) for d in decision.diagnostics if not d.is_error],
    }


def minutes_view(
    result: CommitteeResult,
    meeting: MeetingResult,
    lang: str = "fr",
    inputs: Sequence[tuple[str, str]] = (),
    maquette: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the minutes print, in `lang`; `maquette`: the maquette after the meeting, as
    the maquette's module writes it (`{"html": Markup, "markdown": str}`)."""
    model = meeting.meeting
    committee = result.committee.committee
    assert model is not None and committee is not None
    rows = []
    for a in meeting.seats:
        role: str = a.role if a.role is not None else "absent"
        if a.sitting is not None and not a.seat.voting:
            role = "consultatif"
        rows.append(
            {
                "seat": a.seat.id,
                "structure": a.seat.structure,
                "college": COLLEGES[a.seat.college](lang),
                "group": a.seat.group_id,
                "voting": a.seat.voting,
                "member": a.sitting.name if a.sitting else "—",
                "role": ROLES[role](lang),
                "absent": a.sitting is None,
                "hors_vote": [m.name for m in a.hors_vote],
            }
        )
    meeting_errors = [
        d.message_in(lang)
        for d in meeting.diagnostics
        if d.is_error
        and d.code != "meeting.quorum"  # the minutes say it in their own sentence
        and not any(d in x.diagnostics for x in meeting.decisions)
    ]
    labels = {key: said(lang) for key, said in WORDS.items()}
    return {
        "lang": lang,
        "labels": labels,
        "committee": committee.title,
        "committee_id": committee.committee,
        "meeting": model.meeting,
        "date": long_date(model.date, lang),
        "mode": MODES[model.mode](lang),
        "written": model.mode == "ecrite",
        "stage": model.stage or "",
        "attendance": rows,
        "sitting": _count_text(meeting.sitting, lang),
        "voting": meeting.voting,
        "quorum": [_check_line(c, lang) for c in meeting.checks],
        "quorate": meeting.quorate,
        "meeting_errors": meeting_errors,
        "decisions": [
            _decision_view(result, meeting, d, i, lang) for i, d in enumerate(meeting.decisions, 1)
        ],
        "maquette": maquette,
        "version": __version__,
        "made_with": WORDS["made_with"](lang).format(version=__version__),
        "colon": "\u00a0:" if lang == "fr" else ":",
        "inputs": [{"path": p, "sha256": h} for p, h in inputs],
    }


def render(view: Mapping[str, Any], fmt: str, templates: Path | None = None) -> str:
    """The minutes as HTML or Markdown text."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    loader = FileSystemLoader(str(templates or TEMPLATES))
    if fmt == "md":
        from grantgrid.outputs.report.markdown import cell, escape

        env = SandboxedEnvironment(
            loader=loader, autoescape=False, undefined=StrictUndefined, finalize=escape
        )
        env.filters["cell"] = cell
        return env.get_template("minutes.md").render(**view)
    env = SandboxedEnvironment(loader=loader, autoescape=True, undefined=StrictUndefined)
    return env.get_template("minutes.html").render(**view)


def pdf(html: str) -> bytes:
    """The HTML minutes printed by WeasyPrint (imported only here: it is heavy)."""
    import weasyprint

    return bytes(weasyprint.HTML(string=html).write_pdf())
