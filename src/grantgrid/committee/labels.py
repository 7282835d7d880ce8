"""The committee's words, in French and English: kinds, states, roles, table headings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from grantgrid.words import Count, Said

if TYPE_CHECKING:
    from grantgrid.committee.models import Votes

DECISIONS = {
    "favorable": Said("favourable opinion", "avis favorable"),
    "reserve": Said("funds reserved", "réservation des crédits"),
    "programme": Said("programmed", "programmation"),
    "defavorable": Said("unfavourable opinion", "avis défavorable"),
    "ajourne": Said("postponed", "ajournement"),
}
STATES = {
    "reserve": Said("reserved", "réservé"),
    "programme": Said("programmed", "programmé"),
    "refuse": Said("refused", "refusé"),
    "ajourne": Said("postponed", "ajourné"),
    "non_examine": Said("not examined", "non examiné"),
}
STATUSES = {
    "selected": Said("selected", "retenu"),
    "rejected": Said("rejected", "non retenu"),
    "incomplete": Said("incomplete", "incomplet"),
    "invalid": Said("invalid", "invalide"),
}
ROLES = {
    "titulaire": Said("titulaire", "titulaire"),
    "suppleant": Said("substitute (voting)", "suppléant votant"),
    "hors_vote": Said("present, not voting", "hors vote"),
    "absent": Said("absent", "absent"),
    "consultatif": Said("consultative", "consultatif"),
}
MODES = {
    "seance": Said("meeting", "séance"),
    "ecrite": Said("written consultation", "consultation écrite"),
}
COLLEGES = {
    "public": Said("public", "public"),
    "private": Said("private", "privé"),
}
CHECKS = {
    "quorum": Said("quorum", "quorum"),
    "private_share": Said("private share", "part du privé"),
    "group_share": Said("group {group}", "groupe {group}"),
}

WORDS = {
    "minutes": Said("Record of decisions", "Relevé de décisions"),
    "committee": Said("Committee", "Comité"),
    "date": Said("Date", "Date"),
    "mode": Said("Mode", "Forme"),
    "stage": Said("Stage", "Étape"),
    "attendance": Said("Attendance", "Présences"),
    "seat": Said("Seat", "Siège"),
    "structure": Said("Structure", "Structure"),
    "college": Said("College", "Collège"),
    "group": Said("Group", "Groupe"),
    "sits": Said("Who sits", "Qui siège"),
    "as": Said("As", "Qualité"),
    "hors_vote": Said("Not voting", "Hors vote"),
    "quorum": Said("Quorum", "Quorum"),
    "decisions": Said("Decisions", "Décisions"),
    "dossier": Said("Dossier", "Dossier"),
    "title": Said("Title", "Intitulé"),
    "applicant": Said("Applicant", "Porteur"),
    "fiche": Said("Fiche action", "Fiche action"),
    "score": Said("Score", "Note"),
    "status": Said("Status", "Statut"),
    "conflicts": Said("Declarations of interest", "Déclarations d'intérêt"),
    "deciding": Said("Deciding seats", "Sièges délibérants"),
    "checks": Said("Checks", "Contrôles"),
    "check": Said("Check", "Contrôle"),
    "figures": Said("Seats", "Sièges"),
    "share": Said("Share", "Part"),
    "rule": Said("Rule", "Règle"),
    "result": Said("Result", "Résultat"),
    "votes": Said("Votes", "Votes"),
    "pour": Said("for", "pour"),
    "contre": Said("against", "contre"),
    "abstention": Said("abstentions", "abstentions"),
    "decision": Said("Decision", "Décision"),
    "amount": Said("Amount", "Montant"),
    "remarks": Said("Remarks", "Remarques"),
    "valid": Said("valid", "valide"),
    "not_valid": Said("NOT VALID", "NON VALIDE"),
    "why": Said("Why", "Motif"),
    "ok": Said("met", "respecté"),
    "failed": Said("not met", "non respecté"),
    "maquette": Said("LEADER envelope after the meeting", "Maquette LEADER après la séance"),
    "inputs": Said("Inputs", "Fichiers d'entrée"),
    "made_with": Said("Made with grantgrid {version}", "Établi avec grantgrid {version}"),
    "not_scored": Said("not scored", "non noté"),
    "no_votes": Said("votes not recorded", "votes non consignés"),
    "no_decision": Said("no decision on the agenda", "aucune décision à l'ordre du jour"),
    "public": Said("public", "public"),
    "private": Said("private", "privé"),
    "total": Said("Total", "Total"),
    "voting_seats": Said("voting seats", "sièges votants"),
    "consultative": Said("consultative", "consultatif"),
    "none": Said("none", "aucune"),
    "sitting_seats": Said("Seats sitting", "Sièges présents"),
    "of_voting": Said("of", "sur"),
    "state_after": Said("State after the meeting", "État après la séance"),
}


def word(key: str, lang: str, **params: object) -> str:
    text = WORDS[key](lang)
    return text.format(**params) if params else text


def conflict_sentence(name: str, structure: str, mode: str, lang: str, standing: bool) -> str:
    """Every déport written out, as the minutes record it."""
    if lang == "fr":
        room = (
            "n'a pas pris part au débat ni au vote"
            if mode == "seance"
            else "n'a pas pris part à la consultation"
        )
        since = " (déclaration permanente)" if standing else ""
        return f"{name} ({structure}) a déclaré un intérêt{since} et {room}."
    room = (
        "took no part in the debate or the vote"
        if mode == "seance"
        else "took no part in the consultation"
    )
    since = " (standing declaration)" if standing else ""
    return f"{name} ({structure}) declared an interest{since} and {room}."


def votes_text(votes: Votes, lang: str) -> str:
    """`5 pour, 0 contre, 1 abstention`: a decision's votes, as the console and the minutes
    write them."""
    abstentions = Count(
        votes.abstention, Said("abstention", "abstention"), Said("abstentions", "abstentions")
    )
    if lang == "fr":
        return f"{votes.pour} pour, {votes.contre} contre, {abstentions(lang)}"
    return f"{votes.pour} for, {votes.contre} against, {abstentions(lang)}"


def seats_text(public: int, private: int, lang: str) -> str:
    """`3 publics, 1 privé`: seats by college, each in its number."""
    publics = Count(public, Said("public", "public"), Said("public", "publics"))
    privates = Count(private, Said("private", "privé"), Said("private", "privés"))
    return f"{publics(lang)}, {privates(lang)}"


def consultative_text(number: int, lang: str) -> str:
    return Count(number, Said("consultative", "consultatif"), Said("consultative", "consultatifs"))(
        lang
    )
