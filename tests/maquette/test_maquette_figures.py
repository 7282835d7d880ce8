"""Figures: programmé, réservé, disponible, payé; `maquette.exceeded` in date order; overpaid."""

from __future__ import annotations

from decimal import Decimal

import pytest
from maquette_helpers import BASE, BUNDLED, decided, document_from, maquette_from, problems, view_of

from grantgrid.maquette import Where, compute, load_maquette

MEETINGS = """
meeting: cp-2025-02-04
date: 2025-02-04
decisions:
  CAF-1:
    decision: programme
    amount: 20000.00
  CAF-2:
    decision: reserve
    amount: 20000.01
"""

HISTORY = BASE + (
    "history:\n"
    '  - {dossier: OLD-1, fiche: "1.1", amount: 30000.00, date: 2016-11-15, title: Ancien}\n'
    "payments:\n"
    "  - {dossier: OLD-1, amount: 10000.00, date: 2017-06-30}\n"
    "  - {dossier: OLD-1, amount: 15000.00, date: 2018-01-31}\n"
)


@pytest.fixture
def meeting(tmp_path):
    return document_from(tmp_path, MEETINGS, "meetings/cp-2025-02-04.yaml".replace("/", "-"))


def fiche(view, fiche_id="1.1"):
    return view.figures.fiches[fiche_id]


def test_history_is_programme_and_payments_are_paye(tmp_path):
    view = view_of(maquette_from(tmp_path, HISTORY))
    figures = fiche(view)
    assert figures.envelope == Decimal("50000.00")
    assert figures.programme == Decimal("30000.00")
    assert figures.reserve == 0
    assert figures.disponible == Decimal("20000.00")
    assert figures.paye == Decimal("25000.00")
    assert figures.programme_share == Decimal("0.6")
    assert view.diagnostics == []


def test_a_dossier_that_takes_exactly_what_is_left(tmp_path, meeting):
    at = Where.of(meeting, ("decisions", "CAF-1", "amount"))
    decision = decided("CAF-1", "1.1", "programme", "20000.00", "2025-02-04", at=at)
    view = view_of(maquette_from(tmp_path, HISTORY), [decision])
    assert fiche(view).disponible == 0
    assert fiche(view).programme == Decimal("50000.00")
    assert fiche(view).programme_share == 1
    assert view.diagnostics == []


def test_one_cent_over_exceeds_at_the_decision_in_the_meeting_file(tmp_path, meeting):
    at = Where.of(meeting, ("decisions", "CAF-2", "amount"))
    decision = decided("CAF-2", "1.1", "reserve", "20000.01", "2025-02-04", "cp-2025-02-04", at)
    view = view_of(maquette_from(tmp_path, HISTORY), [decision])
    assert problems(view.diagnostics) == [
        ("meetings-cp-2025-02-04.yaml", "maquette.exceeded", 9, 13)
    ]
    diagnostic = view.diagnostics[0]
    assert diagnostic.is_error
    assert diagnostic.data_path == ("decisions", "CAF-2", "amount")
    assert diagnostic.params["overrun"] == Decimal("0.01")
    assert diagnostic.format("fr").endswith(
        "la décision sur « CAF-2 » (réservé, 20 000,01 € ; comité « cp-2025-02-04 » du 04/02/2025) "
        "fait dépasser l'enveloppe de la fiche « 1.1 » (50 000,00 €) de 0,01 € (disponible avant "
        "elle : 20 000,00 €) ; réduisez le montant, modifiez la maquette ou mettez le dossier "
        "en attente."
    )
    assert "by €0.01" in diagnostic.format("en")
    # the decision still counts: the maquette shows the overrun
    assert fiche(view).reserve == Decimal("20000.01")
    assert fiche(view).disponible == Decimal("-0.01")


