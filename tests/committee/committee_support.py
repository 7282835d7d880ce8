"""Helpers of the committee tests: write a call's committee and meetings, decide, look."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

from grantgrid.committee.facts import DossierFacts
from grantgrid.committee.load import LoadedCommittee, LoadedMeeting, load_committee, load_meeting
from grantgrid.committee.models import Committee, Meeting
from grantgrid.committee.result import CommitteeResult, decisions_for_run
from grantgrid.loading import Document

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
STAGES = ["restreint", "cuc"]


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def facts(
    dossier_id: str = "CAF-2025-01", status: str = "selected", fund: str = "5400.00", **more: Any
) -> DossierFacts:
    return DossierFacts(
        dossier_id,
        title=more.pop("title", f"Projet {dossier_id}"),
        applicant=more.pop("applicant", "Association exemple"),
        fiche=more.pop("fiche", "4.2 Développer l'offre culturelle"),
        status=status,
        fund_amount=Decimal(fund) if fund is not None else None,
        stage_totals=more.pop("stage_totals", {"restreint": Decimal(15), "cuc": None}),
        stage_maximum=Decimal(20),
        **more,
    )


DOSSIERS = [
    facts("CAF-2025-01"),
    facts("CAF-2025-02", fund="12000.00"),
    facts("CAF-2025-03", status="rejected", reasons=["total 7 is below the minimum of 10"]),
]


def seats_yaml(spec: list[tuple[str, str, str]], **options: Any) -> str:
    """A committee file: one seat per (seat id, college, group); titulaire `t-<seat>`,
    suppléants `s1-<seat>`, `s2-<seat>`."""
    lines = ["committee: cp-test", "title: Comité de test"]
    rules = options.get("rules")
    if rules:
        lines.append("rules:")
        lines += [f"  {k}: {v}" for k, v in rules.items()]
    lines.append("seats:")
    for seat, college, group in spec:
        lines += [
            f"  - id: {seat}",
            f"    structure: Structure {seat}",
            f"    college: {college}",
            f"    group: {group}",
            f"    titulaire: {{id: t-{seat}, name: Titulaire {seat}}}",
            "    suppleants:",
            f"      - {{id: s1-{seat}, name: Premier {seat}}}",
            f"      - {{id: s2-{seat}, name: Second {seat}}}",
        ]
    conflicts = options.get("conflicts")
    if conflicts:
        lines.append("conflicts:")
        lines += [f"  {m}: [{', '.join(d)}]" for m, d in conflicts.items()]
    return "\n".join(lines) + "\n"


def twelve(**options: Any) -> str:
    """12 voting seats: 6 public in two groups, 6 private in three groups."""
    spec = [(f"pub{i}", "public", "collectivites") for i in range(1, 4)]
    spec += [(f"pub{i}", "public", "etat") for i in range(4, 7)]
    spec += [(f"eco{i}", "private", "economie") for i in range(1, 3)]
    spec += [(f"cul{i}", "private", "culture") for i in range(1, 3)]
    spec += [(f"soc{i}", "private", "social") for i in range(1, 3)]
    return seats_yaml(spec, **options)


def meeting_yaml(present: list[str], decisions: str = "", **fields: str) -> str:
    head = {"meeting": "cp-2025-02-04", "date": "2025-02-04", "mode": "seance", **fields}
    lines = [f"{k}: {v}" for k, v in head.items()]
    lines.append("present: [" + ", ".join(present) + "]")
    if decisions:
        lines.append("decisions:")
        lines += ["  " + line for line in dedent(decisions).splitlines()]
    return "\n".join(lines) + "\n"


def at(text: str, token: str, nth: int = 1) -> tuple[int, int]:
    """The 1-based (line, column) of the nth occurrence of `token` in `text`."""
    index = -1
    for _ in range(nth):
        index = text.index(token, index + 1)
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


class Call:
    """A committee and its meetings written in tmp_path."""

    def __init__(self, root: Path, committee: str) -> None:
        self.root = root
        (root / "meetings").mkdir(exist_ok=True)
        (root / "committee.yaml").write_text(committee, encoding="utf-8")
        self.meetings: list[Path] = []

    def meeting(self, text: str, name: str | None = None) -> Path:
        path = self.root / "meetings" / (name or f"m{len(self.meetings) + 1}.yaml")
        path.write_text(text, encoding="utf-8")
        self.meetings.append(path)
        return path

    def decide(self, dossiers: list[DossierFacts] | None = None) -> CommitteeResult:
        committee = load_committee(self.root / "committee.yaml", "committee.yaml")
        meetings = [load_meeting(p, f"meetings/{p.name}") for p in self.meetings]
        return decisions_for_run(
            committee, meetings, DOSSIERS if dossiers is None else dossiers, STAGES
        )


def problems(result: CommitteeResult) -> list[tuple[str, str, int, int]]:
    """Every diagnostic of the run: (file, code, line, column)."""
    found = [*result.diagnostics, *(d for m in result.meetings for d in m.diagnostics)]
    return [(d.path, d.code, d.position.line, d.position.column) for d in found if d.position]


def in_memory(
    committee: dict[str, Any], meetings: list[dict[str, Any]]
) -> tuple[LoadedCommittee, list[LoadedMeeting]]:
    """Loaded files built straight from data (no positions): fast, for property tests."""
    model = Committee.model_validate(committee)
    loaded = LoadedCommittee(
        Path("committee.yaml"), "committee.yaml", model, Document("committee.yaml", committee)
    )
    found = []
    for i, data in enumerate(meetings):
        shown = f"meetings/m{i}.yaml"
        found.append(
            LoadedMeeting(Path(shown), shown, Meeting.model_validate(data), Document(shown, data))
        )
    return loaded, found
