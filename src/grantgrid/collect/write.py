"""The planned edits, made with the round-trip editor, re-validated, then put in place.

Each new text is written to a temporary file beside its dossier (so that its grid is found
as the dossier's is), checked like any dossier, and must have no error the file did not
already have. Only when every file passed is each temporary file renamed over its dossier
(keeping the dossier's mode); the bytes are checked once more just before, so that an edit
made during the collect is never overwritten. `--dry-run` prepares and checks the same way,
then removes the temporary files.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
import stat
import tempfile
from decimal import Decimal
from pathlib import Path

from grantgrid.authoring.yaml_edit import EditError, apply_edits
from grantgrid.collect.plan import Change, Collected, FileChange
from grantgrid.collect.rules import CHANGED, INVALID
from grantgrid.diagnostics import Diagnostic, said
from grantgrid.evaluation import Run
from grantgrid.evaluation.pipeline import check_file
from grantgrid.outputs.files import _new_file_mode, _sync_folder, temporary_prefix, write_failure
from grantgrid.words import Count, Said


def prepare(result: Collected, run: Run) -> dict[Path, Path]:
    """Edit, write beside and re-validate every file: the temporary file of each, or {} (and
    diagnostics in `result`) when any file cannot be written as planned."""
    temporaries: dict[Path, Path] = {}
    try:
        for change in result.files:
            problem = _prepare_one(change, run, temporaries)
            if problem is not None:
                result.diagnostics.append(problem)
    except BaseException:
        discard(temporaries)
        raise
    if result.has_errors:
        discard(temporaries)
        return {}
    return temporaries


def _prepare_one(change: FileChange, run: Run, temporaries: dict[Path, Path]) -> Diagnostic | None:
    if change.created is not None:  # a member's notes file, absent at export
        if change.path.exists() or change.path.is_symlink():
            return _changed_now(change)
        data, text = b"", change.created
    else:
        data = change.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != change.sha256:
            return _changed_now(change)
        text = data.decode("utf-8")
    try:
        after = apply_edits(text, change.edits())
    except EditError as exc:
        return said(
            INVALID.code,
            f"cannot write the notes into {change.shown}: {exc}",
            f"impossible d'écrire les notes dans {change.shown} : {exc}",
            path=change.display,
        )
    change.before, change.after, change.before_bytes = text, after, data
    if change.created is not None:
        change.before = ""  # the diff shows the whole new file
    # A notes folder that does not exist yet is made only when the file is written: until
    # then the file is checked in the system's temporary folder (its place does not matter).
    folder = change.path.parent if change.path.parent.is_dir() else None
    try:
        handle, name = tempfile.mkstemp(prefix=temporary_prefix(change.path), dir=folder)
    except OSError as exc:
        raise write_failure(change.path.parent, exc) from None
    temporary = Path(name)
    temporaries[change.path] = temporary
    with os.fdopen(handle, "wb") as stream:
        stream.write(after.encode("utf-8"))
        stream.flush()
        os.fsync(stream.fileno())
    if change.created is None:
        os.chmod(temporary, stat.S_IMODE(change.path.stat().st_mode))
    else:
        os.chmod(temporary, _new_file_mode(change.path))
    if change.kind == "notes":
        from grantgrid.notes.load import load_notes

        found = [d for d in load_notes(temporary, change.display).diagnostics if d.is_error]
    elif change.kind == "meeting":
        # The meeting's own rules too (votes within the deciding seats, an amount within the
        # dossier's LEADER resource, only selected dossiers): a decision typed in the
        # workbook is judged as `grantgrid meeting` would judge it (SPEC-committee §7).
        found = _meeting_errors(temporary, change.display, run)
        before = {(d.code, d.data_path) for d in _meeting_errors(change.path, change.display, run)}
        found = [d for d in found if (d.code, d.data_path) not in before]
    else:
        found = check_file(temporary, run.catalogue, keep_dossiers=False).diagnostics.errors
    new = [d for d in found if (d.code, d.data_path) not in change.errors]
    if new:
        first = new[0]
        return said(
            INVALID.code,
            f"once the values are written, {change.shown} would have a new error: "
            f"{first.code}: {first.message_in('en')}; nothing written",
            f"une fois les valeurs écrites, {change.shown} aurait une nouvelle erreur : "
            f"{first.code} : {first.message_in('fr')} ; rien n'est écrit",
            path=change.display,
            position=first.position,
        )
    return None


def _meeting_errors(path: Path, display: str, run: Run) -> list[Diagnostic]:
    """The errors of a meeting file, its decisions judged against the run's dossiers."""
    from grantgrid.committee.facts import facts_from_run
    from grantgrid.committee.load import load_meeting
    from grantgrid.committee.result import decisions_for_run

    loaded = load_meeting(path, display)
    errors = [d for d in loaded.diagnostics if d.is_error]
    committee = run.programme.committee
    if committee is None or loaded.meeting is None:
        return errors
    result = decisions_for_run(
        committee.committee, [loaded], facts_from_run(run.outcomes), run.stage_ids
    )
    errors += [
        d
        for m in result.meetings
        for d in m.diagnostics
        if d.is_error and d.code in TYPED_DECISION_CODES
    ]
    return errors


