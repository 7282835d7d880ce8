"""Write N synthetic, reproducible dossiers for the reference grid, for `make bench`.

Each dossier looks like a real one (~4 KB): applicant, context, an answer in every cell of
the grid, 5–15 expense lines, a balanced financing plan that follows the grid's rules, and
two stages of scores (the second sometimes left out). About one in twelve is broken the way
applicants break them: unbalanced budget, unknown funder, score out of range, a missing
field, or a YAML syntax error.

    python bench/generate.py 2000 [--out bench/data]   # writes bench/data/n2000/*.yaml
"""

from __future__ import annotations

import argparse
import random
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRID = ROOT / "grids" / "leader-tulle.yaml"
GRID_ID = "leader-tulle-2014-2020"
SEED_FILE = ".seed"
AXES = ("innovant", "economique", "territorial")
PHASES = ("amont", "objet", "action")
STAGES = ("restreint", "cuc")

PROSE = (
    "association commune territoire projet culturel numérique rural partenariat habitants "
    "emploi formation filière accompagnement mutualisation réseau jeunesse patrimoine "
    "tourisme circuit court agriculture énergie mobilité services publics solidarité "
    "économie sociale et solidaire coopération intercommunalité animation diffusion "
    "publics éloignés accessibilité environnement sensibilisation pérennité viabilité "
    "bénévoles salariés équipement locaux étude faisabilité communication évaluation"
)
WORDS = tuple(PROSE.split())
EXPENSES = (
    "Étude de faisabilité",
    "Frais salariaux du chargé de mission",
    "Acquisition de matériel informatique",
    "Aménagement des locaux",
    "Communication et signalétique",
    "Prestation de conseil",
    "Organisation de rencontres publiques",
    "Frais de déplacement",
    "Création d'un site Internet",
    "Achat de mobilier",
    "Formation des bénévoles",
    "Location de salle",
    "Conception graphique",
    "Matériel pédagogique",
    "Animation du réseau",
)
STATUSES = ("association", "commune", "SCIC", "communauté de communes", "SARL")
TOWNS = ("TULLE", "NAVES", "CORRÈZE", "SEILHAC", "LAGUENNE", "CHAMBOULIVE", "UZERCHE")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(6, 12)) for _ in range(sentences))


def block(text: str, indent: str) -> str:
    return "|\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in text.split("\n"))


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def french(amount: Decimal) -> str:
    whole, _, frac = f"{amount:.2f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f'"{" ".join(groups)},{frac} €"'


def budget(rng: random.Random) -> tuple[list[tuple[str, Decimal]], list[tuple[str, Decimal]]]:
    """Expense lines and resources that satisfy the reference grid's financing rules."""
    lines = [
        (rng.choice(EXPENSES), Decimal(rng.randint(30_000, 900_000)) / 100)
        for _ in range(rng.randint(5, 15))
    ]
    cost = sum((amount for _, amount in lines), Decimal(0))
    self_financing = cents(cost * Decimal("0.2")) + Decimal(rng.randint(0, 5000)) / 100
    private = Decimal(rng.choice((0, 0, 0, 50_000, 120_000))) / 100
    public = cost - self_financing - private
    leader = cents(public * Decimal("0.8"))
    national = public - leader
    co_funders = rng.sample(("region", "departement", "intercommunalite", "commune"), 2)
    first = cents(national * Decimal(rng.choice(("0.5", "0.6", "1"))))
    resources = [(co_funders[0], first)]
    if national - first > 0:
        resources.append((co_funders[1], national - first))
    resources.append(("leader", leader))
    if private:
        resources.append(("mecenat", private))
    resources.append(("autofinancement", self_financing))
    return lines, resources


def scores(rng: random.Random, quality: float) -> dict[str, dict[str, dict[str, int]]]:
    def note() -> int:
        return max(0, min(2, round(rng.gauss(quality, 0.7))))

    result = {}
    for stage in STAGES:
        by_axis = {axis: {phase: note() for phase in PHASES} for axis in AXES}
        by_axis["bonus"] = {"emergence": note()}
        result[stage] = by_axis
    return result


