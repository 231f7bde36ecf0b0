"""What a tester can do to the simulated devices from the window: insert a fixture card, take it
out, unplug and replug a device. Every action runs on the device's own thread."""
from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from workstation.core.device_manager import DeviceManager
from workstation.devices.base import DeviceKind
from workstation.errors import WorkstationError


@dataclass(frozen=True)
class FixtureCardInfo:
    name: str
    kind: str
    description: str
    qr: str


class SimulationControls:
    def __init__(self, devices: DeviceManager) -> None:
        if not devices.simulated:
            raise WorkstationError("simulation controls exist only in simulated mode")
        self.devices = devices

    @staticmethod
    def fixture_cards() -> list[FixtureCardInfo]:
        from workstation.emulator.fixtures import FIXTURES

        return [FixtureCardInfo(c.name, c.kind, c.description, c.qr) for c in FIXTURES]

    def insert_card(self, name: str, portrait: bytes | None = None) -> "Future[None]":
        """Put fixture card `name` on the reader; `portrait` (a chip photo) replaces its drawn one."""
        from workstation.emulator.fixtures import build_card

        card = build_card(name, portrait)
        return self.devices.submit(DeviceKind.CARD_READER, lambda reader: reader.insert(card))

    def play_camera_scenario(self, folder: Path | None) -> "Future[None]":
        """Frames of `folder` (see `workstation sim face-scenes`), or the test pattern for None."""
        return self.devices.submit(DeviceKind.CAMERA, lambda camera: camera.load_scenario(folder))

    def play_camera_frames(self, frames: list) -> "Future[None]":  # noqa: ANN001 - BGR numpy frames
        return self.devices.submit(DeviceKind.CAMERA, lambda camera: camera.load_frames(frames))

    def set_finger_scenario(self, name: str, citizen: str | None = None) -> "Future[None]":
        """A simulated scanner scenario (`workstation sim finger-scenarios`)."""
        return self.devices.submit(DeviceKind.FINGERPRINT, lambda scanner: scanner.load_scenario(name, citizen))

    def remove_card(self) -> "Future[None]":
        return self.devices.submit(DeviceKind.CARD_READER, lambda reader: reader.remove())

    def set_plugged(self, kind: DeviceKind, plugged: bool) -> None:
        driver = self.devices.driver(kind)
        if driver is None:
            return
        plug = driver.plug  # type: ignore[attr-defined]  # every simulated driver has one
        if plugged:
            plug.replug()
        else:
            plug.unplug()
