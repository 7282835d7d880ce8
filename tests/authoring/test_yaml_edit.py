"""The round-trip YAML editor: every case states the exact bytes it expects."""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal

import pytest

from grantgrid.authoring.yaml_edit import DELETE, Edit, EditError, apply_edits


def doc(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def edit(text: str, *edits: Edit) -> str:
    return apply_edits(text, list(edits))


DOSSIER = doc("""
    # Dossier déposé le 3 mars
    dossier: CAF-2025-01   # id
    title: 'Tiers-lieu : la Fabrique'
    budget:
      resources:
        - {funder: autofinancement, amount: "9 169,70 €"}   # en toutes lettres
        - {funder: leader, amount: 29343.05}
    scores:
      # note du comité restreint
      restreint:
        innovant:
          amont: 1  # à revoir
          objet: 2
        bonus: {emergence: 2, jeunesse: 0}
    remarks: ""
    # fin du dossier
    """)


# --- replacing a value ---------------------------------------------------------------------


def test_replace_a_score_in_block_style_keeps_its_comment() -> None:
    got = edit(DOSSIER, Edit(("scores", "restreint", "innovant", "amont"), 2))
    assert got == DOSSIER.replace("amont: 1  # à revoir", "amont: 2  # à revoir")


def test_replace_a_score_in_flow_style() -> None:
    got = edit(DOSSIER, Edit(("scores", "restreint", "bonus", "jeunesse"), Decimal("1.5")))
    assert got == DOSSIER.replace("{emergence: 2, jeunesse: 0}", "{emergence: 2, jeunesse: 1.5}")


def test_a_quoted_string_keeps_its_quotes() -> None:
    got = edit(DOSSIER, Edit(("title",), "L'atelier : bis"), Edit(("remarks",), "vu"))
    expected = DOSSIER.replace("'Tiers-lieu : la Fabrique'", "'L''atelier : bis'")
    assert got == expected.replace('remarks: ""', 'remarks: "vu"')


def test_block_sequence_item_and_a_list_in_place() -> None:
    text = doc("""
        present:
          - alefevre   # titulaire
          - cmorel
        conflicts: [cmorel]
        """)
    got = edit(text, Edit(("present", 1), "dgarcia"), Edit(("conflicts",), ["cmorel", "bnoel"]))
    assert got == doc("""
        present:
          - alefevre   # titulaire
          - dgarcia
        conflicts: [cmorel, bnoel]
        """)


def test_a_block_scalar_becomes_a_double_quoted_string_and_the_blank_line_stays() -> None:
    text = "context: |\n  Deux lignes\n  de texte\n\nremarks: x\n"
    got = edit(text, Edit(("context",), "Une ligne\npuis une autre"))
    assert got == 'context: "Une ligne\\npuis une autre"\n\nremarks: x\n'


# --- inserting ------------------------------------------------------------------------------


def test_add_a_key_to_a_flow_mapping() -> None:
    got = edit(DOSSIER, Edit(("scores", "restreint", "bonus", "territoire"), 1))
    assert got == DOSSIER.replace("jeunesse: 0}", "jeunesse: 0, territoire: 1}")


def test_add_a_stage_under_existing_scores() -> None:
    got = edit(DOSSIER, Edit(("scores", "cuc", "innovant"), {"amont": 2}))
    assert got == DOSSIER.replace(
        "    bonus: {emergence: 2, jeunesse: 0}\n",
        "    bonus: {emergence: 2, jeunesse: 0}\n  cuc:\n    innovant:\n      amont: 2\n",
    )


def test_create_scores_at_the_end_of_a_dossier_without_them() -> None:
    text = "dossier: CAF-2025-02\ntitle: Jardins partagés\n"
    got = edit(text, Edit(("scores", "cuc", "innovant", "amont"), 2))
    assert got == text + "scores:\n  cuc:\n    innovant:\n      amont: 2\n"


def test_new_entries_follow_the_file_indentation() -> None:
    text = "scores:\n    restreint:\n        innovant: {amont: 1}\n"
    got = edit(text, Edit(("scores", "cuc", "innovant", "amont"), 2))
    assert got == text + "    cuc:\n        innovant:\n            amont: 2\n"


@pytest.mark.parametrize(
    ("empty", "filled"),
    [
        ("cuc:\n", "cuc:\n  innovant:\n    amont: 2\n"),
        ("cuc:  # à remplir\n", "cuc:  # à remplir\n  innovant:\n    amont: 2\n"),
        ("cuc: ~\n", "cuc:\n  innovant:\n    amont: 2\n"),
        ("cuc: {}\n", "cuc: {innovant: {amont: 2}}\n"),
    ],
)
def test_fill_an_empty_value(empty: str, filled: str) -> None:
    text = "scores:\n  " + empty.replace("\n  ", "\n    ") + "remarks: x\n"
    want = "scores:\n  " + filled.replace("\n  ", "\n    ") + "remarks: x\n"
    assert edit(text, Edit(("scores", "cuc", "innovant", "amont"), 2)) == want


def test_notes_file_nested_creation() -> None:
    text = "member: alefevre\nstage: restreint\nnotes:\n  CAF-2025-02:\n    strategie: {coherence: 1}\n"
    got = edit(text, Edit(("notes", "CAF-2025-01", "strategie", "coherence"), 3))
    assert got == text + "  CAF-2025-01:\n    strategie:\n      coherence: 3\n"


def test_meeting_decision_with_votes_and_conflicts() -> None:
    text = doc("""
        meeting: cp-2025-02-04
        date: 2025-02-04
        decisions:                # the agenda, in order
          CAF-2025-03: {decision: ajourne}
        """)
    decision = {
        "decision": "programme",
        "amount": Decimal("5400.00"),
        "votes": {"pour": 9, "contre": 1, "abstention": 1},
        "conflicts": ["cmorel"],
        "remarks": "Sous réserve : accord du département",
        "date": date(2025, 2, 4),
    }
    got = edit(text, Edit(("decisions", "CAF-2025-01"), decision))
    assert got == text + (
        "  CAF-2025-01:\n"
        "    decision: programme\n"
        "    amount: 5400.00\n"
        "    votes:\n"
        "      pour: 9\n"
        "      contre: 1\n"
        "      abstention: 1\n"
        "    conflicts: [cmorel]\n"
        '    remarks: "Sous réserve : accord du département"\n'
        "    date: 2025-02-04\n"
    )


def test_a_dict_onto_an_existing_mapping_keeps_its_comments_and_drops_unnamed_keys() -> None:
    text = doc("""
        decisions:
          CAF-2025-01:
            decision: reserve   # en attente
            amount: 5000.00
            remarks: 'à revoir'
        """)
    got = edit(text, Edit(("decisions", "CAF-2025-01"), {"decision": "programme", "remarks": "ok"}))
    assert got == doc("""
        decisions:
          CAF-2025-01:
            decision: programme   # en attente
            remarks: 'ok'
        """)


# --- removing -------------------------------------------------------------------------------


def test_remove_a_key_in_block_style() -> None:
    got = edit(DOSSIER, Edit(("scores", "restreint", "innovant", "amont"), DELETE))
    assert got == DOSSIER.replace("      amont: 1  # à revoir\n", "")


def test_remove_keys_in_flow_style() -> None:
    text = "bonus: {emergence: 2, jeunesse: 0, territoire: 1}\n"
    assert edit(text, Edit(("bonus", "jeunesse"), DELETE)) == "bonus: {emergence: 2, territoire: 1}\n"
    assert edit(text, Edit(("bonus", "emergence"), DELETE)) == "bonus: {jeunesse: 0, territoire: 1}\n"
    one = "bonus: {emergence: 2}\n"
    assert edit(one, Edit(("bonus", "emergence"), DELETE)) == "bonus: {}\n"


def test_remove_the_only_key_of_a_block_mapping_leaves_an_empty_mapping() -> None:
    text = "innovant:  # axe 1\n  amont: 1\nbonus: 2\n"
    assert edit(text, Edit(("innovant", "amont"), DELETE)) == "innovant: {}  # axe 1\nbonus: 2\n"


def test_remove_a_missing_key_changes_nothing() -> None:
    assert edit(DOSSIER, Edit(("scores", "cuc", "innovant"), DELETE)) == DOSSIER


def test_remove_the_last_line_without_final_newline() -> None:
    assert edit("a: 1\r\nb: 2", Edit(("b",), DELETE)) == "a: 1"


def test_remove_the_first_key_of_a_sequence_item() -> None:
    text = "items:\n  - id: a\n    note: 2\n"
    assert edit(text, Edit(("items", 0, "id"), DELETE)) == "items:\n  - note: 2\n"


# --- text that needs quoting ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "spelled"),
    [
        ("Partenariat : à confirmer # oui", '"Partenariat : à confirmer # oui"'),
        ("=1+1", '"=1+1"'),
        ("- x", '"- x"'),
        ("ligne 1\nligne 2", '"ligne 1\\nligne 2"'),
        ('il a dit "non" \\ voilà', '"il a dit \\"non\\" \\\\ voilà"'),
        ("true", '"true"'),
        ("no", '"no"'),
        ("12", '"12"'),
        ("1,5", '"1,5"'),
        ("", '""'),
        ("\x1b[31m\u202e", '"\\x1b[31m\\u202e"'),
        ("programme", "programme"),
    ],
)
def test_text_is_written_so_that_it_reads_back_the_same(value: str, spelled: str) -> None:
    assert edit("remarks: x  # libre\n", Edit(("remarks",), value)) == f"remarks: {spelled}  # libre\n"


