"""A members' notes file holds every dossier of a stage: the loader's limits and its fast
path scale to it, and nesting is still refused as in any file."""

from __future__ import annotations

from pathlib import Path

from grantgrid.loading import fast
from grantgrid.loading.limits import MAX_NODES, MAX_NOTE_VALUES
from grantgrid.loading.read import parse_text
from grantgrid.notes.load import load_notes


def notes_text(dossiers: int) -> str:
    lines = ["member: ta", "stage: restreint", "notes:"]
    for i in range(dossiers):
        lines += [
            f"  D-{i:05d}:",
            "    innovant: {amont: 2, objet: 1, action: 1}",
            "    economique: {amont: 1, objet: 1, action: 2}",
            "    territorial: {amont: 2, objet: 2, action: 0}",
            "    bonus: {emergence: 1}",
        ]
    return "\n".join(lines) + "\n"


def test_notes_on_2000_dossiers_take_the_fast_path(tmp_path: Path) -> None:
    text = notes_text(2000)  # 8,000 flow mappings, some 50,000 values, 370 kB
    assert len(text) > fast.MAX_FAST_CHARS and text.count("{") > fast.MAX_FLOW_BRACKETS
    assert fast.fast_document("n.yaml", text, MAX_NOTE_VALUES) is not None
    path = tmp_path / "ta.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_notes(path, "ta.yaml")
    assert loaded.diagnostics == [] and loaded.notes is not None
    assert len(loaded.notes.notes) == 2000


def test_a_dossier_keeps_its_limits(tmp_path: Path) -> None:
    result = parse_text("d.yaml", notes_text(2000))
    assert result.document is None
    assert [d.code for d in result.diagnostics] == ["yaml.too_large"]
    assert f"{MAX_NODES:,}".replace(",", " ") in result.diagnostics[0].message_in("fr")


def test_deep_nesting_still_takes_the_precise_path() -> None:
    deep = "member: ta\nstage: r\nnotes: " + "[" * 5000 + "]" * 5000 + "\n"
    assert fast.fast_document("n.yaml", deep, MAX_NOTE_VALUES) is None
    # Flat pairs hidden in quotes do not hide nesting: quotes stop a pair.
    tricky = "a: " + "['x', " * 4100 + "]" * 4100 + "\n"
    assert fast.fast_document("n.yaml", tricky, MAX_NOTE_VALUES) is None
    result = parse_text("n.yaml", deep, MAX_NOTE_VALUES)
    assert [d.code for d in result.diagnostics] == ["yaml.too_deep"]
