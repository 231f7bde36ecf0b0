"""Images from files, chips and cameras are fuzzed: any input ends in pixels or in the loader's own
message (ImageUnreadable / FingerImageUnreadable), never another exception. Inputs are genuine PNG,
JPEG and BMP files with bytes flipped, inserted or cut, mostly in their headers and first chunks."""
from __future__ import annotations

import io

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.verify.test_fuzz_parsers import mutated
from workstation.verify.face.image_io import ImageUnreadable, load_rgb
from workstation.verify.finger.image_io import FingerImageUnreadable, load_grey


def _encoded(kind: str, mode: str) -> bytes:
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 255, (48, 40, 3) if mode == "RGB" else (48, 40), dtype=np.uint8)
    out = io.BytesIO()
    image = Image.fromarray(pixels, mode)
    if kind == "JPEG":
        image.save(out, kind, exif=Image.Exif())      # an EXIF block, so orientation parsing is reached
    else:
        image.save(out, kind)
    return out.getvalue()


SAMPLES = [_encoded(kind, mode) for kind in ("PNG", "JPEG", "BMP") for mode in ("RGB", "L")]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _inputs() -> st.SearchStrategy[bytes]:
    return st.sampled_from(SAMPLES).flatmap(
        lambda sample: st.one_of(mutated(sample), mutated(sample[:120]).map(lambda head: head + sample[120:])))


@FUZZ
@given(data=_inputs())
def test_fuzz_face_images(data: bytes) -> None:
    try:
        pixels = load_rgb(data)
    except ImageUnreadable:
        return
    assert pixels.ndim == 3 and pixels.shape[2] == 3


@FUZZ
@given(data=_inputs())
def test_fuzz_finger_images(data: bytes) -> None:
    try:
        pixels = load_grey(data)
    except FingerImageUnreadable:
        return
    assert pixels.ndim == 2
