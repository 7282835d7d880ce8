"""A dossier's fiche action, and the check that the maquette has it (`maquette.unknown_fiche`).

The fiche is the `fiche_action` text up to its first space: `"4.2 Développer l'offre…"` is
fiche `4.2` (SPEC-committee §4). The run calls `check_fiche` on every dossier when the call has
a maquette, and places the finding in the dossier's file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from grantgrid.diagnostics import Diagnostic, Finding, place, suggestion
from grantgrid.maquette.models import Maquette
from grantgrid.rules.registry import Rule, register
from grantgrid.words import Quoted, Said

if TYPE_CHECKING:
    from grantgrid.loading import Document

FICHE_ACTION: tuple[str] = ("fiche_action",)
"""The data path of a dossier's fiche action."""

UNKNOWN_FICHE = Rule(
    "maquette.unknown_fiche",
    "A dossier's `fiche_action` does not start with the number of one of the maquette's fiches "
    "(the text up to its first space), a dossier has no `fiche_action` while the call has a "
    "maquette, or a history line of `maquette.yaml` names a fiche the maquette does not have.",
    "Correct the number at the start of `fiche_action` (the message suggests the closest), or "
    "add the fiche to `maquette.yaml`.",
    {
        "": Said(
            "fiche action {fiche} is not a fiche of the maquette {maquette}.{suggestion} "
            "Correct the number at the start of `fiche_action`, or add the fiche to maquette.yaml.",
            "la fiche action {fiche} n'est pas une fiche de la maquette {maquette}.{suggestion} "
            "Corrigez le numéro au début de `fiche_action`, ou ajoutez la fiche à maquette.yaml.",
        ),
        "missing": Said(
            "the dossier has no `fiche_action`: the maquette {maquette} counts its money by "
            "fiche; add `fiche_action:` with the fiche number first (one of {fiches}).",
            "le dossier n'a pas de `fiche_action` : la maquette {maquette} compte l'argent par "
            "fiche ; ajoutez `fiche_action:` en commençant par le numéro de la fiche "
            "(parmi {fiches}).",
        ),
        "history": Said(
            "the history line of dossier {dossier} names fiche {fiche}, which this maquette does "
            "not have.{suggestion} Correct the fiche, or add it under `fiches:`.",
            "la ligne d'historique du dossier {dossier} indique la fiche {fiche}, que cette "
            "maquette n'a pas.{suggestion} Corrigez la fiche, ou ajoutez-la sous `fiches:`.",
        ),
    },
)
register(UNKNOWN_FICHE)


def fiche_of(fiche_action: str | None) -> str:
    """The fiche number of a `fiche_action` text: up to its first space ("" when none)."""
    if not fiche_action:
        return ""
    words = fiche_action.split(maxsplit=1)
    return words[0] if words else ""


def listed(ids: list[str]) -> str:
    return ", ".join(ids)


def _by_label(text: str, maquette: Maquette) -> str | None:
    """The fiche whose label the rest of `fiche_action` reads like: a wrong number before the
    right label ("1.2 Accompagner la montée en débit…") is fiche 1.1, whatever the digits say."""
    import difflib  # only when a fiche is wrong

    words = text.split(maxsplit=1)
    if len(words) < 2:
        return None
    rest = " ".join(words[1].split()).casefold()
    best, score = None, 0.6
    for fiche_id, fiche in maquette.fiches.items():
        label = " ".join(fiche.label.split()).casefold()
        ratio = difflib.SequenceMatcher(None, rest, label).ratio()
        if ratio >= score:
            best, score = fiche_id, ratio
    return best


def suggest_fiche(fiche_action: str, maquette: Maquette) -> Said:
    """ "Did you mean" for a dossier's fiche: by its label first, else by its number."""
    fiche = _by_label(fiche_action, maquette)
    if fiche is not None:
        return Said(f" Did you mean '{fiche}'?", f" Vouliez-vous dire « {fiche} » ?")
    found: Said = suggestion(fiche_of(fiche_action), list(maquette.fiches))
    return found


def check_fiche(fiche_action: str | None, maquette: Maquette) -> Finding | None:
    """`maquette.unknown_fiche` on a dossier whose fiche the maquette does not have, at the
    dossier's `fiche_action` (or at the top of the file when it has none); else None."""
    fiches = list(maquette.fiches)
    fiche = fiche_of(fiche_action)
    if not fiche:
        at = FICHE_ACTION if fiche_action is not None else ()
        return Finding(
            UNKNOWN_FICHE.code,
            at,
            {"maquette": Quoted(maquette.maquette), "fiches": listed(fiches)},
            variant="missing",
        )
    if fiche in maquette.fiches:
        return None
    return Finding(
        UNKNOWN_FICHE.code,
        FICHE_ACTION,
        {
            "fiche": Quoted(fiche),
            "maquette": Quoted(maquette.maquette),
            "suggestion": suggest_fiche(fiche_action or "", maquette),
        },
    )


def fiche_diagnostic(
    document: Document, fiche_action: str | None, maquette: Maquette
) -> Diagnostic | None:
    """`check_fiche` placed in the dossier's file (its `fiche_action` line and column)."""
    finding = check_fiche(fiche_action, maquette)
    return place(document, finding) if finding is not None else None
