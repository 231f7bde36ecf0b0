from pathlib import Path

import pytest

from workstation.devices.base import DeviceKind
from workstation.devices.driver_config import load_declarations, parse_declaration
from workstation.errors import ConfigError


def test_shipped_drivers_config_declares_a_real_and_a_simulated_driver_per_kind(repo: Path) -> None:
    declarations = load_declarations(repo / "drivers_config")
    keys = {d.key for d in declarations}
    for kind in DeviceKind:
        assert f"{kind}.simulated" in keys
        assert any(d.kind == kind and d.driver != "simulated" for d in declarations)
    camera = next(d for d in declarations if d.key == "camera.opencv")
    assert camera.params.get("device") == 0


@pytest.mark.parametrize(("text", "key", "problem"), [
    ('kind = "camra"\ndriver = "x"\n', "kind", "must be one of card_reader, camera"),
    ('driver = "x"\n', "kind", "missing"),
    ('kind = "camera"\ndriver = ""\n', "driver", "driver's name"),
    ('kind = "camera"\ndriver = "x"\nenabled = "yes"\n', "enabled", "must be true or false"),
    ('kind = "camera"\ndriver = "x"\nparams = 3\n', "params", "must be a table"),
    ('kind = "camera"\ndriver = "x"\nenable = true\n', "enable", "unknown key"),
])
def test_broken_declaration_names_file_and_key(text: str, key: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_declaration(text, Path("drivers_config/x.toml"))
    assert caught.value.key == key
    assert "drivers_config/x.toml" in caught.value.one_line()
    assert problem in caught.value.one_line()


def test_a_driver_declared_twice_is_refused(tmp_path: Path) -> None:
    for name in ("a.toml", "b.toml"):
        (tmp_path / name).write_text('kind = "camera"\ndriver = "opencv"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="already declared in a.toml"):
        load_declarations(tmp_path)


def test_missing_folder_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="folder not found"):
        load_declarations(tmp_path / "none")
