"""A year of committee work: 40 seats, 20 meetings, 2,000 decisions; times `decisions_for_run`.

    PYTHONPATH=src python bench/committee_year.py [--decisions 2000] [--seats 40]

The files are written to a temporary folder and loaded first (timed apart: loading is the
loader's cost, paid once per file by `score` anyway); then `decisions_for_run` is timed, best
of five. Target (issue 14): well under a second.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from grantgrid.committee.facts import DossierFacts
from grantgrid.committee.load import load_committee, load_meetings
from grantgrid.committee.result import decisions_for_run

GROUPS = ["collectivites", "culture", "economie", "tourisme", "social", "environnement"]
KINDS = ["favorable", "reserve", "programme", "defavorable", "ajourne"]


def committee_text(seats: int) -> str:
    lines = ["committee: cp-bench", "title: Comité de programmation (banc d'essai)", "seats:"]
    for i in range(seats):
        college = "public" if i % 9 < 4 else "private"
        lines += [
            f"  - id: seat{i}",
            f"    structure: Structure {i}",
            f"    college: {college}",
            f"    group: {GROUPS[i % len(GROUPS)]}",
            f"    titulaire: {{id: t{i}, name: Titulaire {i}}}",
            "    suppleants:",
            f"      - {{id: s{i}, name: Suppléant {i}}}",
        ]
    lines.append("conflicts:")
    lines += [f"  t{i}: [D-{i:05d}]" for i in range(0, seats, 5)]
    return "\n".join(lines) + "\n"


def meeting_text(number: int, seats: int, dossiers: range, rng: random.Random) -> str:
    present = [
        f"t{i}" if rng.random() < 0.8 else f"s{i}" for i in range(seats) if rng.random() < 0.85
    ]
    lines = [
        f"meeting: cp-2025-{number:02d}",
        f"date: 2025-{1 + number % 12:02d}-{1 + number % 27:02d}",
        "mode: seance",
        "present: [" + ", ".join(present) + "]",
        "decisions:",
    ]
    for d in dossiers:
        conflict = f"t{rng.randrange(seats)}"
        lines += [
            f"  D-{d:05d}:",
            f"    decision: {rng.choice(KINDS)}",
            f"    amount: {rng.randrange(2000, 50000)}.00",
            f"    conflicts: [{conflict}]",
            f"    votes: {{pour: {rng.randrange(10, 20)}, contre: {rng.randrange(0, 5)}, abstention: 1}}",
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--seats", type=int, default=40)
    parser.add_argument("--meetings", type=int, default=20)
    options = parser.parse_args()
    rng = random.Random(2017)
    per = options.decisions // options.meetings
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "meetings").mkdir()
        (root / "committee.yaml").write_text(committee_text(options.seats), encoding="utf-8")
        for m in range(options.meetings):
            text = meeting_text(m, options.seats, range(m * per, (m + 1) * per), rng)
            (root / "meetings" / f"m{m:02d}.yaml").write_text(text, encoding="utf-8")
        start = time.perf_counter()
        committee = load_committee(root / "committee.yaml", "committee.yaml")
        meetings = load_meetings(root / "meetings", root)
        loaded = time.perf_counter() - start
    dossiers = [
        DossierFacts(
            f"D-{i:05d}", status="selected" if i % 7 else "rejected", fund_amount=Decimal(50000)
        )
        for i in range(options.decisions)
    ]
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        result = decisions_for_run(committee, meetings, dossiers)
        timings.append(time.perf_counter() - start)
    decided = sum(len(m.decisions) for m in result.meetings)
    valid = sum(d.valid for m in result.meetings for d in m.decisions)
    problems = sum(len(m.diagnostics) for m in result.meetings)
    print(
        f"{options.seats} seats, {len(meetings)} meetings, {decided} decisions ({valid} valid, {problems} diagnostics)"
    )
    print(f"loading the files: {loaded:.3f} s")
    print(f"decisions_for_run: best {min(timings):.3f} s, worst {max(timings):.3f} s")


if __name__ == "__main__":
    main()
