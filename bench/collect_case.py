"""The `collect` rows of `make bench` (issue 17, item 7): a 2,000-dossier workbook read back.

The generated dossiers, their CUC stage taken out, are copied into a call of their own and
exported. Then, with openpyxl, as a secretary would during the meeting, every empty CUC note
cell of every dossier sheet (the cells the hidden index names) is typed; and, in a second
workbook, every restreint note is retyped (values replaced in place). `collect` writes every
dossier that has a grid table. Its floor, measured in the same run: openpyxl's read-only load
of the workbook (every cell of every sheet read) plus ruamel.yaml's round-trip load and dump
of the files `collect` changes, in one process. Target: collect ≤ 2 × the floor.

Each run of `collect` starts from the dossiers as exported (copied back, not timed).

    python bench/collect_case.py [--size 2000] [--runs 2]   # alone, prints the two timings
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

FLOOR = """
import io, json, sys
from openpyxl import load_workbook
from ruamel.yaml import YAML
book = load_workbook(sys.argv[1], read_only=True, data_only=False)
cells = sum(1 for sheet in book for row in sheet.iter_rows(values_only=True) for _ in row)
book.close()
yaml = YAML()
for path in json.load(open(sys.argv[2], encoding="utf-8")):
    with open(path, encoding="utf-8", newline="") as stream:
        data = yaml.load(stream)
    yaml.dump(data, io.StringIO())
"""

# The CUC stage as bench/generate.py writes it: `  cuc:` and its lines indented further.
_CUC = re.compile(r"^  cuc:\n(?:    .*\n)*", re.MULTILINE)


def make_call(generated: Path, call: Path) -> int:
    """`call/grids/`, `call/applications/`: the generated dossiers without their CUC notes."""
    shutil.rmtree(call, ignore_errors=True)
    (call / "applications").mkdir(parents=True)
    shutil.copytree(generated.parent / "grids", call / "grids")
    stripped = 0
    for source in sorted(generated.glob("*.yaml")):
        text, count = _CUC.subn("", source.read_text(encoding="utf-8"))
        stripped += count
        (call / "applications" / source.name).write_text(text, encoding="utf-8")
    return stripped


def fill(xlsx: Path, call: Path, scratch: Path) -> list[tuple[str, Path, list[str]]]:
    """Two workbooks typed with openpyxl from the exported one: every empty CUC note cell the
    hidden index names gets 0, 1 or 2 (the reference grid's points, step 1); then, from the
    export again, every restreint note cell gets the next value round (1 → 2, 2 → 0, empty → 1).
    Each as (stage, workbook, the files `collect` will change)."""
    from openpyxl import load_workbook

    book = load_workbook(xlsx)  # once: a 2,000-dossier workbook takes minutes to load
    index = book["_grantgrid"]
    header = [cell.value for cell in index[2]]
    at = {name: header.index(name) for name in ("path", "sheet", "stage", "address")}
    rows = list(index.iter_rows(min_row=3, values_only=True))
    typed = []
    for stage in ("cuc", "restreint"):
        changed: dict[str, None] = {}
        undo = []
        for number, row in enumerate(rows):
            if row[at["stage"]] != stage:
                continue
            cell = book[row[at["sheet"]]][row[at["address"]]]
            undo.append((cell, cell.value))
            cell.value = number % 3 if cell.value is None else (int(cell.value) + 1) % 3
            changed[str(call / row[at["path"]])] = None
        target = scratch / f"collect-{stage}.xlsx"
        book.save(target)
        for cell, value in undo:
            cell.value = value
        typed.append((stage, target, list(changed)))
    return typed


def measure_collect(
    generated: Path,
    scratch: Path,
    runs: int,
    case: Callable[..., Any],
    measure: Callable[[Any], Any],
    run_once: Callable[[list[str]], tuple[float, float, int, int, int]],
    grantgrid: str,
    python: str,
) -> list[Any]:
    """The floor's case and collect's, measured; `case` builds a `run.Case`."""
    call = scratch / "collect-call"
    make_call(generated, call)
    xlsx = scratch / "collect.xlsx"
    export = [grantgrid, "export", str(call / "applications"), "-o", str(xlsx), "--force"]
    run_once([*export, "--call", str(call)])  # exit 1: some generated dossiers are broken
    if not xlsx.exists():
        return []
    pristine = scratch / "collect-pristine"
    shutil.rmtree(pristine, ignore_errors=True)
    shutil.copytree(call / "applications", pristine)
    cases: list[Any] = []
    size = len(list(generated.glob("*.yaml")))
    # The committee's usual evening: the empty CUC column typed (one new mapping per file); then
    # every restreint note retyped (values replaced in place, the round-trip editor's hard case).
    what = {"cuc": "every empty CUC note typed", "restreint": "every note retyped"}
    for stage, typed, changed in fill(xlsx, call, scratch):
        listed = scratch / f"collect-{stage}.json"
        listed.write_text(json.dumps(changed), encoding="utf-8")
        floor = case(
            f"openpyxl read-only + ruamel round trip of {len(changed):,} files ({stage})",
            [python, "-c", FLOOR, str(typed), str(listed)],
            runs,
        )
        measure(floor)
        collect = case(
            f"collect, N={size}, {what[stage]}",
            [grantgrid, "collect", str(typed), "--call", str(call)],
            1,
            floor.name,
            2.0,
        )
        # Each run writes the dossiers: put them back as exported before each one.
        for _ in range(runs):
            shutil.rmtree(call / "applications")
            shutil.copytree(pristine, call / "applications")
            measure(collect)
        collect.runs = runs
        cases += [floor, collect]
    return cases


def main() -> None:
    import argparse
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import generate, generated_with
    from run import BIN, DATA, Case, measure, run_once

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    folder = DATA / f"n{args.size}"
    if len(list(folder.glob("*.yaml"))) != args.size or generated_with(folder) != args.seed:
        generate(args.size, DATA, args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="grantgrid-collect-"))
    try:
        cases = measure_collect(
            folder,
            scratch,
            args.runs,
            Case,
            measure,
            run_once,
            str(BIN / "grantgrid"),
            sys.executable,
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for floor, collect in zip(cases[::2], cases[1::2], strict=True):
        print(
            f"{collect.name}: {collect.best:.1f} s (exit {sorted(collect.exit_codes)}); "
            f"floor {floor.best:.1f} s; ratio {collect.best / floor.best:.2f} (target ≤ 2)"
        )
    if not cases:
        print("export wrote no workbook: collect not measured")


if __name__ == "__main__":
    main()
