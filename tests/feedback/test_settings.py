"""Settings: read from the environment, validated, and every one documented."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from feedback.settings import (
    Settings,
    SettingsError,
    TimestampRounding,
    ensure_secret_key,
    load_settings,
    setting_names,
)


def test_defaults_work_with_an_empty_environment() -> None:
    settings = load_settings({})
    assert settings.database_file == Path("data/feedback.db")
    assert settings.port == 8000
    assert settings.timestamp_rounding is TimestampRounding.HOUR


def test_environment_values_are_converted() -> None:
    settings = load_settings(
        {"FEEDBACK_PORT": "9001", "FEEDBACK_TIMESTAMP_ROUNDING": "day", "FEEDBACK_DATA_DIR": "/x"}
    )
    assert settings.port == 9001
    assert settings.timestamp_rounding is TimestampRounding.DAY
    assert settings.database_file == Path("/x/feedback.db")
    assert load_settings({"FEEDBACK_POSSIBLE_SHARE": "0.3"}).possible_share == 0.3


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FEEDBACK_PORT", "80a"),
        ("FEEDBACK_PORT", "70000"),
        ("FEEDBACK_TIMESTAMP_ROUNDING", "week"),
        ("FEEDBACK_POSSIBLE_SHARE", "1"),
        ("FEEDBACK_POSSIBLE_SHARE", "-0.1"),
        ("FEEDBACK_POSSIBLE_SHARE", "half"),
        ("FEEDBACK_LOG_LEVEL", "LOUD"),
        ("FEEDBACK_ARGON2_MEMORY_KIB", "16"),
        ("FEEDBACK_SERVICES_FILE", "/no/such/services.toml"),
        ("FEEDBACK_HELP_FILE", "/no/such/help.toml"),
        ("FEEDBACK_BANK_HOLIDAYS_FILE", "/"),
        ("FEEDBACK_CLASSIFIER_MODEL", "/no/such/model.skops"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"^{name}: "):
        load_settings({name: value})


def test_the_model_path_is_not_checked_when_the_classifier_is_off() -> None:
    settings = load_settings(
        {"FEEDBACK_CLASSIFIER": "none", "FEEDBACK_CLASSIFIER_MODEL": "/no/such/model.skops"}
    )
    assert settings.classifier_model == Path("/no/such/model.skops")


def test_every_setting_is_documented_in_the_readme(repo_root: Path) -> None:
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    undocumented = [name for name in setting_names() if f"`{name}`" not in readme]
    assert not undocumented, f"settings missing from README.md: {undocumented}"
    assert len(setting_names()) == len(Settings.__struct_fields__)


def test_secret_key_is_generated_once_with_mode_0600(tmp_path: Path) -> None:
    settings = load_settings({}, data_dir=tmp_path / "d")
    first = ensure_secret_key(settings)
    second = ensure_secret_key(settings)
    assert first == second
    assert len(first) >= 40
    mode = stat.S_IMODE((tmp_path / "d" / "secret_key").stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE((tmp_path / "d").stat().st_mode) == 0o700


def test_a_given_secret_key_is_used_and_nothing_written(tmp_path: Path) -> None:
    settings = load_settings({"FEEDBACK_SECRET_KEY": "k" * 50}, data_dir=tmp_path)
    assert ensure_secret_key(settings) == "k" * 50
    assert not (tmp_path / "secret_key").exists()
