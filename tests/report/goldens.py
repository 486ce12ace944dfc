"""Golden-file comparison for reporters.

Regenerate every golden after an intended change with:
    REFAUDIT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/report -q
then review the diff of tests/report/golden/ before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

from refaudit import __version__

GOLDEN = Path(__file__).parent / "golden"
VERSION_MARK = "<version>"


def neutral(text: str) -> str:
    """The text with refaudit's version replaced, so goldens survive a release."""
    return text.replace(__version__, VERSION_MARK)


def assert_golden(name: str, text: str) -> None:
    """Compare `text` with golden/`name`; rewrite the golden under REFAUDIT_UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    actual = neutral(text)
    if os.environ.get("REFAUDIT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs; see tests/report/goldens.py to regenerate"
