from pathlib import Path

from workstation.core.device_manager import select_devices
from workstation.devices.base import DeviceKind, DeviceState, DeviceStatus, Driver, DriverParams
from workstation.devices.driver_config import DriverDeclaration, load_declarations
from workstation.devices.registry import DriverRegistry, discover_driver_classes


class _NeedsMissingLib(Driver):
    kind = DeviceKind.CAMERA
    name = "fancy"

    @classmethod
    def missing_library(cls) -> str | None:
        return "fancycam SDK is not installed"

    def probe(self) -> DeviceStatus:  # pragma: no cover - never probed
        raise AssertionError("an unavailable driver must not be probed")


class _AlwaysThere(Driver):
    kind = DeviceKind.CAMERA
    name = "always"

    def probe(self) -> DeviceStatus:
        return self.status(DeviceState.CONNECTED, "always there")


def _decl(kind: DeviceKind, driver: str, enabled: bool = True) -> DriverDeclaration:
    return DriverDeclaration(Path(f"{kind}-{driver}.toml"), kind, driver, enabled, DriverParams())


def test_entry_points_provide_a_real_and_a_simulated_driver_for_every_kind() -> None:
    classes = discover_driver_classes()
    for kind in DeviceKind:
        simulated = classes[f"{kind}.simulated"]
        assert isinstance(simulated, type) and simulated.simulated and simulated.kind == kind
        real = [c for k, c in classes.items() if k.startswith(f"{kind}.") and isinstance(c, type) and not c.simulated]
        assert real, f"no real driver for {kind}"


def test_missing_library_and_broken_plugin_are_listed_with_reasons() -> None:
    registry = DriverRegistry(
        {"camera.fancy": _NeedsMissingLib, "camera.broken": "the driver failed to load (ImportError: x)"},
        [_decl(DeviceKind.CAMERA, "fancy"), _decl(DeviceKind.CAMERA, "broken"), _decl(DeviceKind.CAMERA, "ghost")],
    )
    reasons = {e.key: e.unavailable_reason() for e in registry.entries()}
    assert reasons["camera.fancy"] == "fancycam SDK is not installed"
    assert "failed to load" in reasons["camera.broken"]
    assert "no driver named 'ghost'" in reasons["camera.ghost"]
    assert registry.usable(DeviceKind.CAMERA, simulated=False) == []


def test_undeclared_or_disabled_drivers_are_not_usable() -> None:
    registry = DriverRegistry({"camera.always": _AlwaysThere}, [])
    assert registry.usable(DeviceKind.CAMERA, simulated=False) == []
    registry = DriverRegistry({"camera.always": _AlwaysThere}, [_decl(DeviceKind.CAMERA, "always", enabled=False)])
    assert registry.usable(DeviceKind.CAMERA, simulated=False) == []


def test_auto_mode_uses_real_devices_when_hardware_answers() -> None:
    registry = DriverRegistry({"camera.always": _AlwaysThere}, [_decl(DeviceKind.CAMERA, "always")])
    selection = select_devices(registry, "auto")
    assert not selection.simulated
    assert "always there" in selection.reason
    assert selection.drivers[DeviceKind.CAMERA].name == "always"


def test_auto_mode_falls_back_to_simulation_without_hardware(repo: Path) -> None:
    # On a CI machine no reader, camera or scanner is attached: every real probe says missing.
    registry = DriverRegistry.discover(load_declarations(repo / "drivers_config"))
    selection = select_devices(registry, "simulated")
    assert selection.simulated
    assert {e.name for e in selection.drivers.values()} == {"simulated"}
    assert set(selection.drivers) == set(DeviceKind)


def test_keyboard_wedge_alone_does_not_count_as_hardware(repo: Path) -> None:
    registry = DriverRegistry.discover(
        [d for d in load_declarations(repo / "drivers_config") if d.kind == DeviceKind.QR_SCANNER])
    selection = select_devices(registry, "auto")
    assert selection.simulated, "a keyboard-mode QR scanner cannot be detected and must not switch to real mode"
