from pathlib import Path

import pytest

from workstation.config import Settings, load_settings, parse_settings, render_settings
from workstation.errors import ConfigError


def test_missing_default_file_gives_documented_defaults(isolated_home: Path) -> None:
    settings = load_settings()
    assert settings == Settings()
    assert settings.ui.language == "vi"
    assert settings.devices.mode == "auto"
    assert settings.source is None


def test_values_are_read(tmp_path: Path) -> None:
    file = tmp_path / "s.toml"
    file.write_text('[ui]\nlanguage = "en"\n[devices]\nmode = "simulated"\npoll_seconds = 2\n', encoding="utf-8")
    settings = load_settings(file)
    assert settings.ui.language == "en"
    assert settings.devices.mode == "simulated"
    assert settings.devices.poll_seconds == 2.0
    assert settings.source == file


@pytest.mark.parametrize(("text", "key", "problem"), [
    ('[ui]\nlanguage = "fr"\n', "ui.language", 'must be one of "vi", "en"'),
    ('[devices]\npoll_seconds = "fast"\n', "devices.poll_seconds", "must be a number"),
    ('[devices]\npoll_seconds = 0\n', "devices.poll_seconds", "must be between 0.1 and 60"),
    ('[devices]\nmoed = "real"\n', "devices.moed", "unknown setting"),
    ('[dveices]\nmode = "real"\n', "dveices", "unknown section"),
    ('ui = 3\n', "ui", "must be a table"),
    ('[storage]\ndatabase_url = 5\n', "storage.database_url", "must be text"),
    ('[verify]\nmin_eye_opening = 0.5\n', "verify.min_eye_opening", "must be between 0 and 0.35"),
])
def test_bad_values_name_file_key_and_problem(tmp_path: Path, text: str, key: str, problem: str) -> None:
    file = tmp_path / "settings.toml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(file)
    assert caught.value.key == key
    line = caught.value.one_line()
    assert str(file) in line and f"key '{key}'" in line and problem in line
    assert "\n" not in line


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    file = tmp_path / "settings.toml"
    file.write_text("[ui\nlanguage=", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML") as caught:
        load_settings(file)
    assert caught.value.file == file


def test_named_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_settings(tmp_path / "nope.toml")


def test_rendered_defaults_document_every_key_and_parse_back() -> None:
    text = render_settings()
    assert "# Language of the window" in text and "poll_seconds = 1.0" in text
    assert parse_settings(text, Path("rendered.toml")) == Settings()


def test_a_deeply_nested_settings_file_is_a_clear_error(tmp_path) -> None:  # noqa: ANN001
    from workstation.config import ConfigError, parse_settings
    from workstation.devices.driver_config import parse_declaration

    text = "a = " + "[" * 5000 + "]" * 5000
    for parse in (parse_settings, parse_declaration):
        with pytest.raises(ConfigError, match="nested too deeply"):
            parse(text, tmp_path / "x.toml")