def dossier(index: int, rng: random.Random) -> str:
    """One dossier's YAML text; about one in twelve has a deliberate problem."""
    ident = f"BENCH-{2017 + index % 4}-{index:05d}"
    flaw = (
        rng.choice(("unbalanced", "funder", "score", "missing", "syntax"))
        if rng.random() < 1 / 12
        else None
    )
    lines, resources = budget(rng)
    if flaw == "unbalanced":
        resources[-1] = (resources[-1][0], resources[-1][1] + Decimal("12.34"))
    if flaw == "funder":
        resources[0] = ("fondation-x", resources[0][1])
    notes = scores(rng, rng.uniform(0.6, 1.9))
    if flaw == "score":
        notes["restreint"]["innovant"]["objet"] = 3
    with_cuc = rng.random() < 0.7
    start = 2017 + index % 4
    out = [f"# Dossier synthétique n° {index} (bench/generate.py)", f"dossier: {ident}"]
    out.append(f"title: {sentence(rng, 6)[:-1]}")
    out.append(f"grid: {GRID_ID}")
    if flaw != "missing":
        out += [
            "applicant:",
            f"  name: {rng.choice(STATUSES).capitalize()} {rng.choice(WORDS)} {rng.choice(WORDS)}",
            f'  address: "{rng.randint(1, 80)} rue de la {rng.choice(WORDS)} 19000 {rng.choice(TOWNS)}"',
            f"  status: {rng.choice(STATUSES)}",
        ]
    out.append(f'fiche_action: "{rng.randint(1, 4)}.{rng.randint(1, 3)} {sentence(rng, 6)[:-1]}"')
    out.append(f"period: {{start: {start}, end: {start + rng.randint(0, 3)}}}")
    out.append(
        "context: " + block(paragraph(rng, 2) + "\n\n" + paragraph(rng, 1), "  ").rstrip("\n")
    )
    out.append("description: " + block(paragraph(rng, 3), "  ").rstrip("\n"))
    out += ["evaluation:", f"  target: {sentence(rng, 8)}", f"  impact: {sentence(rng, 8)}"]
    out += ["budget:", "  expenses:"]
    for label, amount in lines:
        out.append(f"    - {{label: {label}, amount: {amount:.2f}}}")
    out.append("  resources:")
    for funder, amount in resources:
        shown = french(amount) if rng.random() < 0.2 else f"{amount:.2f}"
        out.append(f"    - {{funder: {funder}, amount: {shown}}}")
    total = sum((amount for _, amount in lines), Decimal(0))
    out.append(f"  total: {total:.2f}")
    out.append("answers:")
    for axis in AXES:
        out.append(f"  {axis}:")
        for phase in PHASES:
            out.append(f"    {phase}: " + block(paragraph(rng, 2), "      ").rstrip("\n"))
    out.append("scores:")
    for stage in STAGES if with_cuc else STAGES[:1]:
        out.append(f"  {stage}:")
        for axis, cells in notes[stage].items():
            shown = ", ".join(f"{cell}: {value}" for cell, value in cells.items())
            out.append(f"    {axis}: {{{shown}}}")
    out.append(f'remarks: "{sentence(rng, 10)}"')
    text = "\n".join(out) + "\n"
    if flaw == "syntax":
        text = text.replace("  resources:\n", "  resources:\n   - {funder: [region\n", 1)
    return text


def generate(count: int, out: Path, seed: int = 2017) -> Path:
    """Write `count` dossiers to out/n{count}/ and the grid to out/grids/; return the folder."""
    folder = out / f"n{count}"
    if folder.is_dir():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (out / "grids").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(GRID, out / "grids" / GRID.name)
    rng = random.Random(seed)
    for index in range(1, count + 1):
        (folder / f"dossier-{index:05d}.yaml").write_text(dossier(index, rng), encoding="utf-8")
    (folder / SEED_FILE).write_text(f"{seed}\n", encoding="utf-8")  # not a *.yaml: never read
    return folder


def generated_with(folder: Path) -> int | None:
    """The seed a folder was generated with, or None (absent or from an older generator)."""
    try:
        return int((folder / SEED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "data")
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    folder = generate(args.count, args.out, args.seed)
    print(f"{args.count} dossiers in {folder}")


if __name__ == "__main__":
    main()
