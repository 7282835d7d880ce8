"""Rules on a dossier as a whole, and on the run: its period, its id among the run's, and a
failure of grantgrid itself on one file (which never stops the others)."""

from __future__ import annotations

from collections.abc import Iterator

from grantgrid.diagnostics import Finding, Severity
from grantgrid.models.dossier import Period
from grantgrid.rules.registry import Rule, register
from grantgrid.words import Quoted, Said

DUPLICATE_ID = Rule(
    "dossier.duplicate_id",
    "Two dossiers of the same run have the same `dossier` id, ignoring case (`ABC-1` and `abc-1` are one file name on Windows and one sheet name in Excel).",
    "Give each dossier its own id.",
    message=Said(
        "dossier id {dossier} is also used by {others}: give each dossier its own id",
        "l'identifiant de dossier {dossier} est aussi celui de {others} : donnez à chaque "
        "dossier son propre identifiant",
    ),
)
PERIOD = Rule(
    "dossier.period",
    "The period ends before it starts.",
    "Swap `start` and `end`.",
    message=Said(
        "the period ends ({end}) before it starts ({start})",
        "la période finit ({end}) avant de commencer ({start})",
    ),
)
INTERNAL = Rule(
    "internal.error",
    "grantgrid itself failed on this file. The other files were processed.",
    "Report it with the file; the message names the failure.",
    message=Said(
        "grantgrid failed on this file ({failure}); the other files were processed; please "
        "report it",
        "grantgrid a échoué sur ce fichier ({failure}) ; les autres fichiers ont été traités ; "
        "merci de le signaler",
    ),
)
NOT_A_FILE = Rule(
    "dossier.not_a_file",
    "An entry of a dossier folder named like a dossier (`*.yaml`, `*.yml`) that is not a regular file: a folder, a named pipe (FIFO), a device (a link to `/dev/zero`), a socket, a symbolic link to nothing or a loop of links. It is skipped, never opened (nothing waits on a FIFO or reads a device), and counted in the run's summary, so that no dossier disappears from a run without a word.",
    "Put the dossier itself in the folder (copy the file rather than link it), or rename or remove the entry.",
    message=Said(
        "skipped: {kind}, not a regular file; a dossier must be a plain YAML file",
        "ignoré : {kind}, pas un fichier ordinaire ; un dossier doit être un simple fichier YAML",
    ),
    severity=Severity.WARNING,
)
register(DUPLICATE_ID, PERIOD, INTERNAL, NOT_A_FILE)


def period(value: Period | None) -> Iterator[Finding]:
    """dossier.period: a period ends no earlier than it starts."""
    if value is not None and value.end < value.start:
        yield Finding(PERIOD.code, ("period",), {"start": value.start, "end": value.end})


def duplicate_id(dossier_id: str, others: list[str]) -> Finding:
    """dossier.duplicate_id, on one of the dossiers sharing an id (the run finds them)."""
    return Finding(
        DUPLICATE_ID.code,
        ("dossier",),
        {"dossier": Quoted(dossier_id), "others": ", ".join(others)},
    )
