"""Hostile dossiers (docs: /work/shared/RELIABILITY.md, families 1-13) through `validate --json`.

Each folder of tests/hostile/ holds a `dossier.yaml` and an `expected.json` with the exit code
and the exact `{code, line, column}` of every error, in the style of the JSON-Schema test suite.
Inputs too large to commit (a 50 MB file, a million-item list, 3,000 nested mappings) are
generated in `GENERATED`. Every case runs through both loader paths (libyaml's fast path and
the pure-Python one), which must agree. The cases must complete: an alias bomb or deep nesting
that hung or recursed would fail the run, so there is no timing assertion to make flaky.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from grantgrid.cli import app
from grantgrid.diagnostics import Position
from grantgrid.loading import fast as fastload

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "hostile"
GRIDS = ROOT / "grids"
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "dossier.yaml").is_file())

Error = tuple[str, int | None, int | None]


@pytest.fixture(params=["fast", "pure"])
def loader_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the case through libyaml's fast path (when available) and the pure-Python parser."""
    if request.param == "pure":
        monkeypatch.setattr(fastload, "ENABLED", False)
    return str(request.param)


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


def run_cli(args: list[str]) -> Result:
    return CliRunner().invoke(app, args)


def assert_clean_failure(result: Result) -> None:
    """No traceback, no exception escaping the command: an exit code chosen by grantgrid."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def errors_of(result: Result) -> list[Error]:
    document = json.loads(result.stdout)
    [dossier] = document["dossiers"]
    return [(e["code"], e["line"], e["column"]) for e in dossier["errors"]]


def validate(dossier: Path) -> Result:
    return run_cli(["validate", "--json", "--quiet", "--grids", str(GRIDS), str(dossier)])


@pytest.mark.parametrize("case", CASES)
def test_hostile_fixture(
    case: str, loader_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = HOSTILE / case
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)  # a tag that ran `touch MARKER` would create it here
    before_fixture, before_cwd = files_under(folder), files_under(tmp_path)

    result = validate(folder / "dossier.yaml")

    assert_clean_failure(result)
    assert result.exit_code == expected["exit"], result.output
    assert errors_of(result) == [(e["code"], e["line"], e["column"]) for e in expected["errors"]]
    assert files_under(folder) == before_fixture
    assert files_under(tmp_path) == before_cwd


def test_python_tag_executes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`!!python/object/apply:os.system ["touch MARKER"]` is refused, and MARKER never exists."""
    monkeypatch.chdir(tmp_path)
    source = (HOSTILE / "01-tag-python-apply" / "dossier.yaml").read_text(encoding="utf-8")
    assert 'os.system ["touch MARKER"]' in source
    case = HOSTILE / "01-tag-python-apply"
    for command, target in (
        (["validate"], case),
        (["score"], case),
        (["score", "--json"], case),
        (["budget"], case / "dossier.yaml"),  # budget takes one file
    ):
        result = run_cli([*command, "--grids", str(GRIDS), str(target)])
        assert_clean_failure(result)
        assert result.exit_code == 1
    assert not (tmp_path / "MARKER").exists()
    assert not (HOSTILE / "01-tag-python-apply" / "MARKER").exists()


# --- generated inputs ----------------------------------------------------------------------

BASE = (HOSTILE / "07-no-stays-text" / "dossier.yaml").read_text(encoding="utf-8")


def deep_block_mappings(levels: int) -> str:
    """`k0:` / ` k1:` / `  k2:` …, one more space per level."""
    return "".join(" " * i + f"k{i}:\n" for i in range(levels)) + " " * levels + "v\n"


def write_text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8")


def write_big_file(path: Path) -> None:
    """50 MB: a valid dossier followed by a comment, so only the size is wrong."""
    with path.open("w", encoding="utf-8") as stream:
        stream.write(BASE)
        line = "# " + "x" * 1021 + "\n"
        for _ in range(50 * 1024):
            stream.write(line)


