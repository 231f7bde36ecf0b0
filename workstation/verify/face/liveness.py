"""Is a live person in front of the camera, or a photo held up to it?

Two checks, from the 5-point landmarks (the 68-point model's licence forbids commercial use):

- The challenge: the citizen turns the head to one side and back. On a real head the nose, which
  stands out of the face, moves across the line between the eyes (yaw changes by 0.2–0.4 eye
  distances) while the eyes come only a little closer (cos 30° = 0.87). A flat photo turned in
  front of the camera does the opposite: every point of a plane is foreshortened alike, so the
  eyes come much closer while the nose keeps its place relative to them. The challenge passes
  only when the yaw change is both large and larger than the eyes' foreshortening (parallax).
- A passive look at the frame: a printed photo or a phone has an edge; a four-sided outline
  enclosing the face, not much larger than it, is a photo held up.

A video of the citizen turning, replayed on a screen, passes the challenge; its screen edge is
what the passive check looks for. Neither is a certified presentation-attack detector.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import cv2
import numpy as np

from workstation.messages import Message
from workstation.verify.face.engine import FaceBox

TURN_HEAD = Message("Đề nghị công dân quay đầu sang một bên rồi nhìn lại camera",
                    "Ask the citizen to turn the head to one side, then look back at the camera")
LOOK_BACK = Message("Tốt: giờ nhìn thẳng lại camera", "Good: now look straight at the camera again")
PHOTO_HELD_UP = Message("Phát hiện ảnh chụp hoặc màn hình đưa trước camera", "A photo or a screen is held up to the camera")
NOT_TURNED = Message("Không thấy đầu quay: có thể là ảnh chụp. Hãy thử lại", "The head did not turn: possibly a photo. Try again")


@dataclass(frozen=True)
class LivenessState:
    status: str                  # "waiting" | "turned" | "passed" | "failed"
    advice: Message | None
    max_turn: float = 0.0
    photo_edge: bool = False


@dataclass
class HeadTurnChallenge:
    min_turn: float = 0.2        # yaw change needed, in eye distances
    parallax: float = 1.0        # the yaw change must exceed this × the eyes' foreshortening
    back_within: float = 0.08    # back to frontal: |yaw - start| below this
    timeout: float = 10.0
    started: float | None = None
    baseline: float | None = None
    baseline_eyes: float | None = None
    max_turn: float = 0.0
    turned: bool = False
    photo_frames: int = 0
    frames: int = 0

    def update(self, yaw: float, eye_distance: float, photo_edge: bool = False,
               now: float | None = None) -> LivenessState:
        now = time.monotonic() if now is None else now
        if self.started is None:
            self.started = now
        self.frames += 1
        self.photo_frames += int(photo_edge)
        if self.photo_frames >= 3 and self.photo_frames * 2 >= self.frames:
            return LivenessState("failed", PHOTO_HELD_UP, self.max_turn, True)
        if self.baseline is None or self.baseline_eyes is None:
            self.baseline, self.baseline_eyes = yaw, eye_distance
        turn = abs(yaw - self.baseline)
        foreshortening = max(0.0, 1.0 - eye_distance / self.baseline_eyes)
        if turn >= self.min_turn and turn >= self.parallax * foreshortening:
            self.max_turn = max(self.max_turn, turn)
            self.turned = True
        if self.turned and turn <= self.back_within:
            return LivenessState("passed", None, self.max_turn)
        if now - self.started > self.timeout:
            return LivenessState("failed", NOT_TURNED, self.max_turn)
        return LivenessState("turned" if self.turned else "waiting", LOOK_BACK if self.turned else TURN_HEAD,
                             self.max_turn)


def photo_edge_around(gray: np.ndarray, box: FaceBox, max_ratio: float = 4.0) -> bool:
    """A four-sided outline that encloses the face box and is at most `max_ratio` times its size."""
    edges = cv2.Canny(cv2.GaussianBlur(gray, (5, 5), 0), 50, 150)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    face_area = max(1, box.width * box.height)
    cx, cy = (box.left + box.right) / 2, (box.top + box.bottom) / 2
    for contour in contours:
        area = cv2.contourArea(contour)
        if not 1.5 * face_area <= area <= max_ratio ** 2 * face_area:
            continue
        approx = cv2.approxPolyDP(contour, 0.03 * cv2.arcLength(contour, True), True)
        if len(approx) != 4 or not cv2.isContourConvex(approx):
            continue
        x, y, w, h = cv2.boundingRect(approx)
        if x <= box.left and y <= box.top and x + w >= box.right and y + h >= box.bottom \
                and cv2.pointPolygonTest(approx, (cx, cy), False) > 0:
            return True
    return False
