"""Report templates bounded in memory and time.

Templates are the secretary's (`--templates DIR`, or `./templates` when the current folder
has one) and may come from anyone: the sandbox already keeps them away from Python's insides,
this keeps them from exhausting the machine. `BoundedEnvironment`:

- refuses string and sequence multiplication (`'x' * 4000000000`), powers (`10 ** 10 ** 9`),
  `%` formatting and `str.format`, padding methods and filters (`center`, `indent`…) whose
  result would exceed `MAX_TEXT` characters, before computing them (and so before Jinja's
  constant folding computes them at compile time);
- joins output (`concat`, also inside macros) only up to `MAX_OUTPUT` characters;
- renders under a budget (`render_budget`): `RENDER_SECONDS` of CPU time and `MAX_MEMORY`
  of memory growth, checked every 20 ms by an interval timer (SIGALRM, main thread on POSIX) or
  else by a trace function, so even two nested `range(100000)` loops with an empty body stop.

Any excess raises `BudgetExceeded`, which `write.py` turns into a report error naming the
template (exit code 2, like any broken template: nothing is written).
"""

from __future__ import annotations

import functools
import math
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

MAX_TEXT = 1_000_000
"""Longest text or sequence one operation may make (a report is some 50,000 characters)."""
MAX_OUTPUT = 20_000_000
"""Longest output of one template (a macro's output too)."""
MAX_POWER_BITS = 4_096
"""Largest integer a `**` may make, in bits (10 ** 1000 is some 3,300 bits)."""
RENDER_SECONDS = 5.0
"""Most CPU time one report may take to render (the reference report takes some 30 ms, its
template's first compilation some 200 ms); the index gets `INDEX_SECONDS_PER_ROW` more per
dossier. CPU time, not wall time: a machine busy with other work must not stop a good report."""
INDEX_SECONDS_PER_ROW = 0.002
MAX_MEMORY = 512 * 1024 * 1024
"""Most memory one render may add to the process."""
_CHECK_EVERY = 0.02

# Callables whose integer arguments are sizes of the text they make.
_SIZED = {
    "center",
    "ljust",
    "rjust",
    "zfill",
    "expandtabs",
    "indent",
    "wordwrap",
    "lipsum",
    "generate_lorem_ipsum",
}
_BIG_NUMBER_IN_FORMAT = re.compile(r"[0-9]{7,}|\*")
"""A width or precision of a million or more (or `*`, taken from the arguments)."""


_NESTED_FIELD = re.compile(r"\{[^{}]*\{")
"""A replacement field whose spec holds another (`{:>{width}}`): its width is an argument."""


class BudgetExceeded(Exception):
    """A template went over one of its bounds; the message says which, in plain words."""


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, str | bytes | list | tuple) else None


def _refuse_large_arguments(name: str, args: Iterable[Any]) -> None:
    for value in args:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT:
            raise BudgetExceeded(
                f"{name}({value:,}) would make a text of over {MAX_TEXT:,} characters"
            )


def _refuse_large_format(text: Any) -> None:
    if isinstance(text, str) and _BIG_NUMBER_IN_FORMAT.search(text):
        raise BudgetExceeded(
            f"the format {text[:40]!r} asks for a width or precision of a million or more"
        )


def bounded_filter(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """A filter whose size arguments (`center(width)`, `indent(width)`…) are bounded."""

    @functools.wraps(function)  # keeps `jinja_pass_arg` (pass_context…) too
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if name in _SIZED or name == "truncate":
            _refuse_large_arguments(name, [*args, *kwargs.values()])
        if name == "format" and args:
            _refuse_large_format(next((a for a in args if isinstance(a, str)), None))
        return function(*args, **kwargs)

    return bounded


class BoundedEnvironment(SandboxedEnvironment):
    """A sandbox whose operators, calls and output are bounded (see the module)."""

    # Intercepted operators are also never constant-folded at compile time.
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, function in list(self.filters.items()):
            self.filters[name] = bounded_filter(function, name)

    @staticmethod
    def concat(pieces: Iterable[str]) -> str:
        """Output joined, up to MAX_OUTPUT characters."""
        kept: list[str] = []
        total = 0
        for piece in pieces:
            total += len(piece)
            if total > MAX_OUTPUT:
                raise BudgetExceeded(f"the output is over {MAX_OUTPUT:,} characters")
            kept.append(piece)
        return "".join(kept)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                size = _size(sequence)
                if size is not None and isinstance(times, int) and size * times > MAX_TEXT:
                    raise BudgetExceeded(
                        f"multiplying a text or list of {size:,} items by {times:,} would "
                        f"make over {MAX_TEXT:,}"
                    )
        elif operator == "+":
            left_size, right_size = _size(left), _size(right)
            if (
                left_size is not None
                and right_size is not None
                and left_size + right_size > MAX_OUTPUT
            ):
                raise BudgetExceeded(f"a text or list of over {MAX_OUTPUT:,} items")
        elif operator == "**":
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and abs(left) > 1
                and right > 0
                and right * math.log2(abs(left)) > MAX_POWER_BITS
            ):
                raise BudgetExceeded(f"{left} ** {right} is too large a number")
        elif operator == "%":
            _refuse_large_format(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        name = getattr(__obj, "__name__", "")
        if name in _SIZED:
            _refuse_large_arguments(name, [*args, *kwargs.values()])
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`'{:>999999999}'.format(1)`, `'{:>{w}}'.format(1, w=…)`: refused before formatting."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = value.__self__
        _refuse_large_format(template)
        nested = _NESTED_FIELD.search(template) is not None

        @functools.wraps(wrapped)
        def bounded(*args: Any, **kwargs: Any) -> str:
            values = [*args, *kwargs.values()]
            for argument in values:
                if isinstance(argument, dict):
                    values += list(argument.values())  # format_map
            if nested:
                _refuse_large_arguments("format", values)
            return wrapped(*args, **kwargs)

        return bounded


def _resident_bytes() -> int | None:
    """The process's resident memory now (Linux), or None where it cannot be read cheaply."""
    try:
        with open("/proc/self/statm", "rb") as stream:
            return int(stream.read().split()[1]) * 4096
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def render_budget(seconds: float = RENDER_SECONDS) -> Iterator[None]:
    """Raise BudgetExceeded inside the block once it runs over `seconds` of this process's
    CPU time or MAX_MEMORY."""
    deadline = time.process_time() + seconds
    start = _resident_bytes()

    def check() -> None:
        if time.process_time() > deadline:
            raise BudgetExceeded(
                f"it ran for more than {seconds:g} s (a loop that never ends, or far too long?)"
            )
        if start is not None:
            now = _resident_bytes()
            if now is not None and now - start > MAX_MEMORY:
                raise BudgetExceeded(
                    f"it used more than {MAX_MEMORY // (1024 * 1024)} MiB of memory"
                )

    if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():

        def on_alarm(signum: int, frame: FrameType | None) -> None:
            check()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, _CHECK_EVERY, _CHECK_EVERY)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    # No timer signal here (Windows, a worker thread): count trace events instead.
    events = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal events
        events += 1
        if events % 2_000 == 0:
            check()
        return trace

    previous_trace = sys.gettrace()
    sys.settrace(trace)
    try:
        yield
    finally:
        sys.settrace(previous_trace)