def test_the_decision_that_overruns_is_the_later_one_whatever_the_order_given(tmp_path):
    first = decided("A-1", "2.1", "programme", "20000.00", "2025-01-10", "cp-2025-01-10")
    second = decided("B-2", "2.1", "programme", "15000.00", "2025-03-10", "cp-2025-03-10")
    for order in ([first, second], [second, first]):
        view = view_of(maquette_from(tmp_path), order)
        overruns = view.figures.overruns
        assert [o.commitment.dossier for o in overruns] == ["B-2"]
        assert overruns[0].before == Decimal("10000.00")
        assert overruns[0].overrun == Decimal("5000.00")


def test_on_one_day_meetings_by_id_then_agenda_order(tmp_path):
    a = decided("A-1", "2.1", "programme", "20000.00", "2025-01-10", "cp-b")
    b = decided("B-2", "2.1", "programme", "15000.00", "2025-01-10", "cp-a")
    view = view_of(maquette_from(tmp_path), [a, b])
    assert [o.commitment.dossier for o in view.figures.overruns] == ["A-1"]
    c = decided("C-3", "2.1", "programme", "15000.01", "2025-01-10", "cp-a")
    view = view_of(maquette_from(tmp_path), [c, b])  # same meeting: the agenda's order
    assert [o.commitment.dossier for o in view.figures.overruns] == ["B-2"]


def test_every_further_decision_on_an_overrun_fiche_is_reported(tmp_path):
    decisions = [
        decided("A-1", "2.1", "programme", "30000.01", "2025-01-10"),
        decided("B-2", "2.1", "reserve", "100.00", "2025-02-10"),
    ]
    view = view_of(maquette_from(tmp_path), decisions)
    assert [(o.commitment.dossier, o.overrun) for o in view.figures.overruns] == [
        ("A-1", Decimal("0.01")),
        ("B-2", Decimal("100.01")),
    ]


def test_reserved_then_programmed_for_more_counts_once_and_judges_the_increase(tmp_path):
    loaded = maquette_from(tmp_path, BASE.replace("envelope: 30000.00", "envelope: 14000.00"))
    decisions = [
        decided("CAF-3", "2.1", "reserve", "12000.00", "2025-02-04", "cp-2025-02-04"),
        decided("CAF-3", "2.1", "programme", "15000.00", "2025-06-10", "cp-2025-06-10"),
    ]
    view = view_of(loaded, decisions)
    assert fiche(view, "2.1").programme == Decimal("15000.00")
    assert fiche(view, "2.1").reserve == 0
    assert fiche(view, "2.1").disponible == Decimal("-1000.00")
    [overrun] = view.figures.overruns
    assert overrun.commitment.meeting == "cp-2025-06-10"
    assert overrun.before == Decimal("2000.00")
    assert overrun.overrun == Decimal("1000.00")
    [diagnostic] = view.diagnostics
    assert diagnostic.variant == "changed"
    assert "au lieu de 12 000,00 € réservé auparavant" in diagnostic.format("fr")


def test_reserved_then_programmed_for_more_within_the_envelope(tmp_path):
    decisions = [
        decided("CAF-3", "2.1", "reserve", "12000.00", "2025-02-04"),
        decided("CAF-3", "2.1", "programme", "15000.00", "2025-06-10"),
    ]
    view = view_of(maquette_from(tmp_path), decisions)
    assert (fiche(view, "2.1").programme, fiche(view, "2.1").reserve) == (Decimal("15000.00"), 0)
    assert fiche(view, "2.1").disponible == Decimal("15000.00")
    assert view.diagnostics == []


def test_a_lowered_decision_never_exceeds(tmp_path):
    loaded = maquette_from(tmp_path, BASE.replace("envelope: 30000.00", "envelope: 14000.00"))
    decisions = [
        decided("CAF-3", "2.1", "reserve", "15000.00", "2025-02-04"),
        decided("CAF-3", "2.1", "programme", "12000.00", "2025-06-10"),
    ]
    view = view_of(loaded, decisions)
    assert [o.commitment.date.isoformat() for o in view.figures.overruns] == ["2025-02-04"]
    assert fiche(view, "2.1").disponible == Decimal("2000.00")


