"""The dossier format (`applications/*.yaml`): one project, its budget, answers and scores."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from grantgrid.models.types import (
    Amount,
    Date,
    ExpenseAmount,
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
    public_owner: bool = Field(
        default=False,
        description="A public project owner (commune, EPCI…): it must finance at least the "
        "grid's `public_owner_share` of the public financing itself (CGCT L1111-10).",
        examples=[True],
    )
    vat_recoverable: bool = Field(
        default=False,
        description="The applicant recovers the VAT it pays: VAT is then no cost of its lines "
        "(unless a line says otherwise).",
        examples=[True],
    )


class Period(StrictModel):
    start: Year = Field(ge=1900, le=2100, examples=[2017])
    end: Year = Field(ge=1900, le=2100, examples=[2019])


class Evaluation(StrictModel):
    target: LongText | None = Field(default=None, description="Population cible.")
    impact: LongText | None = Field(default=None, description="Impact attendu.")


class Expense(StrictModel):
    label: Label = Field(examples=["Mise en place d'un cloud"])
    amount: ExpenseAmount = Field(
        description="Excluding VAT; `flat` on the line of a flat-rate category, whose amount "
        "grantgrid computes."
    )
    vat: Amount | None = Field(
        default=None,
        description="The line's VAT: part of its cost only when not recoverable.",
        examples=[2000.0],
    )
    vat_recoverable: bool | None = Field(
        default=None,
        description="Whether this line's VAT is recovered; default: the applicant's "
        "`vat_recoverable`.",
    )
    category: ShortText | None = Field(
        default=None,
        description="A category id of the grid's `financing.categories` (when it lists some).",
        examples=["etudes", "frais_salariaux"],
    )
    date: Date | None = Field(
        default=None,
        description="Date of the expense (quote, invoice): with `expenses_from: received`, "
        "not before the dossier's `received`.",
    )


class DeMinimisAid(StrictModel):
    """An aid the applicant received under de minimis (Reg. (EU) 2023/2831)."""

    date: Date = Field(description="Date the aid was granted.")
    amount: Amount
    label: ShortText | None = Field(default=None, examples=["Aide régionale"])


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
        default=None, description="Declared total cost, checked against the lines."
    )
    de_minimis: list[DeMinimisAid] | None = Field(
        default=None,
        description="Aid received by the applicant under de minimis (`[]`: none), required "
        "when the grid sets `de_minimis`.",
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
    received: Date | None = Field(
        default=None,
        description="Date of the accusé de réception / récépissé of the request.",
        examples=["2024-01-15"],
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
