"""The words of the reports, in French (the committee's language) and English.

Templates never hold words of their own: they read `L.<key>`, so a translation is one entry
here and a custom template keeps working in both languages. Placeholders are `{name}`, filled
by the report code with `str.format`. A label that counts something has a singular form under
`<key>_one`; `L.plural(key, count)` picks the form the language uses for that count.
"""

from __future__ import annotations

from collections.abc import Mapping

from grantgrid.words import terms

LANGUAGES = ("fr", "en")
SINGULAR = {"fr": (0, 1), "en": (1,)}
"""The counts written in the singular (CLDR: French "0 dossier", English "0 dossiers")."""
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
"""The Babel locale of each language: en_GB writes dates day-first, as a European GAL expects."""

_FR: dict[str, str] = {
    # page
    "report_title": "Fiche d'évaluation du projet",
    "index_title": "Dossiers présentés au comité",
    "index_intro": "{count} dossiers, par rang, puis les dossiers incomplets et invalides.",
    "index_intro_one": "{count} dossier.",
    "report_link": "rapport",
    "back_to_index": "Retour à la liste des dossiers",
    "index_grid": "{title} ({id})\u00a0: note maximale {maximum}, seuil de sélection {threshold}",
    "no_threshold": "aucun",
    "fund_amount": "Aide du fonds",
    "cost_total": "Coût total",
    "unranked_invalid": "non classé\u00a0: dossier invalide ({count} erreurs)",
    "unranked_invalid_one": "non classé\u00a0: dossier invalide ({count} erreur)",
    "unranked_incomplete": "non classé\u00a0: notation incomplète",
    "colon": "\u00a0:",
    "list_separator": "\u00a0; ",
    "page": "page",
    "field": "Champ",
    # identity
    "identity": "Identification",
    "dossier": "Dossier",
    "title": "Intitulé du projet",
    "applicant": "Porteur de projet",
    "applicant_status": "Statut juridique",
    "address": "Coordonnées",
    "contact": "Contact",
    "website": "Site internet",
    "fiche_action": "Fiche action concernée",
    "period": "Calendrier",
    "period_value": "{start}–{end}",
    "file": "Fichier",
    "grid": "Grille",
    # texts
    "context": "Présentation de la structure porteuse / contexte",
    "description": "Descriptif du projet",
    "evaluation": "Éléments d'évaluation",
    "target": "Population cible",
    "impact": "Impact",
    # decision
    "decision": "Décision",
    "status": "Statut",
    "rank": "Rang",
    "rank_value": "{rank} sur {count} dossiers classés sur cette grille",
    "rank_value_one": "{rank} sur {count} dossier classé sur cette grille",
    "final_stage": "Étape retenue",
    "final_total": "Note finale",
    "no_final_stage": "aucune étape complète",
    "not_counted": "non retenue\u00a0: dossier invalide",
    "reasons": "Motifs",
    "programming": "Programmation",
    "decision_not_valid": "décision non valide",
    "min_total": "Seuil de sélection",
    # problems
    "problems": "Problèmes relevés dans le dossier",
    "line_column": "ligne {line}, colonne {column}",
    "no_dossier": "Ce fichier n'a pas pu être lu comme un dossier : seules ses erreurs sont présentées.",
    "no_grid": "La grille de ce dossier n'a pas pu être chargée : la notation n'est pas disponible.",
    # financing
    "financing": "Plan de financement",
    "expenses": "Dépenses",
    "expense": "Poste de dépense",
    "category": "Catégorie",
    "amount": "Montant",
    "amount_ht": "Montant HT",
    "vat": "TVA",
    "cost": "Coût",
    "eligible_cost": "Coût éligible",
    "flat": "forfait calculé",
    "ineligible": "inéligible",
    "vat_recovered": "récupérée",
    "resources": "Ressources",
    "funder": "Financeur",
    "kind": "Nature",
    "share": "Part du total",
    "total": "Total",
    "public_money": "Aides publiques",
    "public_rate": "Taux d'aide publique",
    "self_financing": "Autofinancement",
    "self_financing_rate": "Taux d'autofinancement",
    "private_money": "Financements privés",
    "funding": "Financement",
    "rate": "Taux",
    "cofinancing_share": "Part de {fund} dans l'argent public",
    "rate_of_cost": "{rate} du coût",
    "checks": "Règles du programme",
    "rule": "Règle",
    "value": "Valeur",
    "result": "Résultat",
    "check_ok": "respectée",
    "check_failed": "non respectée",
    "unbounded": "sans limite",
    "no_budget": "Le plan de financement n'a pas pu être calculé (voir les problèmes relevés).",
    # grid
    "grid_section": "Grille de sélection",
    "phase": "Phase",
    "criterion": "Critère",
    "examined": "Éléments examinés",
    "cell": "Cellule",
    "criteria": "Critères",
    "objective": "Objectifs",
    "answer": "Réponses apportées",
    "no_answer": "Pas de réponse",
    "subtotal": "Sous-total",
    "bonus": "Bonus",
    "maximum": "Maximum",
    "weight": "coefficient {weight}",
    "difference": "Écart",
    "difference_between": "Écart {later} − {earlier}",
    "not_scored": "non noté",
    "partial": "partiel",
    "missing": "Notes manquantes ({stage}) : {cells}",
    "summary": "Synthèse des notes",
    "axis": "Axe",
    "chart_title": "Note de chaque axe rapportée à son maximum, par étape",
    # remarks and footer
    "remarks": "Remarques",
    "none": "Aucune",
    "generated": "Généré par grantgrid {version} le {date}",
    "fingerprints": "Empreintes SHA-256 des fichiers d'entrée",
    "fingerprint_dossier": "dossier",
    "fingerprint_grid": "grille",
}

