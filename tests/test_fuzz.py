"""Fuzzing: whatever the bytes, only grantgrid diagnostics come out, never another exception.

Inputs are random YAML-ish text and mutations of the reference dossier (byte flips, insertions
of YAML's special characters, truncations, duplicated slices). Each goes through the loader
(`parse_text`, both parsers) and through the whole `evaluate` on a file, then the JSON output.
`internal.error` counts as a failure here: it is the safety net that turns a grantgrid bug into
a diagnostic, and the fuzzer is there to find such bugs.

`make fuzz` runs this longer: under atheris (coverage-guided) when it installs, otherwise with
`HYPOTHESIS_PROFILE=fuzz` (many more examples). The file is also atheris's harness:
`python tests/test_fuzz.py -max_total_time=60 CORPUS_DIR`.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = (ROOT / "applications" / "dlqc-2017-01.yaml").read_bytes()
GRID = (ROOT / "grids" / "leader-tulle.yaml").read_bytes()
SPECIAL = [*"&*!%{}[]|>:'\"\t\x00#-?,@`\\\n", "---", "...", "<<", "\ufeff", "\u202e"]

LONG_RUN = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
FUZZ = settings(
    max_examples=20_000 if LONG_RUN else 50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=not LONG_RUN,  # the quick run in `make test` is the same every time
)


def check_one(data: bytes, folder: Path) -> None:
    """Load, evaluate and render one input; raise on anything but a grantgrid diagnostic."""
    from grantgrid.diagnostics import Diagnostic
    from grantgrid.evaluation import evaluate
    from grantgrid.loading import fast as fastload
    from grantgrid.loading import parse_text
    from grantgrid.loading.text import bytes_to_text as _bytes_to_text
    from grantgrid.outputs.jsonout import run_json
    from grantgrid.rules.catalogue import known

    text, problem = _bytes_to_text("d.yaml", data)
    if text is not None:
        enabled = fastload.ENABLED
        try:
            results = []
            for fast in (enabled, False):
                fastload.ENABLED = fast
                results.append(parse_text("d.yaml", text))
        finally:
            fastload.ENABLED = enabled
        for result in results:
            for diagnostic in result.diagnostics:
                assert isinstance(diagnostic, Diagnostic)
                assert known(diagnostic.code), diagnostic
                assert diagnostic.position is not None, diagnostic
        fast_result, pure_result = results
        assert (fast_result.document is None) == (pure_result.document is None)
        if fast_result.document and pure_result.document:
            fast, pure = fast_result.document, pure_result.document
            assert repr(fast.data) == repr(pure.data)  # repr: Decimal('NaN') != itself
            assert fast.positions == pure.positions
            assert fast.key_positions == pure.key_positions
    else:
        assert problem is not None and problem.code == "yaml.encoding"

    (folder / "applications" / "d.yaml").write_bytes(data)
    run = evaluate([folder / "applications"], folder / "grids")
    codes = [d.code for o in run.outcomes for d in o.diagnostics.items]
    assert "internal.error" not in codes, [
        d.message for o in run.outcomes for d in o.diagnostics.items
    ]
    assert all(known(code) for code in codes), codes
    json.loads(run_json(run).encode("utf-8"))  # encodable: no lone surrogate reaches an output


def call_folder() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="grantgrid-fuzz-"))
    (folder / "applications").mkdir()
    (folder / "grids").mkdir()
    (folder / "grids" / "leader-tulle.yaml").write_bytes(GRID)
    return folder


FOLDER = call_folder()


@st.composite
def mutated_reference(draw: st.DrawFn) -> bytes:
    data = bytearray(REFERENCE)
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


yamlish = st.lists(
    st.sampled_from([*SPECIAL, " ", "a", "1", ".", "e", "\n  ", "\n- ", "title: ", "budget:"]),
    max_size=80,
).map(lambda tokens: "".join(tokens).encode("utf-8"))


@FUZZ
@given(mutated_reference())
def test_mutated_reference_dossier(data: bytes) -> None:
    check_one(data, FOLDER)


@FUZZ
@given(st.one_of(yamlish, st.binary(max_size=300)))
def test_random_yamlish_input(data: bytes) -> None:
    check_one(data, FOLDER)


def test_the_unmutated_reference_is_clean() -> None:
    """The harness itself: the reference dossier passes with no error at all."""
    from grantgrid.evaluation import evaluate

    check_one(REFERENCE, FOLDER)
    run = evaluate([FOLDER / "applications"], FOLDER / "grids")
    assert not run.has_errors


def main() -> None:  # pragma: no cover - run by `make fuzz` under atheris
    import atheris

    with atheris.instrument_imports():
        import grantgrid.evaluation
        import grantgrid.loading
        import grantgrid.outputs.jsonout  # noqa: F401

    def one_input(data: bytes) -> None:
        check_one(data, FOLDER)

    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
