"""Checks of one decision: votes, majority, what may be decided (`decision.*`, §2).

The quorum of the deciding seats is `quorum.py`'s; the rest is here. A positive decision
(favorable, reserve, programme) commits LEADER money: it needs a `selected` dossier, a
majority for (abstentions are not counted) and an amount within what the dossier asks of the
co-financing fund.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from grantgrid.committee.facts import DossierFacts
from grantgrid.committee.labels import DECISIONS, STATUSES
from grantgrid.committee.models import POSITIVE, Decision
from grantgrid.diagnostics import Finding, suggestion
from grantgrid.rules.registry import Rule, register
from grantgrid.words import Money, Quoted, Said

STATES = {
    "favorable": "reserve",
    "reserve": "reserve",
    "programme": "programme",
    "defavorable": "refuse",
    "ajourne": "ajourne",
}
"""A dossier's state after a valid decision (SPEC-committee §2)."""


def effective_amount(decision: Decision, facts: DossierFacts | None) -> Decimal | None:
    """The amount decided: as written, else for a positive decision the dossier's fund amount."""
    if decision.amount is not None:
        return decision.amount
    if decision.decision in POSITIVE and facts is not None:
        return facts.fund_amount
    return None


def unknown_dossier(key: str, known: Sequence[str]) -> Finding:
    return Finding(
        "decision.unknown_dossier",
        ("decisions", key),
        {"id": Quoted(key), "suggestion": suggestion(key, list(known))},
        key=True,
    )


def duplicate_dossier(key: str, first: str) -> Finding:
    """Two agenda keys of one meeting that are the same dossier id once folded (NFKC, case):
    YAML sees two keys, the committee would decide one dossier twice."""
    return Finding(
        "decision.duplicate_dossier",
        ("decisions", key),
        {"id": Quoted(key), "first": Quoted(first)},
        key=True,
    )


def _reasons(reasons: Sequence[str | Said]) -> Said:
    if not reasons:
        return Said("", "")
    en = "; ".join(r.en if isinstance(r, Said) else r for r in reasons)
    fr = " ; ".join(r.fr if isinstance(r, Said) else r for r in reasons)
    return Said(f" ({en})", f" ({fr})")


def check_decision(
    key: str, decision: Decision, facts: DossierFacts | None, deciding: int
) -> Iterator[Finding]:
    """decision.votes, decision.majority, decision.not_selected and decision.amount."""
    at = ("decisions", key)
    kind = DECISIONS[decision.decision]
    votes = decision.votes
    if votes is not None:
        if votes.cast > deciding:
            yield Finding(
                "decision.votes",
                (*at, "votes"),
                {
                    "cast": votes.cast,
                    "pour": votes.pour,
                    "contre": votes.contre,
                    "abstention": votes.abstention,
                    "seats": deciding,
                },
            )
        if decision.decision in POSITIVE and not votes.pour > votes.contre:
            yield Finding(
                "decision.majority",
                (*at, "votes"),
                {"decision": kind, "pour": votes.pour, "contre": votes.contre},
                variant="positive",
            )
        if decision.decision == "defavorable" and not votes.contre >= votes.pour:
            yield Finding(
                "decision.majority",
                (*at, "votes"),
                {"decision": kind, "pour": votes.pour, "contre": votes.contre},
                variant="negative",
            )
    if facts is None:
        return
    if decision.decision in POSITIVE and facts.status != "selected":
        yield Finding(
            "decision.not_selected",
            (*at, "decision"),
            {
                "decision": kind,
                "dossier": Quoted(facts.dossier_id),
                "status": STATUSES.get(facts.status, Said(facts.status, facts.status)),
                "reasons": _reasons(facts.reasons),
            },
        )
    fund = facts.fund_amount if facts.fund_amount is not None else Decimal(0)
    if decision.amount is not None:
        if decision.amount <= 0:
            yield Finding(
                "decision.amount",
                (*at, "amount"),
                {"amount": Money(decision.amount)},
                variant="zero",
            )
        elif decision.amount > fund:
            yield Finding(
                "decision.amount",
                (*at, "amount"),
                {
                    "amount": Money(decision.amount),
                    "fund": Money(fund),
                    "over": Money(decision.amount - fund),
                },
                variant="over",
            )
    elif decision.decision in POSITIVE and fund <= 0:
        yield Finding("decision.amount", (*at, "decision"), {"decision": kind}, variant="missing")


