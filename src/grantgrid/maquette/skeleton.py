"""A `maquette.yaml` to fill in, from the fiches the call's dossiers name."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from grantgrid.maquette.fiche import fiche_of
from grantgrid.maquette.models import _FICHE

_NUMBERS = re.compile(r"[0-9]+|[^0-9]+")


def _order(fiche: str) -> list[tuple[int, int | str]]:
    """1.2 before 1.10: numbers compare as numbers."""
    return [(0, int(p)) if p.isdigit() else (1, p) for p in _NUMBERS.findall(fiche)]


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a YAML 1.2 double-quoted scalar


def maquette_skeleton(
    fiches_from_dossiers: Iterable[str | None], maquette: str = "gal-2023-2027"
) -> str:
    """Commented YAML: one fiche per distinct fiche number in the dossiers' `fiche_action`
    texts (the label is the rest of the first text seen), envelopes to fill in."""
    labels: dict[str, str] = {}
    for text in fiches_from_dossiers:
        fiche = fiche_of(text)
        if fiche and _FICHE.fullmatch(fiche) and fiche not in labels:
            rest = (
                text.split(maxsplit=1)[1].strip()
                if text and len(text.split(maxsplit=1)) > 1
                else ""
            )
            labels[fiche] = " ".join(rest.split()) or f"Fiche action {fiche}"
    lines = [
        "# Maquette financière : l'enveloppe LEADER de chaque fiche action du GAL.",
        "# `grantgrid maquette` en tire, par fiche : programmé, réservé, disponible, payé.",
        '# Montants en euros : 12000.00, "12 000,00 €" ou "12000,00".',
        f"maquette: {maquette}                  # identifiant (lettres, chiffres, - et _)",
        "title: Maquette financière LEADER      # intitulé imprimé en tête des tableaux",
        "fund: leader                          # le financeur suivi (l'identifiant des budgets)",
        "# total: 0.00                         # facultatif : la dotation du GAL (= somme des enveloppes)",
        'fiches:                               # numéro de fiche entre guillemets : "1.1"',
    ]
    if not labels:
        lines.append('  "1.1": {label: Intitulé de la fiche, envelope: 0.00}   # à remplir')
    for fiche in sorted(labels, key=_order):
        lines.append(
            f"  {_quoted(fiche)}: {{label: {_quoted(labels[fiche])}, envelope: 0.00}}"
            "   # enveloppe à remplir"
        )
    lines += [
        "history: []                           # dossiers programmés avant cet appel, par exemple :",
        '#  - {dossier: CAF-2022-07, fiche: "1.1", amount: 12000.00, date: 2022-10-04, title: …}',
        "payments: []                          # montants versés, par exemple :",
        "#  - {dossier: CAF-2022-07, amount: 11500.00, date: 2023-06-30}",
        "",
    ]
    return "\n".join(lines)
