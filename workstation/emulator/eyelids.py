"""Close the eyes of a real photograph, for the simulated camera's "eyes shut" scene and the
tests of the eyes-open check (no offline package ships photographs of closed eyes).

The lid is drawn from the eye corners alone (dlib's 5 points), not from the eye model under
test: a lens between the corners, reaching 0.30 eye widths above the corner line and 0.16 below,
is covered by skin taken from just under the lower lid and mirrored upwards (that skin has no
brow and no lashes in it), and a soft dark line is laid where the lid now ends, as lashes are.
`closure` 1 shuts the eye, 0.5 leaves it half open.
"""
from __future__ import annotations

import cv2
import numpy as np

from workstation.verify.face.engine import Landmarks5

UPPER_LID = 0.30      # eye widths above the corner line at the middle of the eye
LOWER_LID = 0.16      # eye widths below
LASH_WIDTH = 0.035    # eye widths
LASH_DARKENING = 0.55


def close_eye(rgb: np.ndarray, corners: tuple[tuple[float, float], tuple[float, float]], closure: float = 1.0) -> np.ndarray:
    a, b = np.asarray(corners[0], float), np.asarray(corners[1], float)
    if a[0] > b[0]:
        a, b = b, a
    width = float(np.linalg.norm(b - a))
    if width < 2:
        return rgb.copy()
    axis = (b - a) / width
    down = np.array([-axis[1], axis[0]])
    if down[1] < 0:
        down = -down
    h, w = rgb.shape[:2]
    x0, x1 = max(0, int(min(a[0], b[0]) - 0.15 * width)), min(w, int(max(a[0], b[0]) + 0.15 * width))
    y0, y1 = max(0, int(min(a[1], b[1]) - 1.2 * width)), min(h, int(max(a[1], b[1]) + 0.5 * width))
    if x1 <= x0 or y1 <= y0:
        return rgb.copy()
    ys, xs = np.mgrid[y0:y1, x0:x1].astype(np.float64)
    offset = np.stack([xs - a[0], ys - a[1]], axis=-1)
    along = (offset @ axis) / width * 2 - 1                 # -1 at one corner, 1 at the other
    below = (offset @ down) / width                         # eye widths under the corner line
    shape = np.sqrt(np.clip(1 - along ** 2, 0, 1))
    upper, lower = -UPPER_LID * shape, LOWER_LID * shape
    lid_edge = lower - (lower - upper) * (1 - closure)
    covered = (below >= upper) & (below <= lid_edge) & (shape > 0)
    source = np.where(covered, lid_edge + (lid_edge - below) * 0.6 + 0.04, below)
    shift = (source - below) * width
    map_x = (xs + shift * down[0]).astype(np.float32)
    map_y = (ys + shift * down[1]).astype(np.float32)
    patch = cv2.remap(rgb, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT).astype(np.float32)
    lashes = np.exp(-((below - lid_edge) / LASH_WIDTH) ** 2) * np.clip(shape * 3, 0, 1) * (shape > 0.05)
    patch *= 1 - LASH_DARKENING * lashes[..., None]
    out = rgb.copy()
    out[y0:y1, x0:x1] = np.clip(patch, 0, 255).astype(np.uint8)
    return out


def close_eyes(rgb: np.ndarray, marks: Landmarks5, closure: float = 1.0) -> np.ndarray:
    return close_eye(close_eye(rgb, marks.right_eye, closure), marks.left_eye, closure)
