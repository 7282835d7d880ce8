"""grantgrid: score LEADER grant dossiers against a GAL's selection grid."""

# The one place of the version: pyproject.toml reads it (`[tool.setuptools.dynamic]`), and
# reading it here costs nothing where importlib.metadata would cost `--version` and
# `score --json` a tenth of their start-up.
__version__ = "0.1.0"
