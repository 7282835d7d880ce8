"""How two ids are compared: the one home of that rule (SPEC.md, "Ids")."""

from __future__ import annotations

import unicodedata


def same_id(value: str) -> str:
    """The key two ids are compared by: NFKC normalisation then case folding. `Café-1` written
    with a combining accent and with `é` are one dossier, and DLQC-2017-01 and dlqc-2017-01
    are one file name on Windows and macOS and one sheet name in Excel."""
    return unicodedata.normalize("NFKC", value).casefold()
