"""The programming of a call, after its dossiers are scored: the committee's decisions at its
meetings, and the maquette (SPEC-committee §2, §4).

Both read files of the call (`committee.yaml`, `meetings/`, `maquette.yaml`) when they are
there; a call without them has no programme and every output stays as it was.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from grantgrid.call import Call
from grantgrid.diagnostics import Diagnostic
from grantgrid.evaluation.outcome import Outcome
from grantgrid.grids import _display
from grantgrid.scoring import Status

# The committee and the maquette are imported when the call has their files: `validate` on
# an applicant's single dossier never pays for them (an editor runs it on every save).
if TYPE_CHECKING:
    from grantgrid.committee.facts import DossierFacts
    from grantgrid.committee.load import LoadedMeeting
    from grantgrid.committee.result import CommitteeResult
    from grantgrid.evaluation.scorers import CommitteeFiles
    from grantgrid.maquette.inputs import Candidate, Decided, State
    from grantgrid.maquette.load import LoadedMaquette
    from grantgrid.maquette.view import MaquetteView


@dataclass
class Programme:
    committee: CommitteeResult | None = None
    maquette_file: LoadedMaquette | None = None
    maquette: MaquetteView | None = None
    decided: tuple[Decided, ...] = ()
    """Every valid decision of every meeting, as the maquette counts them."""
    candidates: tuple[Candidate, ...] = ()

    @property
    def meetings(self) -> list[LoadedMeeting]:
        return [m.file for m in self.committee.meetings] if self.committee else []

    def refused(self) -> list[Diagnostic]:
        """Why the committee file, a meeting or the maquette could not be read at all (a tag, a
        FIFO, a schema error): every decision of such a file is missing from the run, so the
        commands that run the call show and count these, and exit 1; never "0 errors" beside
        dossiers all *non examiné*. A file that reads but decides wrongly (a quorum, a
        maquette overrun) is `meeting`'s, `committee check`'s and `maquette`'s to report: the
        workbook of a meeting is exported before its decisions are valid."""
        found: list[Diagnostic] = []
        if self.committee is not None:
            if self.committee.committee.committee is None:
                found += self.committee.committee.diagnostics
            for meeting in self.committee.meetings:
                if meeting.file.meeting is None:
                    found += meeting.file.diagnostics
        if self.maquette_file is not None and self.maquette_file.maquette is None:
            found += self.maquette_file.diagnostics
        return found


def load_maquette_of(call: Call) -> LoadedMaquette | None:
    from grantgrid.loading import entry_exists

    path = call.maquette_file
    if path is None or not entry_exists(path):  # a FIFO there is a maquette that cannot be read
        return None
    from grantgrid.maquette.load import load_maquette

    return load_maquette(path, _display(path, follow=False))


def check_fiches(outcomes: Sequence[Outcome], maquette: LoadedMaquette | None) -> None:
    """maquette.unknown_fiche, on each dossier whose fiche the maquette does not have: before
    the status is decided, since it makes the dossier invalid."""
    if maquette is None or maquette.maquette is None:
        return
    from grantgrid.maquette.fiche import fiche_diagnostic

    for outcome in outcomes:
        if outcome.document is not None and outcome.fiche_action is not None:
            found = fiche_diagnostic(outcome.document, outcome.fiche_action, maquette.maquette)
            if found is not None:
                outcome.diagnostics.add(found)


def _decided(result: CommitteeResult, facts: dict[str, DossierFacts]) -> list[Decided]:
    from grantgrid.maquette.fiche import fiche_of
    from grantgrid.maquette.inputs import Decided, Where

    events = []
    for dossier_id, history in result.history.items():
        fiche = fiche_of(facts[dossier_id].fiche) if dossier_id in facts else ""
        for meeting, decision in history:
            model = meeting.meeting
            if not decision.valid or model is None:
                continue
            where = None
            if meeting.file.document is not None:
                where = Where.of(meeting.file.document, ("decisions", decision.key))
            events.append(
                Decided(
                    dossier_id,
                    fiche,
                    STATES_OF[decision.decision.decision],
                    # A refusal or a postponement frees what the dossier held: no amount counts.
                    decision.amount if decision.amount is not None else Decimal("0.00"),
                    datetime.date.fromisoformat(str(model.date)),
                    model.meeting,
                    where,
                )
            )
    return events


STATES_OF: dict[str, State] = {
    "favorable": "reserve",
    "reserve": "reserve",
    "programme": "programme",
    "defavorable": "refuse",
    "ajourne": "ajourne",
}
"""A decision as the maquette counts it (SPEC-committee §2)."""


def _candidates(outcomes: Sequence[Outcome], fund: str) -> list[Candidate]:
    from grantgrid.maquette.fiche import fiche_of
    from grantgrid.maquette.inputs import Candidate, requested

    return [
        Candidate(
            o.dossier_id or o.path,
            fiche_of(o.fiche_action),
            o.rank,
            requested(o.financing.funds.items(), fund) if o.financing else Decimal("0.00"),
            o.status.value,
            o.title or "",
        )
        for o in outcomes
        if o.status is Status.SELECTED
    ]


def programme(
    call: Call,
    outcomes: Sequence[Outcome],
    stages: list[str] | None,
    maquette_file: LoadedMaquette | None,
    read: CommitteeFiles | None = None,
) -> Programme:
    """The committee's decisions and the maquette, for the call's files that exist.

    `read`: committee.yaml and the meetings when the run has read them already (for the
    members' notes), so that each file is read once."""
    found = Programme(maquette_file=maquette_file)
    path = call.committee_file
    from grantgrid.loading import entry_exists

    has_committee = path is not None and entry_exists(path)
    if not has_committee and (maquette_file is None or maquette_file.maquette is None):
        return found  # a call without a committee or a maquette: nothing more to read
    from grantgrid.committee.facts import facts_from_run
    from grantgrid.committee.load import load_committee, load_meetings
    from grantgrid.committee.result import decisions_for_run
    from grantgrid.maquette.view import build_view

    facts = {f.dossier_id: f for f in facts_from_run(outcomes)}
    if has_committee:
        assert path is not None
        if read is not None and read.committee is not None:
            committee, meetings = read.committee, read.meetings
        else:
            committee = load_committee(path, _display(path, follow=False))
            meetings_dir = call.meetings_dir
            meetings = (
                load_meetings(meetings_dir, call.root)
                if meetings_dir and meetings_dir.is_dir()
                else []
            )
        found.committee = decisions_for_run(committee, meetings, facts.values(), stages)
        found.decided = tuple(_decided(found.committee, facts))
    maquette = found.maquette_file
    if maquette is not None and maquette.maquette is not None:
        found.candidates = tuple(_candidates(outcomes, maquette.maquette.fund))
        found.maquette = build_view(maquette, found.decided, found.candidates)
    return found
