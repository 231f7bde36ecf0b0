"""Is a live person in front of the camera, or a photo held up to it?

Two checks (dlib's 68-point model is not used: its licence forbids commercial use):

- The challenge, from the 5-point landmarks: the citizen turns the head to one side and back. On
  a real head the nose, which stands out of the face, moves across the line between the eyes (yaw
  changes by 0.2–0.4 eye distances) while the eyes come only a little closer (cos 30° = 0.87). A
  flat photo turned in front of the camera does the opposite: every point of a plane is
  foreshortened alike, so the eyes come much closer while the nose keeps its place relative to
  them. The challenge passes only when the yaw change is both large and larger than the eyes'
  foreshortening (parallax).
  For a citizen who cannot turn the head, the officer picks the other challenge: close the eyes
  and open them again, measured on the eyelids (verify/face/eyes.py). A printed photo cannot do
  it; it is the weaker of the two (a photo with the eyes cut out, a replayed video).
- A passive look at the frame: a printed photo or a phone has an edge; a four-sided outline
  enclosing the face, not much larger than it, is a photo held up.

A video of the citizen turning, replayed on a screen, passes the challenge; its screen edge is
what the passive check looks for. Neither is a certified presentation-attack detector.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import cv2
import numpy as np

from workstation.messages import Message
from workstation.verify.face.engine import FaceBox

TURN_HEAD = Message("Đề nghị công dân quay đầu sang một bên rồi nhìn lại camera",
                    "Ask the citizen to turn the head to one side, then look back at the camera")
LOOK_BACK = Message("Tốt: giờ nhìn thẳng lại camera", "Good: now look straight at the camera again")
PHOTO_HELD_UP = Message("Phát hiện ảnh chụp hoặc màn hình đưa trước camera", "A photo or a screen is held up to the camera")
NOT_TURNED = Message("Không thấy đầu quay: có thể là ảnh chụp. Hãy thử lại", "The head did not turn: possibly a photo. Try again")
CLOSE_EYES = Message("Đề nghị công dân nhắm mắt lại rồi mở mắt ra", "Ask the citizen to close the eyes, then open them")
OPEN_AGAIN = Message("Tốt: giờ mở mắt ra, nhìn vào camera", "Good: now open the eyes and look at the camera")
NO_BLINK = Message("Không thấy nhắm mắt: có thể là ảnh chụp. Hãy thử lại", "The eyes did not close: possibly a photo. Try again")

HEAD_TURN, BLINK = "head_turn", "blink"


@dataclass(frozen=True)
class LivenessState:
    status: str                  # "waiting" | "turned" / "shut" (half done) | "passed" | "failed"
    advice: Message | None
    max_turn: float = 0.0
    photo_edge: bool = False
    challenge: str = HEAD_TURN


@dataclass
class PhotoWatch:
    """The passive half, shared by both challenges: a photo's outline in at least 3 frames and in
    at least half of them."""

    photo_frames: int = 0
    frames: int = 0

    def held_up(self, photo_edge: bool) -> bool:
        self.frames += 1
        self.photo_frames += int(photo_edge)
        return self.photo_frames >= 3 and self.photo_frames * 2 >= self.frames


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
    photo: PhotoWatch = field(default_factory=PhotoWatch)

    def update(self, yaw: float, eye_distance: float, photo_edge: bool = False,
               now: float | None = None) -> LivenessState:
        now = time.monotonic() if now is None else now
        if self.started is None:
            self.started = now
        if self.photo.held_up(photo_edge):
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


@dataclass
class BlinkChallenge:
    """Eyes open, then shut, then open again. Openness is the eyes module's (lid gap / eye width of
    the less open eye); the open level is the widest seen so far, so narrow eyes work as well as
    wide ones, and eyes that were never seen open (a photo with shut eyes) never pass."""

    min_open: float = 0.18       # an open level below this is not an open eye
    shut_below: float = 0.6      # shut: under this share of the open level
    open_again: float = 0.85     # open again: back to this share of the open level
    timeout: float = 10.0
    started: float | None = None
    open_level: float = 0.0
    shut: bool = False
    photo: PhotoWatch = field(default_factory=PhotoWatch)

    def update(self, openness: float | None, photo_edge: bool = False, now: float | None = None) -> LivenessState:
        """`openness` None: not measured on this frame (head turned, no eye model): no progress."""
        now = time.monotonic() if now is None else now
        if self.started is None:
            self.started = now
        if self.photo.held_up(photo_edge):
            return LivenessState("failed", PHOTO_HELD_UP, photo_edge=True, challenge=BLINK)
        if openness is not None:
            if self.shut and openness >= self.open_again * self.open_level:
                return LivenessState("passed", None, challenge=BLINK)
            if not self.shut:
                self.open_level = max(self.open_level, openness)
                self.shut = self.open_level >= self.min_open and openness < self.shut_below * self.open_level
        if now - self.started > self.timeout:
            return LivenessState("failed", NO_BLINK, challenge=BLINK)
        return LivenessState("shut" if self.shut else "waiting", OPEN_AGAIN if self.shut else CLOSE_EYES,
                             challenge=BLINK)


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
