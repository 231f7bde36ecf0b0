import threading
import time

from workstation.core.qr_live import LiveQrDecoder
from workstation.devices.base import DriverParams
from workstation.devices.camera.simulated import SimulatedCameraDriver
from workstation.emulator.card_scene import webcam_frame
from workstation.emulator.fixtures import fixture


def test_live_decoder_reads_the_qr_from_a_camera_stream_and_drops_stale_frames(tmp_path) -> None:  # noqa: ANN001
    import cv2

    text = fixture("an-genuine").qr
    # five frames, two unreadable: the decoder samples the newest frame, whatever its phase
    for i, (kind, level) in enumerate([("motion", 1.0), ("glare", 0.33), ("blur", 1.0), ("glare", 0.2), ("noise", 0.3)]):
        cv2.imwrite(str(tmp_path / f"{i}.png"), webcam_frame(text, kind, level))
    camera = SimulatedCameraDriver(DriverParams({"fps": 60, "scenario": str(tmp_path)}))
    found = threading.Event()
    results = []
    decoder = LiveQrDecoder(lambda qr, d: (results.append((qr, d)), found.set()), rate=20).start()
    try:
        camera.open()
        deadline = time.monotonic() + 10
        while not found.is_set() and time.monotonic() < deadline:
            decoder.offer(camera.read().pixels)
    finally:
        decoder.stop()
    assert found.is_set(), "the QR of the glare frame was never read"
    assert results[0][0].id_number == "001099012345"
    assert decoder.decoded_frames < decoder.offered_frames, "frames are dropped, not queued"
