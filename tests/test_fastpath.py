"""The C-parser fast path gives exactly what the precise pure-Python path gives.

Same plain data (values and their types), same positions, same diagnostics at the same
lines and columns, and byte-identical `score --json` and `validate` output: a secretary must
never see a different answer because libyaml happened to be installed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from grantgrid.cli import app
from grantgrid.loading import LoadResult, load_yaml, parse_text
from grantgrid.loading import fast as fastload

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    fastload.CParser is None,
    reason="ruamel.yaml.clib (libyaml) is not installed: there is no fast path to compare",
)


@contextmanager
def precise() -> Iterator[None]:
    """Turn the fast path off, as GRANTGRID_PURE_YAML=1 does."""
    saved = fastload.ENABLED
    fastload.ENABLED = False
    try:
        yield
    finally:
        fastload.ENABLED = saved


def typed(value: Any) -> Any:
    """Data with every value's type spelt out: 1, True, Decimal('1'), '1' all differ."""
    if isinstance(value, dict):
        return [(key, typed(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, str(value) if isinstance(value, Decimal) else value)


def summary(result: LoadResult) -> Any:
    document = result.document
    return {
        "diagnostics": [
            (d.code, d.message, d.path, d.position, d.severity) for d in result.diagnostics
        ],
        "document": None
        if document is None
        else {
            "data": typed(document.data),
            "text": document.text,
            "positions": list(document.positions.items()),
            "key_positions": list(document.key_positions.items()),
        },
    }


def both_paths(text: str) -> tuple[Any, Any]:
    fast = summary(parse_text("x.yaml", text))
    with precise():
        slow = summary(parse_text("x.yaml", text))
    return fast, slow


def repository_yaml() -> list[Path]:
    found = [
        path
        for folder in ("tests", "applications", "grids")
        for pattern in ("*.yaml", "*.yml")
        for path in (ROOT / folder).rglob(pattern)
    ]
    return sorted(found)


@pytest.mark.parametrize("path", repository_yaml(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_of_the_repository_loads_the_same(path: Path) -> None:
    fast = summary(load_yaml(path, "x.yaml"))
    with precise():
        slow = summary(load_yaml(path, "x.yaml"))
    assert fast == slow


def test_clean_files_do_take_the_fast_path() -> None:
    # Otherwise the comparisons above would compare the precise path with itself.
    for name in ("applications/dlqc-2017-01.yaml", "grids/leader-tulle.yaml"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert fastload.fast_document(name, text) is not None, name


def test_the_printable_check_refuses_exactly_what_the_pure_reader_refuses() -> None:
    from ruamel.yaml.reader import Reader

    differ = [
        code
        for code in range(0x110000)
        if bool(fastload._NON_PRINTABLE.search(chr(code)))
        != bool(Reader.NON_PRINTABLE.search(chr(code)))
    ]
    assert differ == []


def test_unclean_files_take_the_precise_path() -> None:
    assert fastload.fast_document("x.yaml", "a: 1\na: 2\n") is None
    assert fastload.fast_document("x.yaml", "a: [1\n") is None
    assert fastload.fast_document("x.yaml", "a: !custom 1\n") is None


def test_files_near_the_size_limit_take_the_precise_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastload, "MAX_NODES", 200)
    assert fastload.fast_document("x.yaml", "a:\n" + "  - 1\n" * 90) is not None
    assert fastload.fast_document("x.yaml", "a:\n" + "  - 1\n" * 110) is None


def test_deep_brackets_take_the_precise_path_at_once() -> None:
    assert fastload.fast_document("x.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n") is None


def nested(depth: int) -> str:
    return "".join("  " * level + f"k{level}:\n" for level in range(depth)) + "  " * depth + "v\n"


TRICKY = {
    "impossible date": "a: 2017-02-30\nb: '2017-02-30'\nc: 2017-02-30 10:00\n",
    "real date": "a: 2017-02-28\nb: 2017-02-28T10:00:00Z\n",
    "core numbers": "a: 1_000\nb: 0o17\nc: 0x1F\nd: 012\ne: +12\nf: 1e3\ng: 1.50\nh: -0.0\n",
    "special floats": "a: .inf\nb: -.Inf\nc: .NaN\nd: +.inf\n",
    "booleans and nulls": "a: NO\nb: yes\nc: True\nd: ~\ne: Null\nf:\ng: null\n",
    "sexagesimal": "a: 1:30\nb: =\n",
    "long number": "a: " + "9" * 60 + "\n",
    "explicit tags": "a: !!str 12\nb: !!int '12'\nc: ! 12\nd: !!float 1\n",
    "bad explicit tags": "a: !!int abc\nb: !!bool 1\n",
    "custom tag": "a: !custom x\n",
    "binary tag": "a: !!binary aGk=\n",
    "python tag": "a: !!python/object:os.system x\n",
    "merge key": "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n",
    "anchors and aliases": "a: &x {n: 1, l: [1, 2]}\nb: *x\nc: [*x, *x]\n",
    "ampersand without anchor": "a: R&D et Arts & Métiers\nb: 'x & y'\n",
    "cycle": "a: &x [1, *x]\n",
    "undefined alias": "a: *nowhere\n",
    "alias bomb": "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(4)
    ),
    "duplicate keys": "a: 1\nb: 2\na: 3\n",
    "non-text keys": "1: a\n~: b\ntrue: c\n[x]: d\n? {y: 1}\n: e\n",
    "quoted keys": "'a': 1\n\"b\": 2\n",
    "escapes": 'a: "\\u00e9\\x41\\N\\_\\L\\P\\t\\\\"\nb: "\\U0001F600"\n',
    "lone surrogate": 'a: "\\ud800"\n',
    "single quotes": "a: 'it''s'\nb: 'multi\n  line'\n",
    "block scalars": "a: |\n  x\n   y\n\n\nb: >\n  folded\n  text\n\n   more\n  end\nc: |-\n  strip\nd: |+\n  keep\n\ne: |2\n   indented\n",
    "plain multi-line": "a: this is\n  multi line\n\n  para\nb: 1\n",
    "flow collections": "{a: 1, b: [1, 2, {c: d}], e: {}, f: []}\n",
    "comments": "# head\na: b # tail\n# between\nc: [1, # in flow\n  2]\n",
    "complex key": "? complex\n: key\n",
    "unicode positions": "é: x\n😀: [1, 😀, 2]\nz: ' 😀 ' # 😀\nw: 1\n",
    "windows line ends": "a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  t\r\n  u\r\n",
    "lone carriage return": "a: 1\rb: 2\n",
    "line separator": "a: x\u2028b: y\n",
    "next line": "a: x\x85b: y\n",
    "control character": "a: x\x07\n",
    "tab indentation": "a:\n\t- b\n",
    "tab after colon": "a:\tb\nc: d\t\n",
    "byte order mark": "\ufeffa: 1\n",
    "directive 1.2": "%YAML 1.2\n---\na: 1\n",
    "tag directive": "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "document markers": "---\na: 1\n...\n",
    "several documents": "a: 1\n---\nb: 2\n",
    "empty": "",
    "only a comment": "# nothing\n",
    "only a marker": "---\n",
    "list at the top": "- a\n- b\n",
    "scalar at the top": "just text\n",
    "syntax error": "a: b: c\n",
    "unclosed flow": "a: [1, 2\nb: 3\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    **{f"depth {depth}": nested(depth) for depth in (47, 48, 49, 50, 51, 52, 53)},
    **{
        f"flow depth {depth}": "a: " + "[" * depth + "1" + "]" * depth + "\n"
        for depth in (48, 49, 50, 51, 52)
    },
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_tricky_yaml_loads_the_same(text: str) -> None:
    fast, slow = both_paths(text)
    assert fast == slow


@pytest.mark.parametrize("name", ["dlqc-2017-01.yaml", "defison-2019-04.yaml", "cac-2018-02.yaml"])
def test_reference_dossiers_with_windows_line_ends_load_the_same(name: str) -> None:
    text = (ROOT / "applications" / name).read_text(encoding="utf-8").replace("\n", "\r\n")
    assert fastload.fast_document(name, text) is not None
    fast, slow = both_paths(text)
    assert fast == slow


def cli(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout


def call_folders() -> list[Path]:
    """Every folder of the repository with dossiers: applications/ and test fixtures."""
    folders = {ROOT / "applications"}
    for path in repository_yaml():
        if path.parent.name != "grids":
            folders.add(path.parent)
    # Huge hostile files are compared file by file above; through the CLI they only cost time.
    return sorted(f for f in folders if all(p.stat().st_size < 16_000 for p in f.glob("*.y*ml")))


@pytest.mark.parametrize("folder", call_folders(), ids=lambda p: str(p.relative_to(ROOT)))
def test_score_json_and_validate_are_byte_identical(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    for args in (["score", "--json"], ["validate"], ["validate", "--json"]):
        command = [*args, str(folder.relative_to(ROOT))]
        fast = cli(command)
        with precise():
            slow = cli(command)
        assert fast == slow, command
    assert json.loads(cli(["score", "--json", "applications"])[1])["dossiers"]
