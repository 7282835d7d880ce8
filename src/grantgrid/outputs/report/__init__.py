"""Reports: one per dossier (HTML that prints on A4, Markdown, PDF) and an index of the run.

`context` turns an outcome's views into the templates' context, `write` renders and writes
them all; `markdown` escapes dossier text, `svg` draws the score chart.
"""

from grantgrid.outputs.report.write import (
    BUILTIN_TEMPLATES,
    ReportError,
    render_reports,
    report_names,
    write_reports,
)

__all__ = ["BUILTIN_TEMPLATES", "ReportError", "render_reports", "report_names", "write_reports"]
