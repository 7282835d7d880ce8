"""The maquette format (`maquette.yaml`): the GAL's LEADER envelope per fiche action.

One file per call folder, read through the hardened loader like every other input: the model
is the format (and `grantgrid schema maquette`). Rules that need more than one field (a
history line's fiche, the envelopes against `total`, amounts that must be positive) are in
`grantgrid.maquette.rules`, so that every problem is reported with its own code.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from grantgrid.models.types import Amount, Id, Label, ShortText, StrictModel

_FICHE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,30}[A-Za-z0-9])?")
"""A fiche action number as GALs write it: `1.1`, `4.2`, `FA3`, `2.1-bis`."""
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _fiche_id(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError(
            "schema_type",
            'expected a fiche number as text, got {got} (put it in quotes: "1.1")',
            {
                "got": repr(value),
                "fr": f"numéro de fiche attendu en texte, reçu {value!r} "
                '(mettez-le entre guillemets : "1.1")',
            },
        )
    if not _FICHE.fullmatch(value):
        shown = repr(value[:40])
        raise PydanticCustomError(
            "schema_id",
            "{value} is not a fiche number: use 1 to 32 letters, digits, '.', '-' or '_', "
            'without spaces (e.g. "1.1")',
            {
                "value": shown,
                "fr": f"{shown} n'est pas un numéro de fiche : utilisez de 1 à 32 lettres, "
                "chiffres, '.', '-' ou '_', sans espace (par exemple \"1.1\")",
            },
        )
    return value


def _day(value: Any) -> datetime.date:
    # The loader keeps YAML dates as their text ("2025-02-04"): a date is read here, strictly.
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    shown = repr(value)[:40]
    raise PydanticCustomError(
        "schema_type",
        "expected a date written YYYY-MM-DD (e.g. 2025-02-04), got {got}",
        {
            "got": shown,
            "fr": f"date attendue sous la forme AAAA-MM-JJ (par exemple 2025-02-04), reçu {shown}",
        },
    )


FicheId = Annotated[
    str,
    BeforeValidator(_fiche_id),
    WithJsonSchema({"type": "string", "pattern": "^" + _FICHE.pattern + "$"}),
]
Day = Annotated[
    datetime.date,
    BeforeValidator(_day),
    WithJsonSchema({"type": "string", "format": "date", "examples": ["2025-02-04"]}),
]


class Fiche(StrictModel):
    """One fiche action of the GAL's strategy and the LEADER money set aside for it."""

    label: Label = Field(examples=["Accompagner la montée en débit et favoriser les usages"])
    envelope: Amount = Field(description="The LEADER envelope of the fiche, in euros.")


class HistoryEntry(StrictModel):
    """A dossier programmed outside this call (an earlier call, another tool): it counts as
    programmé on its fiche."""

    dossier: Id = Field(examples=["CAF-2022-07"])
    fiche: FicheId = Field(examples=["4.2"])
    amount: Amount = Field(description="The LEADER amount programmed, in euros.")
    date: Day = Field(description="The date of the committee that programmed it.")
    title: ShortText | None = None


class Payment(StrictModel):
    """An amount of LEADER money paid to a dossier (any dossier: history or this call)."""

    dossier: Id = Field(examples=["CAF-2022-07"])
    amount: Amount
    date: Day


class Maquette(StrictModel):
    """The maquette financière: the LEADER envelope of each fiche action, what was programmed
    before this call and what has been paid."""

    maquette: Id = Field(description="Maquette id.", examples=["gal-exemple-2023-2027"])
    title: Label = Field(examples=["Maquette financière LEADER 2023-2027"])
    fund: Id = Field(
        description="The funder id the maquette tracks (the dossiers' resource line).",
        examples=["leader"],
    )
    total: Amount | None = Field(
        default=None, description="The GAL's allocation: the envelopes must add up to it."
    )
    fiches: dict[FicheId, Fiche] = Field(
        min_length=1, description='Fiche number (quoted: "1.1") → label and envelope.'
    )
    history: list[HistoryEntry] = Field(
        default=[], description="Dossiers programmed outside this call."
    )
    payments: list[Payment] = Field(default=[], description="Amounts paid, any dossier.")


def schema() -> dict[str, Any]:
    """The JSON Schema of `maquette.yaml`, for editors (`grantgrid schema maquette`)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Maquette.model_json_schema(),
    }