TYPED_DECISION_CODES = frozenset(
    {"decision.amount", "decision.votes", "decision.majority", "decision.not_selected"}
)
"""The meeting's rules on what is typed into a decision's cells. A quorum that fails is a
fact of the attendance, which the secretary may record after the decisions: `meeting` says it,
`collect` does not refuse for it."""


def _changed_now(change: FileChange) -> Diagnostic:
    return Diagnostic(
        CHANGED.code,
        {"path": change.shown, "then": change.sha256[:12], "now": "?"},
        change.display,
    )


def _now(change: FileChange) -> bytes | None:
    """The file's bytes now, None when it does not exist."""
    try:
        return change.path.read_bytes()
    except FileNotFoundError:
        return None


def discard(temporaries: dict[Path, Path]) -> None:
    for temporary in temporaries.values():
        temporary.unlink(missing_ok=True)


def publish(result: Collected, temporaries: dict[Path, Path]) -> None:
    """Rename each checked temporary file over its dossier."""
    try:
        for change in result.files:
            if _now(change) != (None if change.created is not None else change.before_bytes):
                result.diagnostics.append(_changed_now(change))  # edited during the collect
                return
        for change in result.files:
            temporary = temporaries.pop(change.path)
            try:
                if temporary.parent != change.path.parent:  # a new notes folder
                    change.path.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(temporary, change.path)
                else:
                    os.replace(temporary, change.path)
            except OSError as exc:
                raise write_failure(change.path, exc) from None
            _sync_folder(change.path.parent)
        result.written = True
    finally:
        discard(temporaries)


def unified_diff(change: FileChange) -> str:
    lines = difflib.unified_diff(
        change.before.splitlines(keepends=True),
        change.after.splitlines(keepends=True),
        fromfile="/dev/null" if change.created is not None else f"a/{change.shown}",
        tofile=f"b/{change.shown}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _value(value: object, lang: str) -> str:
    if value is None:
        return "—"
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",") if lang == "fr" else text


def describe(change: Change, lang: str) -> str:
    old, new = _value(change.old, lang), _value(change.new, lang)
    if change.new is None:
        new = "supprimée" if lang == "fr" else "removed"
    return f"{change.key}: {old} → {new}" if lang == "en" else f"{change.key} : {old} → {new}"


def summary(result: Collected, lang: str, *, dry_run: bool) -> list[str]:
    """What changed where: a line per file, then the totals."""
    notes = sum(len(f.changes) for f in result.files)
    decided = sum(len(f.decided) for f in result.files)
    files = len(result.files)
    lines = []
    for change in result.files:
        parts = [describe(c, lang) for c in change.changes]
        if change.decided:
            parts.append(
                ("decisions: " if lang == "en" else "décisions : ") + ", ".join(change.decided)
            )
        details = ("; " if lang == "en" else " ; ").join(parts)
        lines.append(
            f"{change.shown}: {details}" if lang == "en" else f"{change.shown} : {details}"
        )
    counts = {
        "notes": Count(notes, Said("note", "note"), Said("notes", "notes"))(lang),
        "decisions": Count(decided, Said("decision", "décision"), Said("decisions", "décisions"))(
            lang
        ),
        "files": Count(files, Said("file", "fichier"), Said("files", "fichiers"))(lang),
        "cells": Count(result.cells, Said("cell", "case"), Said("cells", "cases"))(lang),
    }
    planned = dry_run or not result.written
    if lang == "fr":
        lines.append(
            f"{'À modifier' if planned else 'Modifié'} : {counts['notes']} et "
            f"{counts['decisions']} dans {counts['files']} ({counts['cells']} lues)"
            + (" — --dry-run : rien n'est écrit" if dry_run else "")
        )
    else:
        lines.append(
            f"{'To change' if planned else 'Changed'}: {counts['notes']} and "
            f"{counts['decisions']} in {counts['files']} ({counts['cells']} read)"
            + (" — --dry-run: nothing written" if dry_run else "")
        )
    return lines


__all__ = ["describe", "discard", "prepare", "publish", "summary", "unified_diff"]
