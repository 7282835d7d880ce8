"""Time grantgrid against its floors, side by side in one run; print a table, write results.json.

Each case runs several times; the table shows min and median wall time, CPU time, and the
peak memory (proportional set size summed over the process and its worker processes, sampled
from /proc every 50 ms), then each measured command as a ratio of its floor's minimum:

- `score DIR --json` and `validate DIR`  vs  parsing the same files with ruamel.yaml's C loader
  (`YAML(typ="safe", pure=False)`) in one process;
- `--help` and `validate one.yaml`  vs  `python -c "import typer"`;
- `export` (2,000 dossiers)  vs  openpyxl write-only of the same cells; `report --format html`;
- `collect` of that workbook, every CUC note typed or every restreint note retyped  vs
  openpyxl's read-only load of it plus ruamel's round trip of the changed files (collect_case.py).

    python bench/run.py                  # N = 2,000 and 10,000, 3 runs each (2 for export)
    python bench/run.py --seed 7         # the same on other generated dossiers
    python bench/run.py --sizes 500 --runs 1 --export-size 500 --scaling-size 1000 --slow-runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
BIN = Path(sys.executable).parent
GRANTGRID = str(BIN / "grantgrid")
PYTHON = sys.executable

sys.path.insert(0, str(BENCH))
from generate import generate, generated_with  # noqa: E402

C_PARSE = """
import sys
from pathlib import Path
from ruamel.yaml import YAML
from ruamel.yaml.main import CParser
assert CParser is not None, "ruamel.yaml's C parser (ruamel.yaml.clib) is not installed"
yaml = YAML(typ="safe", pure=False)
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    try:
        yaml.load(path.read_text(encoding="utf-8"))
    except Exception:
        pass
"""

TYPER_HELLO = """
# A typer command with `validate`'s options and no grantgrid code: what typer itself costs
# (typer 0.2x coerces parameters with pydantic TypeAdapters, so it imports pydantic).
from pathlib import Path
from typing import Annotated
import typer
app = typer.Typer()
@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument()] = None,
    grids: Annotated[Path | None, typer.Option()] = None,
    json_output: Annotated[bool, typer.Option("--json")] = False,
    quiet: Annotated[bool, typer.Option("--quiet")] = False,
) -> None:
    pass
@app.command()
def other() -> None:
    pass
app()
"""

OPENPYXL_WRITE = """
import json, sys
from openpyxl import Workbook
sheets = json.load(open(sys.argv[1], encoding="utf-8"))
book = Workbook(write_only=True)
for rows in sheets:
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
book.save(sys.argv[2])
"""


@dataclass
class Case:
    name: str
    command: list[str]
    runs: int
    floor: str | None = None
    target: float | None = None
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    largest_mb: float = 0.0
    exit_codes: set[int] = field(default_factory=set)

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def tree_memory_kb(pid: int) -> tuple[int, int]:
    """Memory of a process and all its descendants, from /proc (Linux): the sum of their
    proportional set sizes (forked workers share pages, which a sum of RSS would count twice)
    and the largest single RSS."""
    total, largest, todo = 0, 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        largest = max(largest, int(line.split()[1]))
                        break
            with open(f"/proc/{current}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total, largest


def run_once(command: list[str]) -> tuple[float, float, int, int, int]:
    """Wall time, CPU time (all processes), peak memory (kB: summed PSS of the process tree,
    largest single RSS) and exit code of one run."""
    peak, largest = 0, 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=DATA, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, largest
        while not done.is_set():
            total, single = tree_memory_kb(process.pid)
            peak, largest = max(peak, total), max(largest, single)
            # Every 50 ms at first, every half second after 2 s: reading smaps_rollup walks the
            # process's page tables and stalls it (a 4 GB export ran 10 % slower under a
            # 50 ms sampler); a long run's memory grows steadily, its peak is still seen.
            done.wait(0.05 if time.perf_counter() - start < 2 else 0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = process.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, peak, largest, code


def measure(case: Case) -> Case:
    for _ in range(case.runs):
        elapsed, cpu, peak, largest, code = run_once(case.command)
        case.times.append(elapsed)
        case.cpu.append(cpu)
        case.peak_mb = max(case.peak_mb, peak / 1024)
        case.largest_mb = max(case.largest_mb, largest / 1024)
        case.exit_codes.add(code)
    shown = ", ".join(f"{t:.3f}" for t in case.times)
    print(
        f"  {case.name}: {shown} s (CPU {min(case.cpu):.2f} s), memory {case.peak_mb:.0f} MB",
        file=sys.stderr,
        flush=True,
    )
    return case


def commands() -> set[str]:
    out = subprocess.run([GRANTGRID, "--help"], capture_output=True, text=True, check=False)
    return {
        line.split()[0].strip("│ ")
        for line in out.stdout.splitlines()
        if line.strip().strip("│").strip()
    }


def workbook_cells(xlsx: Path, target: Path) -> int:
    """Dump the values of a workbook's sheets to JSON for the openpyxl floor; count cells."""
    from openpyxl import load_workbook

    book = load_workbook(xlsx, read_only=True, data_only=False)
    sheets = [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book]
    target.write_text(json.dumps(sheets, default=str), encoding="utf-8")
    return sum(1 for rows in sheets for row in rows for value in row if value is not None)


