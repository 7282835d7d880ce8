"""The format of `notes/<stage>/<member>.yaml`: one member's notes on the dossiers of a stage.

The model is the format: `grantgrid schema notes` is generated from it. Checks that need the
run (known member, stage and dossiers, conflicts, a note within its cell's points) are in
`apply.py`, each with its own code and position.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator, ConfigDict, Field

from grantgrid.models.dossier import AxisScores
from grantgrid.models.types import Id, LongText, StrictModel


class DossierNotes(StrictModel):
    """One member's notes on one dossier: by axis id (or `bonus`), then cell id, as a
    dossier's `scores: STAGE`; and an optional comment."""

    # The axes are the entry's other keys, typed: `strategie: {coherence: 3}`.
    model_config = ConfigDict(extra="allow", strict=True, frozen=True)
    __pydantic_extra__: dict[str, AxisScores] = Field(init=False)

    comment: LongText | None = Field(default=None, description="The member's remark, optional.")

    @property
    def axes(self) -> dict[str, dict[str, Decimal | None]]:
        return dict(self.__pydantic_extra__ or {})


class NotesFile(StrictModel):
    """`notes/<stage>/<member>.yaml`."""

    member: Id = Field(description="A member id of committee.yaml.", examples=["alefevre"])
    stage: Id = Field(description="A stage of the grid with `scoring: individual`.")
    notes: Annotated[
        dict[Id, DossierNotes], BeforeValidator(lambda value: {} if value is None else value)
    ] = Field(default={}, description="By dossier id: the member's notes on that dossier.")
