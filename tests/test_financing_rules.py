"""The programme rules, second layer (SPEC-financing.md): every code with its exact position,
each bound one cent either side, the de minimis period day by day, and `amount: flat`."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Call, dedent
from grantgrid.diagnostics import Severity
from grantgrid.evaluation import Outcome

FUNDERS = """
  funders:
    leader: {label: LEADER (FEADER), kind: eu}
    region: {label: Région, kind: public}
    mecenat: {label: Mécénat, kind: private}
    autofinancement: {label: Autofinancement, kind: self}
"""
CATEGORIES = """
categories:
  etudes: {label: Études et prestations}
  investissement: {label: Investissements matériels}
  frais_salariaux: {label: Frais salariaux directs}
  couts_indirects:
    label: Coûts indirects (forfait 15 %)
    flat_rate: {rate: 0.15, of: [frais_salariaux]}
  benevolat: {label: Bénévolat valorisé, eligible: false}
  occasion: {label: Matériel d'occasion, eligible: false}
"""
HEAD = """grid: programme
title: Programme test
points: 2
stages: [{id: restreint, label: Restreint}]
axes:
  - {id: a, label: Axe, cells: {c: {criteria: [Critère]}}}
financing:
"""


def grid_text(financing: str) -> str:
    """A grid setting only `financing` (YAML at column 0), with the funders."""
    body = "".join(f"  {line}\n" for line in dedent(financing).splitlines() if line.strip())
    return HEAD + body + FUNDERS.lstrip("\n")


class Programme:
    """A call whose grid sets only the given financing rules (and the funders)."""

    def __init__(self, root: Path, financing: str) -> None:
        grid = root / "programme.yaml"
        grid.write_text(grid_text(financing), encoding="utf-8")
        (root / "call").mkdir()
        self.call = Call(root / "call", [grid])
        self.text = ""

    def dossier(self, budget: str, head: str = "", applicant: str = "{name: Asso}") -> Outcome:
        self.text = (
            "dossier: T-1\ntitle: Test\ngrid: programme\n"
            + dedent(head)
            + f"applicant: {applicant}\n"
            + dedent(budget)
            + "answers: {a: {c: Réponse}}\n"
        )
        self.call.dossier("t.yaml", self.text)
        [outcome] = self.call.run().outcomes
        return outcome

    def problems(self, budget: str, head: str = "", applicant: str = "{name: Asso}") -> list:
        outcome = self.dossier(budget, head, applicant)
        return [
            (d.code, d.position.line, d.position.column)
            for d in outcome.diagnostics.sorted()
            if d.position is not None
        ]

    def at(self, needle: str, nth: int = 0) -> tuple[int, int]:
        """(line, column) of the nth occurrence of `needle` in the last dossier."""
        index = -1
        for _ in range(nth + 1):
            index = self.text.index(needle, index + 1)
        line = self.text[:index].count("\n") + 1
        return line, index - (self.text.rfind("\n", 0, index) + 1) + 1


def programme(tmp_path: Path, financing: str) -> Programme:
    return Programme(tmp_path, financing)


def codes(problems: list) -> list[str]:
    return [p[0] for p in problems]


# Line cost, total cost, eligible cost


def test_vat_is_a_cost_only_when_not_recoverable(tmp_path: Path) -> None:
    p = programme(tmp_path, "max_public_rate: 1.00")
    budget = """
        budget:
          expenses:
            - {label: Étude, amount: 10000.00, vat: 2000.00}
          resources:
            - {funder: autofinancement, amount: 12000.00}
    """
    outcome = p.dossier(budget)
    assert outcome.financing is not None
    assert outcome.financing.expenses == outcome.financing.eligible == 12000
    assert outcome.financing.amount_ht == 10000 and outcome.financing.vat == 2000
    assert p.problems(budget) == []
    # A VAT-recovering applicant: the cost is the amount excluding VAT, the resources too much.
    recovered = p.problems(budget, applicant="{name: Commune, vat_recoverable: true}")
    assert codes(recovered) == ["budget.unbalanced"]
    # A line may say otherwise than its applicant.
    line = budget.replace("vat: 2000.00}", "vat: 2000.00, vat_recoverable: false}")
    assert p.problems(line, applicant="{name: Commune, vat_recoverable: true}") == []


def test_the_balance_and_the_declared_total_are_on_the_total_cost(tmp_path: Path) -> None:
    p = programme(tmp_path, "max_public_rate: 1.00")
    budget = """
        budget:
          expenses:
            - {label: Étude, amount: 10000.00, vat: 2000.00}
          resources:
            - {funder: autofinancement, amount: 10000.00}
          total: 10000.00
    """
    assert p.problems(budget) == [
        ("budget.unbalanced", *p.at("- {funder")),
        ("budget.total_mismatch", *p.at("10000.00", 2)),
    ]


def test_negative_vat_is_refused_zero_vat_allowed(tmp_path: Path) -> None:
    p = programme(tmp_path, "max_public_rate: 1.00")
    budget = """
        budget:
          expenses:
            - {label: Étude, amount: 100.00, vat: -20.00}
            - {label: Matériel, amount: 100.00, vat: 0}
          resources:
            - {funder: autofinancement, amount: 180.00}
    """
    assert p.problems(budget) == [("budget.amount", *p.at("-20.00"))]


# budget.unknown_category, budget.ineligible


def test_unknown_category_is_positioned_and_suggests(tmp_path: Path) -> None:
    p = programme(tmp_path, CATEGORIES)
    outcome = p.dossier("""
        budget:
          expenses:
            - {label: Étude, amount: 1000.00, category: etude}
          resources:
            - {funder: autofinancement, amount: 1000.00}
    """)
    [problem] = outcome.diagnostics.errors
    assert problem.code == "budget.unknown_category"
    assert problem.position is not None
    assert (problem.position.line, problem.position.column) == p.at("etude}")
    assert "Vouliez-vous dire « etudes » ?" in problem.message_in("fr")


def test_a_category_is_free_text_under_a_grid_without_categories(tmp_path: Path) -> None:
    p = programme(tmp_path, "max_public_rate: 1.00")
    assert (
        p.problems("""
        budget:
          expenses: [{label: Étude, amount: 1000.00, category: equipment}]
          resources: [{funder: autofinancement, amount: 1000.00}]
    """)
        == []
    )


def test_ineligible_line_is_a_warning_counted_in_the_cost_not_in_the_eligible_cost(
    tmp_path: Path,
) -> None:
    p = programme(tmp_path, CATEGORIES + "max_public_rate: 0.80\n")
    budget = """
        budget:
          expenses:
            - {label: Étude, amount: 10000.00, category: etudes}
            - {label: Bénévolat, amount: 1200.00, category: benevolat}
          resources:
            - {funder: region, amount: 8000.00}
            - {funder: autofinancement, amount: 3200.00}
    """
    outcome = p.dossier(budget)
    [warning] = outcome.diagnostics.items
    assert warning.code == "budget.ineligible" and warning.severity is Severity.WARNING
    assert warning.position is not None
    assert (warning.position.line, warning.position.column) == p.at("benevolat}")
    assert "1 200,00 €" in warning.message_in("fr")
    assert outcome.financing is not None
    assert (outcome.financing.expenses, outcome.financing.eligible) == (11200, 10000)
    # Rates are on the eligible cost: 8 000,01 € is one cent over 80 % of 10 000,00 €.
    over = budget.replace("8000.00", "8000.01").replace("3200.00", "3199.99")
    assert codes(p.problems(over)) == ["budget.ineligible", "budget.public_rate"]


# budget.flat_rate


def flat_budget(indirect: str, salaries: str = "10000.30", own: str = "11500.35") -> str:
    return f"""
        budget:
          expenses:
            - {{label: Salaires, amount: {salaries}, category: frais_salariaux}}
            - {{label: Coûts indirects, amount: {indirect}, category: couts_indirects}}
          resources:
            - {{funder: autofinancement, amount: {own}}}
    """


def test_amount_flat_is_computed_half_up_and_balanced_against(tmp_path: Path) -> None:
    p = programme(tmp_path, CATEGORIES)
    # 15 % of 10 000,30 € = 1 500,045 €: half-up 1 500,05 € (half-even would give 1 500,04 €).
    outcome = p.dossier(flat_budget("flat", own="11500.35"))
    assert outcome.diagnostics.items == []
    assert outcome.financing is not None
    assert outcome.financing.lines[1].amount == outcome.financing.flat_rates[0].maximum
    assert str(outcome.financing.flat_rates[0].maximum) == "1500.05"
    assert str(outcome.financing.expenses) == "11500.35"
    # The computed amount is what the resources must balance: one cent short is unbalanced.
    assert codes(p.problems(flat_budget("flat", own="11500.34"))) == ["budget.unbalanced"]


def test_flat_rate_base_is_the_eligible_cost_vat_included(tmp_path: Path) -> None:
    p = programme(tmp_path, CATEGORIES)
    budget = """
        budget:
          expenses:
            - {label: Salaires, amount: 1000.00, vat: 100.00, category: frais_salariaux}
            - {label: Coûts indirects, amount: flat, category: couts_indirects}
          resources:
            - {funder: autofinancement, amount: 1265.00}
    """
    assert p.problems(budget) == []  # 15 % of 1 100,00 € = 165,00 €


def test_explicit_flat_rate_amount_up_to_the_maximum(tmp_path: Path) -> None:
    p = programme(tmp_path, CATEGORIES)
    assert p.problems(flat_budget("1500.05")) == []
    assert p.problems(flat_budget("1500.04", own="11500.34")) == []
    problems = p.problems(flat_budget("1500.06", own="11500.36"))
    assert problems == [("budget.flat_rate", *p.at("1500.06"))]
    [problem] = p.dossier(flat_budget("1500.06", own="11500.36")).diagnostics.errors
    assert "au plus 1 500,05 €" in problem.message_in("fr")
    assert "réduisez-la de 0,01 €" in problem.message_in("fr")


def test_flat_rate_has_one_line_without_vat(tmp_path: Path) -> None:
    p = programme(tmp_path, CATEGORIES)
    twice = """
        budget:
          expenses:
            - {label: Salaires, amount: 1000.00, category: frais_salariaux}
            - {label: Indirects, amount: 100.00, category: couts_indirects}
            - {label: Indirects bis, amount: 50.00, category: couts_indirects}
          resources:
            - {funder: autofinancement, amount: 1150.00}
    """
    assert p.problems(twice) == [("budget.flat_rate", *p.at("couts_indirects", 1))]
    vat = """
        budget:
          expenses:
            - {label: Salaires, amount: 1000.00, category: frais_salariaux}
            - {label: Indirects, amount: 100.00, vat: 20.00, category: couts_indirects}
          resources:
            - {funder: autofinancement, amount: 1120.00}
    """
    assert p.problems(vat) == [("budget.flat_rate", *p.at("20.00"))]


def test_amount_flat_needs_a_flat_rate_category(tmp_path: Path) -> None:
    p = programme(tmp_path, CATEGORIES)
    budget = """
        budget:
          expenses:
            - {label: Étude, amount: 1000.00, category: etudes}
            - {label: Forfait, amount: flat, category: etudes}
          resources:
            - {funder: autofinancement, amount: 1000.00}
    """
    assert p.problems(budget) == [("budget.flat_rate", *p.at("flat,"))]


def test_a_misspelt_flat_is_an_amount_error(tmp_path: Path) -> None:
    p = programme(tmp_path, CATEGORIES)
    problems = p.problems(flat_budget("flatt"))
    assert ("budget.amount", *p.at("flatt")) in problems


# budget.fund_rate


def fund_budget(leader: str, own: str, total: str = "10000.00") -> str:
    return f"""
        budget:
          expenses:
            - {{label: Tout, amount: {total}}}
          resources:
            - {{funder: autofinancement, amount: {own}}}
            - {{funder: leader, amount: {leader}}}
    """


@pytest.mark.parametrize(
    ("leader", "own", "ok"),
    [
        ("1500.00", "8500.00", True),  # 15 % of 10 000,00 €: the minimum itself
        ("1499.99", "8500.01", False),
        ("8000.00", "2000.00", True),  # 80 %: the maximum itself
        ("8000.01", "1999.99", False),
    ],
)
def test_fund_rate_bounds_allowed_one_cent_outside_refused(
    tmp_path: Path, leader: str, own: str, ok: bool
) -> None:
    p = programme(tmp_path, "fund_rates: {leader: {min: 0.15, max: 0.80}}")
    problems = p.problems(fund_budget(leader, own))
    assert problems == ([] if ok else [("budget.fund_rate", *p.at(leader))])


def test_fund_rate_is_on_the_eligible_cost(tmp_path: Path) -> None:
    p = programme(tmp_path, CATEGORIES + "fund_rates: {leader: {max: 0.80}}\n")
    budget = """
        budget:
          expenses:
            - {label: Tout, amount: 10000.00}
            - {label: Occasion, amount: 5000.00, category: occasion}
          resources:
            - {funder: autofinancement, amount: 6999.99}
            - {funder: leader, amount: 8000.01}
    """
    assert codes(p.problems(budget)) == ["budget.ineligible", "budget.fund_rate"]


def test_an_absent_fund_is_below_its_minimum(tmp_path: Path) -> None:
    p = programme(tmp_path, "fund_rates: {leader: {min: 0.15}}")
    budget = """
        budget:
          expenses: [{label: Tout, amount: 100.00}]
          resources: [{funder: autofinancement, amount: 100.00}]
    """
    assert p.problems(budget) == [("budget.fund_rate", *p.at("[{funder"))]


# budget.public_owner


def owner_budget(own: str, region: str, private: str = "0") -> str:
    total = sum(map(float, (own, region, private)))
    return f"""
        budget:
          expenses:
            - {{label: Travaux, amount: {total:.2f}}}
          resources:
            - {{funder: autofinancement, amount: {own}}}
            - {{funder: region, amount: {region}}}
            - {{funder: mecenat, amount: {private}}}
    """


COMMUNE = "{name: Commune, status: commune, public_owner: true}"


def test_public_owner_share_bound_allowed_one_cent_under_refused(tmp_path: Path) -> None:
    p = programme(tmp_path, "public_owner_share: 0.20")
    assert p.problems(owner_budget("2000.00", "8000.00"), applicant=COMMUNE) == []
    problems = p.problems(owner_budget("1999.99", "8000.01"), applicant=COMMUNE)
    assert problems == [("budget.public_owner", *p.at("- {funder"))]
    # Private money is neither own funds nor public financing.
    assert p.problems(owner_budget("2000.00", "8000.00", "5000.00"), applicant=COMMUNE) == []


def test_public_owner_fix_keeps_the_total(tmp_path: Path) -> None:
    p = programme(tmp_path, "public_owner_share: 0.20")
    [problem] = p.dossier(owner_budget("1000.00", "9000.00"), applicant=COMMUNE).diagnostics.errors
    message = problem.message_in("fr")
    assert "au moins 2 000,00 €" in message and "1 000,00 €" in message
    assert "réduisez d'autant les aides publiques" in message


def test_public_owner_share_only_for_public_owners(tmp_path: Path) -> None:
    p = programme(tmp_path, "public_owner_share: 0.20")
    outcome = p.dossier(owner_budget("1000.00", "9000.00"))
    assert outcome.diagnostics.items == []
    assert "budget.public_owner" not in [c.code for c in outcome.checks]


# budget.de_minimis, budget.de_minimis_missing, budget.received_missing

DE_MINIMIS = "de_minimis: {ceiling: 300000, years: 3}"


def aid_budget(region: str, aid_date: str, aid: str = "100000.00") -> str:
    return f"""
        budget:
          expenses:
            - {{label: Tout, amount: 300000.00}}
          resources:
            - {{funder: region, amount: {region}}}
            - {{funder: autofinancement, amount: {300000 - float(region):.2f}}}
          de_minimis:
            - {{date: {aid_date}, amount: {aid}, label: Aide régionale}}
    """


RECEIVED = "received: 2024-01-15\n"


@pytest.mark.parametrize(
    ("region", "ok"), [("200000.00", True), ("200000.01", False), ("199999.99", True)]
)
def test_de_minimis_ceiling_itself_allowed(tmp_path: Path, region: str, ok: bool) -> None:
    p = programme(tmp_path, DE_MINIMIS)
    problems = p.problems(aid_budget(region, "2023-06-01"), head=RECEIVED)
    assert problems == ([] if ok else [("budget.de_minimis", *p.at("- {funder"))])


@pytest.mark.parametrize(
    ("aid_date", "counted"),
    [
        ("2021-01-14", False),  # three years and a day before: outside the period
        ("2021-01-15", True),  # exactly three years before: inside (the day is included)
        ("2024-01-15", True),  # the day of receipt
        ("2024-06-01", True),  # granted after the receipt, before this aid: it counts
    ],
)
def test_de_minimis_period_day_by_day(tmp_path: Path, aid_date: str, counted: bool) -> None:
    p = programme(tmp_path, DE_MINIMIS)
    outcome = p.dossier(aid_budget("200000.01", aid_date), head=RECEIVED)
    assert outcome.financing is not None
    assert outcome.financing.de_minimis_prior == (100000 if counted else 0)
    assert [d.code for d in outcome.diagnostics.items] == (["budget.de_minimis"] if counted else [])


def test_de_minimis_period_from_29_february(tmp_path: Path) -> None:
    p = programme(tmp_path, DE_MINIMIS)
    outcome = p.dossier(aid_budget("1000.00", "2021-02-28"), head="received: 2024-02-29\n")
    assert outcome.financing is not None and outcome.financing.de_minimis_prior == 100000


def test_de_minimis_full_ceiling_says_no_aid_can_be_granted(tmp_path: Path) -> None:
    p = programme(tmp_path, DE_MINIMIS)
    outcome = p.dossier(aid_budget("1000.00", "2023-01-01", "300000.00"), head=RECEIVED)
    [problem] = outcome.diagnostics.errors
    assert problem.variant == "full"
    assert "aucune aide publique" in problem.message_in("fr")


def test_de_minimis_list_missing_is_a_warning_empty_list_declares_none(tmp_path: Path) -> None:
    p = programme(tmp_path, DE_MINIMIS)
    budget = """
        budget:
          expenses: [{label: Tout, amount: 100.00}]
          resources: [{funder: region, amount: 100.00}]
    """
    outcome = p.dossier(budget, head=RECEIVED)
    [warning] = outcome.diagnostics.items
    assert warning.code == "budget.de_minimis_missing"
    assert warning.severity is Severity.WARNING
    assert warning.position is not None
    assert (warning.position.line, warning.position.column) == p.at("budget:")
    assert p.problems(budget + "      de_minimis: []\n", head=RECEIVED) == []


def test_de_minimis_without_received_counts_every_aid_and_warns(tmp_path: Path) -> None:
    p = programme(tmp_path, DE_MINIMIS)
    outcome = p.dossier(aid_budget("1000.00", "2001-01-01"))
    assert outcome.financing is not None and outcome.financing.de_minimis_prior == 100000
    assert [(d.code, d.position and d.position.line) for d in outcome.diagnostics.items] == [
        ("budget.received_missing", p.at("2001-01-01")[0])
    ]


# budget.expense_date


def dated(date: str) -> str:
    return f"""
        budget:
          expenses:
            - {{label: Étude, amount: 100.00, date: {date}}}
            - {{label: Sans date, amount: 100.00}}
          resources:
            - {{funder: autofinancement, amount: 200.00}}
    """


def test_expense_date_from_the_day_of_receipt(tmp_path: Path) -> None:
    p = programme(tmp_path, "expenses_from: received")
    assert p.problems(dated("2024-01-15"), head=RECEIVED) == []
    assert p.problems(dated("2024-01-14"), head=RECEIVED) == [
        ("budget.expense_date", *p.at("2024-01-14"))
    ]


def test_dated_expenses_without_received_get_a_warning(tmp_path: Path) -> None:
    p = programme(tmp_path, "expenses_from: received")
    outcome = p.dossier(dated("2024-01-14"))
    [warning] = outcome.diagnostics.items
    assert warning.code == "budget.received_missing" and warning.severity is Severity.WARNING
    assert warning.position is not None
    assert (warning.position.line, warning.position.column) == p.at("2024-01-14")


def test_expense_dates_are_not_checked_without_expenses_from(tmp_path: Path) -> None:
    p = programme(tmp_path, "max_public_rate: 1.00")
    assert p.problems(dated("2000-01-01"), head=RECEIVED) == []


@pytest.mark.parametrize("date", ["15/01/2024", "2024-1-15", "tomorrow"])
def test_a_date_is_written_yyyy_mm_dd(tmp_path: Path, date: str) -> None:
    p = programme(tmp_path, "expenses_from: received")
    problems = p.problems(dated(f'"{date}"'), head=RECEIVED)
    assert problems == [("schema.type", *p.at(f'"{date}"'))]


def test_an_impossible_date_is_a_typo(tmp_path: Path) -> None:
    p = programme(tmp_path, "expenses_from: received")
    assert "yaml.date" in codes(p.problems(dated("2024-02-30"), head=RECEIVED))


# Grid checks of the new fields


def grid_problems(tmp_path: Path, financing: str) -> list[tuple[str, int, int]]:
    from grantgrid.grids import load_grid

    path = tmp_path / "g.yaml"
    path.write_text(grid_text(financing), encoding="utf-8")
    loaded = load_grid(path)
    return [
        (d.code, d.position.line, d.position.column)
        for d in loaded.diagnostics.sorted()
        if d.position is not None
    ]


def test_grid_rates_of_the_second_layer_are_fractions(tmp_path: Path) -> None:
    problems = grid_problems(
        tmp_path,
        "public_owner_share: 20\nfund_rates: {leader: {min: 0.5, max: 0.4}, leadr: {max: 1.5}}",
    )
    assert sorted(p[0] for p in problems) == [
        "grid.limits",
        "grid.rate",
        "grid.rate",
        "grid.unknown_funder",
    ]


def test_grid_flat_rate_of_names_real_cost_categories(tmp_path: Path) -> None:
    financing = """
        categories:
          salaires: {label: Salaires}
          indirects: {label: Indirects, flat_rate: {rate: 0.15, of: [salaire, autre]}}
          autre: {label: Autre forfait, flat_rate: {rate: 1.2, of: [salaires]}}
    """
    problems = grid_problems(tmp_path, financing)
    assert sorted(p[0] for p in problems) == [
        "grid.flat_rate",
        "grid.rate",
        "grid.unknown_category",
    ]


def test_no_eligible_cost_allows_no_public_money_nor_fund(tmp_path: Path) -> None:
    p = programme(
        tmp_path, CATEGORIES + "max_public_rate: 0.80\nfund_rates: {leader: {max: 0.80}}\n"
    )
    budget = """
        budget:
          expenses:
            - {label: Bénévolat, amount: 1000.00, category: benevolat}
          resources:
            - {funder: leader, amount: 0.01}
            - {funder: autofinancement, amount: 999.99}
    """
    assert sorted(codes(p.problems(budget))) == [
        "budget.fund_rate",
        "budget.ineligible",
        "budget.public_rate",
    ]
    assert codes(p.problems(budget.replace("0.01", "0").replace("999.99", "1000.00"))) == [
        "budget.ineligible"
    ]
