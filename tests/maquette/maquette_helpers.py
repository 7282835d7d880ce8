"""Helpers of the maquette tests: a maquette or meeting from YAML text, decisions, candidates."""

from __future__ import annotations

import datetime
import textwrap
from decimal import Decimal
from pathlib import Path

from grantgrid.diagnostics import Diagnostic
from grantgrid.loading import Document, load_yaml
from grantgrid.maquette import Candidate, Decided, LoadedMaquette, Where, load_maquette
from grantgrid.maquette.view import MaquetteView, build_view

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "maquette.yaml"
REFERENCE_DOSSIER = ROOT / "applications" / "dlqc-2017-01.yaml"

BASE = """
maquette: gal-test
title: Maquette de test
fund: leader
fiches:
  "1.1": {label: Numérique, envelope: 50000.00}
  "2.1": {label: Filières, envelope: 30000.00}
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def maquette_from(tmp_path: Path, text: str = BASE, name: str = "maquette.yaml") -> LoadedMaquette:
    path = tmp_path / name
    path.write_text(dedent(text), encoding="utf-8")
    return load_maquette(path, name)


def document_from(tmp_path: Path, text: str, name: str) -> Document:
    path = tmp_path / name
    path.write_text(dedent(text), encoding="utf-8")
    result = load_yaml(path, name)
    assert result.document is not None, [d.format() for d in result.diagnostics]
    return result.document


def money(text: str) -> Decimal:
    return Decimal(text)


def decided(
    dossier: str,
    fiche: str,
    state: str,
    amount: str,
    date: str,
    meeting: str = "",
    at: Where | None = None,
) -> Decided:
    return Decided(
        dossier,
        fiche,
        state,  # type: ignore[arg-type]
        Decimal(amount),
        datetime.date.fromisoformat(date),
        meeting or f"cp-{date}",
        at,
    )


def candidate(
    dossier: str, fiche: str, rank: int | None, amount: str, status: str = "selected"
) -> Candidate:
    return Candidate(dossier, fiche, rank, Decimal(amount), status)


def view_of(
    loaded: LoadedMaquette,
    decisions: list[Decided] | None = None,
    candidates: list[Candidate] | None = None,
) -> MaquetteView:
    view = build_view(loaded, decisions or [], candidates or [])
    assert view is not None, [d.format() for d in loaded.diagnostics]
    return view


def problems(diagnostics: list[Diagnostic]) -> list[tuple[str, str, int, int]]:
    """(file, code, line, column) of each diagnostic, as the tests compare them."""
    return [
        (
            d.path,
            d.code,
            d.position.line if d.position else 0,
            d.position.column if d.position else 0,
        )
        for d in diagnostics
    ]
