"""The budget of a dossier's sheet: expense and resource lines with live shares, public and
self-financing totals, the flat-rate computation, and one check row per rule of the grid, each
a formula on the budget above where the rule is about a figure of it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from openpyxl.utils import get_column_letter

from grantgrid.evaluation import Outcome
from grantgrid.financing import PUBLIC_KINDS, FinancingPlan, FlatRateFigure, LineCost
from grantgrid.financing import plan as plan_of
from grantgrid.models.grid import Financing
from grantgrid.money import format_eur, quotient
from grantgrid.outputs.views.budget import BudgetView, CheckRow, budget_view
from grantgrid.outputs.workbook.package import CachedValue
from grantgrid.outputs.workbook.sheet import RIGHT_WRAP, WRAP, Links, Sheet
from grantgrid.outputs.workbook.text import EUR_FORMAT, PERCENT_FORMAT, write_amount
from grantgrid.words import render_value


@dataclass(frozen=True)
class _Rows:
    """Where the budget's totals are on the sheet, for the check rows' formulas."""

    expenses: int
    resources: int
    public: int
    funds: dict[str, int]
    eligible: str = ""
    """The eligible cost's cell (`G12`; the total cost's `C12` in a plain budget)."""
    lines: tuple[int, ...] = ()
    """The row of each expense line."""


def _flat_maximum(figure: FlatRateFigure, plan: FinancingPlan, rows: tuple[int, ...]) -> str:
    """ROUND(rate × Σ eligible costs of the base lines, 2): Excel's ROUND rounds halves away
    from zero, half-up for these positive amounts."""
    base = [f"G{rows[i]}" for i, line in enumerate(plan.lines) if line.category in figure.of]
    if not base:
        return "0"
    return f"ROUND({format(figure.rate.normalize(), 'f')}*({'+'.join(base)}),2)"


def check_plan(outcome: Outcome) -> FinancingPlan:
    assert outcome.financing is not None
    return outcome.financing


def cached_share(share: Decimal | None) -> CachedValue:
    """What a share formula evaluates to: the exact share, or "" where there is no base."""
    return float(share) if share is not None else ""


class BudgetBlock:
    """The budget part of `DossierSheet` (which provides the sheet, the words, the outcome,
    the links to the summary and the current row)."""

    s: Sheet
    w: dict[str, str]
    outcome: Outcome
    links: Links
    row: int
    lang: str

    def _budget(self) -> None:
        o, w, s = self.outcome, self.w, self.s
        assert o.dossier is not None
        budget, grid = o.dossier.budget, o.grid
        # Without a grid, funders have no kind: the plan of the lines alone, no rule rows.
        plan = o.financing or plan_of(
            budget,
            grid.financing if grid else Financing(),
            applicant=o.dossier.applicant,
            received=o.dossier.received,
        )
        row = self.row

        view = budget_view(o)
        detailed = view is not None and view.detailed
        s.text(row, 1, w["expenses"], bold=True)
        if detailed:
            labels = [
                w["line"],
                w["category"],
                w["line_cost"],
                w["share"],
                w["amount_ht"],
                w["vat"],
            ]
            s.header(row + 1, [*labels, w["eligible_cost"]])
        else:
            s.header(row + 1, [w["line"], w["category"], w["amount"], w["share"]])
        row += 2
        top = row
        for expense, line in zip(budget.expenses, plan.lines, strict=True):
            s.text(row, 1, expense.label).alignment = WRAP
            category = expense.category
            label = grid.financing.category_label(category) if grid and category else category
            s.text(row, 2, label).alignment = WRAP
            if detailed:
                self._cost_line(row, line)
            else:
                write_amount(s.at(row, 3), line.amount)
            row += 1
        expense_row = row
        line_rows = tuple(range(top, row))
        for at, share in zip(line_rows, plan.expense_shares, strict=True):
            s.formula(
                at,
                4,
                f'IF($C${expense_row}=0,"",C{at}/$C${expense_row})',
                cached_share(share),
                PERCENT_FORMAT,
            )
        s.text(row, 1, w["total"])
        self._sum(row, top, plan.expenses)
        s.shade(row, 7 if detailed else 4)
        self.links.put(s, "cost", f"C{row}", float(plan.expenses))
        eligible = f"C{expense_row}"
        if detailed:
            assert grid is not None
            self._flat_formulas(plan, grid.financing, line_rows)
            for column, total in ((5, plan.amount_ht), (6, plan.vat), (7, plan.eligible)):
                letter = get_column_letter(column)
                formula = f"SUM({letter}{top}:{letter}{row - 1})" if row > top else "0"
                s.formula(row, column, formula, float(total), EUR_FORMAT)
            eligible = f"G{expense_row}"
        base = f"${eligible[0]}${eligible[1:]}"

        row += 2
        s.text(row, 1, w["resources"], bold=True)
        s.header(row + 1, [w["funder"], w["kind"], w["amount"], w["share"]])
        row += 2
        top = row
        by_kind: dict[str, list[int]] = {}
        by_funder: dict[str, list[int]] = {}
        resource_row = top + len(budget.resources)
        for resource, share in zip(budget.resources, plan.resource_shares, strict=True):
            name = grid.financing.funder_label(resource.funder) if grid else resource.funder
            s.text(
                row, 1, f"{name} — {resource.label}" if resource.label else name
            ).alignment = WRAP
            kind = plan.kinds.get(resource.funder, "unknown")
            s.text(row, 2, w[f"kind_{kind}"])
            write_amount(s.at(row, 3), resource.amount)
            s.formula(
                row,
                4,
                f'IF($C${resource_row}=0,"",C{row}/$C${resource_row})',
                cached_share(share),
                PERCENT_FORMAT,
            )
            by_kind.setdefault(kind, []).append(row)
            by_funder.setdefault(resource.funder, []).append(row)
            row += 1
        s.text(row, 1, w["total"])
        self._sum(row, top, plan.resources)
        s.shade(row, 4)

        if grid is None:
            self.row = row + 2
            return
        row += 1
        public_row = row
        s.text(row, 1, w["public"])
        self._sum_of(row, [r for kind in PUBLIC_KINDS for r in by_kind.get(kind, [])], plan.public)
        s.formula(
            row,
            4,
            f'IF({base}=0,"",C{row}/{base})',
            cached_share(quotient(plan.public, plan.eligible)),
            PERCENT_FORMAT,
        )
        self.links.put(
            s, "public_rate", f"D{row}", cached_share(quotient(plan.public, plan.eligible))
        )
        row += 1
        s.text(row, 1, w["self"])
        self._sum_of(row, by_kind.get("self", []), plan.self_financing)
        own_rate = cached_share(quotient(plan.self_financing, plan.eligible))
        s.formula(row, 4, f'IF({base}=0,"",C{row}/{base})', own_rate, PERCENT_FORMAT)
        self.links.put(s, "self_rate", f"D{row}", own_rate)
        fund_rows: dict[str, int] = {}
        rule = grid.financing.co_financing
        funds = [rule.fund] if rule else []
        funds += [f for f in grid.financing.fund_limits if f not in funds]
        funds += [f for f in grid.financing.fund_rates if f not in funds]
        for fund in funds:
            row += 1
            s.text(row, 1, grid.financing.funder_label(fund))
            self._sum_of(row, by_funder.get(fund, []), plan.fund(fund))
            s.text(row, 2, w["fund_of_public"])
            s.formula(
                row,
                4,
                f'IF($C${public_row}=0,"",C{row}/$C${public_row})',
                cached_share(plan.share_of_public(fund)),
                PERCENT_FORMAT,
            )
            fund_rows[fund] = row
        if rule:
            self.links.put(s, "fund", f"C{fund_rows[rule.fund]}", float(plan.fund(rule.fund)))
        self.row = row + 2
        if view is not None:
            rows = _Rows(expense_row, resource_row, public_row, fund_rows, eligible, line_rows)
            self._checks(view, rows)

    def _cost_line(self, row: int, line: LineCost) -> None:
        """HT (E), VAT (F), cost = HT + non-recoverable VAT (C), eligible cost (G): live."""
        s = self.s
        write_amount(s.at(row, 5), line.amount)  # a flat rate's formula replaces it
        if line.vat:
            write_amount(s.at(row, 6), line.vat)
        s.formula(
            row, 3, f"E{row}+F{row}" if line.vat_cost else f"E{row}", float(line.cost), EUR_FORMAT
        )
        s.formula(
            row, 7, f"C{row}" if line.eligible else "0", float(line.eligible_cost), EUR_FORMAT
        )

    def _flat_formulas(
        self, plan: FinancingPlan, financing: Financing, rows: tuple[int, ...]
    ) -> None:
        """`amount: flat`: the line's HT is ROUND(rate × Σ eligible costs of its base, 2)."""
        for figure in plan.flat_rates:
            for i in figure.lines:
                if plan.lines[i].flat:
                    self.s.formula(
                        rows[i],
                        5,
                        _flat_maximum(figure, plan, rows),
                        float(plan.lines[i].amount),
                        EUR_FORMAT,
                    )

    def _sum(self, row: int, top: int, value: Decimal) -> None:
        formula = f"SUM(C{top}:C{row - 1})" if row > top else "0"
        self.s.formula(row, 3, formula, float(value), EUR_FORMAT)

    def _sum_of(self, row: int, rows: list[int], value: Decimal) -> None:
        formula = "SUM(" + ",".join(f"C{r}" for r in rows) + ")" if rows else "0"
        self.s.formula(row, 3, formula, float(value), EUR_FORMAT)

    def _checks(self, view: BudgetView, rows: _Rows) -> None:
        """One row per rule of the grid, as in every output; the value and the bound are live
        formulas on the budget above where the rule is about a figure of it."""
        w, s = self.w, self.s
        plan = view.plan
        assert self.outcome.grid is not None
        financing = self.outcome.grid.financing
        s.text(self.row, 1, w["checks"], bold=True)
        s.header(self.row + 1, [w["rule"], w["value"], w["bound"], w["verdict"]])
        row = self.row + 1
        for row, check in enumerate(view.checks, start=self.row + 2):
            s.text(row, 1, check.label(self.lang)).alignment = WRAP
            s.text(row, 4, w["ok"] if check.ok else w["not_ok"])
            code, measured = check.code, check.check
            if code == "budget.unbalanced":
                difference = float(plan.expenses - plan.resources)
                s.formula(row, 2, f"C{rows.expenses}-C{rows.resources}", difference, EUR_FORMAT)
                write_amount(s.at(row, 3), Decimal(0))
            elif code == "budget.total_mismatch" and view.declared_total is not None:
                write_amount(s.at(row, 2), view.declared_total)
                s.formula(row, 3, f"C{rows.expenses}", float(plan.expenses), EUR_FORMAT)
            elif code in ("budget.public_rate", "budget.self_financing"):
                public = code == "budget.public_rate"
                cell = f"D{rows.public}" if public else f"D{rows.public + 1}"
                # The exact share the cell it points to holds (the row's share is rounded).
                part = plan.public if public else plan.self_financing
                s.formula(row, 2, cell, cached_share(quotient(part, plan.eligible)), PERCENT_FORMAT)
                rate = financing.max_public_rate if public else financing.min_self_financing
                s.at(row, 3).value = float(rate) if rate is not None else None
                s.at(row, 3).number_format = PERCENT_FORMAT
            elif code == "budget.cofinancing" and view.cofinancing is not None:
                fund = view.cofinancing
                amount, expected = float(fund.amount), float(fund.expected or 0)
                s.formula(row, 2, f"C{rows.funds[fund.fund]}", amount, EUR_FORMAT)
                factor = format(fund.rate_of_public.normalize(), "f")
                # Excel's ROUND rounds halves away from zero: half-up for these positive amounts.
                s.formula(row, 3, f"ROUND({factor}*C{rows.public},2)", expected, EUR_FORMAT)
            elif code == "budget.fund_limit" and measured.subject in rows.funds:
                subject = measured.subject
                limit = financing.fund_limits[subject]
                amount = float(plan.fund(subject))
                s.formula(row, 2, f"C{rows.funds[subject]}", amount, EUR_FORMAT)
                bounds = (
                    format_eur(b, self.lang) if b is not None else "—"
                    for b in (limit.min, limit.max)
                )
                s.text(row, 3, " – ".join(bounds))
            elif self._programme_check(row, check, rows):
                pass
            else:  # a rule on lines (amounts, funders, at least one line): what it counted
                s.text(row, 2, check.shows(self.lang) or None)
            for column in (2, 3):  # a text value or bound sits right, as the numbers do
                if s.at(row, column).data_type == "s":
                    s.at(row, column).alignment = RIGHT_WRAP
        self.row = row + 2

    def _programme_check(self, row: int, check: CheckRow, rows: _Rows) -> bool:
        """The second layer's rows (SPEC-financing.md) as live formulas; False for others."""
        s, measured, plan = self.s, check.check, check_plan(self.outcome)
        code, subject = measured.code, measured.subject
        own, public = f"C{rows.public + 1}", f"C{rows.public}"
        if code == "budget.fund_rate" and subject in rows.funds:
            formula = f'IF({rows.eligible}=0,"",C{rows.funds[subject]}/{rows.eligible})'
            s.formula(row, 2, formula, cached_share(measured.share), PERCENT_FORMAT)
            terms = measured.terms
            s.text(
                row,
                3,
                f"{render_value(terms['min'], self.lang)} – {render_value(terms['max'], self.lang)}",
            )
        elif code == "budget.flat_rate" and subject is not None:
            figure = next(f for f in plan.flat_rates if f.category == subject)
            amounts = "+".join(f"E{rows.lines[i]}" for i in figure.lines)
            s.formula(
                row, 2, amounts, float(sum(plan.lines[i].amount for i in figure.lines)), EUR_FORMAT
            )
            s.formula(
                row, 3, _flat_maximum(figure, plan, rows.lines), float(figure.maximum), EUR_FORMAT
            )
        elif code == "budget.public_owner":
            total = f"({own}+{public})"
            formula = f'IF({total}=0,"",{own}/{total})'
            s.formula(row, 2, formula, cached_share(measured.share), PERCENT_FORMAT)
            assert self.outcome.grid is not None
            share = self.outcome.grid.financing.public_owner_share
            s.at(row, 3).value = float(share) if share is not None else None
            s.at(row, 3).number_format = PERCENT_FORMAT
        elif code == "budget.de_minimis":
            prior = format(plan.de_minimis_prior, "f")
            value = float(plan.de_minimis_prior + plan.public)
            s.formula(row, 2, f"{prior}+{public}", value, EUR_FORMAT)
            assert isinstance(measured.bound, Decimal)
            write_amount(s.at(row, 3), measured.bound)
        elif code == "budget.ineligible":
            formula = f"C{rows.expenses}-{rows.eligible}"
            s.formula(row, 2, formula, float(plan.ineligible), EUR_FORMAT)
        else:
            return False
        return True
