"""The words of the terminal: the summary line, the tables of `score`, `budget` and `grid show`,
the command line's own messages and its help texts, in French (the default) and English.

`plain.py` and `terminal.py` hold no word of their own: they read `C[key](lang)` (a `Said`) or
`say(key, lang, **figures)`. Help texts are written in French in `HELP` and turned to English by
`english_help` when `--lang en` or `GRANTGRID_LANG=en` is given (see `cli.app`).
"""

from __future__ import annotations

from collections.abc import Mapping

from grantgrid.words import Count, Said, render

C: dict[str, Said] = {
    # the summary line
    "dossiers": Said("dossier", "dossier"),
    "dossiers_many": Said("dossiers", "dossiers"),
    "errors": Said("error", "erreur"),
    "errors_many": Said("errors", "erreurs"),
    "warnings": Said("warning", "avertissement"),
    "warnings_many": Said("warnings", "avertissements"),
    "skipped": Said("entry skipped", "entrée ignorée"),
    "skipped_many": Said("entries skipped", "entrées ignorées"),
    "decision": Said("Decision", "Décision"),
    "ht": Said("Excl. VAT", "HT"),
    "vat": Said("VAT", "TVA"),
    "cost": Said("Cost", "Coût"),
    "eligible": Said("Eligible", "Éligible"),
    "flat_computed": Said("flat rate, computed", "forfait calculé"),
    "ineligible": Said("ineligible", "inéligible"),
    "recoverable": Said("recov.", "récup."),
    "hidden": Said("hidden", "masqué"),
    "hidden_many": Said("hidden", "masqués"),
    "selected_many": Said("selected", "retenus"),
    "rejected_many": Said("rejected", "non retenus"),
    "incomplete_many": Said("incomplete", "incomplets"),
    "invalid_many": Said("invalid", "invalides"),
    # the score table
    "ranking": Said("Ranking of the dossiers", "Classement des dossiers"),
    "rank": Said("Rank", "Rang"),
    "dossier": Said("Dossier", "Dossier"),
    "title": Said("Title", "Intitulé"),
    "budget": Said("Budget", "Budget"),
    "budget_mark": Said("€", "€"),
    "fund_public": Said("Fund / public", "Fonds / public"),
    "self_short": Said("Self-fin.", "Autofin."),
    "status": Said("Status", "Statut"),
    "not_scored": Said("not scored", "non noté"),
    "partial": Said("partial", "partiel"),
    "balanced": Said("balanced", "équilibré"),
    "unbalanced": Said("unbalanced", "déséquilibré"),
    "fund_share": Said("{amount} = {share} of {public}", "{amount} = {share} de {public}"),
    "legend": Said("{id} = {label}", "{id} = {label}"),
    "dropped": Said(
        "Not shown at this width: {columns} (widen the terminal, or use --json).",
        "Colonnes masquées à cette largeur : {columns} (élargissez le terminal, ou --json).",
    ),
    "rejected_reason": Said(
        "{dossier}: not selected — {reason}", "{dossier} : non retenu — {reason}"
    ),
    "partial_stage": Said(
        "{dossier}: {stage} partial — still to score: {missing}",
        "{dossier} : {stage} partiel — à noter : {missing}",
    ),
    "disagreement_mark": Said("⚑", "⚑"),
    "compact_legend": Said(
        "totals out of the maximum; * = partial; — = not scored; ⚑ = notes to discuss",
        "totaux sur le maximum ; * = partiel ; — = non noté ; ⚑ = désaccord à discuter",
    ),
    "disagreements": Said(
        "{dossier}: {stage} ⚑ notes to discuss: {cells}",
        "{dossier} : {stage} ⚑ désaccord à discuter : {cells}",
    ),
    "disagreement_cell": Said("{cell} ({low} to {high})", "{cell} ({low} à {high})"),
    "left_out": Said(
        "{dossier}: {stage} — not counted, declared an interest: {members}",
        "{dossier} : {stage} — non compté(e)s, intérêt déclaré : {members}",
    ),
    # the budget
    "expenses_title": Said("{dossier} — Expenses", "{dossier} — Dépenses"),
    "item": Said("Item", "Poste"),
    "amount": Said("Amount", "Montant"),
    "total": Said("TOTAL", "TOTAL"),
    "resources_title": Said("Resources", "Ressources"),
    "funder": Said("Funder", "Financeur"),
    "kind": Said("Kind", "Nature"),
    "share": Said("Share", "Part"),
    "rules_title": Said("Programme rules", "Règles du programme"),
    "rule": Said("Rule", "Règle"),
    "value": Said("Value", "Valeur"),
    "eligible_cost": Said(" · eligible cost {amount}", " · coût éligible {amount}"),
    "plan_summary": Said(
        "Expenses {expenses} · resources {resources} · public {public} ({public_rate}) · "
        "self-financing {self} ({self_rate})",
        "Dépenses {expenses} · ressources {resources} · public {public} ({public_rate}) · "
        "autofinancement {self} ({self_rate})",
    ),
    # grid show
    "axis_title": Said("{label} ({id}) — max {max}", "{label} ({id}) — max {max}"),
    "phase": Said("Phase", "Phase"),
    "criterion": Said("Criterion", "Critère"),
    "criteria": Said("Criteria", "Critères"),
    "examined": Said("What is examined", "Éléments examinés"),
    "objective": Said("Objective", "Objectif"),
    "points": Said("Points", "Points"),
    "weighted": Said("{points} × {weight}", "{points} × {weight}"),
    "bonus": Said("Bonus", "Bonus"),
    "grid_heading": Said("{title} — {id} ({file})", "{title} — {id} ({file})"),
    "stages_line": Said("Scoring stages: {stages}", "Étapes de notation : {stages}"),
    "maximum_line": Said("Maximum total: {max}", "Note maximale : {max}"),
    "step_line": Said("Scores in steps of {step}", "Notes par pas de {step}"),
    "threshold_line": Said("Selection threshold: {min}", "Seuil de sélection : {min}"),
    "floors_line": Said("Axis floors: {floors}", "Planchers par axe : {floors}"),
    "tie_break_line": Said(
        "Ties broken by: {keys}, in this order", "Départage des ex æquo : {keys}, dans cet ordre"
    ),
    "financing_title": Said("Financing rules", "Règles de financement"),
    "funders_line": Said("Funders: {funders}", "Financeurs : {funders}"),
    "no_financing": Said("No financing rule.", "Aucune règle de financement."),
    "cofinancing_rule": Said(
        "{fund} = {rate} of public money", "{fund} = {rate} de l'argent public"
    ),
    "public_rule": Said(
        "Public money at most {rate} of the cost", "Argent public au plus {rate} du coût"
    ),
    "self_rule": Said(
        "Self-financing at least {rate} of the cost", "Autofinancement au moins {rate} du coût"
    ),
    "limit_rule": Said("{fund} between {min} and {max}", "{fund} entre {min} et {max}"),
    "no_limit": Said("no limit", "sans limite"),
    # the commands' own lines
    "written": Said("Written: {path}", "Écrit : {path}"),
    "grid_ok": Said(
        "{file}: grid {id} is valid ({axes}, maximum {max})",
        "{file} : la grille {id} est valide ({axes}, note maximale {max})",
    ),
    "axes": Said("axis", "axe"),
    "axes_many": Said("axes", "axes"),
    "is_a_grid": Said(
        "{file} is a grid, not a dossier: check it with `grantgrid grid check {file}`",
        "{file} est une grille, pas un dossier : vérifiez-la avec `grantgrid grid check {file}`",
    ),
    "is_a_grids_folder": Said(
        "{folder} holds grids, not dossiers: check one with `grantgrid grid check FILE`",
        "{folder} contient des grilles, pas des dossiers : vérifiez-en une avec "
        "`grantgrid grid check FICHIER`",
    ),
    # usage errors (exit code 2)
    "no_stage": Said(
        "--stage {stage}: no such stage (stages: {stages})",
        "--stage {stage} : étape inconnue (étapes : {stages})",
    ),
    "notes_stage": Said(
        "{option} {stage}: no stage of the call's grids is scored individually under this id "
        "(individual stages: {stages}); set `scoring: individual` on the stage in the grid",
        "{option} {stage} : aucune étape notée individuellement n'a cet identifiant dans les "
        "grilles de l'appel (étapes individuelles : {stages}) ; indiquez `scoring: "
        "individual` sur l'étape dans la grille",
    ),
    "notes_member": Said(
        "--member {member}: not a member of committee.yaml.{suggestion}",
        "--member {member} : pas un membre de committee.yaml.{suggestion}",
    ),
    "notes_needs_member": Said(
        "--notes STAGE needs --member ID (a member id of committee.yaml)",
        "--notes ÉTAPE demande --member ID (un identifiant de membre de committee.yaml)",
    ),
    "notes_no_committee": Said(
        "{option}: the call has no readable committee.yaml, whose ids name the members; "
        "create it first (`grantgrid new --committee`, then `grantgrid committee check`)",
        "{option} : l'appel n'a pas de committee.yaml lisible, dont les identifiants nomment "
        "les membres ; créez-le d'abord (`grantgrid new --committee`, puis `grantgrid "
        "committee check`)",
    ),
    "sheets_not_folder": Said("-o {path}: give a folder", "-o {path} : donnez un répertoire"),
    "budget_folder": Said(
        "{path} is a folder: `budget` shows one dossier's plan (`grantgrid budget "
        "{path}/DOSSIER.yaml`); `grantgrid validate {path}` checks them all",
        "{path} est un répertoire : `budget` montre le plan d'un seul dossier "
        "(`grantgrid budget {path}/DOSSIER.yaml`) ; `grantgrid validate {path}` les vérifie tous",
    ),
    "not_a_dossier": Said("{path}: not a dossier file", "{path} : pas un fichier de dossier"),
    "not_xlsx": Said(
        "-o {path}: give a file name ending in .xlsx",
        "-o {path} : donnez un nom de fichier terminé par .xlsx",
    ),
    "no_grid_file": Said("{path}: no such grid file", "{path} : fichier de grille introuvable"),
    "grid_not_found": Said("grid {id} not found", "grille {id} introuvable"),
    "no_grids_folder": Said(
        "--grids {path}: no such folder", "--grids {path} : dossier introuvable"
    ),
    "no_call_folder": Said("--call {path}: no such folder", "--call {path} : dossier introuvable"),
    "no_path": Said("no such file or folder: {path}", "fichier ou dossier introuvable : {path}"),
    "no_applications": Said(
        "no such file or folder: {path} (give dossier files, or run inside a call folder "
        "holding applications/, or use --call DIR)",
        "fichier ou dossier introuvable : {path} (donnez des fichiers de dossier, ou lancez la "
        "commande dans un dossier d'appel contenant applications/, ou utilisez --call DIR)",
    ),
    "no_call_here": Said(
        "no call folder here: give --call DIR (the folder holding applications/)",
        "aucun dossier d'appel ici : donnez --call DOSSIER (le dossier qui contient applications/)",
    ),
    "not_a_workbook": Said(
        "{path}: give the .xlsx workbook written by grantgrid export",
        "{path} : donnez le classeur .xlsx écrit par grantgrid export",
    ),
    "nothing_written": Said("Nothing written.", "Rien n'est écrit."),
    "progress": Said("Reading the dossiers", "Lecture des dossiers"),
}


def say(key: str, lang: str, **figures: object) -> str:
    """The entry `key` in `lang`, its placeholders filled (`words.render`)."""
    return render(C[key], figures, lang)


def count(number: int, key: str) -> Count:
    """`3 dossiers`, `1 erreur`, `0 avertissement`: the entry and its `_many` form."""
    return Count(number, C[key], C[f"{key}_many"])


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
    import re

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
    import re

    lines = []
    for line in text.split("\n"):
        for pattern, replacement in USAGE_FR:
            line = re.sub(pattern, replacement, line)
        lines.append(line)
    return "\n".join(lines)
