"""Codes of reading a file: the YAML loader (`yaml.*`) and the formats' models (`schema.*`).

Their sentences come from the loader and from `grantgrid.validation`, which know the parser's
and pydantic's words: the template is `{detail}`, a phrase in both languages.
"""

from __future__ import annotations

from grantgrid.rules.registry import Rule, register

register(
    Rule(
        "yaml.read",
        "The file cannot be opened (missing, no permission), or is not a regular file by the time it is opened (a folder, a named pipe, a device). It is opened without ever waiting: a FIFO or `/dev/zero` put in place of a dossier cannot hang or flood the run; the other files are processed.",
        "Check the path and the file's permissions; a dossier is a plain YAML file.",
    ),
    Rule(
        "yaml.encoding",
        'The file is not UTF-8 (e.g. UTF-16 or Latin-1), holds a character YAML forbids (a raw control character), or an escape such as `"\\ud800"` that is half a character (a lone surrogate).',
        "Save it as UTF-8 in your editor; the position is the first bad byte (the message also gives its offset in the file).",
    ),
    Rule(
        "yaml.syntax",
        "The file is not valid YAML 1.2: bad indentation, tabs, an unclosed quote or bracket, several documents.",
        "Fix the line shown; indent with spaces; keep one document per file.",
    ),
    Rule(
        "yaml.duplicate_key",
        'A key appears twice in the same mapping (`amount` and `"amount"` are the same key).',
        "Keep one; the message gives the line of the first.",
    ),
    Rule(
        "yaml.version",
        "A `%YAML` directive other than 1.2 (YAML 1.1 would read `NO` as false, `0755` as 493).",
        "Remove the `%YAML` line.",
    ),
    Rule(
        "yaml.tag",
        "A tag such as `!!python/object`, `!!binary`, `!!timestamp`, `!custom` or a merge key `<<`, or a core tag on a value of another kind (`!!int abc`, `!!bool yes`). Nothing is executed or constructed.",
        "Remove the tag: only plain text, numbers, true/false, lists and mappings are allowed.",
    ),
    Rule(
        "yaml.unquoted_comma",
        "Inside `{…}` a comma ends a value: `{amount: 12 500,00}` or `{label: Salaire (0,5 ETP)}` is cut in two, the rest read as a key without a value.",
        'Put the value in quotes: `amount: "12 500,00"`, `label: "Salaire (0,5 ETP)"`.',
    ),
    Rule(
        "yaml.alias",
        "An alias that refers to a value containing it (a cycle).",
        "Write the value out instead of using `&anchor` / `*alias`.",
    ),
    Rule(
        "yaml.too_large",
        "The file is over 2 MiB, has a line over 100,000 characters, or holds more than 10,000 values or 2 MiB of text, counted while reading and again once aliases are expanded (an alias bomb).",
        "A dossier is a few kilobytes: remove pasted binary data, repeated lines or repeated aliases.",
    ),
    Rule(
        "yaml.too_deep",
        "Values nested more than 50 levels deep, in the file or once aliases are expanded.",
        "The formats nest five levels at most: check the brackets and indentation.",
    ),
    Rule(
        "yaml.number",
        "A number written with more than 40 characters (such as a 5,000-digit integer).",
        "Write a realistic value.",
    ),
    Rule(
        "yaml.date",
        "A date that does not exist, such as `2024-02-30`.",
        "Correct the date, or quote the text.",
    ),
    Rule(
        "schema.document",
        "The file is empty, or is a list or single value instead of a mapping of fields.",
        "Start from `grantgrid new --grid GRID`.",
    ),
    Rule(
        "schema.key",
        "A key that is not text: `1:`, `true:`, `null:` or a complex key.",
        "Quote the key or rename it.",
    ),
    Rule(
        "schema.missing",
        "A required field is absent (e.g. `title`, `budget`, `applicant.name`).",
        "Add the field; `grantgrid new` shows them all.",
    ),
    Rule(
        "schema.unknown_field",
        "A field the format does not have, usually a typo; the message suggests the closest field.",
        "Rename or remove it.",
    ),
    Rule(
        "schema.type",
        "A value of the wrong type: a number or true/false where text is expected, text where a number is, null where an amount is, or an empty title, name or label.",
        "Quote text; remove quotes around scores; fill the value.",
    ),
    Rule(
        "schema.id",
        "An id that is not 1–64 letters, digits, `-` or `_` (ids become file and sheet names: no `/`, `..`, spaces, no final line break). Every key that names something is an id too: cells, funders, fund limits, stages and axes under `scores` and `answers`, and a resource's `funder`.",
        "Rename the id.",
    ),
    Rule(
        "schema.number",
        "A score, weight or rate that is NaN, infinite, absurdly large (≥ 10¹²) or written with more than 6 decimals (`1e-999999`).",
        "Write a finite number with at most 6 decimals.",
    ),
    Rule(
        "schema.character",
        "Text containing a control character (U+0000–U+001F except tab and line breaks, U+007F–U+009F), a bidirectional mark, embedding, override or isolate (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), a zero-width character (U+200B–U+200D, U+2060–U+2065), a BOM (U+FEFF), a non-character (U+FFFE, U+FFFF), or an invisible lookalike of a space (Hangul fillers U+115F, U+1160, U+3164, U+FFA0, U+180E) or a tag character (U+E0000–U+E007F, which hides ASCII text). Such characters are refused, never removed silently: they hide or reorder text, spoof file names and break spreadsheets; they usually come from a copy-paste. Text is otherwise kept as written (normalised to NFC, and a carriage return `\\r` to a line break `\\n`).",
        "Delete the character at the position given (retype the text).",
    ),
    Rule(
        "schema.too_long",
        "A title or label over 500 characters, or a free text over 30,000 (Excel cuts cells at 32,767).",
        "Shorten the text.",
    ),
)

register(
    Rule(
        "schema.notation",
        "An amount or a score written in hexadecimal (`0x2710`), octal (`0o17`), binary (`0b101`), with underscores (`1_000`) or with an exponent (`1e3`, `1.5e1`), quoted or not: YAML would read `0x2710` as 10000, and the committee would read one figure in the file and another in the report.",
        "Write the number in plain digits; the message gives the plain spelling (`10000`).",
    ),
)
