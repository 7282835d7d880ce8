"""maquette.yaml: the bundled file, the model, the file's own codes with their positions."""

from __future__ import annotations

import json
from decimal import Decimal

from maquette_helpers import BASE, BUNDLED, maquette_from, problems

from grantgrid.loading import load_yaml
from grantgrid.maquette import load_maquette, maquette_skeleton, schema
from grantgrid.maquette.models import Maquette
from grantgrid.validation import validate


def test_the_bundled_maquette_is_clean_and_adds_up():
    loaded = load_maquette(BUNDLED)
    assert loaded.diagnostics == []
    maquette = loaded.maquette
    assert maquette is not None
    assert maquette.fund == "leader"
    assert {"1.1", "2.1", "2.2", "3.1"} <= set(maquette.fiches)
    assert (
        sum(f.envelope for f in maquette.fiches.values()) == maquette.total == Decimal("500000.00")
    )
    assert len(maquette.history) == 4
    assert maquette.history[1].date.isoformat() == "2016-11-15"


def test_the_bundled_maquette_has_every_fiche_of_the_bundled_dossiers():
    maquette = load_maquette(BUNDLED).maquette
    assert maquette is not None
    for path in sorted((BUNDLED.parent / "applications").glob("*.yaml")):
        document = load_yaml(path, path.name).document
        assert document is not None
        fiche = document.data["fiche_action"].split()[0]
        assert fiche in maquette.fiches, path.name


def test_amounts_in_french_notation(tmp_path):
    loaded = maquette_from(
        tmp_path,
        """
        maquette: m
        title: T
        fund: leader
        total: "80 000,00 €"
        fiches:
          "1.1": {label: A, envelope: "50 000,00 €"}
          "2.1": {label: B, envelope: "30000,00"}
        """,
    )
    assert loaded.diagnostics == []
    assert loaded.maquette is not None
    assert loaded.maquette.fiches["1.1"].envelope == Decimal("50000.00")


def test_total_mismatch_is_positioned_at_total_with_the_difference(tmp_path):
    loaded = maquette_from(tmp_path, BASE.replace("fund: leader", "fund: leader\ntotal: 80000.01"))
    assert problems(loaded.diagnostics) == [("maquette.yaml", "maquette.total", 4, 8)]
    message = loaded.diagnostics[0].format("fr")
    assert "80 000,00 €" in message and "80 000,01 €" in message and "0,01 €" in message
    assert loaded.maquette is not None  # still usable: the figures are shown


def test_total_equal_to_the_sum_is_fine(tmp_path):
    loaded = maquette_from(tmp_path, BASE.replace("fund: leader", "fund: leader\ntotal: 80000"))
    assert loaded.diagnostics == []


def test_unquoted_fiche_number_is_refused_where_it_is(tmp_path):
    loaded = maquette_from(tmp_path, BASE.replace('"1.1":', "1.1:"))
    assert problems(loaded.diagnostics) == [("maquette.yaml", "schema.key", 5, 3)]
    assert "guillemets" in loaded.diagnostics[0].format("fr")
    assert loaded.maquette is None


def test_a_fiche_number_with_a_space_is_an_id_error(tmp_path):
    loaded = maquette_from(tmp_path, BASE.replace('"1.1":', '"1 1":'))
    assert [d.code for d in loaded.diagnostics] == ["schema.id"]


def test_history_line_on_an_unknown_fiche_suggests_the_closest(tmp_path):
    loaded = maquette_from(
        tmp_path,
        BASE + 'history:\n  - {dossier: OLD-1, fiche: "1.2", amount: 100.00, date: 2016-01-01}\n',
    )
    assert problems(loaded.diagnostics) == [("maquette.yaml", "maquette.unknown_fiche", 8, 29)]
    french = loaded.diagnostics[0].format("fr")
    assert "« 1.2 »" in french and "Vouliez-vous dire « 1.1 » ?" in french


def test_history_dates_are_checked(tmp_path):
    loaded = maquette_from(
        tmp_path,
        BASE + 'history:\n  - {dossier: OLD-1, fiche: "1.1", amount: 100.00, date: "16/01/2016"}\n',
    )
    assert problems(loaded.diagnostics) == [("maquette.yaml", "schema.type", 8, 58)]
    assert "AAAA-MM-JJ" in loaded.diagnostics[0].format("fr")


def test_a_date_that_does_not_exist(tmp_path):
    loaded = maquette_from(
        tmp_path,
        BASE + 'history:\n  - {dossier: OLD-1, fiche: "1.1", amount: 100.00, date: 2016-02-30}\n',
    )
    assert [d.code for d in loaded.diagnostics] == ["yaml.date"]


