from pathlib import Path

import cv2
import numpy as np

from workstation.core.device_manager import DeviceManager, DeviceSelection
from workstation.core.simulation import SimulationControls
from workstation.devices.base import DeviceKind
from workstation.devices.driver_config import DriverDeclaration, DriverParams
from workstation.devices.registry import DriverRegistry, discover_driver_classes


def _manager() -> DeviceManager:
    classes = {k: v for k, v in discover_driver_classes().items() if k.endswith(".simulated")}
    decls = [DriverDeclaration(Path("x.toml"), DeviceKind(k.split(".")[0]), "simulated", True,
                               DriverParams({"fps": 200} if k == "camera.simulated" else {}))
             for k in classes]
    registry = DriverRegistry(classes, decls)
    return DeviceManager(DeviceSelection(True, "t", {k: registry.usable(k, True)[0] for k in DeviceKind}), 0.05)


def test_camera_scenario_and_card_insertion(tmp_path: Path) -> None:
    for i, value in enumerate((10, 200)):
        cv2.imwrite(str(tmp_path / f"{i}.png"), np.full((48, 64, 3), value, np.uint8))
    manager = _manager()
    manager.start()
    try:
        controls = SimulationControls(manager)
        controls.play_camera_scenario(tmp_path).result(5)
        frames = [manager.submit(DeviceKind.CAMERA, lambda cam: cam.read()).result(5) for _ in range(4)]
        assert [int(f.pixels.mean()) for f in frames] == [10, 200, 10, 200]
        controls.insert_card("an-genuine").result(5)
        assert manager.submit(DeviceKind.CARD_READER, lambda r: r.probe()).result(5).card_present
        controls.remove_card().result(5)
        assert not manager.submit(DeviceKind.CARD_READER, lambda r: r.probe()).result(5).card_present
    finally:
        manager.stop()
