"""Settings come from KEFU_* variables; an unreadable one is a bilingual InvalidInput, not a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kefu.cli import app
from kefu.config import load_settings
from kefu.errors import InvalidInput


def test_defaults_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KEFU_SEARCH_ENCODERS", raising=False)
    assert load_settings().search_encoders == ["use"]
    monkeypatch.setenv("KEFU_SEARCH_ENCODERS", '["use", "e5"]')
    assert load_settings().search_encoders == ["use", "e5"]
    assert load_settings(encoder_threads=2).encoder_threads == 2


@pytest.mark.parametrize(
    ("name", "value"), [("KEFU_ENCODER_THREADS", "many"), ("KEFU_SEARCH_ENCODERS", "use")]
)
def test_an_unreadable_variable_is_named_in_both_languages(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(InvalidInput) as caught:
        load_settings()
    assert caught.value.code == "invalid_settings"
    assert "环境变量" in caught.value.message_zh
    assert name.removeprefix("KEFU_").lower() in str(caught.value).lower()


def test_every_command_reports_it_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEFU_ENCODER_THREADS", "many")
    result = CliRunner().invoke(app, ["kb", "check"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "KEFU_ENCODER_THREADS" in result.output
