"""The new file kinds (committee, meetings, maquette) get the dossiers' hostile corpus.

Every case is one hostile change to a bundled file of the call, put in a *slot*: a text, an
amount, an id, the whole file, or an entry that is not a regular file. The expected error is
given relative to the slot, so one table serves every kind; a new kind (notes) is one more
`KINDS` entry with its file and slots. Each case is checked at the loader (exact code and
position) and through the kind's command on a copy of the call: exit 1, no traceback, the
positioned error printed, nothing written, no input changed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from grantgrid.cli import app
from grantgrid.committee.load import committee_diagnostics, load_committee, load_meeting
from grantgrid.diagnostics import Diagnostic
from grantgrid.maquette.load import load_maquette

ROOT = Path(__file__).resolve().parent.parent
CUC = "meetings/2020-06-16-cuc.yaml"


@dataclass(frozen=True)
class Kind:
    file: str
    load: Callable[[Path, str], list[Diagnostic]]
    command: list[str]
    slots: dict[str, str]
    """Slot name → the exact `key: value` text of the bundled file whose value is replaced."""


KINDS = {
    "committee": Kind(
        "committee.yaml",
        lambda p, shown: committee_diagnostics(load_committee(p, shown)),
        ["committee", "check"],
        {
            "text": "title: Comité de programmation du GAL du territoire de Tulle",
            "number": "quorum: 0.50",
            "id": "  - id: agglo",
        },
    ),
    "meeting": Kind(
        CUC,
        lambda p, shown: load_meeting(p, shown).diagnostics,
        ["meeting", CUC],
        {
            "text": "remarks: Programmé au montant demandé (80 % des dépenses publiques).",
            "number": "amount: 29343.05",
            "id": "meeting: cuc-2020-06-16",
        },
    ),
    "maquette": Kind(
        "maquette.yaml",
        lambda p, shown: load_maquette(p, shown).diagnostics,
        ["maquette"],
        {
            "text": "title: Maquette financière LEADER 2014-2020 — GAL du territoire de Tulle",
            "number": "total: 500000.00",
            "id": "maquette: gal-tulle-2014-2020",
        },
    ),
}

DEEP = "{a: " * 60 + "1" + "}" * 60
ALIAS_BOMB = "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10))

# (slot, value, code, (line, column) relative to the value; None: not positioned)
SLOT_CASES: dict[str, tuple[str, str, str, tuple[int, int]]] = {
    # family 1: tags never construct anything
    "tag-python": ("text", '!!python/object/apply:os.system ["touch MARKER"]', "yaml.tag", (0, 0)),
    "tag-binary": ("text", "!!binary aGVsbG8=", "yaml.tag", (0, 0)),
    "tag-custom": ("text", "!custom x", "yaml.tag", (0, 0)),
    # 2-4: aliases, cycles, nesting
    "alias-missing": ("text", "*missing", "yaml.syntax", (0, 0)),
    "alias-cycle": ("text", "&a [x, *a]", "yaml.alias", (0, 7)),
    "deep-flow": ("text", DEEP, "yaml.too_deep", (0, -1)),  # -1: the column depends on the slot
    # 7: texts are never numbers or booleans; non-finite is not text
    "text-number": ("text", "12", "schema.type", (0, 0)),
    "text-nan": ("text", ".nan", "schema.type", (0, 0)),
    "text-mapping": ("text", "{a: {b: 1}}", "schema.type", (0, 0)),
    # 13: control and bidi characters, lone surrogates
    "text-escape": ("text", '"\\e[31mred"', "schema.character", (0, 0)),
    "text-bidi": ("text", '"a\\u202eb"', "schema.character", (0, 0)),
    "text-nul": ("text", '"x\\0y"', "schema.character", (0, 0)),
    "text-surrogate": ("text", '"a\\ud800b"', "yaml.encoding", (0, 0)),
    # 8-11: numbers: notations, non-finite, huge
    "hex": ("number", "0x3E8", "schema.notation", (0, 0)),
    "octal": ("number", "0o17", "schema.notation", (0, 0)),
    "binary": ("number", "0b101", "schema.notation", (0, 0)),
    "exponent": ("number", "1e3", "schema.notation", (0, 0)),
    "underscores": ("number", "1_000", "schema.notation", (0, 0)),
    "hex-quoted": ("number", '"0x10"', "schema.notation", (0, 0)),
    "overflow": ("number", "1e1000000", "schema.notation", (0, 0)),
    "huge-integer": ("number", "1" * 45, "yaml.number", (0, 0)),
    "number-list": ("number", "[1]", "schema.type", (0, 0)),
    "number-bool": ("number", "true", "schema.type", (0, 0)),
    # 22: ids are never paths, line breaks or look-alikes
    "id-path": ("id", '"../x"', "schema.id", (0, 0)),
    "id-slash": ("id", '"a/b"', "schema.id", (0, 0)),
    "id-newline": ("id", '"x\\n"', "schema.id", (0, 0)),
    "id-combining-accent": ("id", '"Cafe\\u0301"', "schema.id", (0, 0)),
    "id-ligature": ("id", '"\\ufb01"', "schema.id", (0, 0)),
    "id-space": ("id", '"a b"', "schema.id", (0, 0)),
    "id-too-long": ("id", "x" * 300, "schema.id", (0, 0)),
}
# Non-finite numbers: the committee's rates are numbers (schema.number), the meeting's and
# maquette's amounts are money (budget.amount).
NON_FINITE = {"committee": "schema.number", "meeting": "budget.amount", "maquette": "budget.amount"}
for _name, _value in (("nan", ".nan"), ("inf", ".inf"), ("minus-inf", "-.inf")):
    for _kind, _code in NON_FINITE.items():
        SLOT_CASES[f"{_name}-{_kind}"] = ("number", _value, _code, (0, 0))


def slot_text(kind: Kind, slot: str, value: str) -> tuple[str, tuple[int, int]]:
    """The bundled file with the slot's value replaced, and where the new value starts."""
    base = (ROOT / kind.file).read_text(encoding="utf-8")
    old = kind.slots[slot]
    key = old.split(":")[0]
    new = f"{key}: {value}"
    assert base.count(old) >= 1, old
    text = base.replace(old, new, 1)
    at = text.index(new)
    line = text[:at].count("\n") + 1
    column = at - (text.rfind("\n", 0, at) + 1) + len(key) + 3
    return text, (line, column)