def test_canonical_scalars() -> None:
    got = edit(
        "a: 0\n",
        Edit(("n",), None),
        Edit(("t",), True),
        Edit(("d",), Decimal("-0.00")),
        Edit(("big",), Decimal("12345678901234567.89")),
        Edit(("e",), Decimal("1E+2")),
        Edit(("2025",), 1),
    )
    assert got == 'a: 0\n"n": null\nt: true\nd: 0.00\nbig: 12345678901234567.89\ne: 100\n"2025": 1\n'


# --- bytes ----------------------------------------------------------------------------------


def test_a_file_with_comments_everywhere_keeps_every_other_byte() -> None:
    got = edit(
        DOSSIER,
        Edit(("scores", "restreint", "innovant", "objet"), 1),
        Edit(("scores", "cuc", "innovant", "amont"), 2),
        Edit(("remarks",), "Partenariat à confirmer"),
    )
    assert got == doc("""
        # Dossier déposé le 3 mars
        dossier: CAF-2025-01   # id
        title: 'Tiers-lieu : la Fabrique'
        budget:
          resources:
            - {funder: autofinancement, amount: "9 169,70 €"}   # en toutes lettres
            - {funder: leader, amount: 29343.05}
        scores:
          # note du comité restreint
          restreint:
            innovant:
              amont: 1  # à revoir
              objet: 1
            bonus: {emergence: 2, jeunesse: 0}
          cuc:
            innovant:
              amont: 2
        remarks: "Partenariat à confirmer"
        # fin du dossier
        """)


