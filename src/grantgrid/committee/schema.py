"""JSON Schemas of the committee formats (`grantgrid schema committee|meeting`) and the
skeletons `grantgrid new --committee` and `grantgrid new --meeting DATE` write."""

from __future__ import annotations

import datetime
import json
from typing import Any

from pydantic import BaseModel

from grantgrid.committee.models import Committee, Meeting
from grantgrid.notes.models import NotesFile

SCHEMAS: dict[str, type[BaseModel]] = {
    "committee": Committee,
    "meeting": Meeting,
    "notes": NotesFile,
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of `committee`, `meeting` or `notes`, from the models themselves."""
    model = SCHEMAS[kind]
    generated = model.model_json_schema(mode="validation")
    generated["title"] = {
        "committee": "committee.yaml",
        "meeting": "meetings/*.yaml",
        "notes": "notes/<stage>/<member>.yaml",
    }[kind]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **generated}


def json_schema_text(kind: str) -> str:
    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2) + "\n"


def committee_skeleton() -> str:
    """A `committee.yaml` to fill in, every field explained in a comment (French)."""
    return """\
# Comité de programmation du GAL : un siège par structure représentée.
# Vérifiez-le avec `grantgrid committee check`.
committee: cp-gal-exemple                 # identifiant (lettres, chiffres, - et _)
title: Comité de programmation du GAL     # tel qu'imprimé en tête des relevés de décisions
rules:                                    # facultatif : valeurs par défaut ci-dessous
  quorum: 0.50                            # sièges présents / sièges votants, au moins
  private_share: 0.50                     # sièges privés parmi les présents, au moins
  max_group_share: 0.49                   # un groupe d'intérêt parmi les présents, au plus
seats:
  - id: region                            # un siège = une structure représentée
    structure: Conseil régional
    college: public                       # public | private
    group: collectivites                  # groupe d'intérêt ; par défaut : le collège
    titulaire: {id: titulaire-region, name: Prénom Nom}
    suppleants:                           # facultatif, par ordre de préséance
      - {id: suppleant-region, name: Prénom Nom}
  - id: association
    structure: Association du territoire
    college: private
    group: culture
    titulaire: {id: titulaire-asso, name: Prénom Nom}
  - id: etat
    structure: Services de l'État
    college: public
    voting: false                         # siège consultatif : jamais compté
    titulaire: {id: titulaire-etat, name: Prénom Nom}
conflicts: {}                             # déclarations permanentes : membre → [dossiers]
"""


def meeting_skeleton(date: str, committee: Committee | None = None) -> str:
    """A meeting file for `date` (YYYY-MM-DD), the committee's members listed as comments."""
    datetime.date.fromisoformat(date)  # ValueError: the caller reports a usage error
    lines = [
        f"# Séance du comité du {date}. Vérifiez-la avec `grantgrid meeting` puis",
        "# imprimez le relevé de décisions avec `grantgrid minutes`.",
        f"meeting: cp-{date}",
        f"date: {date}",
        "mode: seance                              # seance | ecrite (consultation écrite)",
        "# stage: cuc                              # l'étape de la grille que la séance décide",
        "present: []                               # identifiants des membres présents :",
    ]
    if committee is not None:
        for seat in committee.seats:
            consultative = "" if seat.voting else ", consultatif"
            lines.append(f"#   {seat.structure} ({seat.college}{consultative}) :")
            lines.append(f"#     {seat.titulaire.id:<20} titulaire, {seat.titulaire.name}")
            for member in seat.suppleants:
                lines.append(f"#     {member.id:<20} suppléant, {member.name}")
    lines += [
        "decisions: {}                             # l'ordre du jour, dans l'ordre :",
        "#  DOSSIER-ID:",
        "#    decision: programme                  # favorable | reserve | defavorable | ajourne | programme",
        "#    amount: 5400.00                      # par défaut : la ressource du dossier sur le fonds co-financeur",
        "#    conflicts: []                        # membres ayant déclaré un intérêt (sortis de la salle)",
        "#    votes: {pour: 0, contre: 0, abstention: 0}",
        '#    remarks: ""',
        "",
    ]
    return "\n".join(lines)