GENERATED: dict[str, tuple[Callable[[Path], None], list[Error]]] = {
    # 4: nested block mappings: 1,000 levels are refused for their depth; 3,000 levels need
    # 4.5 MB of indentation and are refused for their size before parsing.
    "04-deep-block": (write_text(deep_block_mappings(1000)), [("yaml.too_deep", 51, 51)]),
    "04-deep-block-3000": (write_text(deep_block_mappings(3000)), [("yaml.too_large", 1, 1)]),
    "04-deep-flow-mappings": (
        write_text("dossier: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n"),
        [("yaml.too_deep", 1, 207)],
    ),
    # 12: a 50 MB file is refused by its size, before parsing; a million-item flow list fits
    # in 2 MiB and is stopped by the value count, at the 10,001st value; on one line, by the
    # length of the line (the pure scanner is quadratic on long comments).
    "12-fifty-megabytes": (write_big_file, [("yaml.too_large", 1, 1)]),
    "12-million-items": (
        write_text("dossier: [\n" + ",\n".join(["1"] * 600_000) + "]\n"),
        [("yaml.too_large", 9_999, 1)],  # the 10,001st value: map, key, list, 9,998 items
    ),
    "12-million-items-on-one-line": (
        write_text("dossier: [" + ",".join(["1"] * 1_000_000) + "]\n"),
        [("yaml.too_large", 1, 1)],
    ),
    # 2 MB of lines just under the limit: the check for long lines itself stays linear.
    "12-lines-just-under-the-limit": (
        write_text(BASE.rstrip("\n") + "\nx_text: |\n" + ("  " + "x" * 99_990 + "\n") * 20),
        [("schema.unknown_field", 15, 1)],
    ),
    "12-long-comment-line": (
        write_text("#" + "x" * 800_000 + "\n" + BASE),
        [("yaml.too_large", 1, 1)],
    ),
    # 22: an id with a final line break (`$` matched before it) was a twin of another id,
    # taking over its report file and workbook sheet.
    "22-id-with-final-newline": (
        write_text(BASE.replace("dossier: H-01", 'dossier: "H-01\\n"')),
        [("schema.id", 1, 10)],
    ),
    "13-escapes-in-a-funder-id": (
        write_text(BASE.replace("funder: region", 'funder: "\\e]0;pwned\\a\\e[2Jregion\\u202e"')),
        [("schema.id", 12, 16)],
    ),
    "13-escapes-in-a-score-key": (
        write_text(BASE + 'scores:\n  restreint:\n    "\\e[31minnovant": {amont: 2}\n'),
        [("schema.id", 17, 5)],
    ),
    # 9, 10: a number that would overflow or underflow the decimal context, or make a megabyte
    # message: refused for its exponent, and the fix never spells out a million digits.
    "09-score-overflows": (
        write_text(BASE + "scores:\n  restreint:\n    innovant: {amont: 1e1000000}\n"),
        [("schema.notation", 17, 23)],
    ),
    "09-score-a-millionth-of-a-millionth": (
        write_text(BASE + "scores:\n  restreint:\n    innovant: {amont: 1e-999999}\n"),
        [("schema.notation", 17, 23)],
    ),
    "10-amount-below-the-cent-by-far": (
        write_text(BASE.replace("amount: 1000.00", "amount: 1e-999999999")),
        [("schema.notation", 10, 29)],
    ),
    "10-amount-in-hexadecimal": (
        write_text(BASE.replace("amount: 1000.00", "amount: 0x3E8")),
        [("schema.notation", 10, 29)],
    ),
    "10-amount-in-other-digits": (
        write_text(BASE.replace("amount: 1000.00", 'amount: "1 ৪00,00"')),
        [("budget.amount", 10, 29)],
    ),
    # 4: nesting written on one line (`- - - x`): libyaml's composer crashed the process.
    "04-compact-block-nesting": (
        write_text("remarks:\n  " + "- " * 30_000 + "x\n"),
        [("yaml.too_deep", 2, 103)],
    ),
    # 2: a long text repeated by aliases: each copy would be checked and printed.
    "02-alias-text-bomb": (
        write_text(
            BASE.rstrip("\n")
            + '\nx_text: &t "'
            + "y" * 29_000
            + '"\nx_bomb: ['
            + ", ".join(["*t"] * 100)
            + "]\n"
        ),
        [("yaml.too_large", 16, 294)],  # the alias that takes the text past 2 MiB
    ),
    # 13: a lone surrogate cannot be written anywhere; refused at load, keys included.
    "13-lone-surrogate": (
        write_text(BASE.replace("name: NO", 'name: "a\\ud800b"')),
        [("yaml.encoding", 5, 9)],
    ),
    "13-lone-surrogate-key": (
        write_text(BASE.replace("remarks: yes", '"\\udfff": yes')),
        [("yaml.encoding", 7, 1)],
    ),
    "13-bidi-mark": (
        write_text(BASE.replace("name: NO", 'name: "\\u061cNO"')),
        [("schema.character", 5, 9)],
    ),
    # A BOM inside the text: libyaml would skip it and read a comment, the pure parser reads a
    # key; both paths must give the same verdict (found by the fuzzer).
    "13-bom-inside-text": (
        write_text(BASE + "\ufeff# note: hidden\n"),
        [("schema.unknown_field", 15, 1)],
    ),
    # 7: a BOM before the directive does not hide it.
    "07-bom-then-yaml-1-1": (
        lambda path: path.write_bytes(b"\xef\xbb\xbf%YAML 1.1\n---\n" + BASE.encode()),
        [("yaml.version", 1, 1)],
    ),
}