register(
    Rule(
        "decision.votes",
        "pour + contre + abstention is more than the deciding seats (those sitting, less the "
        "members who declared an interest).",
        "Check the count: a member who left the room does not vote, a hors vote suppléant neither.",
        Said(
            "{cast} votes cast ({pour} for, {contre} against, {abstention} abstentions) but "
            "only {seats} deciding seats: check the count",
            "{cast} voix exprimées ({pour} pour, {contre} contre, {abstention} abstentions) "
            "pour seulement {seats} sièges délibérants : vérifiez le décompte",
        ),
    ),
    Rule(
        "decision.majority",
        "The votes contradict the decision: a positive decision (favorable, reserve, programme) "
        "needs pour > contre; defavorable needs contre ≥ pour. Abstentions are not counted.",
        "Correct the votes or the decision.",
        {
            "positive": Said(
                "{decision} with {pour} for and {contre} against: a positive decision needs "
                "more votes for than against; correct the votes or the decision",
                "{decision} avec {pour} pour et {contre} contre : une décision favorable "
                "demande plus de voix pour que contre ; corrigez les votes ou la décision",
            ),
            "negative": Said(
                "{decision} with {pour} for and {contre} against: an unfavourable opinion needs "
                "at least as many votes against as for; correct the votes or the decision",
                "{decision} avec {pour} pour et {contre} contre : un avis défavorable demande "
                "au moins autant de voix contre que pour ; corrigez les votes ou la décision",
            ),
        },
    ),
    Rule(
        "decision.not_selected",
        "A positive decision (favorable, reserve, programme) on a dossier whose status is not "
        "`selected` (rejected, incomplete or invalid).",
        "Complete or correct the dossier first, or decide `defavorable` or `ajourne`.",
        Said(
            "{decision} on {dossier}, whose status is {status}{reasons}: only a selected "
            "dossier can receive a positive decision; decide defavorable or ajourne",
            "{decision} pour {dossier}, dont le statut est « {status} »{reasons} : seul un "
            "dossier retenu peut recevoir une décision favorable ; décidez defavorable ou ajourne",
        ),
    ),
    Rule(
        "decision.amount",
        "The amount is 0 or less, or more than the dossier's resource of the co-financing "
        "fund; or a positive decision has no amount and the dossier asks nothing of the fund.",
        "Write an amount greater than 0 and at most what the dossier's budget asks of the fund.",
        {
            "zero": Said(
                "the amount {amount} must be more than 0",
                "le montant {amount} doit être supérieur à 0",
            ),
            "over": Said(
                "the amount {amount} is more than the dossier's resource of the co-financing "
                "fund ({fund}) by {over}: decide at most {fund}, or correct the budget",
                "le montant {amount} dépasse de {over} la ressource du dossier sur le fonds "
                "co-financeur ({fund}) : décidez au plus {fund}, ou corrigez le budget",
            ),
            "missing": Said(
                "{decision} without an amount, and the dossier asks nothing of the co-financing "
                "fund: write `amount:`",
                "{decision} sans montant, et le dossier ne demande rien au fonds co-financeur : "
                "indiquez `amount:`",
            ),
        },
    ),
    Rule(
        "decision.duplicate_dossier",
        "A meeting decides the same dossier twice: two agenda keys that are one id once "
        "compared as dossier ids are (NFKC normalisation, case folding: `DLQC-2017-01` and "
        "`dlqc-2017-01`). The second decision is not valid.",
        "Keep one decision per dossier in the meeting file.",
        Said(
            "{id} is the same dossier as {first} (ids are compared regardless of case): "
            "keep one decision per dossier",
            "{id} est le même dossier que {first} (les identifiants se comparent sans tenir "
            "compte des majuscules) : gardez une seule décision par dossier",
        ),
    ),
    Rule(
        "decision.unknown_dossier",
        "The agenda names a dossier id that is not in the run.",
        "Correct the id (the message suggests the closest one) or add the dossier to applications/.",
        Said(
            "unknown dossier {id}: not in the run.{suggestion}",
            "dossier inconnu {id} : absent des dossiers examinés.{suggestion}",
        ),
    ),
)
