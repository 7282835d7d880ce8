"""The domain's own words, said the same way by every output: statuses and funder kinds."""

from __future__ import annotations

from grantgrid.words import Said

STATUS = {
    "selected": Said("selected", "retenu"),
    "rejected": Said("rejected", "non retenu"),
    "incomplete": Said("incomplete", "incomplet"),
    "invalid": Said("invalid", "invalide"),
}
"""A dossier's status (`scoring.Status` values)."""

KIND = {
    "eu": Said("EU fund", "fonds européen"),
    "public": Said("public", "public"),
    "private": Said("private", "privé"),
    "self": Said("self-financing", "autofinancement"),
    "unknown": Said("unknown", "inconnu"),
}
"""A funder's kind in the grid (`unknown`: a funder the grid does not list)."""


SEVERITY = {
    "error": Said("error", "erreur"),
    "warning": Said("warning", "avertissement"),
}
"""A diagnostic's severity (`rules.registry.Severity` values), as a person reads it."""


def entries(lang: str) -> dict[str, str]:
    """These words as `status_*`, `kind_*` and `severity_*` keys of a labels table."""
    return (
        {f"status_{k}": v(lang) for k, v in STATUS.items()}
        | {f"kind_{k}": v(lang) for k, v in KIND.items()}
        | {f"severity_{k}": v(lang) for k, v in SEVERITY.items()}
    )