def test_a_refusal_frees_the_reserved_money(tmp_path):
    decisions = [
        decided("CAF-4", "1.1", "reserve", "10000.00", "2025-02-04"),
        decided("CAF-4", "1.1", "refuse", "10000.00", "2025-06-10"),
    ]
    view = view_of(maquette_from(tmp_path), decisions)
    assert fiche(view).reserve == 0 and fiche(view).disponible == Decimal("50000.00")
    assert view.figures.final["caf-4"].state == "refuse"


def test_a_decision_on_a_fiche_the_maquette_lacks_is_left_out(tmp_path):
    view = view_of(
        maquette_from(tmp_path), [decided("X-1", "9.9", "programme", "1.00", "2025-01-01")]
    )
    assert view.figures.totals.programme == 0
    assert view.diagnostics == []


def test_a_history_line_that_overruns_is_reported_on_that_line(tmp_path):
    text = BASE + (
        "history:\n"
        '  - {dossier: OLD-1, fiche: "2.1", amount: 20000.00, date: 2016-01-01}\n'
        '  - {dossier: OLD-2, fiche: "2.1", amount: 10000.50, date: 2016-05-01}\n'
    )
    view = view_of(maquette_from(tmp_path, text))
    assert problems(view.diagnostics) == [("maquette.yaml", "maquette.exceeded", 9, 5)]
    assert "la ligne d'historique de « OLD-2 »" in view.diagnostics[0].format("fr")
    assert "de 0,50 €" in view.diagnostics[0].format("fr")


def test_history_before_decisions_of_the_same_day(tmp_path):
    text = (
        BASE + 'history:\n  - {dossier: OLD-1, fiche: "2.1", amount: 20000.00, date: 2025-01-10}\n'
    )
    view = view_of(
        maquette_from(tmp_path, text),
        [decided("NEW-1", "2.1", "programme", "10000.01", "2025-01-10")],
    )
    assert [o.commitment.dossier for o in view.figures.overruns] == ["NEW-1"]


def test_paid_exactly_what_was_programmed_is_fine_one_cent_more_is_overpaid(tmp_path):
    exact = HISTORY.replace("15000.00, date: 2018", "20000.00, date: 2018")
    assert view_of(maquette_from(tmp_path, exact)).diagnostics == []
    over = HISTORY.replace("15000.00, date: 2018", "20000.01, date: 2018")
    view = view_of(maquette_from(tmp_path, over))
    assert problems(view.diagnostics) == [("maquette.yaml", "maquette.overpaid", 11, 5)]
    french = view.diagnostics[0].format("fr")
    assert "le dossier « OLD-1 » a reçu 30 000,01 € au total" in french
    assert "plus que les 30 000,00 € programmés : 0,01 € de trop" in french


def test_payments_are_taken_in_date_order(tmp_path):
    text = BASE + (
        "history:\n"
        '  - {dossier: OLD-1, fiche: "1.1", amount: 100.00, date: 2016-01-01}\n'
        "payments:\n"
        "  - {dossier: OLD-1, amount: 60.00, date: 2018-01-01}\n"
        "  - {dossier: OLD-1, amount: 50.00, date: 2017-01-01}\n"
    )
    view = view_of(maquette_from(tmp_path, text))
    # the 2018 payment (the first line) is the one that goes over
    assert problems(view.diagnostics) == [("maquette.yaml", "maquette.overpaid", 10, 5)]


def test_a_payment_to_a_dossier_nothing_programmed(tmp_path):
    text = HISTORY + "  - {dossier: OLD-2, amount: 100.00, date: 2018-02-01}\n"
    view = view_of(maquette_from(tmp_path, text))
    assert problems(view.diagnostics) == [("maquette.yaml", "maquette.overpaid", 12, 5)]
    assert view.diagnostics[0].variant == "not_programmed"
    assert "Vouliez-vous dire « OLD-1 » ?" in view.diagnostics[0].format("fr")
    assert view.figures.unattributed == Decimal("100.00")
    assert fiche(view).paye == Decimal("25000.00")