def test_a_dossier_twice_in_the_history(tmp_path):
    loaded = maquette_from(
        tmp_path,
        BASE
        + "history:\n"
        + '  - {dossier: OLD-1, fiche: "1.1", amount: 100.00, date: 2016-01-01}\n'
        + '  - {dossier: old-1, fiche: "2.1", amount: 200.00, date: 2016-02-01}\n',
    )
    assert problems(loaded.diagnostics) == [("maquette.yaml", "maquette.duplicate", 9, 15)]
    assert "ligne 1" in loaded.diagnostics[0].format("fr")


def test_negative_envelope_and_zero_amounts(tmp_path):
    loaded = maquette_from(
        tmp_path,
        BASE.replace("envelope: 30000.00", "envelope: -1.00")
        + "history:\n"
        + '  - {dossier: OLD-1, fiche: "1.1", amount: 0, date: 2016-01-01}\n'
        + "payments:\n"
        + "  - {dossier: OLD-1, amount: -5.00, date: 2016-03-01}\n",
    )
    assert problems(loaded.diagnostics) == [
        ("maquette.yaml", "maquette.amount", 6, 38),
        ("maquette.yaml", "maquette.amount", 8, 44),
        ("maquette.yaml", "maquette.amount", 10, 30),
    ]
    french = [d.format("fr") for d in loaded.diagnostics]
    assert "l'enveloppe de la fiche « 2.1 » (-1,00 €) est négative" in french[0]
    assert "doit être supérieur à 0" in french[1]


def test_unknown_field_is_a_schema_error_with_did_you_mean(tmp_path):
    loaded = maquette_from(tmp_path, BASE.replace("fund: leader", "fund: leader\nhistoire: []"))
    assert problems(loaded.diagnostics) == [("maquette.yaml", "schema.unknown_field", 4, 1)]
    assert "history" in loaded.diagnostics[0].format("en")


def test_an_amount_with_three_decimals(tmp_path):
    loaded = maquette_from(tmp_path, BASE.replace("50000.00", "50000.005"))
    assert problems(loaded.diagnostics) == [("maquette.yaml", "budget.amount", 5, 39)]


def test_schema_describes_the_format():
    document = schema()
    assert document["$schema"].startswith("https://json-schema.org/")
    assert set(document["required"]) == {"maquette", "title", "fund", "fiches"}
    assert document["additionalProperties"] is False
    json.dumps(document)  # serialisable as is


def test_skeleton_from_the_dossiers_loads_clean(tmp_path):
    text = maquette_skeleton(
        [
            "2.2 Structurer et mettre en réseau",
            "1.1 Accompagner la montée en débit",
            "1.10 Une fiche dixième",
            "1.1 Autre libellé de la même fiche",
            None,
            "",
        ]
    )
    path = tmp_path / "maquette.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_maquette(path)
    assert loaded.diagnostics == []
    assert loaded.maquette is not None
    assert list(loaded.maquette.fiches) == ["1.1", "1.10", "2.2"]
    assert loaded.maquette.fiches["1.1"].label == "Accompagner la montée en débit"
    assert "# " in text  # commented


def test_skeleton_with_no_fiche_still_loads(tmp_path):
    path = tmp_path / "maquette.yaml"
    path.write_text(maquette_skeleton([]), encoding="utf-8")
    assert load_maquette(path).diagnostics == []


def test_validate_gives_a_frozen_model(tmp_path):
    loaded = maquette_from(tmp_path)
    assert loaded.document is not None
    model, found = validate(Maquette, loaded.document)
    assert found == [] and model is not None
    assert model.model_config.get("frozen") is True


def test_hostile_maquette_files_are_refused_with_a_position(tmp_path):
    tagged = maquette_from(
        tmp_path,
        BASE.replace(
            "title: Maquette de test", 'title: !!python/object/apply:os.system ["touch x"]'
        ),
    )
    assert [d.code for d in tagged.diagnostics] == ["yaml.tag"] and tagged.maquette is None
    assert not (tmp_path / "x").exists()
    bidi = maquette_from(tmp_path, BASE.replace("label: Filières", 'label: "Fili\\u202eères"'))
    assert problems(bidi.diagnostics) == [("maquette.yaml", "schema.character", 6, 18)]
    aliases = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"
        for i in range(1, 10)
    )
    bomb = maquette_from(tmp_path, aliases)
    assert bomb.maquette is None and bomb.diagnostics
    assert bomb.diagnostics[0].code.startswith("yaml.")
