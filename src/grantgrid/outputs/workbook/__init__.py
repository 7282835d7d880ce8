"""The committee's workbook: a summary sheet per grid, a sheet per dossier.

`summary` builds the workbook and its summaries, `dossier` one dossier's sheet, `side` the
*Séances* and *À propos* sheets and the date of the data; `sheet`, `text` and `package` hold
what openpyxl needs help with (tables drawn for paper, row heights, safe text cells, cached
formula values, deterministic packaging).
"""

from grantgrid.outputs.workbook.summary import build_workbook, export_workbook, input_files

__all__ = ["build_workbook", "export_workbook", "input_files"]
