"""The formats: amounts in every accepted notation, strict types, unknown fields, positions."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import Call, reference_text
from grantgrid.loading import parse_text
from grantgrid.money import AmountError, format_eur, format_percent, parse_amount


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7335.76", "7335.76"),
        ("7335,76", "7335.76"),
        ("7 335,76 €", "7335.76"),
        ("7\u00a0335,76\u00a0€", "7335.76"),
        ("7\u202f335,76 €", "7335.76"),
        ("1 234 567,8", "1234567.8"),
        ("12€", "12"),
    ],
)
def test_amount_notations_accepted(text: str, value: str) -> None:
    assert parse_amount(text) == Decimal(value)


@pytest.mark.parametrize(
    "text",
    ["1e2", "1_000.00", "١٢٣", " 12.30 ", "12,30,1", "1 23,00", "€", "", "12.", ".5", "1.234,56"],
)
def test_amount_notations_refused(text: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(text)


ACCEPTED = ["7335.76", "7335,76", "7 335,76 €", "7\u00a0335,76\u00a0€", "7\u202f335,76 €", "12€"]
REFUSED = ["1e2", "1_000.00", " 12.30 ", "1 23,00", "€", "12.", "1.234,56", "12.345", "12,3456"]


@pytest.mark.parametrize("text", ACCEPTED + REFUSED)
def test_editor_schema_accepts_the_amounts_grantgrid_accepts(text: str) -> None:
    """The JSON Schema's amount pattern (for editors) agrees with the amount parser."""
    import re

    from grantgrid.models.types import _AMOUNT_TEXT

    assert bool(re.match(_AMOUNT_TEXT, text)) is (text in ACCEPTED)


def test_an_empty_value_is_reported_at_its_key(call: Call) -> None:
    """`name:` with nothing after it: the parser places the value at the next key."""
    text = reference_text().replace("  name: Association Des Lendemains qui chantent", "  name:", 1)
    call.dossier("d.yaml", text)
    name = text.splitlines().index("  name:") + 1
    assert call.problems("d.yaml") == [("schema.type", name, 3)]


def test_an_empty_value_on_the_last_line_is_reported_on_it(call: Call) -> None:
    """Never a line past the end of the file."""
    text = reference_text().replace("title: Révolution numérique et ambition culturelle\n", "")
    call.dossier("d.yaml", text.rstrip("\n") + "\ntitle:\n")
    last = len(text.rstrip("\n").splitlines()) + 1
    assert call.problems("d.yaml") == [("schema.type", last, 1)]


def test_an_empty_section_is_nothing_scored_or_answered_yet(call: Call) -> None:
    text = reference_text().replace(
        "scores:\n  restreint:", "scores:\n  cuc:\n  restreint:\n    bonus:\n  x_restreint:", 1
    )
    text = text[: text.index("  x_restreint:")] + 'remarks: ""\n'
    call.dossier("d.yaml", text)
    run = call.run()
    outcome = run.outcomes[0]
    assert outcome.diagnostics.errors == []
    assert outcome.status.value == "incomplete"
    assert [s.complete for s in outcome.stages] == [
        False,
        False,
        False,
    ]  # technique, restreint, cuc


def test_carriage_returns_in_text_become_line_breaks(call: Call) -> None:
    """A `\\r` would reach the workbook, whose XML reads it back as `\\n`: one form from the start."""
    text = reference_text().replace('remarks: ""', 'remarks: "a\\r\\nb\\rc\\r=1"')
    call.dossier("d.yaml", text)
    [outcome] = call.run().outcomes
    assert outcome.dossier is not None and outcome.dossier.remarks == "a\nb\nc\n=1"


def test_number_text_is_kept_exact() -> None:
    loaded = parse_text("x.yaml", "a: 12345678901234567.89\nb: 0.1\nc: 2576.50\n")
    assert loaded.document is not None
    assert loaded.document.data == {
        "a": Decimal("12345678901234567.89"),
        "b": Decimal("0.1"),
        "c": Decimal("2576.50"),
    }


@pytest.mark.parametrize(
    ("part", "whole", "bound", "shown"),
    [
        ("2499.99", "10000", "0.25", "24,9999 %"),
        ("7000.01", "10000", "0.70", "70,0001 %"),
        ("2500.00", "10000", "0.25", "25 %"),
        ("36678.81", "45848.51", "0.80", "80 %"),  # the fiche: the bound at the cent
        ("9169.70", "45848.51", "0.20", "20 %"),
        ("3000", "10000", "0.25", "30 %"),
    ],
)
def test_a_rate_beside_its_bound(part: str, whole: str, bound: str, shown: str) -> None:
    from grantgrid.money import percent_beside

    assert percent_beside(Decimal(part), Decimal(whole), Decimal(bound)) == shown


