"""`--format pdf`: one PDF per dossier, and `dossiers.pdf` — the index, then every report.

Each HTML page is laid out once by WeasyPrint; the per-dossier files and the combined one are
painted from the same pages (`Document.copy`, as WeasyPrint's documentation combines documents),
so the combined file costs one more painting, not a second layout. In `dossiers.pdf` the links
between files become links inside the file: the index's `X.pdf` goes to report X's first page,
a report's way back (`index.html`) to the index. Bookmarks come from the headings
(`bookmark-level` in report.css): one top-level entry for the index and one per dossier.

PDFs are tagged for accessibility (`pdf_tags`, WeasyPrint ≥ 61 has the option) so that a screen
reader follows headings, lists and tables.
"""

from __future__ import annotations

from typing import Any

COMBINED = "dossiers.pdf"
INDEX_ANCHOR = "index"


def anchor(name: str) -> str:
    """The id of a report's first element, from its file name ("DLQC-1.pdf" → "dossier-DLQC-1")."""
    return "dossier-" + name.rsplit(".", 1)[0]


def _options(weasyprint: Any) -> dict[str, Any]:
    return {"pdf_tags": True} if "pdf_tags" in getattr(weasyprint, "DEFAULT_OPTIONS", {}) else {}


def pdf_files(
    weasyprint: Any, reports: list[tuple[str, str]], index_name: str, index_html: str
) -> tuple[list[bytes], bytes]:
    """The PDF of each (file name, HTML) report, and `dossiers.pdf` (index first)."""
    options = _options(weasyprint)
    documents = [weasyprint.HTML(string=html).render() for _, html in reports]
    singles = [document.write_pdf(**options) for document in documents]
    index = weasyprint.HTML(string=index_html).render()
    inside = {name: anchor(name) for name, _ in reports} | {index_name: INDEX_ANCHOR}
    pages = [page for document in [index, *documents] for page in document.pages]
    for page in pages:  # after the single files: they keep their links to the other files
        page.links = [_inside(link, inside) for link in page.links]
    return singles, index.copy(pages).write_pdf(**options)


def _inside(link: tuple[Any, ...], anchors: dict[str, str]) -> tuple[Any, ...]:
    """A link to one of the combined files, as a link to its place in the combined file."""
    kind, target, *rest = link
    if kind == "external" and target in anchors:
        return ("internal", anchors[target], *rest)
    return link
