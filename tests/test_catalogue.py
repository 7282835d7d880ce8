"""The catalogue of diagnostic codes is complete, and docs/rules.md is generated from it."""

from __future__ import annotations

import re
from pathlib import Path

from grantgrid.rules import CATALOGUE, markdown

SOURCES = Path(__file__).resolve().parent.parent / "src" / "grantgrid"
DOCS = SOURCES.parent.parent / "docs" / "rules.md"
CATALOGUE_FILE = SOURCES / "rules" / "__init__.py"

FAMILIES = "yaml|schema|grid|budget|score|answer|dossier|internal"
CODE = re.compile(rf'"((?:{FAMILIES})\.[a-z_]+)"')
# Custom pydantic errors carry their code in their type: "schema_too_long" -> schema.too_long
# (raised directly, or through models/types.py's `_error` helper).
CUSTOM_ERROR = re.compile(r'(?:PydanticCustomError|_error)\(\s*"([a-z]+)_([a-z_]+)"')


def emitted_codes() -> dict[str, list[str]]:
    """Every code written in the sources (but the catalogue), with the files that write it."""
    found: dict[str, list[str]] = {}
    for source in sorted(SOURCES.rglob("*.py")):
        if source == CATALOGUE_FILE:
            continue
        text = source.read_text(encoding="utf-8")
        codes = set(CODE.findall(text))
        codes |= {f"{family}.{rest}" for family, rest in CUSTOM_ERROR.findall(text)}
        for code in codes:
            found.setdefault(code, []).append(str(source.relative_to(SOURCES)))
    return found


def test_the_scan_finds_codes_in_all_the_places_they_are_written() -> None:
    """Guards the regexes: a scan that found nothing would make the next test pass vacuously."""
    found = emitted_codes()
    assert "loading.py" in found["yaml.tag"]
    assert "models/types.py" in found["schema.character"]  # a custom pydantic error type
    assert "models/types.py" in found["budget.amount"]
    assert len(found) >= 40


def test_every_emitted_code_is_in_the_catalogue() -> None:
    missing = {code: files for code, files in emitted_codes().items() if code not in CATALOGUE}
    assert missing == {}


def test_every_catalogue_code_is_emitted_somewhere() -> None:
    """No documented code that nothing can produce (a renamed code leaves a stale entry)."""
    assert sorted(set(CATALOGUE) - set(emitted_codes())) == []


def test_catalogue_entries_say_when_and_how_to_fix() -> None:
    for code in CATALOGUE.values():
        assert code.when.strip() and code.fix.strip(), code.code
        assert code.severity in ("error", "warning"), code.code


def test_every_catalogue_row_has_four_cells() -> None:
    """A '|' in a text (|fund − …| > 0.01) is escaped, so it never splits a table row."""
    rows = [line for line in markdown().splitlines() if line.startswith("| `")]
    assert len(rows) == len(CATALOGUE)
    for row in rows:
        cells = re.split(r"(?<!\\)\|", row.strip())[1:-1]
        assert len(cells) == 4, row


def test_docs_rules_md_is_the_generated_catalogue() -> None:
    """Regenerate with `.venv/bin/python -m grantgrid.rules > docs/rules.md`."""
    assert DOCS.read_text(encoding="utf-8") == markdown()


def test_limits_section_states_the_enforced_values() -> None:
    from grantgrid.loading import MAX_DEPTH, MAX_NODES

    text = markdown()
    limits = text[text.index("## Limits") :]
    assert "| file size | 2 MiB |" in limits
    assert f"| {MAX_NODES:,} |" in limits and f"| {MAX_DEPTH} levels |" in limits
