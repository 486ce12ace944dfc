from __future__ import annotations

import json

import pytest

from refaudit.errors import ConfigError
from refaudit.report import FORMATS, render
from tests.report.factories import RULES, audit_result


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_text_ending_in_a_newline(fmt: str) -> None:
    text = render(audit_result(), fmt, rules=RULES, width=80)
    assert text.endswith("\n")
    assert "wrong-doi" in text


def test_machine_formats_are_valid_json() -> None:
    for fmt in ("json", "sarif"):
        assert isinstance(json.loads(render(audit_result(), fmt, rules=RULES)), dict)


def test_width_reaches_the_terminal_reporter() -> None:
    text = render(audit_result(), "terminal", rules=RULES, width=60)
    assert max(len(line) for line in text.splitlines()) <= 60


def test_an_unknown_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown format"):
        render(audit_result(), "xml", rules=RULES)
