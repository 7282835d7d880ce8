"""The committee's commands as plain functions: the CLI parses options and calls these.

Each prints to stdout (diagnostics first, then the tables, fitting 80 columns) and returns
the exit code: 0 fine (warnings allowed), 1 an input has errors, 2 the command is wrong.
"""

from __future__ import annotations

import json
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

from grantgrid.committee.call import CallError, CommitteeFiles, open_call
from grantgrid.committee.console import Out, meeting_lines, say
from grantgrid.committee.jsonout import committee_json, to_json
from grantgrid.committee.labels import consultative_text, seats_text
from grantgrid.committee.load import committee_diagnostics
from grantgrid.committee.quorum import Percent, bound_percent
from grantgrid.committee.result import CommitteeResult, MeetingResult, decisions_for_run
from grantgrid.committee.seats import count, group_order
from grantgrid.diagnostics import Diagnostic

_say = say


def _usage(error: CallError, lang: str) -> int:
    where = str(error)
    if where.endswith("committee.yaml"):
        text = _say(
            lang,
            f"{where} : fichier introuvable ; créez-le avec `grantgrid new --committee`",
            f"{where}: no such file; create it with `grantgrid new --committee`",
        )
    else:
        text = _say(lang, f"{where} : fichier introuvable", f"{where}: no such file")
    print(text, file=sys.stderr)
    return 2


def _open(
    start: Path, meeting: Path | None, run: Any | None, call_dir: Path | None = None
) -> CommitteeFiles:
    return open_call(start, meeting, call_dir=call_dir, run=run)


def committee_check(call_dir: Path | None = None, lang: str = "fr", out: Out = print) -> int:
    """`grantgrid committee check`: the file's diagnostics, then its seats by college and group."""
    try:
        call = _open(call_dir or Path.cwd(), None, None)
    except CallError as error:
        return _usage(error, lang)
    loaded = call.committee
    found = committee_diagnostics(loaded, [f.dossier_id for f in call.dossiers])
    for d in found:
        out(d.format(lang))  # one line a problem, never folded (editors read them)
    committee = loaded.committee
    if committee is None:
        return 1
    voting = count(committee.seats, group_order(committee))
    consultative = sum(1 for s in committee.seats if not s.voting)
    rules = committee.rules
    out(f"{committee.title} ({committee.committee})")
    private = Percent(Fraction(voting.private, voting.seats) if voting.seats else 0)
    out(
        _say(
            lang,
            f"{voting.seats} sièges votants : {seats_text(voting.public, voting.private, lang)} "
            f"({private}) ; {consultative_text(consultative, lang)}",
            f"{voting.seats} voting seats: {seats_text(voting.public, voting.private, lang)} "
            f"({private}); {consultative_text(consultative, lang)}",
        )
    )
    q, p, g = (bound_percent(x) for x in (rules.quorum, rules.private_share, rules.max_group_share))
    out(
        _say(
            lang,
            f"Règles : quorum {q}, part du privé {p}, plafond par groupe {g}",
            f"Rules: quorum {q}, private share {p}, cap per group {g}",
        )
    )
    out("")
    heading = _say(lang, "Groupe", "Group"), _say(lang, "Collège", "College")
    out(f"{heading[0]:<24} {heading[1]:<18} {_say(lang, 'Sièges', 'Seats'):>6} {'%':>9}")
    for group, seats in voting.groups.items():
        colleges = sorted({s.college for s in committee.seats if s.voting and s.group_id == group})
        college = "/".join(_say(lang, "public" if c == "public" else "privé", c) for c in colleges)
        share = Percent(Fraction(seats, voting.seats))
        out(f"{group[:24]:<24} {college:<18} {seats:>6} {share!s:>9}")
    return 1 if any(d.is_error for d in found) else 0


def _decide(call: CommitteeFiles) -> CommitteeResult:
    return decisions_for_run(call.committee, call.meetings, call.dossiers, call.stages)


def _meeting(
    meeting_path: Path, run: Any | None, call_dir: Path | None
) -> tuple[CommitteeFiles, CommitteeResult, MeetingResult, list[Diagnostic]]:
    """The call of a meeting file, every meeting decided, this one, and the problems to
    print: the committee's errors, then the meeting's own (`meeting` and `minutes`)."""
    call = _open(meeting_path.parent, meeting_path, run, call_dir)
    result = _decide(call)
    m = _target(result, meeting_path)
    return call, result, m, [d for d in result.diagnostics if d.is_error] + m.diagnostics


def _target(result: CommitteeResult, meeting_path: Path) -> MeetingResult:
    target = meeting_path.resolve()
    return next(m for m in result.meetings if m.file.path.resolve() == target)


def meeting_command(
    meeting_path: Path,
    run: Any | None = None,
    lang: str = "fr",
    *,
    as_json: bool = False,
    call_dir: Path | None = None,
    out: Out = print,
) -> int:
    """`grantgrid meeting MEETING.yaml`: attendance, quorum, each decision and its checks.

    The other meetings of `meetings/` are read too: a dossier's state is its latest valid
    decision over all of them. `run`: the run already evaluated, if the caller has one.
    """
    try:
        _, result, m, problems = _meeting(meeting_path, run, call_dir)
    except CallError as error:
        return _usage(error, lang)
    if as_json:
        for d in problems:
            print(d.format(lang), file=sys.stderr)
        body = {
            "committee": committee_json(result),
            "meeting": to_json(result)[result.meetings.index(m)],
        }
        out(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        for d in problems:
            out(d.format(lang))  # one line a problem, never folded (editors read them)
        if m.meeting is not None and result.committee.committee is not None:
            meeting_lines(result, m, lang, out)
    return 1 if any(d.is_error for d in problems) else 0


def minutes_command(
    meeting_path: Path,
    output: Path,
    fmt: str = "html",
    run: Any | None = None,
    lang: str = "fr",
    force: bool = False,
    maquette: dict[str, Any] | None = None,
    call_dir: Path | None = None,
    out: Out = print,
) -> int:
    """`grantgrid minutes MEETING.yaml -o FILE --format html|md|pdf`: the relevé de décisions.

    Written even when a decision is invalid (the minutes say so and why); refused when the
    committee or the meeting file cannot be read at all."""
    from grantgrid.committee.minutes import minutes_view, pdf, render
    from grantgrid.outputs.files import OutputError, atomic_write

    if fmt not in ("html", "md", "pdf"):
        print(
            _say(
                lang,
                f"format inconnu : {fmt} (html, md ou pdf)",
                f"unknown format: {fmt} (html, md or pdf)",
            ),
            file=sys.stderr,
        )
        return 2
    try:
        call, result, m, problems = _meeting(meeting_path, run, call_dir)
    except CallError as error:
        return _usage(error, lang)
    for d in problems:
        out(d.format(lang))  # one line a problem, never folded (editors read them)
    if m.meeting is None or result.committee.committee is None:
        return 1
    view = minutes_view(result, m, lang, call.inputs, maquette)
    html = render(view, "md" if fmt == "md" else "html")
    content: bytes | str = pdf(html) if fmt == "pdf" else html
    inputs = [call.root / p if not Path(p).is_absolute() else Path(p) for p, _ in call.inputs]
    try:
        atomic_write(output, content, inputs, force=force)
    except OutputError as error:  # its sentence in the run's language, as at the CLI's boundary
        print(error.french if lang == "fr" else str(error), file=sys.stderr)
        return 2
    out(_say(lang, f"Écrit : {output}", f"Written: {output}"))
    return 1 if any(d.is_error for d in problems) else 0
