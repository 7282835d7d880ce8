"""Outputs, split by kind; each presents what the domain computed and recomputes nothing.

- `views/`: what every output shows, computed once from a run (no formatting);
- `console/`: plain lines for editors and CI, rich tables for the terminal, the progress bar;
- `report/`: one HTML, Markdown or PDF report per dossier, and their index;
- `workbook/`: the committee's Excel workbook;
- `jsonout`: `--json`; `files`: atomic writes and safe names.

The words they use (labels, statuses, kinds, message templates) live in `grantgrid.words`.
"""
