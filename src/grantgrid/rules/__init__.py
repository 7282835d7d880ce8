"""Every diagnostic code grantgrid can emit, with when it fires and how to fix it.

This catalogue is the one place a code is declared: rules refer to it, `docs/rules.md` is
generated from it (`python -m grantgrid.rules > docs/rules.md`), and a test checks that every
code the code base emits is listed here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    when: str
    fix: str
    severity: str = "error"


def _codes(*codes: Code) -> dict[str, Code]:
    return {c.code: c for c in codes}


CATALOGUE: dict[str, Code] = _codes(
    # --- reading the file -------------------------------------------------------------
    Code(
        "yaml.read",
        "The file cannot be opened (missing, a folder, no permission).",
        "Check the path.",
    ),
    Code(
        "yaml.encoding",
        'The file is not UTF-8 (e.g. UTF-16 or Latin-1), holds a character YAML forbids (a raw control character), or an escape such as `"\\ud800"` that is half a character (a lone surrogate).',
        "Save it as UTF-8 in your editor; the position is the first bad byte (the message also gives its offset in the file).",
    ),
    Code(
        "yaml.syntax",
        "The file is not valid YAML 1.2: bad indentation, tabs, an unclosed quote or bracket, several documents.",
        "Fix the line shown; indent with spaces; keep one document per file.",
    ),
    Code(
        "yaml.duplicate_key",
        'A key appears twice in the same mapping (`amount` and `"amount"` are the same key).',
        "Keep one; the message gives the line of the first.",
    ),
    Code(
        "yaml.version",
        "A `%YAML` directive other than 1.2 (YAML 1.1 would read `NO` as false, `0755` as 493).",
        "Remove the `%YAML` line.",
    ),
    Code(
        "yaml.tag",
        "A tag such as `!!python/object`, `!!binary`, `!!timestamp`, `!custom` or a merge key `<<`, or a core tag on a value of another kind (`!!int abc`, `!!bool yes`). Nothing is executed or constructed.",
        "Remove the tag: only plain text, numbers, true/false, lists and mappings are allowed.",
    ),
    Code(
        "yaml.alias",
        "An alias that refers to a value containing it (a cycle).",
        "Write the value out instead of using `&anchor` / `*alias`.",
    ),
    Code(
        "yaml.too_large",
        "The file is over 2 MiB, has a line over 100,000 characters, or holds more than 10,000 values or 2 MiB of text, counted while reading and again once aliases are expanded (an alias bomb).",
        "A dossier is a few kilobytes: remove pasted binary data, repeated lines or repeated aliases.",
    ),
    Code(
        "yaml.too_deep",
        "Values nested more than 50 levels deep, in the file or once aliases are expanded.",
        "The formats nest five levels at most: check the brackets and indentation.",
    ),
    Code(
        "yaml.number",
        "A number written with more than 40 characters (such as a 5,000-digit integer).",
        "Write a realistic value.",
    ),
    Code(
        "yaml.date",
        "A date that does not exist, such as `2024-02-30`.",
        "Correct the date, or quote the text.",
    ),
    # --- shape of the data --------------------------------------------------------------
    Code(
        "schema.document",
        "The file is empty, or is a list or single value instead of a mapping of fields.",
        "Start from `grantgrid new --grid GRID`.",
    ),
    Code(
        "schema.key",
        "A key that is not text: `1:`, `true:`, `null:` or a complex key.",
        "Quote the key or rename it.",
    ),
    Code(
        "schema.missing",
        "A required field is absent (e.g. `title`, `budget`, `applicant.name`).",
        "Add the field; `grantgrid new` shows them all.",
    ),
    Code(
        "schema.unknown_field",
        "A field the format does not have, usually a typo; the message suggests the closest field.",
        "Rename or remove it.",
    ),
    Code(
        "schema.type",
        "A value of the wrong type: a number or true/false where text is expected, text where a number is, null where an amount is, or an empty title, name or label.",
        "Quote text; remove quotes around scores; fill the value.",
    ),
    Code(
        "schema.id",
        "An id that is not 1–64 letters, digits, `-` or `_` (ids become file and sheet names: no `/`, `..`, spaces, no final line break). Every key that names something is an id too: cells, funders, fund limits, stages and axes under `scores` and `answers`, and a resource's `funder`.",
        "Rename the id.",
    ),
    Code(
        "schema.number",
        "A score, weight or rate that is NaN, infinite, absurdly large (≥ 10¹²) or written with more than 6 decimals (`1e-999999`).",
        "Write a finite number with at most 6 decimals.",
    ),
    Code(
        "schema.character",
        "Text containing a control character (U+0000–U+001F except tab and line breaks, U+007F–U+009F), a bidirectional mark, embedding, override or isolate (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069), a zero-width character (U+200B–U+200D, U+2060–U+2065), a BOM (U+FEFF), a non-character (U+FFFE, U+FFFF), or an invisible lookalike of a space (Hangul fillers U+115F, U+1160, U+3164, U+FFA0, U+180E) or a tag character (U+E0000–U+E007F, which hides ASCII text). Such characters are refused, never removed silently: they hide or reorder text, spoof file names and break spreadsheets; they usually come from a copy-paste. Text is otherwise kept as written (normalised to NFC, and a carriage return `\\r` to a line break `\\n`).",
        "Delete the character at the position given (retype the text).",
    ),
    Code(
        "schema.too_long",
        "A title or label over 500 characters, or a free text over 30,000 (Excel cuts cells at 32,767).",
        "Shorten the text.",
    ),
    Code(
        "dossier.duplicate_id",
        "Two dossiers of the same run have the same `dossier` id, ignoring case (`ABC-1` and `abc-1` are one file name on Windows and one sheet name in Excel).",
        "Give each dossier its own id.",
    ),
    Code("dossier.period", "The period ends before it starts.", "Swap `start` and `end`."),
    # --- the grid -------------------------------------------------------------------------
    Code(
        "grid.not_found",
        "The dossier's `grid` names a file that does not exist or lies outside the call's folder (the folder above the dossiers' folder, or a grids folder searched for ids), or an id no grid file has.",
        "Correct the id or path; ids are looked up in `--grids DIR`, `./grids/`, then the `grids/` folder beside the dossier's folder.",
    ),
    Code(
        "grid.invalid",
        "The dossier's grid has errors of its own (listed under the grid's file).",
        "Fix the grid (`grantgrid grid check GRID`).",
    ),
    Code(
        "grid.duplicate_id",
        "Two stages, phases, axes or bonus items share an id, or two grid files share a grid id: in the grids folder, or among the grid files the dossiers of a run use (then the dossiers using another file than the grids folder's are at fault: a dossier cannot bring its own copy of the grid).",
        "Rename one.",
    ),
    Code(
        "grid.reserved_id",
        "An axis is called `bonus` (the word is reserved for bonus items in `scores`).",
        "Rename the axis.",
    ),
    Code(
        "grid.unknown_phase",
        "With `phases`, a cell key that is not a phase id.",
        "Use one of the phase ids.",
    ),
    Code("grid.empty_axis", "An axis without cells.", "Add cells or remove the axis."),
    Code(
        "grid.points",
        "A maximum ≤ 0, or a cell or bonus item with no `points` and no default `points` at the top.",
        "Set `points`.",
    ),
    Code("grid.weight", "A weight ≤ 0.", "Use a positive weight."),
    Code("grid.step", "A `step` ≤ 0.", "Use a positive step (1, or 0.5 for half points)."),
    Code(
        "grid.rate",
        "A rate outside [0, 1] (`rate_of_public`, `max_public_rate`, `min_self_financing`).",
        "Write rates as fractions: 0.80 for 80 %.",
    ),
    Code(
        "grid.limits",
        "A fund limit with min > max or a negative bound.",
        "Swap or correct the bounds.",
    ),
    Code(
        "grid.unknown_funder",
        "`co_financing.fund` or a `fund_limits` key that `funders` does not list.",
        "Add the funder to `financing.funders` or correct the id.",
    ),
    Code(
        "grid.unknown_axis",
        "A `min_per_axis` key or `tie_break` entry that is neither an axis id nor `bonus`.",
        "Use an axis id or `bonus`.",
    ),
    # --- the budget -----------------------------------------------------------------------
    Code(
        "budget.amount",
        "An amount that is ≤ 0 (expense) or < 0 (resource, `-0.00` included), not finite, with more than 2 decimals or more than 15 digits, or text in another notation than `1234.56`, `1234,56`, `1 234,56 €` (no `1e2`, no `1_000`).",
        "Write the amount in euros and cents.",
    ),
    Code(
        "budget.empty",
        "The budget has no expense line or no resource line.",
        "Add the lines of the financing plan.",
    ),
    Code(
        "budget.unbalanced",
        "Σ expenses ≠ Σ resources, to the cent. The message gives both totals and the difference.",
        "Adjust a line (usually self-financing) by the difference.",
    ),
    Code(
        "budget.total_mismatch",
        "The declared `total` differs from Σ expenses.",
        "Correct the total, or remove it (it is optional).",
    ),
    Code(
        "budget.unknown_funder",
        "A resource's `funder` is not one of the grid's `financing.funders`; the closest id is suggested.",
        "Use one of the listed ids.",
    ),
    Code(
        "budget.cofinancing",
        "|fund − round_half_up(rate_of_public × Σ public, 0.01)| > 0.01, where public money is the funders of kind `eu` and `public`, the fund included.",
        "Set the fund to the amount the message gives (with the other public funds unchanged, fund = rate × others / (1 − rate)).",
    ),
    Code(
        "budget.public_rate",
        "Σ public > max_public_rate × Σ expenses (rounded half-up to the cent; the bound itself is allowed).",
        "Reduce public funding or raise self-financing by the excess.",
    ),
    Code(
        "budget.self_financing",
        "Σ self-financing < min_self_financing × Σ expenses (rounded half-up to the cent; the bound itself is allowed).",
        "Raise self-financing to the amount given.",
    ),
    Code(
        "budget.fund_limit",
        "A fund's total is outside the grid's `fund_limits` [min, max] (the bounds are allowed; an absent fund counts as 0).",
        "Bring the amount within the limits.",
    ),
    # --- scores and answers ---------------------------------------------------------------
    Code(
        "score.unknown_stage",
        "A stage id under `scores` that the grid does not have.",
        "Use one of the grid's stage ids.",
    ),
    Code(
        "score.unknown_cell",
        "An axis, cell or bonus item under `scores` that the grid does not have.",
        "Use the grid's ids (`grantgrid grid show GRID`).",
    ),
    Code(
        "score.out_of_range",
        "A score < 0, above the cell's points, or not a multiple of the grid's `step`.",
        "Give a score between 0 and the maximum, in steps of `step`.",
    ),
    Code(
        "answer.unknown_cell",
        "An axis or cell under `answers` that the grid does not have.",
        "Use the grid's ids.",
    ),
    Code(
        "answer.missing",
        "A cell of the grid has no answer (the committee will have nothing to read).",
        "Write the answer, or leave it if the cell does not apply.",
        "warning",
    ),
    # --- the run --------------------------------------------------------------------------
    Code(
        "internal.error",
        "grantgrid itself failed on this file. The other files were processed.",
        "Report it with the file; the message names the failure.",
    ),
)


def limits() -> list[str]:
    """The loader's and the formats' limits, from the constants that enforce them."""
    from grantgrid.loading import MAX_BYTES, MAX_DEPTH, MAX_LINE, MAX_NODES, MAX_NUMBER_TEXT
    from grantgrid.models.types import LONG_TEXT, MAX_DECIMALS, SHORT_TEXT
    from grantgrid.money import MAX_DIGITS

    return [
        "## Limits",
        "",
        "Dossiers and grids come from outside: every file is read under these limits, and going",
        "over one is a positioned error, never a crash or a long wait.",
        "",
        "| limit | value | code |",
        "|---|---|---|",
        f"| file size | {MAX_BYTES // (1024 * 1024)} MiB | `yaml.too_large` |",
        f"| text in a file once aliases are expanded | {MAX_BYTES // (1024 * 1024)} MiB | `yaml.too_large` |",
        f"| length of a line | {MAX_LINE:,} characters | `yaml.too_large` |",
        f"| values in a file (also after expanding aliases) | {MAX_NODES:,} | `yaml.too_large` |",
        f"| nesting depth (also after expanding aliases) | {MAX_DEPTH} levels | `yaml.too_deep` |",
        f"| length of a number as written | {MAX_NUMBER_TEXT} characters | `yaml.number` |",
        "| documents per file | 1 | `yaml.syntax` |",
        "| YAML version | 1.2 only (core schema: `NO`, `yes`, `1:30`, `1_000` are text) | `yaml.version` |",
        "| tags | none but the core ones (str, int, float, bool, null, map, seq) | `yaml.tag` |",
        "| encoding | UTF-8 (a BOM is allowed) | `yaml.encoding` |",
        f"| title, label, name (one line of a table) | {SHORT_TEXT:,} characters | `schema.too_long` |",
        f"| free text (context, answers, remarks) | {LONG_TEXT:,} characters (Excel cuts cells at 32,767) | `schema.too_long` |",
        "| id | 1–64 letters, digits, `-`, `_` | `schema.id` |",
        f"| amount | {MAX_DIGITS} digits, cents included; 2 decimals | `budget.amount` |",
        f"| score, weight, rate | finite, below 10¹², at most {MAX_DECIMALS} decimals | `schema.number` |",
        "",
    ]


def markdown() -> str:
    """`docs/rules.md`, generated from the catalogue."""
    lines = [
        "# Diagnostics: every code, when it fires, how to fix it",
        "",
        "<!-- Generated by `python -m grantgrid.rules > docs/rules.md`; do not edit by hand. -->",
        "",
        "Every problem is printed as `PATH:LINE:COL: error CODE: message` (or `warning`), ",
        "pointing at the YAML node at fault. All problems of a file are reported together.",
        "A file with an error makes the dossier `invalid` and the command exit with code 1;",
        "warnings do not.",
        "",
    ]
    family = ""
    for code in CATALOGUE.values():
        head = code.code.split(".")[0]
        if head != family:
            family = head
            lines += [
                f"## `{family}.*`",
                "",
                "| code | severity | when | how to fix |",
                "|---|---|---|---|",
            ]
        when, fix = (
            text.replace("|", "\\|") for text in (code.when, code.fix)
        )  # |x| must not split the row
        lines.append(f"| `{code.code}` | {code.severity} | {when} | {fix} |")
        nxt = list(CATALOGUE).index(code.code) + 1
        if nxt == len(CATALOGUE) or list(CATALOGUE)[nxt].split(".")[0] != family:
            lines.append("")
    lines += limits()
    return "\n".join(lines)
