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


def _registry_with(tmp_path: Path, name: str, change: tuple[str, str] | None = None, extra: str = ""):  # noqa: ANN202
    from workstation.devices.registry import DriverRegistry, discover_driver_classes

    shipped = Path(__file__).resolve().parent.parent / "drivers_config" / name
    text = shipped.read_text(encoding="utf-8")
    if change:
        assert change[0] in text
        text = text.replace(change[0], change[1])
    (tmp_path / name).write_text(text + extra, encoding="utf-8")
    return DriverRegistry(discover_driver_classes(), load_declarations(tmp_path))


def test_every_shipped_declaration_fits_its_driver(repo: Path) -> None:
    from workstation.devices.registry import DriverRegistry, discover_driver_classes

    registry = DriverRegistry(discover_driver_classes(), load_declarations(repo / "drivers_config"))
    for entry in registry.entries():
        assert entry.cls is not None and entry.cls.parameters is not None, entry.key
        assert not (entry.load_error or "").startswith("config file"), entry.load_error


@pytest.mark.parametrize(("file", "change", "extra", "says"), [
    ("camera-simulated.toml", ("fps = 30", 'fps = "thirty"'), "", "key 'params.fps': must be a number, got 'thirty'"),
    ("camera-simulated.toml", ("width = 640", "width = 100000"), "", "must be between 16 and 4096"),
    ("camera-opencv.toml", ("device = 0", "device = 1.5"), "", "must be a whole number or text in quotes"),
    ("fingerprint-simulated.toml", ('scenario = "good"', 'scenario = "bogus"'), "", "must be one of good,"),
    ("fingerprint-futronic.toml", ("dpi = 500", "dpi = true"), "", "must be a whole number, got True"),
    ("card_reader-pcsc.toml", None, "colour = 3\n", "unknown parameter for this driver (known: reader)"),
])
def test_a_bad_parameter_leaves_the_driver_listed_with_the_reason(tmp_path: Path, file: str, change, extra: str,  # noqa: ANN001
                                                                   says: str) -> None:
    registry = _registry_with(tmp_path, file, change, extra)
    (entry,) = [e for e in registry.entries() if e.declaration is not None]
    reason = entry.unavailable_reason() or ""
    assert says in reason and file in reason
    with pytest.raises(RuntimeError, match="cannot be used"):
        entry.create()


def test_checked_parameters_have_their_defaults_and_types(tmp_path: Path) -> None:
    registry = _registry_with(tmp_path, "camera-simulated.toml", ("fps = 30", "fps = 25"))
    (entry,) = [e for e in registry.entries() if e.declaration is not None]
    driver = entry.create()
    assert driver.params.get("fps") == 25.0 and isinstance(driver.params.get("fps"), float)
    assert driver.params.get("scenario") == "" and driver.params.get("width") == 640


def test_a_plugin_that_declares_no_parameters_gets_them_as_written(tmp_path: Path) -> None:
    from workstation.devices.base import Driver, DriverParams
    from workstation.devices.registry import DriverRegistry

    class OldPlugin(Driver):
        kind = DeviceKind.CAMERA
        name = "old"

        def probe(self):  # noqa: ANN201, ANN202
            raise NotImplementedError

    (tmp_path / "old.toml").write_text('kind = "camera"\ndriver = "old"\n[params]\nanything = "goes"\n', encoding="utf-8")
    registry = DriverRegistry({"camera.old": OldPlugin}, load_declarations(tmp_path))
    (entry,) = registry.entries()
    assert entry.unavailable_reason() is None
    assert entry.create().params == DriverParams({"anything": "goes"})
