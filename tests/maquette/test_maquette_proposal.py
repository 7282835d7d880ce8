"""The proposal: selected dossiers awaiting a decision, in rank order, fundable or waiting."""

from __future__ import annotations

from decimal import Decimal

from maquette_helpers import BASE, candidate, decided, maquette_from, view_of

# Fiche 1.1: 50 000 € envelope, 22 500 € programmed before: 27 500 € available.
TEXT = BASE + 'history:\n  - {dossier: OLD-1, fiche: "1.1", amount: 22500.00, date: 2016-11-15}\n'


def rows(view, fiche="1.1"):
    return [(p.dossier, p.fundable, p.remaining) for p in view.proposal[fiche]]


def test_a_later_smaller_dossier_is_still_tried_in_turn(tmp_path):
    candidates = [
        candidate("DLQC-2017-01", "1.1", 1, "29343.05"),
        candidate("RES-2020-05", "1.1", 2, "20000.00"),
        candidate("BIG-3", "1.1", 3, "8000.00"),
        candidate("SMALL-4", "1.1", 4, "7500.00"),
    ]
    view = view_of(maquette_from(tmp_path, TEXT), candidates=candidates)
    assert rows(view) == [
        ("DLQC-2017-01", False, Decimal("27500.00")),
        ("RES-2020-05", True, Decimal("7500.00")),
        ("BIG-3", False, Decimal("7500.00")),
        ("SMALL-4", True, Decimal("0.00")),  # takes exactly what is left
    ]


def test_exactly_what_is_left_is_fundable_one_cent_more_waits(tmp_path):
    loaded = maquette_from(tmp_path, TEXT)
    view = view_of(loaded, candidates=[candidate("A-1", "1.1", 1, "27500.00")])
    assert rows(view) == [("A-1", True, Decimal("0.00"))]
    view = view_of(loaded, candidates=[candidate("A-1", "1.1", 1, "27500.01")])
    assert rows(view) == [("A-1", False, Decimal("27500.00"))]


def test_rank_order_not_input_order_and_ties_by_id(tmp_path):
    candidates = [
        candidate("Z-9", "1.1", 2, "1.00"),
        candidate("b-2", "1.1", 1, "1.00"),
        candidate("A-1", "1.1", 1, "1.00"),
    ]
    view = view_of(maquette_from(tmp_path, TEXT), candidates=candidates)
    assert [p.dossier for p in view.proposal["1.1"]] == ["A-1", "b-2", "Z-9"]
    assert [p.rank for p in view.proposal["1.1"]] == [1, 1, 2]


def test_only_selected_dossiers_without_a_decision_or_postponed(tmp_path):
    candidates = [
        candidate("PROG-1", "1.1", 1, "100.00"),
        candidate("RES-2", "1.1", 2, "100.00"),
        candidate("REF-3", "1.1", 3, "100.00"),
        candidate("AJ-4", "1.1", 4, "100.00"),
        candidate("NEW-5", "1.1", 5, "100.00"),
        candidate("REJ-6", "1.1", 6, "100.00", status="rejected"),
        candidate("INC-7", "1.1", None, "100.00", status="incomplete"),
        candidate("OTHER-8", "9.9", 7, "100.00"),
        candidate("OLD-1", "1.1", 8, "100.00"),  # in the history: programmed already
    ]
    decisions = [
        decided("PROG-1", "1.1", "programme", "100.00", "2025-02-04"),
        decided("RES-2", "1.1", "reserve", "100.00", "2025-02-04"),
        decided("REF-3", "1.1", "refuse", "100.00", "2025-02-04"),
        decided("AJ-4", "1.1", "ajourne", "100.00", "2025-02-04"),
    ]
    view = view_of(maquette_from(tmp_path, TEXT), decisions, candidates)
    assert list(view.proposal) == ["1.1"]
    assert rows(view) == [
        ("AJ-4", True, Decimal("27200.00")),
        ("NEW-5", True, Decimal("27100.00")),
    ]


def test_a_dossier_decided_then_postponed_is_proposed_again(tmp_path):
    decisions = [
        decided("A-1", "1.1", "reserve", "5000.00", "2025-02-04"),
        decided("A-1", "1.1", "ajourne", "5000.00", "2025-06-10"),
    ]
    view = view_of(
        maquette_from(tmp_path, TEXT), decisions, [candidate("A-1", "1.1", 1, "5000.00")]
    )
    assert rows(view) == [("A-1", True, Decimal("22500.00"))]


def test_ids_compare_ignoring_case(tmp_path):
    decisions = [decided("caf-1", "1.1", "programme", "100.00", "2025-02-04")]
    view = view_of(maquette_from(tmp_path, TEXT), decisions, [candidate("CAF-1", "1.1", 1, "1.00")])
    assert view.proposal == {}


def test_an_overrun_fiche_funds_nothing(tmp_path):
    decisions = [decided("A-1", "1.1", "programme", "28000.00", "2025-02-04")]
    view = view_of(maquette_from(tmp_path, TEXT), decisions, [candidate("B-2", "1.1", 1, "0.01")])
    assert rows(view) == [("B-2", False, Decimal("-500.00"))]


def test_fiches_in_the_maquette_order_each_with_its_own_money(tmp_path):
    candidates = [candidate("B-2", "2.1", 1, "30000.00"), candidate("A-1", "1.1", 2, "27500.00")]
    view = view_of(maquette_from(tmp_path, TEXT), candidates=candidates)
    assert list(view.proposal) == ["1.1", "2.1"]
    assert rows(view, "2.1") == [("B-2", True, Decimal("0.00"))]
    assert rows(view, "1.1") == [("A-1", True, Decimal("0.00"))]


def test_the_requested_amount_is_the_dossiers_resource_of_the_fund():
    from grantgrid.maquette import requested

    lines = [
        ("region", Decimal("7335.76")),
        ("leader", Decimal("29343.05")),
        ("leader", Decimal("1.00")),
    ]
    assert requested(lines, "leader") == Decimal("29344.05")
    assert requested(lines, "feder") == Decimal("0.00")
