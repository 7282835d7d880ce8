"""The codes of `grantgrid collect` (SPEC-committee §7): the workbook read back."""

from __future__ import annotations

from grantgrid.rules.registry import DETAIL, Rule, register
from grantgrid.words import Said

WORKBOOK = Rule(
    "collect.workbook",
    "The workbook cannot be read back safely: not an .xlsx, too large or a zip bomb, external "
    "links, huge shared strings, its hidden `_grantgrid` sheet renamed, deleted or edited, a "
    "dossier sheet it names renamed or deleted.",
    "Collect the workbook `grantgrid export` wrote (saved again by Excel or LibreOffice is "
    "fine); do not rename or delete its sheets; export again if in doubt.",
)

UNKNOWN = Rule(
    "collect.unknown",
    "The workbook names a dossier this call does not have, or that now has another id or "
    "another grid (a workbook from another call or another grid); a member's workbook "
    "(`grantgrid sheets`) of someone who is not in committee.yaml, or whose notes file now "
    "names another member or stage.",
    "Run `collect` in the call the workbook was exported from (`--call DIR`).",
)

VALUE = Rule(
    "collect.value",
    "A note cell holds something that is not a number (text, a formula, a date, true/false); "
    "a decision column holds an unknown decision, an amount or a vote count that is not one, "
    "an unknown member, a formula.",
    "Type a plain number (`1`, `1,5`) or clear the cell; a decision from the cell's list.",
    message={
        "": Said(
            "not a number: {value}; type a note from 0 to {maximum}",
            "pas un nombre : {value} ; tapez une note de 0 à {maximum}",
        ),
        "formula": Said(
            "a formula ({value}) is not a note: type the number itself",
            "une formule ({value}) n'est pas une note : tapez le nombre lui-même",
        ),
        "detail": DETAIL,  # a decision column's value (collect/decisions.py)
    },
)

CHANGED = Rule(
    "collect.changed",
    "The dossier file (or, for a member's workbook, their notes file) changed since the "
    "workbook was exported: its SHA-256 is no longer the one recorded in the workbook.",
    "Export again and retype the notes, or use `--force` if the change was elsewhere in the "
    "file and the notes typed still apply.",
    message=Said(
        "{path} changed since the export (SHA-256 {then}… then, {now}… now): nothing written; "
        "use --force to write anyway",
        "{path} a changé depuis l'export (SHA-256 {then}… alors, {now}… maintenant) : rien "
        "n'est écrit ; --force pour écrire quand même",
    ),
)

INVALID = Rule(
    "collect.invalid",
    "A dossier file would not validate once the notes are written into it (a new error).",
    "Correct the value in the workbook (or the file) and collect again.",
)

register(WORKBOOK, UNKNOWN, VALUE, CHANGED, INVALID)
