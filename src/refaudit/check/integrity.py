"""Stub."""

from refaudit.check.base import Rule

RULES: tuple[type[Rule], ...] = ()
