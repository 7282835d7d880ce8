"""The command line: parse options, call the library, print, choose the exit code.

Exit codes: 0 fine, 1 a dossier or grid has errors, 2 the command itself is wrong. Each module
registers its commands on `app` (`cli.app`): dossiers, grids and formats, the committee.
"""

from grantgrid.cli import committee, dossiers, grids  # noqa: F401  (they register commands)
from grantgrid.cli.app import app

__all__ = ["app"]
