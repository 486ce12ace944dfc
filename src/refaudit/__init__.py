"""refaudit: audit the reference lists of articles."""

from __future__ import annotations

DISTRIBUTION = "refaudit-cli"  # the name on the package index; the import and command are refaudit


def __getattr__(name: str) -> str:
    # `__version__` is read from the installed metadata on first use only: importlib.metadata
    # costs more than the rest of a warm run's start, and most runs never print the version.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version(DISTRIBUTION)
    except PackageNotFoundError:  # pragma: no cover - running from a source tree never installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found