def test_crlf_bom_tabs_trailing_spaces_and_no_final_newline() -> None:
    text = "\ufeffdossier: X  # id\t(tab)\r\nscores:\r\n  restreint:\r\n    innovant: {amont: 1}  \r\nremarks: y"
    got = edit(
        text,
        Edit(("scores", "restreint", "innovant", "amont"), 2),
        Edit(("scores", "cuc", "innovant", "amont"), 3),
        Edit(("remarks",), "z z"),
    )
    assert got == (
        "\ufeffdossier: X  # id\t(tab)\r\nscores:\r\n  restreint:\r\n    innovant: {amont: 2}  \r\n"
        '  cuc:\r\n    innovant:\r\n      amont: 3\r\nremarks: "z z"'
    )


def test_append_to_a_file_without_final_newline_keeps_it_without() -> None:
    assert edit("a: 1", Edit(("b",), 2)) == "a: 1\nb: 2"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", "notes:\n  x: 1\n"), ("# vide\n", "# vide\nnotes:\n  x: 1\n"), ("# vide", "# vide\nnotes:\n  x: 1")],
)
def test_an_empty_file_gets_its_first_entry(text: str, expected: str) -> None:
    assert edit(text, Edit(("notes", "x"), 1)) == expected


def test_no_edit_no_change() -> None:
    assert edit(DOSSIER) == DOSSIER


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path", "why"),
    [
        ("scores: [1, 2]\n", ("scores", "cuc"), "a list is indexed by numbers"),
        ("scores:\n  - a\n", ("scores", "cuc", "x"), "a list is indexed by numbers"),
        ("a: {b: 1}\n", ("a", 0), "a mapping is indexed by key names"),
        ("a: [1]\n", ("a", 3), "index out of range"),
        ("a: [1]\n", ("a", 0), "removing a list item"),
        ("scores: 3\n", ("scores", "cuc"), "not a mapping"),
        ("base: &b {x: 1}\nscores: *b\n", ("scores", "x"), "anchor or alias"),
        ("base: &b {x: 1}\nscores: 2\n", ("base", "x"), "anchor or alias"),
        ("a: &n 1\nb: *n\n", ("a",), "anchor or alias"),
        ("a: !custom {x: 1}\n", ("a", "x"), "a tag"),
        ("a: !!str 1\n", ("a",), "a tag"),
        ("a: {b: !x 1}\n", ("a",), "anchor or a tag"),
        ("m:\n  <<: {x: 1}\n  y: 2\n", ("m", "x"), "merges"),
        ("1: a\n", ("1",), "not as text"),
        ("a: 1\na: 2\n", ("b",), "duplicate key"),
        ("a: 1\n---\nb: 2\n", ("a",), "not valid YAML"),
        ("a: [1\n", ("a",), "not valid YAML"),
        ("- 1\n", ("a",), "a list is indexed by numbers"),
        ("a: 1\n", (), "needs a path"),
    ],
)
def test_refused_paths(text: str, path: tuple[str | int, ...], why: str) -> None:
    value = DELETE if why.startswith("removing") else 2
    with pytest.raises(EditError, match=why) as caught:
        edit(text, Edit(path, value))
    assert caught.value.reason


@pytest.mark.parametrize("value", [1.5, Decimal("NaN"), Decimal("Infinity"), object(), {1: 2}])
def test_refused_values(value: object) -> None:
    with pytest.raises(EditError, match="^a: "):
        edit("a: 1\n", Edit(("a",), value))  # type: ignore[arg-type]


def test_a_block_scalar_that_keeps_its_blank_lines_is_not_silently_changed() -> None:
    # Inserting after a `|+` scalar would add to its kept trailing lines: the read-back sees it.
    text = "a: |+\n  x\n\n"
    with pytest.raises(EditError, match="does not read back"):
        edit(text, Edit(("b",), 1))


def test_the_error_names_the_path() -> None:
    with pytest.raises(EditError) as caught:
        edit("scores: [1]\n", Edit(("scores", 0, "x"), 1))
    assert str(caught.value).startswith("scores[0]: ")
    assert caught.value.path == ("scores", 0)
