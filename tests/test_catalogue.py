"""The registry of diagnostic codes is complete, every code is used, and docs/rules.md is
generated from it."""

from __future__ import annotations

import ast
import re
import string
from collections import Counter
from pathlib import Path

from grantgrid.rules.catalogue import all_rules, markdown
from grantgrid.rules.registry import REGISTRY

SOURCES = Path(__file__).resolve().parent.parent / "src" / "grantgrid"
DOCS = SOURCES.parent.parent / "docs" / "rules.md"

FAMILIES = "yaml|schema|grid|budget|score|answer|dossier|internal|committee|meeting|decision|maquette|notes|collect"
CODE = re.compile(rf'"((?:{FAMILIES})\.(?!yaml")[a-z_]+)"')  # not "committee.yaml"
# Custom pydantic errors carry their code in their type: "schema_too_long" -> schema.too_long
# (raised directly, or through models/types.py's `_error` helper).
CUSTOM_ERROR = re.compile(r'(?:PydanticCustomError|_error)\(\s*"([a-z]+)_([a-z_]+)"')
RULE_CLASSES = {"Rule", "BudgetRule"}


def _registrations(tree: ast.Module) -> dict[str, str]:
    """name → code of each `NAME = Rule("code", …)` of a module."""
    found = {}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and getattr(node.value.func, "id", None) in RULE_CLASSES
            and isinstance(node.targets[0], ast.Name)
        ):
            first = node.value.args[0]
            assert isinstance(first, ast.Constant)
            found[node.targets[0].id] = first.value
    return found


def emitted_codes() -> dict[str, list[str]]:
    """Every code a source file emits: a code written as text outside its registration, a
    registered rule's `NAME.code`, or a custom pydantic error type."""
    found: dict[str, list[str]] = {}
    for source in sorted(SOURCES.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        tree = ast.parse(text)
        registered = _registrations(tree)
        declared = Counter(
            node.args[0].value
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and getattr(node.func, "id", None) in RULE_CLASSES
            and node.args
            and isinstance(node.args[0], ast.Constant)
        )
        # A code written more often than it is declared in the file is used there too.
        codes = {c for c, n in Counter(CODE.findall(text)).items() if n > declared[c]}
        codes |= {f"{family}.{rest}" for family, rest in CUSTOM_ERROR.findall(text)}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "code"
                and isinstance(node.value, ast.Name)
                and node.value.id in registered
            ):
                codes.add(registered[node.value.id])
        # A rule imported from another module (`from grantgrid.rules.grid import INVALID`).
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and "rules" in node.module:
                for alias in node.names:
                    if re.search(rf"\b{alias.asname or alias.name}\.code\b", text):
                        module = SOURCES.parent / (node.module.replace(".", "/") + ".py")
                        if module.exists():
                            names = _registrations(ast.parse(module.read_text(encoding="utf-8")))
                            if alias.name in names:
                                codes.add(names[alias.name])
        for code in codes:
            found.setdefault(code, []).append(str(source.relative_to(SOURCES)))
    return found


def test_the_scan_finds_codes_in_all_the_places_they_are_written() -> None:
    """Guards the scan: one that found nothing would make the next tests pass vacuously."""
    found = emitted_codes()
    assert "loading/convert.py" in found["yaml.tag"]
    assert "models/types.py" in found["schema.character"]  # a custom pydantic error type
    assert "models/types.py" in found["budget.amount"]
    assert "rules/budget/balance.py" in found["budget.unbalanced"]  # RULE.code
    assert "evaluation/pipeline.py" in found["grid.invalid"]  # an imported rule's .code
    assert len(found) >= 40


def test_every_emitted_code_is_registered() -> None:
    missing = {code: files for code, files in emitted_codes().items() if code not in REGISTRY}
    list(all_rules())
    missing = {code: files for code, files in missing.items() if code not in REGISTRY}
    assert missing == {}


def test_every_registered_code_is_emitted_somewhere() -> None:
    """No documented code that nothing can produce (a renamed code leaves a stale entry)."""
    assert sorted({r.code for r in all_rules()} - set(emitted_codes())) == []


def test_each_rule_says_when_how_to_fix_and_what_in_both_languages() -> None:
    for rule in all_rules():
        assert rule.when.strip() and rule.fix.strip(), rule.code
        templates = [rule.message] if not isinstance(rule.message, dict) else rule.message.values()
        for template in templates:
            fields = [
                {f for _, f, _, _ in string.Formatter().parse(t) if f}
                for t in (template.en, template.fr)
            ]
            assert fields[0] == fields[1], (rule.code, template)  # the same figures in both


def test_every_catalogue_row_has_four_cells() -> None:
    """A '|' in a text (|fund − …| > 0.01) is escaped, so it never splits a table row."""
    rows = [line for line in markdown().splitlines() if line.startswith("| `")]
    assert len(rows) == len(list(all_rules()))
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


def test_a_budget_code_is_named_in_at_most_two_modules() -> None:
    """One home for each rule: its module, and at most one more place that must name it."""
    for code, files in emitted_codes().items():
        if code.startswith("budget."):
            assert len(files) <= 2, (code, files)
