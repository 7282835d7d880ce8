"""A dossier's fiche and `maquette.unknown_fiche`, positioned in the dossier."""

from __future__ import annotations

import pytest
from maquette_helpers import BUNDLED, REFERENCE_DOSSIER, document_from

from grantgrid.diagnostics import place
from grantgrid.loading import load_yaml
from grantgrid.maquette import FICHE_ACTION, check_fiche, fiche_of, load_maquette


@pytest.fixture(scope="module")
def maquette():
    loaded = load_maquette(BUNDLED)
    assert loaded.maquette is not None
    return loaded.maquette


@pytest.mark.parametrize(
    ("text", "fiche"),
    [
        ("4.2 Développer l'offre culturelle", "4.2"),
        ("1.1", "1.1"),
        ("  2.1\tSoutenir", "2.1"),
        ("1.1\u00a0Accompagner", "1.1"),  # a non-breaking space ends the number too
        ("", ""),
        (None, ""),
    ],
)
def test_the_fiche_is_the_text_up_to_its_first_space(text, fiche):
    assert fiche_of(text) == fiche


def test_the_reference_dossier_is_on_fiche_1_1_of_the_bundled_maquette(maquette):
    document = load_yaml(REFERENCE_DOSSIER, "applications/dlqc-2017-01.yaml").document
    assert document is not None
    assert fiche_of(document.data["fiche_action"]) == "1.1"
    assert check_fiche(document.data["fiche_action"], maquette) is None


def test_an_unknown_fiche_is_positioned_at_fiche_action_with_did_you_mean(tmp_path, maquette):
    document = document_from(
        tmp_path,
        """
        dossier: CAF-2025-01
        title: Un projet
        fiche_action: "1.2 Accompagner la montée en débit"
        """,
        "applications/caf.yaml" if (tmp_path / "applications").mkdir() is None else "",
    )
    finding = check_fiche(document.data["fiche_action"], maquette)
    assert finding is not None
    assert finding.at == FICHE_ACTION
    diagnostic = place(document, finding)
    assert (diagnostic.path, diagnostic.position.line, diagnostic.position.column) == (
        "applications/caf.yaml",
        3,
        15,
    )
    assert diagnostic.is_error
    assert diagnostic.format("fr") == (
        "applications/caf.yaml:3:15: error maquette.unknown_fiche: la fiche action « 1.2 » "
        "n'est pas une fiche de la maquette « gal-tulle-2014-2020 ». Vouliez-vous dire « 1.1 » ? "
        "Corrigez le numéro au début de `fiche_action`, ou ajoutez la fiche à maquette.yaml."
    )
    assert "Did you mean '1.1'?" in diagnostic.format("en")


def test_a_dossier_without_fiche_action_is_told_which_fiches_exist(tmp_path, maquette):
    document = document_from(tmp_path, "dossier: CAF-2025-01\ntitle: Un projet\n", "caf.yaml")
    finding = check_fiche(document.data.get("fiche_action"), maquette)
    assert finding is not None and finding.variant == "missing"
    diagnostic = place(document, finding)
    assert (diagnostic.position.line, diagnostic.position.column) == (1, 1)
    assert "1.1, 2.1, 2.2, 3.1, 4.1, 5.1" in diagnostic.format("fr")


def test_an_empty_fiche_action_is_pointed_at(tmp_path, maquette):
    document = document_from(tmp_path, 'dossier: X\nfiche_action: ""\n', "x.yaml")
    finding = check_fiche(document.data["fiche_action"], maquette)
    assert finding is not None and finding.variant == "missing"
    position = place(document, finding).position
    assert (position.line, position.column) == (2, 15)


def test_a_fiche_far_from_any_lists_the_fiches(maquette):
    finding = check_fiche("Fiche 1.1 Accompagner", maquette)
    assert finding is not None
    assert finding.params["fiche"] == "Fiche"
    assert "Valeurs possibles" in finding.params["suggestion"]("fr")


def test_the_label_after_a_wrong_number_names_the_fiche(maquette):
    finding = check_fiche("9.9 Animation et fonctionnement du GAL", maquette)
    assert finding is not None
    assert finding.params["suggestion"]("fr") == " Vouliez-vous dire « 5.1 » ?"


def test_fiche_diagnostic_places_the_finding_in_the_dossier(maquette):
    from grantgrid.maquette import fiche_diagnostic

    document = load_yaml(REFERENCE_DOSSIER, "applications/dlqc-2017-01.yaml").document
    assert document is not None
    assert fiche_diagnostic(document, document.data["fiche_action"], maquette) is None
    diagnostic = fiche_diagnostic(document, "7.7 Autre", maquette)
    assert diagnostic is not None
    assert (diagnostic.path, diagnostic.position.line, diagnostic.position.column) == (
        "applications/dlqc-2017-01.yaml",
        12,
        15,
    )
