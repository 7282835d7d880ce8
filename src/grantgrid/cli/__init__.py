"""The command line: parse options, call the library, print, choose the exit code.

Exit codes: 0 fine, 1 a dossier or grid has errors, 2 the command itself is wrong. Each module
registers its commands on `app` (`cli.app`), in the order `--help` lists them: dossiers, grids
and formats, then the committee.
"""

# isort: off
from grantgrid.cli import dossiers, grids, committee, sheets, collect  # noqa: F401  (they register commands)
from grantgrid.cli.app import app

# isort: on

__all__ = ["app"]