@pytest.mark.parametrize(
    ("text", "line", "column", "hint"),
    [
        ('a: 1\ntitle: "Guillemet\ngrid: x\n', 2, 8, "the quote opened here is never closed"),
        ("title: Projet: la suite\n", 1, 14, "put the text in quotes"),
        ("a: [1, 2\nb: 3\n", 2, 2, "opened at line 1, column 4 is not closed"),
        ("title: @projet\n", 1, 8, "put the text in quotes"),
    ],
)
def test_syntax_errors_say_where_and_what_to_do(
    text: str, line: int, column: int, hint: str
) -> None:
    [diagnostic] = parse_text("x.yaml", text).diagnostics
    assert diagnostic.code == "yaml.syntax"
    assert (diagnostic.position.line, diagnostic.position.column) == (line, column)
    assert hint in diagnostic.message


def test_french_formatting() -> None:
    assert format_eur(Decimal("45848.51")) == "45 848,51 €"
    assert format_eur(Decimal("-0.00")) == "0,00 €"
    assert format_percent(Decimal("0.8")) == "80 %"


def test_yaml_12_keeps_no_as_text_and_refuses_11(call: Call) -> None:
    loaded = parse_text("x.yaml", "country: NO\ncode: 0755\n")
    assert loaded.document is not None and loaded.document.data == {"country": "NO", "code": 755}
    refused = parse_text("x.yaml", "%YAML 1.1\n---\ncountry: NO\n")
    assert [(d.code, d.position) for d in refused.diagnostics] == [
        ("yaml.version", refused.diagnostics[0].position)
    ]
    assert refused.diagnostics[0].position is not None and refused.diagnostics[0].position.line == 1


def test_duplicate_key_names_both_lines() -> None:
    loaded = parse_text("x.yaml", 'amount: 100\nother: 1\n"amount": 999999\n')
    [problem] = loaded.diagnostics
    assert problem.code == "yaml.duplicate_key" and problem.position is not None
    assert (problem.position.line, problem.position.column) == (
        3,
        1,
    ) and "line 1" in problem.message


def test_python_tags_are_refused_with_position() -> None:
    loaded = parse_text("x.yaml", "title: !!python/object/apply:os.system ['echo hi']\n")
    [problem] = loaded.diagnostics
    assert (
        problem.code == "yaml.tag" and problem.position is not None and problem.position.line == 1
    )


def test_strict_types_and_unknown_fields(call: Call) -> None:
    text = (
        reference_text()
        .replace("title: ", "title: 2017 #", 1)
        .replace("applicant:", "applicant:\n  nme: x", 1)
    )
    call.dossier("d.yaml", text)
    run = call.run()
    messages = {d.code: d.message for d in run.outcomes[0].diagnostics.errors}
    assert "expected text, got the number 2017 (put it in quotes)" in messages["schema.type"]
    assert "Did you mean 'name'?" in messages["schema.unknown_field"]


def test_scores_in_french_notation_are_numbers_and_a_boolean_is_not(call: Call) -> None:
    """SPEC.md: scores in plain or French notation (`1.5`, `"1,5"`); `3,5` unquoted is the
    text "3,5" in YAML, a French 3.5 too. A boolean is a type error, with no quoting hint."""
    text = (
        reference_text()
        .replace("amont: 2", 'amont: "2"', 1)
        .replace("objet: 2", "objet: true", 1)
        .replace("action: 2", 'action: "1,5"', 1)
    )
    call.dossier("d.yaml", text)
    outcome = call.run().outcomes[0]
    errors = outcome.diagnostics.errors
    # "2" is 2; "1,5" is read as 1.5, which the reference grid's step of 1 refuses as such.
    assert [d.code for d in errors] == ["schema.type", "score.out_of_range"]
    assert "'true'" in errors[0].message and "quotes" not in errors[0].message
    assert "1,5" in errors[1].message_in("fr") and "1.5" in errors[1].message


def test_a_comma_inside_braces_says_to_quote_once(call: Call) -> None:
    """`{amount: 12 500,00}`, `{label: Salaire (0,5 ETP)}`, `{action: 1,5}`: one diagnostic
    each, saying to quote, instead of a key that is not text or an unknown field."""
    text = reference_text().replace("action: 2", "action: 1,5", 1)
    text = text.replace(
        "- {label: Mise en place d'un cloud, amount: 2576.50",
        "- {label: Salaire (0,5 ETP), amount: 12 500,00",
        1,
    )
    call.dossier("d.yaml", text)
    errors = call.run().outcomes[0].diagnostics.errors
    assert [d.code for d in errors] == ["yaml.unquoted_comma"] * 3, [d.format() for d in errors]
    messages = [d.message for d in errors]
    assert any('put the text in quotes: `label: "Salaire (0,5 ETP)"`' in m for m in messages)
    assert any('put the amount in quotes: `amount: "12 500,00"`' in m for m in messages)
    assert any('put the number in quotes: `action: "1,5"`' in m for m in messages)
    assert any(
        'mettez le montant entre guillemets : `amount: "12 500,00"`' in d.message_in("fr")
        for d in errors
    )


def test_a_score_in_a_refused_notation_gets_a_hint_that_fits(call: Call) -> None:
    call.dossier("d.yaml", reference_text().replace("amont: 2", 'amont: "2e0"', 1))
    [error] = call.run().outcomes[0].diagnostics.errors
    # schema.notation: the plain spelling as the fix, never "remove the quotes".
    assert error.code == "schema.notation"
    assert "write 2" in error.message and "quotes" not in error.message
    assert "écrivez 2" in error.message_in("fr")


