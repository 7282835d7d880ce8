"""The words of the terminal: the summary line, the tables of `score`, `budget` and `grid show`,
the command line's own messages and its help texts, in French (the default) and English.

`plain.py` and `terminal.py` hold no word of their own: they read `C[key](lang)` (a `Said`) or
`say(key, lang, **figures)`. Help texts and the frame of the help are in `words.help`.
"""

from __future__ import annotations

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
        "{dossier}: {stage} — notes not counted (declared an interest): {members}",
        "{dossier} : {stage} — notes non comptées (intérêt déclaré) : {members}",
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
    "new_choose_one": Said(
        "choose one of --grid GRID, --committee, --meeting DATE, --maquette, --notes STAGE "
        "--member ID",
        "choisissez un seul de --grid GRILLE, --committee, --meeting DATE, --maquette, "
        "--notes ÉTAPE --member ID",
    ),
    "progress": Said("Reading the dossiers", "Lecture des dossiers"),
}


def say(key: str, lang: str, **figures: object) -> str:
    """The entry `key` in `lang`, its placeholders filled (`words.render`)."""
    return render(C[key], figures, lang)


def count(number: int, key: str) -> Count:
    """`3 dossiers`, `1 erreur`, `0 avertissement`: the entry and its `_many` form."""
    return Count(number, C[key], C[f"{key}_many"])
