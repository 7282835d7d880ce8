"""Fuzzing the new file kinds as `test_fuzz.py` fuzzes the dossier (hypothesis, "ci" profile).

Mutations of the bundled `committee.yaml`, meeting and `maquette.yaml` go through the whole
programme of the call (loaders, decisions, the maquette view) and its JSON: only diagnostics
with known codes come out, never an exception. Valid meetings and maquettes, generated and
written as YAML, load back as the same model.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grantgrid.call import Call
from grantgrid.diagnostics import Diagnostic
from grantgrid.evaluation import evaluate
from grantgrid.evaluation.programme import load_maquette_of, programme
from grantgrid.outputs.jsonout import run_json
from grantgrid.rules.catalogue import known

ROOT = Path(__file__).resolve().parent.parent
CUC = "meetings/2020-06-16-cuc.yaml"
FILES = {name: (ROOT / name).read_bytes() for name in ("committee.yaml", CUC, "maquette.yaml")}
SPECIAL = [*"&*!%{}[]|>:'\"\t\x00#-?,@`\\\n", "---", "<<", "\ufeff", "0x1F", ".nan", "1e9"]
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def call_copy() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="grantgrid-fuzz-kinds-"))
    for name in ("grids", "applications", "meetings"):
        shutil.copytree(ROOT / name, folder / name)
    for name in ("committee.yaml", "maquette.yaml"):
        shutil.copy(ROOT / name, folder / name)
    return folder


FOLDER = call_copy()
RUN = evaluate([FOLDER / "applications"], call=Call(FOLDER))


def check_programme(name: str, data: bytes) -> None:
    """The call with one file replaced: its programme and JSON, diagnostics only."""
    (FOLDER / name).write_bytes(data)
    try:
        call = Call(FOLDER)
        maquette = load_maquette_of(call)
        RUN.programme = programme(call, RUN.outcomes, RUN.stage_ids, maquette)
        found: list[Diagnostic] = []
        if RUN.programme.committee is not None:
            found += RUN.programme.committee.diagnostics
            found += [d for m in RUN.programme.committee.meetings for d in m.diagnostics]
        if maquette is not None:
            found += maquette.diagnostics
        for diagnostic in found:
            assert isinstance(diagnostic, Diagnostic)
            assert known(diagnostic.code), diagnostic
            diagnostic.format("fr")
            diagnostic.format("en")
        json.loads(run_json(RUN))
    finally:
        (FOLDER / name).write_bytes(FILES[name])


@st.composite
def mutated(draw: st.DrawFn, name: str) -> bytes:
    data = bytearray(FILES[name])
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["flip", "insert", "truncate", "duplicate", "delete"]))
        if kind == "flip" and where < len(data):
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            data[where:where] = draw(st.sampled_from(SPECIAL)).encode("utf-8")
        elif kind == "truncate":
            del data[where:]
        elif kind == "duplicate":
            end = min(len(data), where + draw(st.integers(1, 400)))
            data[where:where] = data[where:end]
        else:
            del data[where : where + draw(st.integers(1, 40))]
    return bytes(data)


@pytest.mark.parametrize("name", sorted(FILES))
def test_mutated_file_gives_diagnostics_only(name: str) -> None:
    @FUZZ
    @given(mutated(name))
    def check(data: bytes) -> None:
        check_programme(name, data)

    check()


def test_the_unmutated_call_is_clean() -> None:
    """The harness itself: the bundled files give no error."""
    for name, data in FILES.items():
        check_programme(name, data)
    assert not RUN.programme.refused()


# --- round trips: a valid file written as YAML loads back as the same model ------------------

ids = st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True)
texts = st.text(
    st.characters(whitelist_categories=("L", "N", "Zs", "P"), max_codepoint=0x2FF),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() == t and t)
cents = st.integers(1, 10**11).map(lambda c: Decimal(c) / 100)


def q(value: object) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(str(value))


@st.composite
def meetings(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    present = draw(st.lists(ids, unique=True, max_size=6))
    keys = draw(st.lists(ids.map(str.upper), unique_by=str.casefold, max_size=4))
    lines = ["meeting: m-1", "date: 2024-03-05", "stage: cuc", f"present: [{', '.join(present)}]"]
    decisions: dict[str, dict[str, object]] = {}
    if keys:
        lines.append("decisions:")
    for key in keys:
        amount = draw(st.none() | cents)
        remarks = draw(st.none() | texts)
        lines += [f"  {key}:", "    decision: programme"]
        if amount is not None:
            lines.append(f"    amount: {amount:.2f}")
        if remarks is not None:
            lines.append(f"    remarks: {q(remarks)}")
        decisions[key] = {"amount": amount, "remarks": remarks}
    return "\n".join(lines) + "\n", {"present": present, "decisions": decisions}


@settings(max_examples=40, deadline=None)
@given(meetings())
def test_a_generated_meeting_loads_back_the_same(case: tuple[str, dict[str, object]]) -> None:
    from grantgrid.committee.load import load_meeting

    text, expected = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.yaml"
        path.write_text(text, encoding="utf-8")
        loaded = load_meeting(path)
    assert loaded.diagnostics == [] and loaded.meeting is not None, text
    assert loaded.meeting.present == expected["present"]
    got = {
        key: {"amount": d.amount, "remarks": d.remarks}
        for key, d in loaded.meeting.decisions.items()
    }
    assert got == expected["decisions"]


@st.composite
def maquettes(draw: st.DrawFn) -> tuple[str, dict[str, Decimal], str]:
    numbers = draw(
        st.lists(
            st.from_regex(r"[1-9]\.[1-9]", fullmatch=True), unique=True, min_size=1, max_size=5
        )
    )
    envelopes = {n: draw(cents) for n in numbers}
    title = draw(texts)
    lines = ["maquette: m-1", f"title: {q(title)}", "fund: leader"]
    lines.append(f"total: {sum(envelopes.values()):.2f}")
    lines.append("fiches:")
    lines += [f'  "{n}": {{label: Fiche {n}, envelope: {e:.2f}}}' for n, e in envelopes.items()]
    return "\n".join(lines) + "\n", envelopes, title


@settings(max_examples=40, deadline=None)
@given(maquettes())
def test_a_generated_maquette_loads_back_the_same(
    case: tuple[str, dict[str, Decimal], str],
) -> None:
    from grantgrid.maquette.load import load_maquette

    text, envelopes, title = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "maquette.yaml"
        path.write_text(text, encoding="utf-8")
        loaded = load_maquette(path)
    assert [d for d in loaded.diagnostics if d.is_error] == [] and loaded.maquette, text
    assert loaded.maquette.title == title
    assert {n: f.envelope for n, f in loaded.maquette.fiches.items()} == envelopes
