"""`grantgrid new`: a dossier skeleton with every answer and score slot and hints in French.

The text is written by hand rather than dumped, so that each slot carries its comment; every
value interpolated here is either an id (checked by the grid's model) or goes into a comment
or a quoted YAML string.
"""

from __future__ import annotations

import json

from grantgrid.models.grid import Grid
from grantgrid.money import format_number

SCHEMA_FILE = "dossier.schema.json"
"""The schema's file name, beside the skeleton or in the call's `schemas/`."""


def schema_line(schema: str | None) -> str:
    """The editors' schema reference (yaml-language-server), relative to the skeleton; without
    one, how to write it."""
    if schema is None:
        return f"# Schéma pour l'éditeur : grantgrid schema dossier -o {SCHEMA_FILE}"
    return f"# yaml-language-server: $schema={schema}"


def _comment(text: str) -> str:
    return " ".join(text.split())


def skeleton(grid: Grid, grid_reference: str, schema: str | None = SCHEMA_FILE) -> str:
    """The skeleton's text; `schema` is the schema's path relative to where it is written."""
    lines = [
        schema_line(schema),
        f"# Dossier de candidature — grille « {_comment(grid.title)} »",
        "# Remplissez chaque champ, puis vérifiez : grantgrid validate CE-FICHIER.yaml",
        '# Montants : 1234.56, "1234,56" ou "1 234,56 €". Texte long : après `|`, en retrait.',
        "",
        "dossier: NOUVEAU-01          # identifiant unique : lettres, chiffres, - et _",
        'title: ""                    # intitulé du projet',
        f"grid: {json.dumps(grid_reference, ensure_ascii=False)}",
        "# received: 2026-01-15       # date de l'accusé de réception de la demande",
        "applicant:",
        '  name: ""                   # porteur de projet',
        '  address: ""',
        '  status: ""                 # association, commune, SCIC…',
    ]
    rules = grid.financing
    if rules.public_owner_share is not None:
        lines.append(
            "  # public_owner: true        # maître d'ouvrage public (commune, EPCI…) : CGCT L1111-10"
        )
    lines += [
        "  # vat_recoverable: true     # le porteur récupère la TVA : elle n'est pas un coût",
        'fiche_action: ""             # fiche action du plan de développement',
        "period: {start: 2026, end: 2027}",
        "context: |                   # présentation de la structure porteuse, contexte",
        "  ",
        "description: |               # descriptif du projet",
        "  ",
        "evaluation:",
        '  target: ""                 # population cible',
        '  impact: ""                 # impact attendu',
        "budget:",
        "  expenses:                  # une ligne par poste de dépense (montants HT > 0)",
        '    - {label: "", amount: 0.01}',
        "    # TVA d'une ligne (coût si non récupérable) : {label: …, amount: 1000.00, vat: 200.00}",
    ]
    if rules.categories:
        listed = ", ".join(rules.categories)
        lines.append(f"    # catégories (category: …) : {_comment(listed)}")
        for category_id, category in rules.categories.items():
            if category.flat_rate is not None:
                lines.append(
                    f"    # forfait : {{label: …, amount: flat, category: {category_id}}}"
                    f"   # {_comment(category.label)}"
                )
    if rules.expenses_from is not None:
        lines.append("    # date d'une dépense (pas avant `received`) : date: 2026-03-01")
    lines += [
        "  resources:                 # une ligne par financeur",
    ]
    for funder_id, funder in grid.financing.funders.items():
        lines.append(
            f"    - {{funder: {funder_id}, amount: 0}}   # {_comment(funder.label)} ({funder.kind})"
        )
    if not grid.financing.funders:
        lines.append("    - {funder: autofinancement, amount: 0}")
    if rules.de_minimis is not None:
        lines += [
            "  de_minimis: []             # aides de minimis reçues : {date, amount, label} par aide",
        ]
    lines += [
        "  # total: 0.00               # facultatif : vérifié contre la somme des dépenses",
        "answers:                     # réponses apportées, par axe et par "
        + ("phase" if grid.phases else "critère"),
    ]
    for axis in grid.axes:
        lines.append(f"  {axis.id}:                  # {_comment(axis.label)}")
        for cell_id in grid.cell_ids(axis):
            cell = axis.cells[cell_id]
            lines.append(
                f"    # {_comment(grid.cell_label(axis, cell_id))} — critères : {_comment('; '.join(cell.criteria))}"
            )
            if cell.objective:
                lines.append(f"    # objectif : {_comment(cell.objective)}")
            lines.append(f"    {cell_id}: |")
            lines.append("      ")
    lines += [
        "scores:                      # notes du comité : laissez vide ce qui n'est pas encore noté"
    ]
    for stage in grid.stages:
        if stage.individual:  # each member scores it in their own file (SPEC-committee §3)
            lines.append(
                f"  # {stage.id} : noté par chaque membre, "
                f"grantgrid new --notes {stage.id} --member ID"
            )
            continue
        lines.append(f"  {stage.id}:                # {_comment(stage.label)}")
        group = None
        for slot in grid.slots():
            if slot.group != group:
                group = slot.group
                lines.append(f"    {group}:")
            hint = f" — {_comment(slot.label)}" if slot.axis is None else ""
            lines.append(f"      {slot.id}:              # /{format_number(slot.points)}{hint}")
    lines += ['remarks: ""', ""]
    return "\n".join(lines)
