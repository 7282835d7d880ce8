"""Several scorers (issue 15): `score --json` on 2,000 dossiers with 12 members' notes files,
against the time libyaml alone needs to parse the same dossiers and notes files.

    python bench/scorers.py [--size 2000] [--members 12] [--runs 3]

The call is written to bench/data/scorers-n{size}/ (grids/, applications/, committee.yaml,
notes/technique/<member>.yaml; the dossiers are `generate.py`'s). The floor parses every
YAML file of applications/ and notes/ with ruamel.yaml's C loader (libyaml) in one process,
as `run.py`'s floor does. Target: ≤ 1.5 ×. The row is added to bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from generate import GRID, generate  # noqa: E402
from run import GRANTGRID, PYTHON, Case, compile_bytecode, machine, measure  # noqa: E402

C_PARSE = """
import sys
from pathlib import Path
from ruamel.yaml import YAML
from ruamel.yaml.main import CParser
assert CParser is not None, "ruamel.yaml's C parser (ruamel.yaml.clib) is not installed"
yaml = YAML(typ="safe", pure=False)
root = Path(sys.argv[1])
for path in sorted([*root.glob("applications/*.yaml"), *root.glob("notes/*/*.yaml")]):
    try:
        yaml.load(path.read_text(encoding="utf-8"))
    except Exception:
        pass
"""

AXES = ("innovant", "economique", "territorial")
PHASES = ("amont", "objet", "action")


def committee(members: int, ids: list[str]) -> str:
    lines = ["committee: cp-bench", "title: Comité de programmation (banc d'essai)", "seats:"]
    for i in range(members):
        college = "public" if i % 2 else "private"
        lines += [
            f"  - id: seat{i}",
            f"    structure: Structure {i}",
            f"    college: {college}",
            f"    group: groupe{i % 4}",
            f"    titulaire: {{id: m{i:02d}, name: Membre {i}}}",
        ]
    lines.append("conflicts:")  # a few standing declarations: those notes are left out
    lines += [f"  m{i:02d}: [{ids[(i * 97) % len(ids)]}]" for i in range(members)]
    return "\n".join(lines) + "\n"


def note(base: int, rng: random.Random) -> int:
    """A member's note: the dossier's merit in that cell, one point off now and then."""
    return min(2, max(0, base + rng.choice((-1, 0, 0, 0, 0, 1))))


def notes(member: int, ids: list[str], rng: random.Random) -> str:
    """A member's notes on every dossier, as `new --notes` then a secretary would write them:
    block style for some members, the spec's flow style for the others; a cell left out now
    and then."""
    merit = random.Random(7)  # the same merit of each dossier's cells for every member
    lines = [f"member: m{member:02d}", "stage: technique", "notes:"]
    flow = member % 2 == 0
    for dossier in ids:
        lines.append(f"  {dossier}:")
        for axis in AXES:
            cells = [(p, note(merit.randint(0, 2), rng)) for p in PHASES if rng.random() > 0.02]
            if flow:
                lines.append(f"    {axis}: {{{', '.join(f'{p}: {v}' for p, v in cells)}}}")
            else:
                lines.append(f"    {axis}:")
                lines += [f"      {p}: {v}" for p, v in cells]
        lines.append(f"    bonus: {{emergence: {note(merit.randint(0, 2), rng)}}}")
    return "\n".join(lines) + "\n"


def write_call(size: int, members: int, seed: int) -> Path:
    root = BENCH / "data" / f"scorers-n{size}"
    if root.exists():
        shutil.rmtree(root)
    scratch = BENCH / "data" / f"scorers-staging-{size}"
    generate(size, scratch, seed)
    (root / "grids").mkdir(parents=True)
    shutil.copyfile(GRID, root / "grids" / GRID.name)
    shutil.move(str(scratch / f"n{size}"), root / "applications")
    shutil.rmtree(scratch)
    ids = []  # the notes name the dossiers by their ids, as generate.py wrote them
    for path in sorted((root / "applications").glob("*.yaml")):
        found = re.search(r"^dossier: *(\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)
        ids.append(found.group(1) if found else path.stem)
    (root / "committee.yaml").write_text(committee(members, ids), encoding="utf-8")
    folder = root / "notes" / "technique"
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    for member in range(members):
        (folder / f"m{member:02d}.yaml").write_text(notes(member, ids, rng), encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--members", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    compile_bytecode()
    root = write_call(args.size, args.members, args.seed)
    import run as bench_run

    bench_run.DATA = root  # cases run in the call's folder
    floor = Case(
        f"C parse, N={args.size} + {args.members} notes files",
        [PYTHON, "-c", C_PARSE, "."],
        args.runs,
    )
    score = Case(
        f"score --json, N={args.size}, {args.members} members' notes",
        [GRANTGRID, "score", "applications", "--json"],
        args.runs,
        floor.name,
        1.5,
    )
    for case in (floor, score):
        measure(case)
    ratio = score.best / floor.best
    print(
        f"| {score.name} | {score.best:.3f} | {score.median:.3f} | {min(score.cpu):.2f} | "
        f"{score.peak_mb:.0f} | {ratio:.2f} × {floor.name} ({floor.best:.3f} s) | ≤ 1.5 "
        f"{'✓' if ratio <= 1.5 else '✗'} |"
    )
    saved = BENCH / "results.json"
    if saved.exists():
        results = json.loads(saved.read_text(encoding="utf-8"))
        rows = [r for r in results["results"] if r["case"] not in (floor.name, score.name)]
        for case, case_ratio in ((floor, None), (score, ratio)):
            rows.append(
                {
                    "case": case.name,
                    "min_s": round(case.best, 3),
                    "median_s": round(case.median, 3),
                    "cpu_s": round(min(case.cpu), 3),
                    "peak_mb": round(case.peak_mb, 1),
                    "largest_process_mb": round(case.largest_mb, 1),
                    "floor": case.floor,
                    "ratio": None if case_ratio is None else round(case_ratio, 2),
                    "target": case.target,
                    "met": None if case_ratio is None else case_ratio <= 1.5,
                    "runs": case.runs,
                    "exit_codes": sorted(case.exit_codes),
                }
            )
        results["results"] = rows
        info = machine(args.seed)
        results.setdefault("notes", []).append(
            f"several scorers measured on {info['date']} (commit {info['commit']}, load "
            f"{info['load_average_at_start']}) by bench/scorers.py"
        )
        saved.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