def compile_bytecode() -> None:
    """Compile grantgrid's bytecode first, as installing a package does: an editable install
    under PYTHONDONTWRITEBYTECODE would otherwise compile every module on every run."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("grantgrid")
    locations = spec.submodule_search_locations if spec else None
    for folder in locations or []:
        compileall.compile_dir(folder, quiet=1)


def machine(seed: int) -> dict[str, str | int]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": model,
        "cores": os.cpu_count() or 0,
        "seed": seed,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average_at_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "commit": commit,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--export-size", type=int, default=2000)
    parser.add_argument(
        "--scaling-size",
        type=int,
        default=10_000,
        help="a larger export, to check it scales linearly (target: ≤ 5.5 × the time of "
        "--export-size when 5 times larger)",
    )
    parser.add_argument("--seed", type=int, default=2017, help="seed of the generated dossiers")
    parser.add_argument(
        "--slow-runs", type=int, default=2, help="runs of export, report and their floor"
    )
    parser.add_argument(
        "--startup-only",
        action="store_true",
        help="measure only --help and validate one.yaml (with their floor) and update those "
        "rows of an existing results.json",
    )
    args = parser.parse_args()

    compile_bytecode()
    info = machine(args.seed)
    folders = {}
    needed = {args.export_size}
    if not args.startup_only:
        needed |= {*args.sizes, args.scaling_size}
    for size in sorted(needed):
        folder = DATA / f"n{size}"
        if len(list(folder.glob("*.yaml"))) != size or generated_with(folder) != args.seed:
            generate(size, DATA, args.seed)
        folders[size] = folder.name
    one = f"{folders[args.export_size]}/dossier-00001.yaml"
    available = commands()

    cases: list[Case] = []
    quick = max(args.runs, 10)
    cases.append(Case("python -c 'import typer'", [PYTHON, "-c", "import typer"], quick))
    cases.append(
        Case("grantgrid --help", [GRANTGRID, "--help"], quick, "python -c 'import typer'", 1.3)
    )
    cases.append(
        Case(
            "typer command, no grantgrid code",
            [PYTHON, "-c", TYPER_HELLO, "validate", one],
            quick,
            "python -c 'import typer'",
        )
    )
    cases.append(
        Case(
            "grantgrid validate one.yaml",
            [GRANTGRID, "validate", one],
            quick,
            "python -c 'import typer'",
            2.5,
        )
    )
    for size in [] if args.startup_only else args.sizes:
        floor = f"C parse, N={size}"
        folder = folders[size]
        cases.append(Case(floor, [PYTHON, "-c", C_PARSE, folder], args.runs))
        cases.append(
            Case(
                f"score --json, N={size}",
                [GRANTGRID, "score", folder, "--json"],
                args.runs,
                floor,
                1.5 if size >= 10_000 else None,
            )
        )
        cases.append(Case(f"validate, N={size}", [GRANTGRID, "validate", folder], args.runs, floor))
    notes = []
    print(f"measuring on {info['cpu']} ({info['cores']} cores)...", file=sys.stderr)
    for case in cases:
        measure(case)

    scratch = Path(tempfile.mkdtemp(prefix="grantgrid-bench-"))
    try:
        folder = folders[args.export_size]
        if args.startup_only:
            pass
        elif "export" in available:
            xlsx = scratch / "committee.xlsx"
            export = [GRANTGRID, "export", folder, "-o", str(xlsx), "--force"]
            dump = scratch / "cells.json"
            run_once(export)  # once, to count the cells of the workbook it writes
            if xlsx.exists():
                cells = workbook_cells(xlsx, dump)
                floor = f"openpyxl write-only, {cells:,} cells"
                cases.append(
                    measure(
                        Case(
                            floor,
                            [PYTHON, "-c", OPENPYXL_WRITE, str(dump), str(scratch / "floor.xlsx")],
                            args.slow_runs,
                        )
                    )
                )
                cases.append(
                    measure(
                        Case(f"export, N={args.export_size}", export, args.slow_runs, floor, 3.0)
                    )
                )
                larger = folders[args.scaling_size]
                if larger != folder:
                    # Linear: 5 times the dossiers in at most 5.5 times the time.
                    factor = args.scaling_size / args.export_size
                    cases.append(
                        measure(
                            Case(
                                f"export, N={args.scaling_size}",
                                [
                                    GRANTGRID,
                                    "export",
                                    larger,
                                    "-o",
                                    str(scratch / "larger.xlsx"),
                                    "--force",
                                ],
                                args.slow_runs,
                                f"export, N={args.export_size}",
                                round(factor * 1.1, 2) if factor > 1 else None,
                            )
                        )
                    )
            else:
                notes.append("export: the command ran but wrote no workbook; not measured")
        else:
            notes.append("export: not in `grantgrid --help` yet; not measured")
        if args.startup_only:
            pass
        elif "report" in available:
            reports = scratch / "reports"
            cases.append(
                measure(
                    Case(
                        f"report --format html, N={args.export_size}",
                        [
                            GRANTGRID,
                            "report",
                            folder,
                            "-o",
                            str(reports),
                            "--format",
                            "html",
                            "--force",
                        ],
                        args.slow_runs,
                    )
                )
            )
        else:
            notes.append("report: not in `grantgrid --help` yet; not measured")
        if not args.startup_only and "collect" in available:
            from collect_case import measure_collect

            found = measure_collect(
                DATA / folder, scratch, args.slow_runs, Case, measure, run_once, GRANTGRID, PYTHON
            )
            cases += found
            if not found:
                notes.append("collect: export wrote no workbook; not measured")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    by_name = {case.name: case for case in cases}
    rows = []
    for case in cases:
        ratio = case.best / by_name[case.floor].best if case.floor in by_name else None
        rows.append(
            {
                "case": case.name,
                "min_s": round(case.best, 3),
                "median_s": round(case.median, 3),
                "cpu_s": round(min(case.cpu), 3),
                "peak_mb": round(case.peak_mb, 1),
                "largest_process_mb": round(case.largest_mb, 1),
                "floor": case.floor,
                "ratio": round(ratio, 2) if ratio is not None else None,
                "target": case.target,
                "met": None if ratio is None or case.target is None else ratio <= case.target,
                "runs": case.runs,
                "exit_codes": sorted(case.exit_codes),
            }
        )
    results = {"machine": info, "results": rows, "notes": notes}
    saved = BENCH / "results.json"
    if args.startup_only and saved.exists():
        previous = json.loads(saved.read_text(encoding="utf-8"))
        fresh = {row["case"]: row for row in rows}
        rows = [fresh.pop(row["case"], row) for row in previous["results"]] + list(fresh.values())
        notes = [*previous["notes"], f"start-up rows measured again on {info['date']}"]
        results = {"machine": previous["machine"], "results": rows, "notes": notes}
    saved.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))


def table(results: dict) -> str:
    """The results as a Markdown table, as the README shows them."""
    lines = [
        "| case | min (s) | median (s) | CPU (s) | memory (MB) | ratio to floor | target |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    floors = {row["floor"] for row in results["results"]}
    for row in results["results"]:
        ratio = "(floor)" if row["case"] in floors else ""
        if row["ratio"] is not None:
            ratio = f"{row['ratio']:.2f} × {row['floor']}"
        target = ""
        if row["target"] is not None:
            target = f"≤ {row['target']} {'✓' if row['met'] else '✗'}"
        lines.append(
            f"| {row['case']} | {row['min_s']:.3f} | {row['median_s']:.3f} | {row['cpu_s']:.2f} | "
            f"{row['peak_mb']:.0f} | {ratio} | {target} |"
        )
    info = results["machine"]
    lines.append("")
    lines.append(
        f"Machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, "
        f"{info['system']}; dossiers generated with seed {info.get('seed', 2017)}; "
        f"load average at start {info['load_average_at_start']}; "
        f"commit {info['commit']}, {info['date']}."
    )
    lines.append(
        "Times are wall-clock (min and median of the runs); CPU is user + system time of all "
        "processes (min); memory is the peak of the summed proportional set size (PSS) of the "
        "command and its worker processes. Ratios compare minimums measured in the same run."
    )
    lines += [f"Note: {note}" for note in results["notes"]]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
