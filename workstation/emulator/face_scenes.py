"""Camera scenarios for the face step, made from one photograph: a person turning the head, a
person closing and opening the eyes, a photo held up to the camera, an impostor, no face, two
faces, a dark room, eyes shut. Written as numbered PNG frames that the simulated camera plays
(`workstation sim face-scenes`).

The head turn is a warp that moves the middle of the face (the nose) more than its sides (the
eyes), as a real head's depth does; the photo attack turns a flat sheet, which moves every point
alike. The liveness check tells them apart for the same reason.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from workstation.emulator.eyelids import close_eyes
from workstation.emulator.portrait import icao_crop
from workstation.verify.face.engine import FaceEngine
from workstation.verify.face.quality import head_pose

SCENARIOS = ("genuine_turn", "genuine_blink", "photo_attack", "impostor", "no_face", "two_faces", "dark_room",
             "eyes_closed")
FRAME = (640, 480)


def framed(portrait: np.ndarray, background: int = 120) -> np.ndarray:
    """A 360×480 portrait in the middle of a 640×480 frame."""
    frame = np.full((FRAME[1], FRAME[0], 3), background, np.uint8)
    x = (FRAME[0] - portrait.shape[1]) // 2
    frame[:, x:x + portrait.shape[1]] = portrait
    return frame


def portrait_of(rgb: np.ndarray, engine: FaceEngine) -> np.ndarray:
    box = engine.locate(rgb)[0].as_tuple()
    return np.asarray(icao_crop(rgb, box, size=(360, 480)))


def webcam_view(rgb: np.ndarray, engine: FaceEngine, seed: int = 0, noise: float = 4.0, quality: int = 70) -> np.ndarray:
    """The photograph as a counter webcam shows it: framed at 640×480, sensor noise, MJPEG-like
    compression (the eyes-open tests and figures)."""
    frame = framed(portrait_of(rgb, engine)).astype(np.float32)
    frame += np.random.default_rng(seed).normal(0, noise, frame.shape)
    ok, jpeg = cv2.imencode(".jpg", np.clip(frame, 0, 255).astype(np.uint8)[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("the frame could not be encoded as JPEG")
    return np.ascontiguousarray(cv2.imdecode(jpeg, cv2.IMREAD_COLOR)[..., ::-1])


def turn_head(frame: np.ndarray, engine: FaceEngine, amount: float) -> np.ndarray:
    """Move the nose sideways by `amount` eye distances, the eyes a quarter as much."""
    box = engine.locate(frame)[0]
    marks = engine.landmarks(frame, box)
    nx, ny = marks.nose
    eye = marks.eye_distance
    h, w = frame.shape[:2]
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    shift = amount * eye * np.exp(-((xs - nx) ** 2) / (2 * (0.3 * eye) ** 2) - ((ys - ny) ** 2) / (2 * (0.9 * eye) ** 2))
    return cv2.remap(frame, xs - shift.astype(np.float32), ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)


def held_photo(portrait: np.ndarray, squeeze: float = 1.0, background: int = 70) -> np.ndarray:
    """The portrait printed with a white border, held up and turned by `squeeze` (cos of the turn)."""
    sheet = cv2.copyMakeBorder(cv2.resize(portrait, (216, 288)), 18, 18, 18, 18, cv2.BORDER_CONSTANT, value=(245, 245, 245))
    h, w = sheet.shape[:2]
    frame = np.full((FRAME[1], FRAME[0], 3), background, np.uint8)
    cx, cy = FRAME[0] / 2, FRAME[1] / 2
    half_w = w * squeeze / 2
    source = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    target = np.float32([[cx - half_w, cy - h / 2], [cx + half_w, cy - h / 2 * (1 + 0.04 * (1 - squeeze))],
                         [cx + half_w, cy + h / 2 * (1 + 0.04 * (1 - squeeze))], [cx - half_w, cy + h / 2]])
    warped = cv2.warpPerspective(sheet, cv2.getPerspectiveTransform(source, target), FRAME)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), cv2.getPerspectiveTransform(source, target), FRAME) > 0
    frame[mask] = warped[mask]
    return frame


def _ramp(steps: int) -> list[float]:
    up = [i / steps for i in range(steps + 1)]
    return [0.0] * 6 + up + [1.0] * 3 + up[::-1] + [0.0] * 6


def make_scenario(kind: str, person: np.ndarray, other: np.ndarray, engine: FaceEngine) -> list[np.ndarray]:
    """Frames (RGB) of scenario `kind` from photographs of `person` and of someone `other`."""
    portrait = portrait_of(person, engine)
    base = framed(portrait)
    if kind == "genuine_turn":
        # turn further the way the head already points: a warp is a crude head, best kept small
        marks = engine.landmarks(base, engine.locate(base)[0])
        side = -1.0 if head_pose(marks)[0] < -0.05 else 1.0
        return [base if t == 0 else turn_head(base, engine, 0.8 * side * t) for t in _ramp(6)]
    if kind == "genuine_blink":
        # a deliberate blink, as the officer asks for it: about a third of a second shut at 30 fps
        shut = close_eyes(base, engine.landmarks(base, engine.locate(base)[0]))
        return [base] * 8 + [shut] * 10 + [base] * 12
    if kind == "photo_attack":
        return [held_photo(portrait, 1.0 - 0.45 * t) for t in _ramp(6)]
    if kind == "impostor":
        return [framed(portrait_of(other, engine))] * 12
    if kind == "no_face":
        return [np.full((FRAME[1], FRAME[0], 3), 120, np.uint8)] * 12
    if kind == "two_faces":
        pair = np.hstack([cv2.resize(portrait, (240, 320)), cv2.resize(portrait_of(other, engine), (240, 320))])
        frame = np.full((FRAME[1], FRAME[0], 3), 120, np.uint8)
        frame[80:400, 80:560] = pair
        return [frame] * 12
    if kind == "dark_room":
        return [(base * 0.22).astype(np.uint8)] * 12
    if kind == "eyes_closed":
        return [close_eyes(base, engine.landmarks(base, engine.locate(base)[0]))] * 12
    raise ValueError(f"unknown scenario {kind}")


def write_scenario(frames: list[np.ndarray], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, frame in enumerate(frames):
        cv2.imwrite(str(folder / f"{i:03d}.png"), frame[..., ::-1])
    return folder
