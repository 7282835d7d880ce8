"""An untrusted workbook (a member's file) bounded before openpyxl opens it.

The .xlsx is a zip: its entries are counted and their declared sizes added up, and a zip whose
entries inflate too much (a zip bomb), whose shared strings are huge, or that links to other
workbooks (`xl/externalLinks/`) is refused with the reason, before any XML is parsed. The
declared sizes are what zipfile checks while inflating too (it stops an entry at its declared
size, and the CRC then fails), so they bound the work openpyxl will do.

openpyxl parses some parts whole into Python objects (styles, the workbook, relationships,
shared strings), at some 1 s and 20 MB per MiB for styles: those parts have their own cap. The
sheets are streamed, and only up to the note cells. An XML part that declares a DTD is refused
before openpyxl sees it: Office files never have one (ECMA-376 Part 2 forbids it), and a DTD is
how entity tricks work (billion laughs, external entities). Python's expat stops those too
(2.4+), but that depends on the expat the interpreter was built with.
"""

from __future__ import annotations

import re
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
MAX_SHARED_STRINGS = 32 * 1024 * 1024
"""Read whole at opening. Measured: 60 MiB took 21 s and 320 MB (32 MiB: half that); 2,000
dossiers saved again by Excel hold some 10 MiB of them (the export writes inline strings)."""
MAX_WHOLE_PART = 8 * 1024 * 1024
"""Any other XML part outside `xl/worksheets/` (styles, workbook, relationships, theme), parsed
whole: Excel's own limit of 64,000 cell formats fits in some 6 MiB of styles. Measured: 30 MiB
of styles took 34 s and 610 MB before this cap."""
PROLOG = 64 * 1024
"""How far into an XML part its root element must start (the declaration and comments first)."""
_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)


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
        if _read_whole(name) and entry.file_size > MAX_WHOLE_PART:
            mib = MAX_WHOLE_PART // (1024 * 1024)
            return Said(f"its part {name} exceeds {mib} MiB", f"sa partie {name} dépasse {mib} Mio")
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
    return _declared_dtd(path, entries)


def _read_whole(name: str) -> bool:
    """A part openpyxl parses whole (shared strings have their own, larger cap)."""
    return (
        name.endswith((".xml", ".rels"))
        and not name.startswith("xl/worksheets/")
        and name != "xl/sharedStrings.xml"
    )


def _declared_dtd(path: Path, entries: list[zipfile.ZipInfo]) -> Said | None:
    """The first XML part whose prolog declares a DTD (or never ends), as a refusal."""
    try:
        with zipfile.ZipFile(path) as archive:
            for entry in entries:
                if entry.filename.endswith((".xml", ".rels")) and not _plain_prolog(archive, entry):
                    name = entry.filename
                    return Said(
                        f"its part {name} declares a DTD (<!DOCTYPE or <!ENTITY), which no "
                        "Office file has: save it again from Excel or LibreOffice",
                        f"sa partie {name} déclare une DTD (<!DOCTYPE ou <!ENTITY), ce "
                        "qu'aucun fichier Office ne fait : enregistrez-le à nouveau depuis "
                        "Excel ou LibreOffice",
                    )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        return Said(
            f"not an .xlsx workbook (a damaged zip: {exc})",
            f"pas un classeur .xlsx (un zip abîmé : {exc})",
        )
    return None


def _plain_prolog(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bool:
    """Whether the part's root element starts within `PROLOG` bytes, after only an XML
    declaration, processing instructions, comments and blanks: no DTD."""
    with archive.open(entry) as stream:
        head = stream.read(PROLOG)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (unusual, but well-formed XML)
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    head = head.removeprefix(b"\xef\xbb\xbf")
    at = 0
    while (item := _PROLOG_ITEM.match(head, at)) is not None:
        at = item.end()
    rest = head[at:].lstrip()
    if not rest:
        return len(head) < PROLOG  # an empty part is openpyxl's to refuse; a long prolog is ours
    return rest[:1] == b"<" and rest[1:2] not in (b"!", b"?", b"")
