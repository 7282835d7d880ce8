"""The maquette's codes (`maquette.*`), each registered once, and the checks that find them.

`maquette.unknown_fiche` is checked and registered in `grantgrid.maquette.fiche`; the file's
own checks (`maquette.total`, `maquette.amount`, `maquette.duplicate`, a history line's fiche)
and the checks on the figures (`maquette.exceeded`, `maquette.overpaid`) are here. Findings
carry figures (`Money`, `Quoted`…), never sentences.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING

from grantgrid.diagnostics import Diagnostic, Finding, place, suggestion
from grantgrid.ids import same_id
from grantgrid.loading import Document
from grantgrid.maquette.fiche import UNKNOWN_FICHE
from grantgrid.maquette.inputs import State
from grantgrid.maquette.models import Maquette
from grantgrid.rules.registry import Rule, register, rule
from grantgrid.words import Money, Quoted, Said

if TYPE_CHECKING:  # the figures are computed only by commands that show them
    from grantgrid.maquette.figures import Figures, Overpayment, Overrun

STATE_WORDS: dict[State, Said] = {
    "programme": Said("programmed", "programmé"),
    "reserve": Said("reserved", "réservé"),
    "refuse": Said("refused", "refusé"),
    "ajourne": Said("postponed", "ajourné"),
}

EXCEEDED = Rule(
    "maquette.exceeded",
    "A decision (or a history line), taken in date order, leaves its fiche's disponible below "
    "zero: envelope − programmé − réservé < 0. The decision still counts, so that the maquette "
    "shows the overrun. A dossier decided twice counts once: only the increase of a changed "
    "decision is judged at its date.",
    "Lower the amount at the meeting, move money between fiches in `maquette.yaml` (an "
    "amendment of the maquette), or keep the dossier waiting.",
    {
        "decision": Said(
            "the decision on {dossier} ({state}, {amount}; meeting {meeting} of {date}) takes "
            "fiche {fiche} over its envelope of {envelope} by {overrun} (available before it: "
            "{before}); lower the amount, amend the maquette or keep the dossier waiting.",
            "la décision sur {dossier} ({state}, {amount} ; comité {meeting} du {date}) fait "
            "dépasser l'enveloppe de la fiche {fiche} ({envelope}) de {overrun} (disponible "
            "avant elle : {before}) ; réduisez le montant, modifiez la maquette ou mettez le "
            "dossier en attente.",
        ),
        "changed": Said(
            "the decision on {dossier} ({state}, {amount}, instead of {previous} {previous_state} "
            "before; meeting {meeting} of {date}) takes fiche {fiche} over its envelope of "
            "{envelope} by {overrun} (available before it: {before}); lower the amount or amend "
            "the maquette.",
            "la décision sur {dossier} ({state}, {amount}, au lieu de {previous} "
            "{previous_state} auparavant ; comité {meeting} du {date}) fait dépasser "
            "l'enveloppe de la fiche {fiche} ({envelope}) de {overrun} (disponible avant elle : "
            "{before}) ; réduisez le montant ou modifiez la maquette.",
        ),
        "history": Said(
            "the history line of {dossier} ({amount} on {date}) takes fiche {fiche} over its "
            "envelope of {envelope} by {overrun} (available before it: {before}); check the "
            "amount or the envelope.",
            "la ligne d'historique de {dossier} ({amount} le {date}) fait dépasser l'enveloppe "
            "de la fiche {fiche} ({envelope}) de {overrun} (disponible avant elle : {before}) ; "
            "vérifiez le montant ou l'enveloppe.",
        ),
    },
)
OVERPAID = Rule(
    "maquette.overpaid",
    "The payments to a dossier add up to more than the amount programmed for it (in the "
    "history or by a meeting), or a dossier is paid that is not programmed at all.",
    "Check the payment lines and the dossier id; a dossier is paid at most what it was programmed.",
    {
        "": Said(
            "dossier {dossier} is paid {paid} in all, more than the {programmed} programmed: "
            "{excess} too much; check the payment lines.",
            "le dossier {dossier} a reçu {paid} au total, plus que les {programmed} programmés : "
            "{excess} de trop ; vérifiez les lignes de paiement.",
        ),
        "not_programmed": Said(
            "dossier {dossier} is paid {paid} but nothing is programmed for it (neither in the "
            "history nor by a meeting).{suggestion} Check the dossier id, or add the dossier "
            "to `history:`.",
            "le dossier {dossier} a reçu {paid} mais rien n'est programmé pour lui (ni dans "
            "l'historique ni par un comité).{suggestion} Vérifiez l'identifiant du dossier, ou "
            "ajoutez-le sous `history:`.",
        ),
    },
)
TOTAL = Rule(
    "maquette.total",
    "The envelopes of the fiches do not add up to the maquette's `total`, to the cent.",
    "Correct an envelope or the total (the message gives the difference).",
    Said(
        "the envelopes add up to {envelopes}, not the total of {total}: a difference of "
        "{difference}; correct an envelope or the total.",
        "les enveloppes font {envelopes} au total, pas les {total} de `total` : un écart de "
        "{difference} ; corrigez une enveloppe ou le total.",
    ),
)
AMOUNT = Rule(
    "maquette.amount",
    "An envelope or the total below 0, or a history or payment amount of 0 or less.",
    "Write the amount in euros, more than 0 (an envelope may be 0).",
    {
        "envelope": Said(
            "the envelope of fiche {fiche} ({amount}) is negative: write 0 or more.",
            "l'enveloppe de la fiche {fiche} ({amount}) est négative : écrivez 0 ou plus.",
        ),
        "total": Said(
            "the total ({amount}) is negative: write the GAL's allocation.",
            "le total ({amount}) est négatif : écrivez la dotation du GAL.",
        ),
        "line": Said(
            "the amount of dossier {dossier} ({amount}) must be more than 0.",
            "le montant du dossier {dossier} ({amount}) doit être supérieur à 0.",
        ),
    },
)
DUPLICATE = Rule(
    "maquette.duplicate",
    "A dossier appears twice in `history:` (ids compared ignoring case and accents' encoding).",
    "Keep one line per dossier, with the amount programmed in the end.",
    Said(
        "dossier {dossier} is already in the history (line {first}): keep one line per dossier.",
        "le dossier {dossier} figure déjà dans l'historique (ligne {first}) : gardez une ligne "
        "par dossier.",
    ),
)
register(EXCEEDED, OVERPAID, TOTAL, AMOUNT, DUPLICATE)


def day(date: datetime.date) -> Said:
    return Said(date.isoformat(), f"{date.day:02d}/{date.month:02d}/{date.year}")


def file_findings(maquette: Maquette) -> Iterator[Finding]:
    """What is wrong in `maquette.yaml` itself, before any decision."""
    if maquette.total is not None and maquette.total < 0:
        yield Finding(AMOUNT.code, ("total",), {"amount": Money(maquette.total)}, variant="total")
    for fiche_id, fiche in maquette.fiches.items():
        if fiche.envelope < 0:
            yield Finding(
                AMOUNT.code,
                ("fiches", fiche_id, "envelope"),
                {"fiche": Quoted(fiche_id), "amount": Money(fiche.envelope)},
                variant="envelope",
            )
    envelopes = sum((f.envelope for f in maquette.fiches.values()), Money(0))
    if maquette.total is not None and envelopes != maquette.total:
        yield Finding(
            TOTAL.code,
            ("total",),
            {
                "envelopes": Money(envelopes),
                "total": Money(maquette.total),
                "difference": Money(abs(envelopes - maquette.total)),
            },
        )
    seen: dict[str, int] = {}
    for i, entry in enumerate(maquette.history):
        if entry.fiche not in maquette.fiches:
            yield Finding(
                UNKNOWN_FICHE.code,
                ("history", i, "fiche"),
                {
                    "dossier": Quoted(entry.dossier),
                    "fiche": Quoted(entry.fiche),
                    "suggestion": suggestion(entry.fiche, list(maquette.fiches)),
                },
                variant="history",
            )
        key = same_id(entry.dossier)
        if key in seen:
            yield Finding(
                DUPLICATE.code,
                ("history", i, "dossier"),
                {"dossier": Quoted(entry.dossier), "first": seen[key] + 1},
            )
        else:
            seen[key] = i
    lines = [("history", i, e.dossier, e.amount) for i, e in enumerate(maquette.history)]
    lines += [("payments", i, p.dossier, p.amount) for i, p in enumerate(maquette.payments)]
    for section, i, dossier, amount in lines:
        if amount <= 0:
            yield Finding(
                AMOUNT.code,
                (section, i, "amount"),
                {"dossier": Quoted(dossier), "amount": Money(amount)},
                variant="line",
            )


def _overrun_diagnostic(overrun: Overrun, document: Document | None) -> Diagnostic:
    event = overrun.commitment
    params: dict[str, object] = {
        "dossier": Quoted(event.dossier),
        "fiche": Quoted(event.fiche),
        "state": STATE_WORDS[event.state],
        "amount": Money(event.amount),
        "date": day(event.date),
        "meeting": Quoted(event.meeting),
        "envelope": Money(overrun.envelope),
        "before": Money(overrun.before),
        "overrun": Money(overrun.overrun),
    }
    if event.history is not None:
        finding = Finding(EXCEEDED.code, ("history", event.history), params, variant="history")
        return _placed(finding, document)
    previous = overrun.previous
    variant = "decision"
    if previous is not None and previous.committed and previous.fiche == event.fiche:
        variant = "changed"
        params["previous"] = Money(previous.amount)
        params["previous_state"] = STATE_WORDS[previous.state]
    at = event.decision.at if event.decision is not None else None
    if at is None:  # no place in a meeting file given: point at the fiche's envelope
        finding = Finding(
            EXCEEDED.code, ("fiches", event.fiche, "envelope"), params, variant=variant
        )
        return _placed(finding, document)
    return Diagnostic(
        EXCEEDED.code, params, at.path, at.position, EXCEEDED.severity, at.data_path, variant
    )


def _overpaid_finding(overpayment: Overpayment, figures: Figures) -> Finding:
    params: dict[str, object] = {
        "dossier": Quoted(overpayment.dossier),
        "paid": Money(overpayment.paid),
    }
    variant = ""
    if overpayment.programmed:
        params["programmed"] = Money(overpayment.programmed)
        params["excess"] = Money(overpayment.excess)
    else:
        variant = "not_programmed"
        known = [c.dossier for c in figures.final.values()]
        # A dossier the maquette does not know may be a misspelt id; a reserved one is known.
        unknown = overpayment.state is None
        params["suggestion"] = suggestion(overpayment.dossier, known) if unknown else Said("", "")
    return Finding(OVERPAID.code, ("payments", overpayment.payment), params, variant=variant)


def _placed(finding: Finding, document: Document | None) -> Diagnostic:
    if document is None:
        return Diagnostic(
            finding.code,
            finding.params,
            "maquette.yaml",
            None,
            rule(finding.code).severity,
            finding.at,
            finding.variant,
        )
    return place(document, finding)


def figure_diagnostics(figures: Figures, document: Document | None) -> list[Diagnostic]:
    """`maquette.exceeded` (in the meeting file, or on the history line) and
    `maquette.overpaid` (on the payment line that crosses the programmed amount)."""
    found = [_overrun_diagnostic(o, document) for o in figures.overruns]
    found += [_placed(_overpaid_finding(o, figures), document) for o in figures.overpayments]
    return found