def test_duplicate_dossier_ids_flag_both_files(call: Call) -> None:
    call.dossier("a.yaml", reference_text())
    call.dossier("b.yaml", reference_text())
    run = call.run()
    assert all(o.status.value == "invalid" for o in run.outcomes)
    assert all(
        any(d.code == "dossier.duplicate_id" for d in o.diagnostics.errors) for o in run.outcomes
    )


def test_ids_differing_only_in_case_are_duplicates(call: Call) -> None:
    """One file name on Windows and macOS, one sheet name in Excel."""
    call.dossier("a.yaml", reference_text())
    call.dossier(
        "b.yaml", reference_text().replace("dossier: DLQC-2017-01", "dossier: dlqc-2017-01")
    )
    messages = [d.message for o in call.run().outcomes for d in o.diagnostics.errors]
    assert len(messages) == 2 and "'dlqc-2017-01' is also used by" in " ".join(messages)


@pytest.mark.parametrize("title", ['""', '"   "', '"\u3164"', '"x\U000e0041"', '"\u180e"'])
def test_a_title_must_show_something(call: Call, title: str) -> None:
    call.dossier(
        "a.yaml",
        reference_text().replace(
            "title: Révolution numérique et ambition culturelle", f"title: {title}"
        ),
    )
    codes = [d.code for d in call.run().outcomes[0].diagnostics.errors]
    assert codes in (["schema.type"], ["schema.character"])


def test_grid_found_by_relative_path_and_missing_grid(call: Call) -> None:
    call.dossier(
        "a.yaml",
        reference_text().replace(
            "grid: leader-tulle-2014-2020", "grid: ../grids/leader-tulle.yaml"
        ),
    )
    call.dossier(
        "b.yaml",
        reference_text()
        .replace("DLQC-2017-01", "B-1")
        .replace("grid: leader-tulle-2014-2020", "grid: leader-tulle-2014"),
    )
    run = call.run()
    by_name = {o.source.name: o for o in run.outcomes}
    assert by_name["a.yaml"].status.value == "selected"
    [problem] = by_name["b.yaml"].diagnostics.errors
    assert (
        problem.code == "grid.not_found"
        and "Did you mean 'leader-tulle-2014-2020'?" in problem.message
    )


def test_two_grid_files_with_the_same_id(call: Call) -> None:
    grids = call.root / "grids"
    (grids / "copy.yaml").write_bytes((grids / "leader-tulle.yaml").read_bytes())
    call.dossier("a.yaml", reference_text())
    [problem] = call.run().outcomes[0].diagnostics.errors
    assert problem.code == "grid.duplicate_id" and "copy.yaml" in problem.message


def test_grid_reference_can_only_name_a_yaml_file(call: Call) -> None:
    call.dossier(
        "a.yaml", reference_text().replace("grid: leader-tulle-2014-2020", "grid: /etc/passwd")
    )
    [problem] = call.run().outcomes[0].diagnostics.errors
    assert (
        problem.code == "grid.not_found" and "neither a grid id nor a .yaml file" in problem.message
    )


def test_a_grid_file_outside_the_call_is_refused(call: Call, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    """A dossier cannot make grantgrid read (and quote the keys of) any YAML file around."""
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "secret.yaml"
    elsewhere.write_text("db_password: x\n", encoding="utf-8")
    link = call.root / "grids" / "link.yaml"
    link.symlink_to(elsewhere)
    for reference in (str(elsewhere), "../grids/link.yaml"):
        call.dossier("a.yaml", reference_text().replace("leader-tulle-2014-2020", reference))
        [problem] = call.run().outcomes[0].diagnostics.errors
        assert problem.code == "grid.not_found" and "outside the call's folder" in problem.message
        assert "db_password" not in problem.message


def test_a_lenient_copy_of_the_grid_invalidates_only_its_dossier(call: Call) -> None:
    """Same grid id, another file (by path): the copy's dossier is at fault, not the call."""
    lax = call.root / "lax"
    lax.mkdir()
    official = (call.root / "grids" / "leader-tulle.yaml").read_text(encoding="utf-8")
    (lax / "leader.yaml").write_text(
        official.replace("min_self_financing: 0.20", "min_self_financing: 0"), encoding="utf-8"
    )
    call.dossier("official.yaml", reference_text())
    copy = reference_text().replace("DLQC-2017-01", "COPY-1")
    call.dossier(
        "copy.yaml", copy.replace("grid: leader-tulle-2014-2020", "grid: ../lax/leader.yaml")
    )
    by_id = {o.dossier_id: o for o in call.run().outcomes}
    assert by_id["DLQC-2017-01"].status.value == "selected"
    assert [d.code for d in by_id["COPY-1"].diagnostics.errors] == ["grid.duplicate_id"]
    line = copy.splitlines().index("grid: leader-tulle-2014-2020") + 1
    assert by_id["COPY-1"].diagnostics.errors[0].position.line == line  # type: ignore[union-attr]
