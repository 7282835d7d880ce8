"""grantgrid's one exception family (griffe's `GriffeError` and its small subclasses).

Bad input never raises: it is a diagnostic on its file. These are for a command that cannot be
carried out as asked — a path that does not exist, an output that would overwrite an input — and
are caught once, at the command boundary, as exit code 2 with a one-line message.
"""

from __future__ import annotations


class GrantgridError(Exception):
    """The command cannot be carried out as asked: exit code 2.

    `str()` is the English message; `french`, when given, the same sentence in French."""

    exit_code = 2

    def __init__(self, message: str, french: str | None = None) -> None:
        super().__init__(message)
        self.french = french if french is not None else message


class UsageError(GrantgridError):
    """The command itself is wrong (a path that does not exist, a folder where a file is)."""


class OutputError(GrantgridError):
    """An output cannot be written (it exists, it is an input, the disk is full…); nothing
    was written."""