def test_a_payment_to_a_reserved_dossier_counts_on_its_fiche_and_is_overpaid(tmp_path):
    text = BASE + "payments:\n  - {dossier: CAF-5, amount: 100.00, date: 2025-03-01}\n"
    view = view_of(
        maquette_from(tmp_path, text),
        [decided("CAF-5", "2.1", "reserve", "5000.00", "2025-02-01")],
    )
    assert fiche(view, "2.1").paye == Decimal("100.00")
    assert [d.variant for d in view.diagnostics] == ["not_programmed"]
    assert "Vouliez-vous dire" not in view.diagnostics[0].format("fr")


def test_totals_add_the_fiches(tmp_path):
    view = view_of(
        maquette_from(tmp_path, HISTORY),
        [decided("CAF-6", "2.1", "reserve", "1234.56", "2025-02-01")],
    )
    totals = view.figures.totals
    assert totals.envelope == Decimal("80000.00")
    assert totals.programme == Decimal("30000.00")
    assert totals.reserve == Decimal("1234.56")
    assert totals.disponible == Decimal("48765.44")
    assert totals.paye == Decimal("25000.00")
    assert totals.programme_share == Decimal("0.375")


def test_share_is_the_exact_quotient_and_none_for_an_empty_envelope(tmp_path):
    text = BASE.replace("envelope: 30000.00", "envelope: 0")
    view = view_of(
        maquette_from(tmp_path, text), [decided("A", "1.1", "programme", "10000.00", "2025-01-01")]
    )
    assert fiche(view).programme_share == Decimal(1) / Decimal(5)
    assert fiche(view, "2.1").programme_share is None
    view = view_of(
        maquette_from(tmp_path), [decided("A", "2.1", "programme", "10000.00", "2025-01-01")]
    )
    assert fiche(view, "2.1").programme_share == Decimal(1) / Decimal(3)


def test_the_bundled_maquette_figures():
    loaded = load_maquette(BUNDLED)
    assert loaded.maquette is not None
    figures = compute(loaded.maquette)
    one = figures.fiches["1.1"]
    assert (one.envelope, one.programme, one.disponible, one.paye) == (
        Decimal("90000.00"),
        Decimal("52500.00"),
        Decimal("37500.00"),
        Decimal("30000.00"),
    )
    assert figures.totals.programme == Decimal("176250.00")
    assert figures.totals.paye == Decimal("120250.00")
    assert figures.overruns == [] and figures.overpayments == []


def test_an_overrun_without_a_meeting_position_points_at_the_fiche(tmp_path):
    view = view_of(
        maquette_from(tmp_path), [decided("A-1", "2.1", "programme", "30000.01", "2025-02-04")]
    )
    assert problems(view.diagnostics) == [("maquette.yaml", "maquette.exceeded", 6, 38)]


def test_the_maquette_after_a_meeting_leaves_later_meetings_out(tmp_path):
    from grantgrid.maquette import after_meeting

    loaded = maquette_from(tmp_path)
    decisions = [
        decided("A-1", "1.1", "reserve", "1000.00", "2025-02-04", "cp-2025-02-04"),
        decided("B-2", "1.1", "programme", "2000.00", "2025-02-04", "cp-2025-02-04-bis"),
        decided("A-1", "1.1", "programme", "1500.00", "2025-06-10", "cp-2025-06-10"),
    ]
    first = after_meeting(loaded, decisions, "cp-2025-02-04")
    assert first is not None
    assert (fiche(first).programme, fiche(first).reserve) == (0, Decimal("1000.00"))
    last = after_meeting(loaded, decisions, "cp-2025-06-10")
    assert last is not None
    assert (fiche(last).programme, fiche(last).reserve) == (Decimal("3500.00"), 0)