@pytest.mark.parametrize("case", sorted(GENERATED))
def test_generated_hostile_input(
    case: str, loader_path: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write, expected = GENERATED[case]
    dossier = tmp_path / "dossier.yaml"
    write(dossier)
    monkeypatch.chdir(tmp_path)
    before = files_under(tmp_path)

    result = validate(dossier)

    assert_clean_failure(result)
    assert result.exit_code == 1
    assert errors_of(result) == expected
    assert files_under(tmp_path) == before


def test_the_base_of_generated_cases_is_valid() -> None:
    """So that each generated case's errors come from its hostile part alone."""
    result = validate(HOSTILE / "07-no-stays-text" / "dossier.yaml")
    assert result.exit_code == 0 and errors_of(result) == []


def test_non_finite_rate_in_a_grid(tmp_path: Path) -> None:
    """Family 9 on a non-amount field: a grid's `rate_of_public: .nan` is refused."""
    text = (GRIDS / "leader-tulle.yaml").read_text(encoding="utf-8")
    assert "rate_of_public: 0.80}" in text
    line = text[: text.index("rate_of_public: 0.80")].count("\n") + 1
    grid = tmp_path / "grid.yaml"
    grid.write_text(text.replace("rate_of_public: 0.80}", "rate_of_public: .nan}"), "utf-8")

    result = run_cli(["grid", "check", str(grid)])

    assert_clean_failure(result)
    assert result.exit_code == 1
    assert f"grid.yaml:{line}:" in result.output
    assert "error schema.number" in result.output


@pytest.mark.parametrize("command", [["validate"], ["score"]])
def test_terminal_output_never_carries_raw_escapes(command: list[str]) -> None:
    """Family 13: ESC and bidi characters of a dossier are shown escaped, never emitted raw."""
    result = run_cli([*command, "--grids", str(GRIDS), str(HOSTILE / "13-control-characters")])
    assert_clean_failure(result)
    assert result.exit_code == 1
    for raw in ("\x1b", "\x07", "\x00", "\u202e", "\u200b"):
        assert raw not in result.output
    assert "schema.character" in result.output


# --- the loader's own facts ------------------------------------------------------------------


def test_parser_exceptions_become_positioned_diagnostics(monkeypatch: pytest.MonkeyPatch) -> None:
    """ruamel.yaml sometimes fails with plain ValueError or RecursionError: still a diagnostic."""
    from grantgrid import loading

    monkeypatch.setattr(fastload, "ENABLED", False)
    for exception, code in (
        (ValueError("bad"), "yaml.syntax"),
        (AssertionError(), "yaml.syntax"),
        (RecursionError(), "yaml.too_deep"),
    ):

        def fail(
            path: str, text: str, max_values: int | None, exception: BaseException = exception
        ) -> None:
            raise exception

        monkeypatch.setattr(loading.read, "_compose", fail)
        result = loading.parse_text("d.yaml", "a: 1\n")
        assert result.document is None
        [diagnostic] = result.diagnostics
        assert diagnostic.code == code
        assert diagnostic.position is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("amount: 0.1\n", {"amount": "0.1"}),  # family 8: exact, from the text
        ("amount: 12345678901234567.89\n", {"amount": "12345678901234567.89"}),
        ("country: NO\n", {"country": "NO"}),  # family 7: YAML 1.2, no 1.1 booleans
        ("code: 0755\n", {"code": 755}),
        ("duration: 1:30\n", {"duration": "1:30"}),
        ("n: 1_000\n", {"n": "1_000"}),
        ("n: 0b101\n", {"n": "0b101"}),  # no binary in the core schema: text
        ("title: =\n", {"title": "="}),
        ("a: yes\nb: off\n", {"a": "yes", "b": "off"}),
    ],
)
def test_core_schema_values(text: str, expected: dict[str, object], loader_path: str) -> None:
    from decimal import Decimal

    from grantgrid.loading import parse_text

    result = parse_text("d.yaml", text)
    assert result.diagnostics == []
    assert result.document is not None
    data = result.document.data
    for key, value in expected.items():
        if isinstance(data[key], Decimal):
            assert data[key] == Decimal(str(value)) and str(data[key]) == value
        else:
            assert data[key] == value and type(data[key]) is type(value)


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("a: !!int abc\n", "yaml.tag", 1, 4),
        ("a: !!seq abc\n", "yaml.tag", 1, 4),  # a core tag on a value of another kind
        ("a: !!map 'x'\n", "yaml.tag", 1, 4),
        ("a: !!str {b: 1}\n", "yaml.tag", 1, 4),
        ("a: !!int [1]\n", "yaml.tag", 1, 4),
        ("a: !!bool yes\n", "yaml.tag", 1, 4),
        ("a: !!timestamp 2024-01-01\n", "yaml.tag", 1, 4),
        ("a: &x {b: 1}\nc:\n  <<: *x\n", "yaml.tag", 3, 3),
        ("%TAG !e! tag:example.com,2000:\n---\na: !e!foo 1\n", "yaml.tag", 3, 4),
        ("a: *missing\n", "yaml.syntax", 1, 4),
        ("a: 2024-13-01\n", "yaml.date", 1, 4),
        # An alias chain deeper than MAX_DEPTH once expanded, though each line is shallow.
        (
            "a0: &a0 [x]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 80)),
            "yaml.too_deep",
            50,
            12,
        ),
    ],
)
def test_loader_refusals(text: str, code: str, line: int, column: int, loader_path: str) -> None:
    from grantgrid.loading import parse_text

    result = parse_text("d.yaml", text)
    assert result.document is None
    assert [(d.code, d.position) for d in result.diagnostics] == [(code, Position(line, column))]


