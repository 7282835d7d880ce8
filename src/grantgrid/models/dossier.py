"""The dossier format (`applications/*.yaml`): one project, its budget, answers and scores."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from grantgrid.models.types import (
    Amount,
    Id,
    Label,
    LongText,
    Number,
    ShortText,
    StrictModel,
    Year,
)


def _nothing_yet(value: Any) -> Any:
    return {} if value is None else value


def _may_be_empty(kind: Any) -> BeforeValidator:
    """A mapping left empty (`cuc:` with nothing after it) is nothing scored or answered yet,
    like an empty cell, rather than an error between two committees."""
    return BeforeValidator(_nothing_yet, json_schema_input_type=kind | None)


class Applicant(StrictModel):
    name: Label = Field(examples=["Association Des Lendemains qui chantent"])
    address: ShortText | None = None
    status: ShortText | None = Field(default=None, examples=["association", "commune", "SCIC"])
    contact: ShortText | None = Field(default=None, description="Contact person, phone or e-mail.")
    website: ShortText | None = Field(default=None, description="http(s) address of the applicant.")


class Period(StrictModel):
    start: Year = Field(ge=1900, le=2100, examples=[2017])
    end: Year = Field(ge=1900, le=2100, examples=[2019])


class Evaluation(StrictModel):
    target: LongText | None = Field(default=None, description="Population cible.")
    impact: LongText | None = Field(default=None, description="Impact attendu.")


class Expense(StrictModel):
    label: Label = Field(examples=["Mise en place d'un cloud"])
    amount: Amount
    category: ShortText | None = Field(default=None, examples=["equipment", "salaries"])


class Resource(StrictModel):
    funder: Id = Field(
        description="A funder id of the grid's `financing.funders`.", examples=["region"]
    )
    amount: Amount
    label: ShortText | None = Field(
        default=None, description="Detail, e.g. the name of the scheme."
    )


class Budget(StrictModel):
    expenses: list[Expense] = []
    resources: list[Resource] = []
    total: Amount | None = Field(
        default=None, description="Declared total, checked against the lines."
    )


AxisAnswers = Annotated[dict[Id, LongText | None], _may_be_empty(dict[Id, LongText | None])]
Answers = Annotated[dict[Id, AxisAnswers], _may_be_empty(dict[Id, AxisAnswers])]
"""Answers by axis id, then cell id."""
AxisScores = Annotated[dict[Id, Number | None], _may_be_empty(dict[Id, Number | None])]
StageScores = Annotated[dict[Id, AxisScores], _may_be_empty(dict[Id, AxisScores])]
"""Scores of one stage by axis id (or `bonus`), then cell (or bonus item) id."""
Scores = Annotated[dict[Id, StageScores], _may_be_empty(dict[Id, StageScores])]


class Dossier(StrictModel):
    """An application to a call: who, what, how much, and the committee's notes."""

    dossier: Id = Field(description="Dossier id, unique within a call.", examples=["DLQC-2017-01"])
    title: Label
    grid: ShortText = Field(
        description="A grid id, or a path to the grid file relative to this file."
    )
    applicant: Applicant
    fiche_action: ShortText | None = None
    period: Period | None = None
    context: LongText | None = None
    description: LongText | None = None
    evaluation: Evaluation | None = None
    budget: Budget
    answers: Answers = {}
    scores: Scores = Field(default={}, description="Committee notes by stage id.")
    remarks: LongText | None = None
