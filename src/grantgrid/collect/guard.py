"""An untrusted workbook (a member's file) bounded before openpyxl opens it.

The .xlsx is a zip: its entries are counted and their declared sizes added up, and a zip whose
entries inflate too much (a zip bomb), whose shared strings are huge, or that links to other
workbooks (`xl/externalLinks/`) is refused with the reason, before any XML is parsed. The
declared sizes are what zipfile checks while inflating too (it refuses an entry that inflates
beyond them), so they bound the work openpyxl will do.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from grantgrid.words import Said

MAX_FILE = 256 * 1024 * 1024
"""The workbook file itself (2,000 dossiers export to about 10 MiB)."""
MAX_ENTRIES = 50_000
MAX_TOTAL = 1024 * 1024 * 1024
"""Σ uncompressed sizes of every entry."""
MAX_RATIO = 200
"""Uncompressed / compressed, for an entry above `RATIO_FLOOR` (XML compresses 10 to 30 times)."""
RATIO_FLOOR = 1024 * 1024
MAX_SHARED_STRINGS = 64 * 1024 * 1024


def refusal(path: Path) -> Said | None:
    """Why the workbook is not opened, or None when it is within bounds."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        return Said(f"unreadable ({exc.strerror})", f"illisible ({exc.strerror})")
    if size > MAX_FILE:
        mib = MAX_FILE // (1024 * 1024)
        return Said(f"larger than {mib} MiB", f"plus de {mib} Mio")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return Said(
            f"not an .xlsx workbook (not a zip file: {exc})",
            f"pas un classeur .xlsx (pas un fichier zip : {exc})",
        )
    if len(entries) > MAX_ENTRIES:
        return Said(
            f"{len(entries)} parts in the zip, more than {MAX_ENTRIES}",
            f"{len(entries)} parties dans le zip, plus de {MAX_ENTRIES}",
        )
    total = 0
    for entry in entries:
        name = entry.filename
        total += entry.file_size
        if name.startswith("xl/externalLinks/"):
            return Said(
                f"it links to other workbooks ({name}): save it without external links",
                f"il contient des liaisons vers d'autres classeurs ({name}) : enregistrez-le "
                "sans liaisons externes",
            )
        if name == "xl/sharedStrings.xml" and entry.file_size > MAX_SHARED_STRINGS:
            mib = MAX_SHARED_STRINGS // (1024 * 1024)
            return Said(
                f"its shared strings exceed {mib} MiB", f"ses chaînes partagées dépassent {mib} Mio"
            )
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            return Said(
                f"{name} inflates {entry.file_size // max(entry.compress_size, 1)} times "
                "(a zip bomb?)",
                f"{name} se décompresse {entry.file_size // max(entry.compress_size, 1)} fois "
                "(une bombe zip ?)",
            )
    if total > MAX_TOTAL:
        mib = MAX_TOTAL // (1024 * 1024)
        return Said(
            f"more than {mib} MiB once uncompressed", f"plus de {mib} Mio une fois décompressé"
        )
    return None