def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    """A dossier that cannot be opened (here: no permission) is reported, the others processed."""
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    bad = tmp_path / "locked.yaml"
    bad.write_text(BASE, encoding="utf-8")
    bad.chmod(0)
    try:
        from grantgrid.loading import load_yaml

        result = load_yaml(bad)
    finally:
        bad.chmod(0o600)
    assert [d.code for d in result.diagnostics] == ["yaml.read"]


@pytest.mark.skipif(sys.platform != "linux", reason="file names as arbitrary bytes")
@pytest.mark.parametrize("command", [["validate"], ["score"], ["score", "--json"]])
def test_hostile_file_names_are_shown_escaped(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dossier saved as ESC[31m + RLO + a non-UTF-8 byte: listed escaped, never raw, no crash."""
    folder = tmp_path / "applications"
    folder.mkdir()
    name = b"\x1b[31mred\xe2\x80\xae\xff.yaml"
    Path(os.fsdecode(bytes(folder) + b"/" + name)).write_bytes(
        (HOSTILE / "01-tag-custom" / "dossier.yaml").read_bytes()
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli([*command, "--grids", str(GRIDS), "applications"])
    assert_clean_failure(result)
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "\\x1b[31mred" in result.output


# --- family 10: notations (SPEC: hex, octal, binary, underscores, exponents refused) ------


@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        ("0x2710", 10000, "0x2710"),
        ("0o17", 15, "0o17"),
        ("1e3", 1000, "1e3"),
        ("1.5E1", 15, "1.5E1"),
        ("10000", 10000, None),  # plain digits are plain numbers
        ("0.5", 0.5, None),
    ],
)
def test_the_loader_keeps_the_text_of_numbers_not_in_plain_digits(
    text: str, value: float, kept: str | None, loader_path: str
) -> None:
    from decimal import Decimal

    from grantgrid.loading import parse_text
    from grantgrid.notation import spelling

    result = parse_text("d.yaml", f"n: {text}\n")
    assert result.document is not None
    number = result.document.data["n"]
    assert number == Decimal(str(value))
    assert spelling(number) == kept


def test_kept_spellings_survive_copies_and_pickles() -> None:
    """The salvage of a broken budget deep-copies it, and large runs pickle outcomes."""
    import copy
    import pickle

    from grantgrid.notation import WrittenDecimal, WrittenInt, spelling

    for number in (WrittenInt(10000, "0x2710"), WrittenDecimal("1E+3", "1e3")):
        for copied in (
            copy.copy(number),
            copy.deepcopy([number])[0],
            pickle.loads(pickle.dumps(number)),
        ):
            assert copied == number and spelling(copied) == spelling(number)


@pytest.mark.parametrize(
    ("written", "kind", "plain"),
    [
        ("0x2710", "hexadecimal", "10000"),
        ("-0x10", "hexadecimal", "-16"),
        ("0o17", "octal", "15"),
        ("0b101", "binary", "5"),
        ("1_000", "underscore", "1000"),
        ("1_000,50 €", "underscore", "1000,50"),
        ("1e3", "exponent", "1000"),
        ("1.5e1", "exponent", "15"),
        ("2.5E-1", "exponent", "0.25"),
        ("1e-999999", "exponent", None),  # never a million-digit fix
    ],
)
def test_notations_and_their_plain_spelling(written: str, kind: str, plain: str | None) -> None:
    from grantgrid.notation import notation

    found = notation(written)
    assert found is not None and (found.kind, found.plain) == (kind, plain)


@pytest.mark.parametrize("text", ["1000", "1000.50", "1 000,50 €", "abc", "0b102", "", "x" * 100])
def test_plain_numbers_and_words_have_no_notation(text: str) -> None:
    from grantgrid.notation import notation

    assert notation(text) is None


def test_a_notation_is_refused_in_both_languages_with_the_plain_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRANTGRID_LANG", "en")  # the English messages are asserted
    dossier = tmp_path / "d.yaml"
    dossier.write_text(BASE.replace("amount: 1000.00", "amount: 0x2710"), encoding="utf-8")
    result = run_cli(["validate", "--grids", str(GRIDS), str(dossier)])
    assert result.exit_code == 1
    assert "d.yaml:10:29: error schema.notation:" in result.output
    assert "'0x2710' is a hexadecimal number: write 10000" in result.output
    from grantgrid.loading import load_yaml
    from grantgrid.models.dossier import Dossier
    from grantgrid.validation import validate as validate_model

    loaded = load_yaml(dossier)
    assert loaded.document is not None
    [problem] = validate_model(Dossier, loaded.document)[1]
    assert "est un nombre hexadécimal : écrivez 10000" in problem.message_in("fr")


def test_a_hexadecimal_amount_never_reaches_the_totals(tmp_path: Path) -> None:
    """The salvaged budget (a deep copy) still refuses it: no plan shows 10 000 €."""
    dossier = tmp_path / "d.yaml"
    dossier.write_text(BASE.replace("amount: 1000.00", "amount: 0x2710"), encoding="utf-8")
    result = run_cli(["score", "--json", "--grids", str(GRIDS), str(dossier)])
    [entry] = json.loads(result.stdout)["dossiers"]
    assert entry["budget"] is None and entry["status"] == "invalid"


def test_a_number_in_another_base_where_text_is_expected_is_shown_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRANTGRID_LANG", "en")  # the English messages are asserted
    dossier = tmp_path / "d.yaml"
    dossier.write_text(BASE.replace("name: NO", "name: 0x10"), encoding="utf-8")
    result = run_cli(["validate", "--grids", str(GRIDS), str(dossier)])
    assert "expected text, got the number 0x10 (put it in quotes)" in result.output


def test_a_period_year_in_hexadecimal_is_refused_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRANTGRID_LANG", "en")  # the English messages are asserted
    dossier = tmp_path / "d.yaml"
    dossier.write_text(BASE + "period: {start: 0x7E1, end: 2019}\n", encoding="utf-8")
    result = run_cli(["validate", "--grids", str(GRIDS), str(dossier)])
    assert result.exit_code == 1
    assert "d.yaml:15:17: error schema.notation:" in result.output
    assert "write 2017" in result.output
