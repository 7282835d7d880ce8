"""Every label the maquette's outputs print, in French and English."""

from __future__ import annotations

from grantgrid.words import Said

FICHE = Said("Fiche", "Fiche")
LABEL = Said("Label", "Intitulé")
ENVELOPE = Said("Envelope", "Enveloppe")
PROGRAMME = Said("Programmed", "Programmé")
RESERVE = Said("Reserved", "Réservé")
DISPONIBLE = Said("Available", "Disponible")
PAYE = Said("Paid", "Payé")
SHARE = Said("% progr.", "% progr.")
SHARE_LONG = Said("% programmed", "% programmé")
TOTAL = Said("Total", "Total")
RANK = Said("Rank", "Rang")
DOSSIER = Said("Dossier", "Dossier")
REQUESTED = Said("Requested", "Demandé")
OPINION = Said("Proposal", "Avis")
REMAINING = Said("Left", "Reste")
FUNDABLE = Said("fundable", "finançable")
WAITING = Said("waiting list", "liste d'attente")
AMOUNTS_IN_EUR = Said("amounts in €", "montants en €")
FUND = Said("fund", "fonds")
PROPOSAL_TITLE = Said("Proposal for the next meeting", "Proposition pour le prochain comité")
PROPOSAL_FICHE = Said(
    "Fiche {fiche} — available {disponible}", "Fiche {fiche} — disponible {disponible}"
)
NO_PROPOSAL = Said(
    "No selected dossier awaits a decision.",
    "Aucun dossier retenu n'attend de décision.",
)
UNATTRIBUTED = Said(
    "Payments to dossiers on no fiche: {amount}",
    "Paiements à des dossiers sans fiche : {amount}",
)
SUMMARY = Said("{errors}, {warnings}", "{errors}, {warnings}")
"""`count(n, "errors")` each, as the other commands' summary lines write them."""
CHART_TITLE = Said(
    "LEADER envelope of each fiche: programmed, reserved, available",
    "Enveloppe LEADER de chaque fiche : programmé, réservé, disponible",
)
OVERRUN = Said("Overrun", "Dépassement")
