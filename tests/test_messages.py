"""Messages in the committee's language: the reports and the workbook are French by default,
so every message they show about a dossier has a French version (the command line and JSON
speak English, like the codes)."""

from __future__ import annotations

from conftest import Call, reference_text, replace_budget
from grantgrid.diagnostics import did_you_mean

BROKEN_BUDGET = """
    budget:
      expenses:
        - {label: Zéro, amount: 0}
        - {label: Trop précis, amount: 10.005}
        - {label: Texte, amount: "douze"}
        - {label: Nul, amount: null}
      resources:
        - {funder: regoin, amount: 100}
        - {funder: autofinancement, amount: -1}
        - {funder: leader, amount: 50000}
      total: 1
"""


def broken_dossier() -> str:
    text = replace_budget(reference_text(), BROKEN_BUDGET)
    return (
        text.replace("title: Révolution numérique et ambition culturelle", "title: 2017", 1)
        .replace("{start: 2017, end: 2019}", "{start: 2019, end: 2017}")
        .replace("applicant:", "applicant:\n  nme: x", 1)
        .replace("dossier: DLQC-2017-01", "dossier: DLQC/2017", 1)
        .replace("restreint:\n    innovant: {amont: 2,", "restrient:\n    innovant: {amont: 2,", 1)
    )


def test_every_dossier_message_has_a_french_version(call: Call) -> None:
    call.dossier("broken.yaml", broken_dossier())
    call.dossier(
        "scores.yaml",
        reference_text()
        .replace("amont: 2, objet: 2, action: 2}", "amont: 3, objt: 2, action: 1.5}", 1)
        .replace("dossier: DLQC-2017-01", "dossier: SCORES-1"),
    )
    call.dossier(
        "nogrid.yaml",
        "dossier: X-1\ngrid: leader-tule\napplicant: {name: A}\nbudget: {}\n",
    )
    call.dossier("empty.yaml", "")
    call.dossier("list.yaml", "- a\n- b\n")
    call.dossier("keys.yaml", "1: a\ntrue: b\n")
    run = call.run()
    diagnostics = [d for o in run.outcomes for d in o.diagnostics.items]
    codes = {d.code for d in diagnostics}
    assert {"budget.amount", "budget.unknown_funder", "schema.type", "schema.missing"} <= codes
    assert {"schema.unknown_field", "schema.id", "dossier.period", "score.unknown_stage"} <= codes
    assert {"score.out_of_range", "score.unknown_cell", "grid.not_found"} <= codes
    assert {"schema.document", "schema.key"} <= codes
    untranslated = [
        d.format()
        for d in diagnostics
        if not d.code.startswith("yaml.") and d.message_in("fr") == d.message_in("en")
    ]
    assert untranslated == []


def test_french_messages_read_as_french(call: Call) -> None:
    call.dossier(
        "d.yaml",
        replace_budget(
            reference_text(), BROKEN_BUDGET.replace("amount: 50000", "amount: 29343.05")
        ),
    )
    [outcome] = call.run().outcomes
    french = [d.message_in("fr") for d in outcome.diagnostics.sorted()]
    assert "financeur inconnu « regoin ». Vouliez-vous dire « region » ?" in french
    assert (
        "budget.expenses[3].amount : 'douze' n'est pas un montant : écrivez-le 1234.56, "
        '"1234,56" ou "1 234,56 €"'
    ) in french
    assert "le montant de la ressource « autofinancement » (-1) est négatif" in french
    assert outcome.diagnostics.items[0].message_in("en") == outcome.diagnostics.items[0].message


def test_a_rejection_reason_follows_the_language(call: Call) -> None:
    low = reference_text().replace(
        "{amont: 2, objet: 2, action: 2}", "{amont: 0, objet: 0, action: 0}"
    )
    call.dossier("d.yaml", low)
    [outcome] = call.run().outcomes
    assert outcome.status.value == "rejected"
    assert [r.text("fr") for r in outcome.reasons] == ["total de 2, sous le minimum de 10"]
    assert [str(r) for r in outcome.reasons] == ["total 2 is below the minimum of 10"]


def test_did_you_mean_in_french() -> None:
    assert did_you_mean("regoin", ["region", "leader"], "fr") == " Vouliez-vous dire « region » ?"
    assert did_you_mean("zzz", ["a", "b"], "fr") == " Valeurs possibles : 'a', 'b'."
