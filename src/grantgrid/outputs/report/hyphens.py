"""Soft hyphens in the long words of a report's narrow columns (stage labels, criteria, the index).

CSS `hyphens: auto` hyphenates in WeasyPrint (pyphen) and in a browser that has its dictionaries,
but a headless Chromium has none, and without a break opportunity a long word either overflows
its column or is cut without a hyphen ("diversificati|on"). A soft hyphen (U+00AD) is invisible
unless the line breaks there, and then it prints as "-": both renderers agree, and a word is
broken at a syllable or not at all. pyphen is WeasyPrint's own hyphenation library; without it
the text is left as it is and CSS does what it can.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from markupsafe import Markup

SOFT_HYPHEN = "\u00ad"
DICTIONARIES = {"fr": "fr_FR", "en": "en_GB"}
LETTER = r"[^\W\d_]"
LONG_WORD = re.compile(rf"(?<!{LETTER}){LETTER}{{10,40}}(?!{LETTER})")
"""Words of 10 to 40 letters: a shorter one fits the narrowest column (≈ 20 mm); a longer run is
no word of a dictionary (and an applicant's 100,000-letter title must not cost pyphen seconds
inside the template's time budget): it breaks as any long string does."""
LONGEST = 2_000
"""A text longer than this is left as it is: labels hold 500 characters, but the raw title of an
invalid dossier can be a megabyte, and hyphenating it would spend the index's time budget."""


def prepare(lang: str) -> None:
    """Load the language's dictionary now (about 0.3 s for English), before the templates run:
    their time budget is for the templates, not for reading pyphen's files."""
    _dictionary(lang)


@lru_cache(maxsize=len(DICTIONARIES))
def _dictionary(lang: str) -> Any:
    try:
        import pyphen
    except ImportError:
        return None
    return pyphen.Pyphen(lang=DICTIONARIES.get(lang, "fr_FR"))


def hyphenate(text: object, lang: str) -> object:
    """`text` with soft hyphens at the syllables of its long words; anything else unchanged.

    Only letters are touched: ids, amounts and URLs keep their characters (a report shows ids
    in `.literal` cells, which are never given to this filter).
    """
    if not isinstance(text, str) or isinstance(text, Markup) or not 0 < len(text) <= LONGEST:
        return text
    dictionary = _dictionary(lang)
    if dictionary is None:
        return text
    return LONG_WORD.sub(lambda m: dictionary.inserted(m.group(0), hyphen=SOFT_HYPHEN), text)
