import queue
import threading
from pathlib import Path

import pytest

from workstation.core.device_manager import DeviceManager, DeviceSelection
from workstation.devices.base import DeviceKind, DeviceState, DeviceStatus
from workstation.devices.camera.base import CameraLostError
from workstation.devices.camera.simulated import SimulatedCameraDriver
from workstation.devices.card_reader.base import NoCardError
from workstation.devices.driver_config import DriverDeclaration, DriverParams
from workstation.devices.registry import DriverRegistry, discover_driver_classes


def _simulated_manager(poll: float = 0.05) -> DeviceManager:
    classes = {k: v for k, v in discover_driver_classes().items() if k.endswith(".simulated")}
    decls = [DriverDeclaration(Path("x.toml"), DeviceKind(k.split(".")[0]), "simulated", True, DriverParams())
             for k in classes]
    registry = DriverRegistry(classes, decls)
    drivers = {kind: registry.usable(kind, True)[0] for kind in DeviceKind}
    return DeviceManager(DeviceSelection(True, "test", drivers), poll_seconds=poll)


def _next(events: "queue.Queue[DeviceStatus]", kind: DeviceKind, state: DeviceState) -> DeviceStatus:
    while True:
        status = events.get(timeout=5)
        if status.kind == kind and status.state == state:
            return status


def test_each_device_runs_on_its_own_thread() -> None:
    manager = _simulated_manager()
    manager.start()
    try:
        names = {kind: manager.submit(kind, lambda _d: threading.current_thread().name).result(5)
                 for kind in DeviceKind}
    finally:
        manager.stop()
    assert names[DeviceKind.CAMERA] == "device:camera:simulated"
    assert len(set(names.values())) == len(DeviceKind)
    assert threading.current_thread().name not in names.values()


def test_hot_plug_is_reported_to_listeners() -> None:
    manager = _simulated_manager()
    events: queue.Queue[DeviceStatus] = queue.Queue()
    manager.subscribe(events.put)
    manager.start()
    try:
        _next(events, DeviceKind.CAMERA, DeviceState.SIMULATED)
        camera = manager.driver(DeviceKind.CAMERA)
        camera.plug.unplug()
        gone = _next(events, DeviceKind.CAMERA, DeviceState.MISSING)
        assert "unplugged" in gone.detail
        camera.plug.replug()
        _next(events, DeviceKind.CAMERA, DeviceState.SIMULATED)
        assert manager.statuses()[DeviceKind.CAMERA].state == DeviceState.SIMULATED
    finally:
        manager.stop()


def test_errors_reach_the_caller_through_the_future() -> None:
    manager = _simulated_manager()
    manager.start()
    try:
        future = manager.submit(DeviceKind.CARD_READER, lambda reader: reader.connect())
        with pytest.raises(NoCardError) as caught:
            future.result(5)
        assert "place the ID card" in caught.value.one_line()
        assert "đặt thẻ căn cước lên đầu đọc" in caught.value.officer_text("vi")
    finally:
        manager.stop()


def test_a_failing_listener_does_not_kill_the_device_thread() -> None:
    manager = _simulated_manager()
    manager.subscribe(lambda _s: (_ for _ in ()).throw(RuntimeError("listener bug")))
    manager.start()
    try:
        assert manager.submit(DeviceKind.CAMERA, lambda cam: cam.name).result(5) == "simulated"
    finally:
        manager.stop()


def test_simulated_camera_paces_frames_and_survives_unplug() -> None:
    camera = SimulatedCameraDriver(DriverParams({"fps": 200, "width": 64, "height": 48}))
    camera.open()
    frames = [camera.read() for _ in range(3)]
    assert [f.index for f in frames] == [1, 2, 3]
    assert frames[0].size == (64, 48)
    assert frames[1].timestamp > frames[0].timestamp
    assert not (frames[0].pixels == frames[1].pixels).all(), "the pattern moves"
    camera.plug.unplug()
    with pytest.raises(CameraLostError):
        camera.read()
