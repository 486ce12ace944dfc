"""refaudit: audit the reference lists of articles."""

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "refaudit-cli"  # the name on the package index; the import and command are refaudit

try:
    __version__ = version(DISTRIBUTION)
except PackageNotFoundError:  # pragma: no cover - running from a source tree never installed
    __version__ = "0+unknown"
