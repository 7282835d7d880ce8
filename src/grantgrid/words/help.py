"""The command line's help texts and its frame (click's headings, usage errors), written in
French (the default) with their English; `cli.app` turns the help to English for `--lang en` or
`GRANTGRID_LANG=en`. Every help text of every command and option is here
(tests/test_console_french.py walks the command tree)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from grantgrid.words import Said

HELP: dict[str, Said] = {
    "app": Said(
        "Score LEADER dossiers with the GAL's selection grid: validation, budgets, scores, "
        "ranking, reports and the committee's workbook.",
        "Évaluer les dossiers LEADER avec la grille de sélection du GAL : "
        "validation, budgets, notes, classement, rapports et classeur du comité.",
    ),
    "grid": Said(
        "Show or check a selection grid.", "Afficher ou vérifier une grille de sélection."
    ),
    "paths": Said(
        "Dossier files or folders (their *.yaml, *.yml). Default: the call's applications/.",
        "Fichiers ou dossiers de dossiers (leurs *.yaml, *.yml). Par défaut : applications/ "
        "de l'appel.",
    ),
    "grids": Said(
        "Folder where grid ids are looked up (default: the call's grids/).",
        "Dossier où chercher les grilles par identifiant (par défaut : grids/ de l'appel).",
    ),
    "call": Said(
        "The call folder (holding grids/ and applications/); default: the current folder or "
        "the nearest one above that holds them.",
        "Le dossier de l'appel (qui contient grids/ et applications/) ; par défaut : le dossier "
        "courant ou le plus proche au-dessus qui les contient.",
    ),
    "json": Said("Print JSON instead of a table.", "Afficher du JSON au lieu d'un tableau."),
    "quiet": Said(
        "No progress bar, no summary line.", "Ni barre de progression, ni ligne de résumé."
    ),
    "no_warnings": Said(
        "Hide warnings (errors are always shown; the summary line counts the hidden ones).",
        "Masquer les avertissements (les erreurs restent affichées ; la ligne de résumé compte "
        "les avertissements masqués).",
    ),
    "force": Said("Replace an existing output file.", "Remplacer un fichier existant."),
    "lang": Said(
        "Language of everything printed: fr (default) or en; also GRANTGRID_LANG.",
        "Langue de tout ce qui est affiché : fr (par défaut) ou en ; aussi GRANTGRID_LANG.",
    ),
    "version": Said("Show the version and exit.", "Afficher la version et quitter."),
    "validate": Said(
        "Check dossiers and their grids; print every problem as PATH:LINE:COL: error CODE: "
        "message.",
        "Vérifier les dossiers et leurs grilles ; chaque problème sur une ligne "
        "CHEMIN:LIGNE:COL: error CODE: message.",
    ),
    "score": Said(
        "Score and rank dossiers: a table in the terminal, or JSON with --json.",
        "Noter et classer les dossiers : un tableau dans le terminal, ou du JSON avec --json.",
    ),
    "stage": Said(
        "Show only this stage's column (or JSON entry).",
        "N'afficher que la colonne de cette étape (ou son entrée JSON).",
    ),
    "budget": Said(
        "Show a dossier's financing plan: lines, totals, each funder's share, the rule checks.",
        "Afficher le plan de financement d'un dossier : lignes, totaux, part de chaque "
        "financeur, contrôle des règles.",
    ),
    "dossier_file": Said("The dossier file.", "Le fichier du dossier."),
    "export": Said(
        "Write the committee's comparison workbook: a summary per grid, one sheet per dossier.",
        "Écrire le classeur de comparaison du comité : une synthèse par grille, une feuille "
        "par dossier.",
    ),
    "workbook_file": Said(
        "The workbook to write (FILE.xlsx).", "Le classeur à écrire (FICHIER.xlsx)."
    ),
    "report": Said(
        "Write one report per dossier, and an index of the run in rank order.",
        "Écrire un rapport par dossier, et un index des dossiers par rang.",
    ),
    "report_folder": Said(
        "The folder to write the reports into.", "Le dossier où écrire les rapports."
    ),
    "format": Said(
        "html (prints on A4), md (GitHub/GitLab) or pdf.",
        "html (s'imprime en A4), md (GitHub/GitLab) ou pdf.",
    ),
    "templates": Said(
        "Folder of templates overriding the built-in ones (default: ./templates if present).",
        "Dossier de modèles remplaçant ceux fournis (par défaut : ./templates s'il existe).",
    ),
    "grid_argument": Said(
        "A grid file, or a grid id looked up in the call's grids/.",
        "Un fichier de grille, ou l'identifiant d'une grille cherchée dans grids/ de l'appel.",
    ),
    "grid_show": Said(
        "Show a grid as a matrix (axes × phases, criteria, objectives, points), its maximum "
        "and every rule.",
        "Afficher une grille en matrice (axes × phases, critères, objectifs, points), sa note "
        "maximale et toutes ses règles.",
    ),
    "grid_check": Said(
        "Check a grid: its diagnostics, or one line saying it is valid.",
        "Vérifier une grille : ses diagnostics, ou une ligne qui confirme qu'elle est valide.",
    ),
    "new": Said(
        "Write a dossier skeleton with every answer and score slot and commented hints.",
        "Écrire un squelette de dossier avec chaque réponse et chaque note à remplir, et des "
        "conseils en commentaire.",
    ),
    "new_grid": Said(
        "The grid: a file, or an id looked up in the call's grids/.",
        "La grille : un fichier, ou un identifiant cherché dans grids/ de l'appel.",
    ),
    "new_output": Said(
        "Write the skeleton to this file (and its schema beside it) instead of the terminal.",
        "Écrire le squelette dans ce fichier (et son schéma à côté) au lieu du terminal.",
    ),
    "schema": Said(
        "Print the JSON Schema of a format, for editors' YAML autocompletion.",
        "Afficher le schéma JSON d'un format, pour l'autocomplétion YAML des éditeurs.",
    ),
    "schema_kind": Said(
        "grid, dossier, committee, meeting, notes or maquette.",
        "grid, dossier, committee, meeting, notes ou maquette.",
    ),
    "new_committee": Said("A committee.yaml to fill in.", "Un committee.yaml à remplir."),
    "new_meeting": Said(
        "A meeting on this date (YYYY-MM-DD), the committee's members as comments.",
        "Une séance à cette date (AAAA-MM-JJ), membres du comité en commentaire.",
    ),
    "new_maquette": Said(
        "A maquette.yaml with one fiche per fiche action of the dossiers.",
        "Un maquette.yaml avec une fiche par fiche action des dossiers.",
    ),
    "committee": Said(
        "The programming committee: its composition.",
        "Le comité de programmation : sa composition.",
    ),
    "committee_check": Said(
        "Check committee.yaml: its diagnostics, then the seats by college and by group.",
        "Vérifier committee.yaml : les diagnostics, puis les sièges par collège et par groupe.",
    ),
    "meeting": Said(
        "One meeting: who sits, the quorum, then each decision (seats, checks, votes).",
        "Une séance : qui siège, le quorum, puis chaque décision (sièges, contrôles, votes).",
    ),
    "meeting_file": Said(
        "The meeting file (meetings/*.yaml).", "Le fichier de la séance (meetings/*.yaml)."
    ),
    "minutes": Said(
        "The record of a meeting's decisions (A4), with the maquette after the meeting.",
        "Le relevé de décisions d'une séance (A4), avec la maquette après la séance.",
    ),
    "minutes_output": Said("The file to write.", "Le fichier à écrire."),
    "minutes_format": Said("html (A4), md or pdf.", "html (A4), md ou pdf."),
    "maquette": Said(
        "The maquette: per fiche, envelope, programmed, reserved, available, paid; then the "
        "proposal for the next committee.",
        "La maquette : par fiche, enveloppe, programmé, réservé, disponible, payé ; puis la "
        "proposition pour le prochain comité.",
    ),
    "collect": Said(
        "Read what was typed into a workbook of `export` or `sheets` back into the YAML files "
        "(notes into the dossiers' scores: or a member's notes file, with --meeting decisions "
        "into the meeting file). Every value is checked first; if any is wrong, nothing is "
        "written. Comments, key order, quoting and every untouched line stay byte for byte.",
        "Reporter dans les YAML ce qui a été saisi dans un classeur d'`export` ou de `sheets` "
        "(notes dans scores: des dossiers ou le fichier d'un membre, avec --meeting décisions "
        "dans la séance). Chaque valeur est d'abord vérifiée ; une seule fausse, rien n'est "
        "écrit. Commentaires, ordre des clés, guillemets et lignes non modifiées restent tels quels.",
    ),
    "collect_workbooks": Said(
        "The workbooks written by `grantgrid export` or `grantgrid sheets` (FILE.xlsx).",
        "Les classeurs écrits par `grantgrid export` ou `grantgrid sheets` (FICHIER.xlsx).",
    ),
    "dry_run": Said(
        "Print the unified diff; write nothing.", "Afficher le diff unifié ; ne rien écrire."
    ),
    "collect_meeting": Said(
        "The meeting file the decision columns go to: the one exported with `export "
        "--meeting` (checked).",
        "La séance où vont les colonnes de décision : celle exportée avec `export --meeting` "
        "(vérifié).",
    ),
    "collect_force": Said(
        "Write into dossiers changed since the export (collect.changed).",
        "Écrire aussi dans les dossiers modifiés depuis l'export (collect.changed).",
    ),
    "export_meeting": Said(
        "A meeting file: the summary gains its decision columns, for `collect`.",
        "Un fichier de séance : la synthèse reçoit ses colonnes de décision, pour `collect`.",
    ),
    "new_notes": Said(
        "A member's notes file for this individually scored stage (with --member).",
        "Un fichier de notes d'un membre pour cette étape notée individuellement (avec --member).",
    ),
    "new_member": Said(
        "The member (an id of committee.yaml) whose notes file --notes writes.",
        "Le membre (un identifiant de committee.yaml) dont --notes écrit le fichier de notes.",
    ),
    "sheets": Said(
        "Write a scoring workbook per member for an individual stage, DIR/<stage>-<member>.xlsx: "
        "their dossiers (declared interests left out), criteria, objective, answer, note cells.",
        "Écrire un classeur de notation par membre pour une étape individuelle, DIR/<étape>-"
        "<membre>.xlsx : ses dossiers (intérêts déclarés exclus), critères, objectif, réponse, notes.",
    ),
    "sheets_stage_option": Said("An individual stage.", "Une étape individuelle."),
    "sheets_output": Said("The folder (created if needed).", "Le répertoire (créé au besoin)."),
    "schema_output": Said("Write to this file.", "Écrire dans ce fichier."),
}


def _typeset(french: str) -> str:
    """French typography: a no-break space before `;`, `:`, `?`, `!`, so that the help's line
    wrapping never starts a line with one."""
    for mark in ";:?!":
        french = french.replace(f" {mark}", f"\u00a0{mark}")
    return french


def helped(key: str) -> str:
    """A help text as the command line is built: French, the default language."""
    return _typeset(HELP[key].fr)


def english_help() -> Mapping[str, str]:
    """French help text → its English, for `--lang en`."""
    return {_typeset(said.fr): said.en for said in HELP.values()}


HELP_FR: tuple[tuple[str, str], ...] = (
    (r"(?m)^Usage: ", "Utilisation : "),
    (r"(?m)^Options:$", "Options :"),
    (r"(?m)^Commands:$", "Commandes :"),
    (r"(?m)^Arguments:$", "Arguments :"),
    (r"Show this message and exit\.", "Afficher cette aide et quitter."),
    (r"\[env var: ([^\]]+)\]", r"[variable : \1]"),
    (r"\[default: ([^\]]+)\]", r"[par défaut : \1]"),
    (r"\[required\]", "[obligatoire]"),
)
"""The help's own frame (click's headings), as a French user reads it."""


def help_in_french(text: str) -> str:

    for pattern, replacement in HELP_FR:
        text = re.sub(pattern, replacement, text)
    return text


USAGE_FR: tuple[tuple[str, str], ...] = (
    (r"^Usage: ", "Utilisation : "),
    (r"^Try '(.+)' for help\.$", r"Essayez « \1 » pour l'aide."),
    (r"^Error: ", "Erreur : "),
    (r"No such option: (.+?)(?: Did you mean (.+)\?)?$", r"option inconnue : \1"),
    (r"No such command '(.+)'\.", r"commande inconnue « \1 »."),
    (r"Missing argument '(.+)'\.", r"argument manquant « \1 »."),
    (r"Missing option '(.+)'\.", r"option manquante « \1 »."),
    (r"Option '(.+)' requires an argument\.", r"l'option « \1 » attend une valeur."),
    (
        r"Invalid value for '([^']+)' \(env var: '([^']+)'\): (?:Value error, )?",
        r"valeur invalide pour « \1 » (variable \2) : ",
    ),
    (
        r"Invalid value for '([^']+)': (?:Value error, )?",
        r"valeur invalide pour « \1 » : ",
    ),
    (r"'([^']+)' is not one of (.+)\.$", r"« \1 » n'est pas l'une des valeurs \2."),
    (r"Got unexpected extra arguments? \((.+)\)", r"argument(s) en trop : \1"),
)
"""The command line parser's own English (click's usage errors), as a French user reads it."""


def usage_in_french(text: str) -> str:
    """A usage error's lines in French (`USAGE_FR`); what no pattern knows stays as it is."""

    lines = []
    for line in text.split("\n"):
        for pattern, replacement in USAGE_FR:
            line = re.sub(pattern, replacement, line)
        lines.append(line)
    return "\n".join(lines)
