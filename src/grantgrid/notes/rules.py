"""The `notes.*` codes (SPEC-committee §3). A note's own value is checked like a dossier's
score (`score.*`, positioned in the notes file)."""

from __future__ import annotations

from grantgrid.diagnostics import Severity
from grantgrid.rules.registry import Rule, register
from grantgrid.words import Said

UNKNOWN_MEMBER = Rule(
    "notes.unknown_member",
    "A notes file's `member` is not a member of committee.yaml, or the call has no "
    "committee.yaml (member ids are its ids). Its notes are not counted.",
    "Use a member id of committee.yaml (a titulaire's or a suppléant's), or create "
    "committee.yaml (`grantgrid new --committee`).",
    message={
        "": Said(
            "unknown member {member}: the notes are not counted.{suggestion}",
            "membre inconnu {member} : les notes ne sont pas comptées.{suggestion}",
        ),
        "no_committee": Said(
            "member {member}: the call has no committee.yaml, whose ids name the members; "
            "create it (`grantgrid new --committee`); until then these notes are not counted",
            "membre {member} : l'appel n'a pas de committee.yaml, dont les identifiants "
            "nomment les membres ; créez-le (`grantgrid new --committee`) ; d'ici là, ces "
            "notes ne sont pas comptées",
        ),
        "bad_committee": Said(
            "member {member}: committee.yaml cannot be read (`grantgrid committee check` says "
            "why); until it is corrected these notes are not counted",
            "membre {member} : committee.yaml ne peut pas être lu (`grantgrid committee check` "
            "dit pourquoi) ; d'ici sa correction, ces notes ne sont pas comptées",
        ),
    },
)

UNKNOWN_STAGE = Rule(
    "notes.unknown_stage",
    "A notes file's `stage` is not a stage of the run's grids (or of this dossier's grid).",
    "Use the id of a stage with `scoring: individual` (`grantgrid grid show GRID`).",
    message={
        "": Said(
            "unknown stage {stage}: the notes are not counted.{suggestion}",
            "étape inconnue {stage} : les notes ne sont pas comptées.{suggestion}",
        ),
        "grid": Said(
            "the grid of dossier {dossier} has no stage {stage}: these notes are not counted",
            "la grille du dossier {dossier} n'a pas d'étape {stage} : ces notes ne sont pas "
            "comptées",
        ),
    },
)

UNKNOWN_DOSSIER = Rule(
    "notes.unknown_dossier",
    "Notes on a dossier id the call's applications do not have (checked when the run "
    "reads every dossier of `applications/`).",
    "Correct the id, or remove the notes of a dossier withdrawn from the call.",
    message=Said(
        "unknown dossier {dossier}: its notes are not counted.{suggestion}",
        "dossier inconnu {dossier} : ses notes ne sont pas comptées.{suggestion}",
    ),
)

STAGE_MODE = Rule(
    "notes.stage_mode",
    "Notes files for a stage scored collectively, or a dossier's own `scores:` for a stage "
    "scored individually (`scoring: individual`).",
    "Score a collective stage in the dossier's `scores:`, an individual one in "
    "`notes/<stage>/<member>.yaml` (`grantgrid new --notes STAGE --member ID`).",
    message={
        "": Said(
            "stage {stage} is scored collectively, in the dossiers' `scores:`: these notes "
            "are not counted (or set `scoring: individual` on the stage in the grid)",
            "l'étape {stage} est notée collectivement, dans les `scores:` des dossiers : ces "
            "notes ne sont pas comptées (ou indiquez `scoring: individual` sur l'étape dans "
            "la grille)",
        ),
        "dossier": Said(
            "stage {stage} is scored by each member in notes/{stage}/<member>.yaml: these "
            "scores are not counted; move them into a member's notes file",
            "l'étape {stage} est notée par chaque membre dans notes/{stage}/<membre>.yaml : "
            "ces notes ne sont pas comptées ; reportez-les dans le fichier de notes d'un "
            "membre",
        ),
    },
)

CONFLICT = Rule(
    "notes.conflict",
    "A member's notes on a dossier they declared an interest in (standing declarations of "
    "committee.yaml, or a meeting of that stage): not counted.",
    "Nothing to do if the declaration stands; remove the notes to silence the warning.",
    message=Said(
        "{member} declared an interest in {dossier}{where}: these notes are not counted",
        "{member} a déclaré un intérêt dans le dossier {dossier}{where} : ces notes ne sont "
        "pas comptées",
    ),
    severity=Severity.WARNING,
)

DUPLICATE = Rule(
    "notes.duplicate",
    "Two notes files for the same member and stage.",
    "Keep one file per member and stage: merge them.",
    message=Said(
        "notes of {member} at stage {stage} are already in {other}: this file is not counted",
        "les notes de {member} à l'étape {stage} sont déjà dans {other} : ce fichier n'est "
        "pas compté",
    ),
)

MISPLACED = Rule(
    "notes.misplaced",
    "A notes file whose `member` or `stage` differs from its place, "
    "`notes/<stage>/<member>.yaml` (its fields are what counts).",
    "Move or rename the file to notes/<stage>/<member>.yaml.",
    message=Said(
        "this file holds the notes of {member} at stage {stage}: name it {expected}",
        "ce fichier contient les notes de {member} à l'étape {stage} : nommez-le {expected}",
    ),
    severity=Severity.WARNING,
)

register(UNKNOWN_MEMBER, UNKNOWN_STAGE, UNKNOWN_DOSSIER, STAGE_MODE, CONFLICT, DUPLICATE, MISPLACED)
