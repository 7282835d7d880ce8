"""grantgrid: score LEADER grant dossiers against a GAL's selection grid."""

from typing import Any


def __getattr__(name: str) -> Any:
    # importlib.metadata costs more than typer to import: only when the version is asked for.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("grantgrid")
        except PackageNotFoundError:  # pragma: no cover - a source tree without install
            return "0.0.0"
    raise AttributeError(f"module 'grantgrid' has no attribute {name!r}")