def first_line(kind: Kind) -> str:
    return (ROOT / kind.file).read_text(encoding="utf-8").split("\n", 1)[0]


# Whole-file cases: (writer of the file, code, absolute (line, column) or None).
def _bytes(data: bytes) -> Callable[[Path, Kind], None]:
    return lambda path, kind: path.write_bytes(data)


def _appended(extra: str) -> Callable[[Path, Kind], None]:
    def write(path: Path, kind: Kind) -> None:
        path.write_text((ROOT / kind.file).read_text(encoding="utf-8") + extra, "utf-8")

    return write


def _big(path: Path, kind: Kind) -> None:
    with path.open("w", encoding="utf-8") as stream:
        stream.write((ROOT / kind.file).read_text(encoding="utf-8"))
        line = "# " + "x" * 1021 + "\n"
        for _ in range(3 * 1024):  # 3 MiB of comments: over the 2 MiB limit
            stream.write(line)


FILE_CASES: dict[str, tuple[Callable[[Path, Kind], None], str, tuple[int, int] | None]] = {
    "empty": (_bytes(b""), "schema.document", (1, 1)),
    "invalid-utf8": (_bytes(b"title: caf\xe9\n"), "yaml.encoding", (1, 11)),
    "utf16": (_bytes("title: x\n".encode("utf-16")), "yaml.encoding", (1, 1)),
    "top-level-list": (_bytes(b"- a\n- b\n"), "schema.document", (1, 1)),
    "two-documents": (_bytes(b"a: 1\n---\nb: 2\n"), "yaml.syntax", (2, 1)),
    "yaml-1-1": (_bytes(b"%YAML 1.1\n---\na: NO\n"), "yaml.version", (1, 1)),
    "tab-indentation": (_bytes(b"a:\n\tb: 1\n"), "yaml.syntax", (2, 1)),
    "alias-bomb": (
        _bytes(("a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + ALIAS_BOMB).encode()),
        "yaml.too_large",
        None,
    ),
    "million-items": (
        _bytes(("x: [" + ",".join(["1"] * 1_000_000) + "]\n").encode()),
        "yaml.too_large",
        (1, 1),
    ),
    "deep-block": (
        _bytes("".join(" " * i + f"k{i}:\n" for i in range(200)).encode()),
        "yaml.too_deep",
        None,
    ),
    "three-megabytes": (_big, "yaml.too_large", (1, 1)),
}


def duplicate_first_key(path: Path, kind: Kind) -> None:
    base = (ROOT / kind.file).read_text(encoding="utf-8")
    path.write_text(base + first_line_key(kind) + "\n", "utf-8")


def first_line_key(kind: Kind) -> str:
    base = (ROOT / kind.file).read_text(encoding="utf-8")
    return next(line for line in base.splitlines() if line and not line.startswith("#"))


def lines_of(kind: Kind) -> int:
    return (ROOT / kind.file).read_text(encoding="utf-8").count("\n")


def copy_call(root: Path) -> Path:
    for name in ("grids", "applications", "meetings"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("committee.yaml", "maquette.yaml"):
        shutil.copy(ROOT / name, root / name)
    return root


def snapshot(root: Path) -> dict[str, bytes | str]:
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        name = str(path.relative_to(root))
        if path.is_symlink() or not path.is_file():
            found[name] = "<entry>"
        else:
            found[name] = path.read_bytes()
    return found


def run(args: list[str], root: Path) -> Result:
    return CliRunner().invoke(app, ["--lang", "en", *args, "--call", str(root)])


def assert_clean(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )


def found(kind: Kind, path: Path) -> list[tuple[str, int | None, int | None]]:
    return [
        (d.code, d.position.line if d.position else None, d.position.column if d.position else None)
        for d in kind.load(path, "f.yaml")
        if d.is_error
    ]


# --- the loader: exact code and position, every kind -----------------------------------------


SLOT_PAIRS = [
    (kind, case)
    for case in sorted(SLOT_CASES)
    for kind in sorted(KINDS)
    if not case.endswith(tuple(NON_FINITE)) or case.endswith(kind)  # non-finite: its own kind
]


@pytest.mark.parametrize(("kind_name", "case"), SLOT_PAIRS)
def test_slot_case_is_a_positioned_error(kind_name: str, case: str, tmp_path: Path) -> None:
    slot, value, code, (dline, dcolumn) = SLOT_CASES[case]
    kind = KINDS[kind_name]
    text, (line, column) = slot_text(kind, slot, value)
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    monkey_cwd = os.getcwd()
    os.chdir(tmp_path)  # a tag that ran `touch MARKER` would create it here
    try:
        errors = found(kind, path)
        if dcolumn == -1:
            assert [e[:2] for e in errors] == [(code, line + dline)]
        else:
            assert errors == [(code, line + dline, column + dcolumn)]
    finally:
        os.chdir(monkey_cwd)
    assert not (tmp_path / "MARKER").exists()


@pytest.mark.parametrize("kind_name", sorted(KINDS))
@pytest.mark.parametrize("case", sorted(FILE_CASES))
def test_file_case_is_a_positioned_error(kind_name: str, case: str, tmp_path: Path) -> None:
    write, code, position = FILE_CASES[case]
    kind = KINDS[kind_name]
    path = tmp_path / "f.yaml"
    write(path, kind)
    errors = found(kind, path)
    assert [e[0] for e in errors][:1] == [code], errors
    if position is not None:
        assert errors[0][1:] == position


@pytest.mark.parametrize("kind_name", sorted(KINDS))
def test_duplicate_top_level_key(kind_name: str, tmp_path: Path) -> None:
    kind = KINDS[kind_name]
    path = tmp_path / "f.yaml"
    duplicate_first_key(path, kind)
    assert found(kind, path) == [("yaml.duplicate_key", lines_of(kind) + 1, 1)]


# --- the commands: exit 1, the error printed, nothing written, inputs unchanged --------------

COMMAND_CASES = ["tag-python", "hex", "id-path"]  # a tag, a number, an id: the rest as loaded


@pytest.mark.parametrize("kind_name", sorted(KINDS))
@pytest.mark.parametrize("case", COMMAND_CASES)
def test_command_on_a_hostile_file(kind_name: str, case: str, tmp_path: Path) -> None:
    kind = KINDS[kind_name]
    root = copy_call(tmp_path / "call")
    slot, value, code, (dline, dcolumn) = SLOT_CASES[case]
    text, (line, column) = slot_text(kind, slot, value)
    (root / kind.file).write_text(text, encoding="utf-8")
    before = snapshot(root)

    result = run([*[str(root / a) if a == CUC else a for a in kind.command]], root)

    assert_clean(result)
    assert result.exit_code == 1, result.output
    assert f"{kind.file}:{line + dline}:{column + dcolumn}: error {code}" in result.output
    assert snapshot(root) == before


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere.yaml")


def _sparse(path: Path) -> None:
    with path.open("wb") as stream:
        stream.truncate(3 * 1024**3)  # 3 GB that take no room: read whole, a MemoryError


ENTRIES = {
    "fifo": (_fifo, "yaml.read"),
    "folder": (_folder, "yaml.read"),
    "dev-zero": (_dev_zero, "yaml.read"),
    "dangling-link": (_dangling, "yaml.read"),
    "sparse-3-gb": (_sparse, "yaml.too_large"),
}


COMMANDS = {
    "committee-check": ("committee", ["committee", "check"]),
    "maquette-json": ("maquette", ["maquette", "--json"]),
    "minutes": ("meeting", ["minutes", CUC, "-o", "OUT", "--force"]),
    "score": ("maquette", ["score"]),
}
# Every entry for the two commands that read one file; the run-wide ones (another meeting
# for the minutes, the maquette for score) with the entries they silently skipped.
ENTRY_PAIRS = [(e, c) for e in sorted(ENTRIES) for c in ("committee-check", "maquette-json")]
ENTRY_PAIRS += [(e, c) for e in ("fifo", "folder") for c in ("minutes", "score")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and links: POSIX")
@pytest.mark.parametrize(("entry", "command"), ENTRY_PAIRS)
def test_an_entry_that_is_not_a_file(entry: str, command: str, tmp_path: Path) -> None:
    """A FIFO, a folder, a device or a dangling link at the name of a committee, meeting or
    maquette file is that file, unreadable: an error naming it, exit 1, never blocking, never
    a call silently without its maquette (the maquette's FIFO was "no maquette", exit 2)."""
    make, code = ENTRIES[entry]
    kind_name, args = COMMANDS[command]
    root = copy_call(tmp_path / "call")
    target = root / KINDS[kind_name].file
    if kind_name == "meeting":  # another meeting of the call; the minutes are of the CUC's
        target = root / "meetings" / "2021-01-01-other.yaml"
    else:
        target.unlink()
    make(target)
    output = tmp_path / "minutes.html"
    shown = [str(output) if a == "OUT" else str(root / a) if a == CUC else a for a in args]

    result = run(shown, root)

    assert_clean(result)
    assert result.exit_code == 1, result.output
    name = str(target.relative_to(root))
    if "--json" in args:
        assert f'"code": "{code}"' in result.stdout and f'"file": "{name}"' in result.stdout
    else:
        assert f"{name}: error {code}" in result.output or f"{name}:1:1: error {code}" in (
            result.output
        ), result.output


# --- ids compared as dossier ids are ---------------------------------------------------------


def test_two_agenda_keys_for_one_dossier_are_refused(tmp_path: Path) -> None:
    """`DLQC-2017-01` and `dlqc-2017-01` in one meeting: one dossier decided twice (it was
    accepted, exit 0, the second decision winning)."""
    root = copy_call(tmp_path / "call")
    path = root / CUC
    text = path.read_text(encoding="utf-8")
    twin = "  dlqc-2017-01:\n    decision: defavorable\n"
    path.write_text(text.replace("  CAC-2018-02:\n", twin + "  CAC-2018-02:\n", 1), "utf-8")
    line = text[: text.index("  CAC-2018-02:\n")].count("\n") + 1

    result = run(["meeting", str(path)], root)

    assert_clean(result)
    assert result.exit_code == 1
    assert f"{CUC}:{line}:3: error decision.duplicate_dossier" in result.output
    state = run(["score", "--json"], root).stdout
    assert '"state": "programme"' in state  # the first decision stands


@pytest.mark.parametrize(
    ("old", "new", "position"),
    [
        ("  - id: ville-tulle", "  - id: AGGLO", (23, 9)),
        ("{id: mdelpy,", "{id: JPMarty,", (27, 21)),
    ],
)
def test_seat_and_member_ids_are_unique_once_folded(
    old: str, new: str, position: tuple[int, int], tmp_path: Path
) -> None:
    path = tmp_path / "committee.yaml"
    path.write_text((ROOT / "committee.yaml").read_text("utf-8").replace(old, new, 1), "utf-8")
    assert found(KINDS["committee"], path) == [("committee.duplicate_id", *position)]


# --- text from the files, in the outputs: escaped, never a formula ---------------------------

HTML = '<script>alert("x")</script><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","clic")'


def hostile_texts(root: Path) -> None:
    """HTML and a formula in the committee's title, a member's name, a meeting's remarks and
    the maquette's fiche label and history title."""
    edits = {
        "committee.yaml": [
            ("title: Comité de programmation du GAL du territoire de Tulle", f"title: '{HTML}'"),
            ("name: Jean-Pierre Marty}", f"name: '{FORMULA}'}}"),
        ],
        CUC: [
            (
                "remarks: Programmé au montant demandé (80 % des dépenses publiques).",
                f"remarks: '{HTML} {FORMULA}'",
            ),
            ("remarks: Toujours incomplet ; reporté au prochain comité.", f"remarks: '{FORMULA}'"),
        ],
        "maquette.yaml": [
            (
                "label: Accompagner la montée en débit et favoriser les usages numériques",
                f"label: '{HTML}'",
            ),
            ("title: Espaces publics numériques de l'agglomération", f"title: '{FORMULA}'"),
        ],
    }
    for name, changes in edits.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_minutes_escape_html_from_the_files(fmt: str, tmp_path: Path) -> None:
    root = copy_call(tmp_path / "call")
    hostile_texts(root)
    output = tmp_path / f"minutes.{fmt}"

    result = run(["minutes", str(root / CUC), "-o", str(output), "--format", fmt], root)

    assert_clean(result)
    assert result.exit_code == 0, result.output
    written = output.read_text(encoding="utf-8")
    assert "<script>" not in written and "<img" not in written
    assert "&lt;script&gt;" in written  # shown as text, in both formats


def test_formulas_from_the_files_stay_text_in_the_workbook(tmp_path: Path) -> None:
    root = copy_call(tmp_path / "call")
    hostile_texts(root)
    output = tmp_path / "comite.xlsx"

    result = run(
        ["export", str(root / "applications"), "-o", str(output), "--meeting", str(root / CUC)],
        root,
    )

    assert_clean(result)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(output)
    seen = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "HYPERLINK" in cell.value:
                    seen += 1
                    # Text, and a leading `=` behind an apostrophe (quotePrefix): never run.
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    assert not cell.value.startswith("=") or cell.quotePrefix, (
                        sheet.title,
                        cell.coordinate,
                        cell.value,
                    )
    assert seen  # the remarks reached the workbook, as text


@pytest.mark.parametrize("case", ["tag-python", "fifo"])
def test_export_with_a_hostile_meeting_is_exit_1_and_writes_nothing(
    case: str, tmp_path: Path
) -> None:
    """It was a usage error (exit 2), the diagnostic printed twice; a FIFO "no such file"."""
    root = copy_call(tmp_path / "call")
    path = root / CUC
    if case == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("FIFOs: POSIX")
        path.unlink()
        os.mkfifo(path)
        expected = f"{CUC}: error yaml.read"
    else:
        text, (line, column) = slot_text(KINDS["meeting"], "id", SLOT_CASES[case][1])
        path.write_text(text, encoding="utf-8")
        expected = f"{CUC}:{line}:{column}: error yaml.tag"
    output = tmp_path / "comite.xlsx"

    result = run(
        ["export", str(root / "applications"), "-o", str(output), "--meeting", str(path)], root
    )

    assert_clean(result)
    assert result.exit_code == 1, result.output
    assert result.output.count(expected) == 1, result.output
    assert not output.exists()


def test_call_option_is_the_runs_call_from_inside_another_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from the bundled call, `score --call OTHER` read the bundled maquette and committee
    with OTHER's dossiers: OTHER's broken maquette went unseen (exit 0)."""
    root = copy_call(tmp_path / "call")
    text, (line, column) = slot_text(KINDS["maquette"], "text", "!custom x")
    (root / "maquette.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(ROOT)

    result = run(["score"], root)

    assert_clean(result)
    assert result.exit_code == 1
    assert f"maquette.yaml:{line}:{column}: error yaml.tag" in result.output