_EN: dict[str, str] = {
    "report_title": "Project assessment report",
    "index_title": "Dossiers before the committee",
    "index_intro": "{count} dossiers, by rank, then incomplete and invalid dossiers.",
    "index_intro_one": "{count} dossier.",
    "report_link": "report",
    "back_to_index": "Back to the list of dossiers",
    "index_grid": "{title} ({id}): maximum score {maximum}, selection threshold {threshold}",
    "no_threshold": "none",
    "fund_amount": "Fund grant",
    "cost_total": "Total cost",
    "unranked_invalid": "not ranked: invalid dossier ({count} errors)",
    "unranked_invalid_one": "not ranked: invalid dossier ({count} error)",
    "unranked_incomplete": "not ranked: scoring incomplete",
    "colon": ":",
    "list_separator": "; ",
    "page": "page",
    "field": "Field",
    "identity": "Identification",
    "dossier": "Dossier",
    "title": "Project title",
    "applicant": "Applicant",
    "applicant_status": "Legal status",
    "address": "Address",
    "contact": "Contact",
    "website": "Website",
    "fiche_action": "Action sheet (fiche action)",
    "period": "Schedule",
    "period_value": "{start}–{end}",
    "file": "File",
    "grid": "Grid",
    "context": "Applicant and context",
    "description": "Project description",
    "evaluation": "Evaluation elements",
    "target": "Target population",
    "impact": "Expected impact",
    "decision": "Decision",
    "status": "Status",
    "rank": "Rank",
    "rank_value": "{rank} of {count} ranked dossiers on this grid",
    "rank_value_one": "{rank} of {count} ranked dossier on this grid",
    "final_stage": "Final stage",
    "final_total": "Final score",
    "no_final_stage": "no complete stage",
    "not_counted": "not counted: invalid dossier",
    "reasons": "Reasons",
    "programming": "Programming",
    "decision_not_valid": "decision not valid",
    "min_total": "Selection threshold",
    "problems": "Problems found in the dossier",
    "line_column": "line {line}, column {column}",
    "no_dossier": "This file could not be read as a dossier: only its errors are shown.",
    "no_grid": "The grid of this dossier could not be loaded: no scoring is available.",
    "financing": "Financing plan",
    "expenses": "Expenses",
    "expense": "Expense item",
    "category": "Category",
    "amount": "Amount",
    "amount_ht": "Amount excl. VAT",
    "vat": "VAT",
    "cost": "Cost",
    "eligible_cost": "Eligible cost",
    "flat": "computed flat rate",
    "ineligible": "ineligible",
    "vat_recovered": "recovered",
    "resources": "Resources",
    "funder": "Funder",
    "kind": "Kind",
    "share": "Share of total",
    "total": "Total",
    "public_money": "Public funding",
    "public_rate": "Public funding rate",
    "self_financing": "Self-financing",
    "self_financing_rate": "Self-financing rate",
    "private_money": "Private funding",
    "funding": "Funding",
    "rate": "Rate",
    "cofinancing_share": "Share of {fund} in public money",
    "rate_of_cost": "{rate} of the cost",
    "checks": "Programme rules",
    "rule": "Rule",
    "value": "Value",
    "result": "Result",
    "check_ok": "met",
    "check_failed": "not met",
    "unbounded": "no limit",
    "no_budget": "The financing plan could not be computed (see the problems found).",
    "grid_section": "Selection grid",
    "phase": "Phase",
    "criterion": "Criterion",
    "examined": "What is examined",
    "cell": "Cell",
    "criteria": "Criteria",
    "objective": "Objectives",
    "answer": "Applicant's answers",
    "no_answer": "No answer",
    "subtotal": "Subtotal",
    "bonus": "Bonus",
    "maximum": "Maximum",
    "weight": "weight {weight}",
    "difference": "Difference",
    "difference_between": "Difference {later} − {earlier}",
    "not_scored": "not scored",
    "partial": "partial",
    "missing": "Missing scores ({stage}): {cells}",
    "summary": "Score summary",
    "axis": "Axis",
    "chart_title": "Score of each axis against its maximum, per stage",
    "remarks": "Remarks",
    "none": "None",
    "generated": "Generated by grantgrid {version} on {date}",
    "fingerprints": "SHA-256 fingerprints of the input files",
    "fingerprint_dossier": "dossier",
    "fingerprint_grid": "grid",
}

CATALOGUE: dict[str, dict[str, str]] = {
    "fr": _FR | terms.entries("fr"),
    "en": _EN | terms.entries("en"),
}


class Labels(dict[str, str]):
    """The words of one language, as templates read them (`L.key`), with plural forms."""

    def __init__(self, lang: str, words: Mapping[str, str]) -> None:
        super().__init__(words)
        self.lang = lang

    def plural(self, key: str, count: int) -> str:
        """`key_one` when the language writes `count` in the singular and has that form, else `key`."""
        singular = f"{key}_one"
        if count in SINGULAR[self.lang] and singular in self:
            return self[singular]
        return self[key]


def labels(lang: str) -> Labels:
    """The words of one language; KeyError for a language grantgrid does not speak."""
    return Labels(lang, CATALOGUE[lang])
