"""The one exception tree: every failure that stops a run is a RefauditError."""

from __future__ import annotations


class RefauditError(Exception):
    """A failure that stops the run; `cli.py` turns it into a message and an exit code."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(RefauditError):
    """An input file cannot be read or understood; `path` names it when known."""

    def __init__(self, message: str, hint: str | None = None, path: str | None = None) -> None:
        super().__init__(message, hint)
        self.path = path


class ConfigError(RefauditError):
    """A bad option, selector, configuration file or environment variable."""


class ResolverError(RefauditError):
    """The services cannot be reached at all."""

    exit_code = 3


class OutputError(RefauditError):
    """An output file cannot be written."""
