"""grantgrid: score LEADER grant dossiers against a GAL's selection grid."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("grantgrid")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"
