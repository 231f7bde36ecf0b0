"""A photo of the hand for a finger that cannot be taken: evidence for the centre's reviewers that
the finger is missing or bandaged, taken with the counter's camera on the camera's own thread."""
from __future__ import annotations

from concurrent.futures import Future

from workstation.core.device_manager import DeviceManager
from workstation.core.face_review import encode_jpeg
from workstation.devices.base import DeviceKind
from workstation.devices.camera.base import CameraDriver

WARM_UP_FRAMES = 3          # a webcam's first frames after opening are often dark or blurred


def take_hand_photo(devices: DeviceManager) -> "Future[bytes]":
    """The JPEG of one frame, once the camera has settled; CameraLostError through the future."""
    def shoot(camera: CameraDriver) -> bytes:
        camera.open()
        try:
            frame = camera.read()
            for _ in range(WARM_UP_FRAMES - 1):
                frame = camera.read()
        finally:
            camera.close()
        return encode_jpeg(frame.pixels)
    return devices.submit(DeviceKind.CAMERA, shoot)
