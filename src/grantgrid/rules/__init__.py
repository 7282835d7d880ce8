"""Rules: every diagnostic code, registered once with its check, its words and its docs.

- `registry`: the `Rule` object and the registry every output reads;
- `reading`: codes of the loader and of the formats' models (`yaml.*`, `schema.*`);
- `grid`, `dossier`, `scores`: the checks of a grid, of a dossier's identity, of its scores;
- `budget/`: one module per `budget.*` code;
- `catalogue`: imports them all, in the order of `docs/rules.md`, and writes that page.

Nothing here reads a file or formats a figure: rules yield `Finding` values (a code, a data
path, the figures of the message), placed in their file by the runner.
"""
