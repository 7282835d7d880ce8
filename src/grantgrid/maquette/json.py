"""The `"maquette"` object of `maquette --json` and `score --json` (SPEC-committee §5).

Money is a string with two decimals; `programme_share` is the exact quotient programmé /
enveloppe as a JSON number (null for an envelope of 0), never rounded to four places, so that a
script comparing it with a bound agrees with grantgrid. Beside the spec's keys: `title`,
`total`, `totals` (the same figures for the whole maquette), `unattributed` and the
maquette's `errors` / `warnings`. A proposal entry has exactly the spec's four keys (the
rank is the dossier's own, in `score --json`).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from grantgrid.diagnostics import Diagnostic
from grantgrid.maquette.figures import FicheFigures
from grantgrid.maquette.proposal import Proposed
from grantgrid.maquette.view import MaquetteView
from grantgrid.money import round_cents
from grantgrid.words import to_json


def money(amount: Decimal) -> str:
    return f"{round_cents(amount) + 0:.2f}"  # "+ 0" turns -0.00 into 0.00


def exact(value: Decimal | None) -> int | float | None:
    """A share as a JSON number: an int when whole, else the nearest double to the exact
    quotient (what any JSON reader makes of it)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def fiche_json(fiche: FicheFigures) -> dict[str, Any]:
    return {
        "envelope": money(fiche.envelope),
        "programme": money(fiche.programme),
        "reserve": money(fiche.reserve),
        "disponible": money(fiche.disponible),
        "paye": money(fiche.paye),
        "programme_share": exact(fiche.programme_share),
    }


def proposed_json(proposed: Proposed) -> dict[str, Any]:
    return {
        "dossier": proposed.dossier,
        "amount": money(proposed.amount),
        "fundable": proposed.fundable,
        "remaining": money(proposed.remaining),
    }


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    return {
        **diagnostic.to_json(),
        "severity": diagnostic.severity.value,
        "file": diagnostic.path,
        "path": list(diagnostic.data_path),
        "params": {name: to_json(value) for name, value in diagnostic.params.items()},
    }


def maquette_json(view: MaquetteView) -> dict[str, Any]:
    """The `"maquette"` object."""
    figures = view.figures
    return {
        "maquette": figures.maquette,
        "fund": figures.fund,
        "title": view.maquette.title,
        "total": money(view.maquette.total) if view.maquette.total is not None else None,
        "fiches": {fiche_id: fiche_json(f) for fiche_id, f in figures.fiches.items()},
        "totals": fiche_json(figures.totals),
        "unattributed": money(figures.unattributed),
        "proposal": {
            fiche_id: [proposed_json(p) for p in rows] for fiche_id, rows in view.proposal.items()
        },
        "errors": [diagnostic_json(d) for d in view.diagnostics if d.is_error],
        "warnings": [diagnostic_json(d) for d in view.diagnostics if not d.is_error],
    }


def dumps(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, default=_default) + "\n"


def _default(value: object) -> object:
    if isinstance(value, Decimal):
        return exact(value)
    raise TypeError(f"not JSON: {type(value).__name__}")
