"""Fingerprint quality (NFIQ 2) and 1:1 matching (bozorth3) on a real print a package ships.

The print is the `wsq` package's test image, a latent print. Its WSQ header gives width and height
the other way round from its pixel data (520 wide, 540 high), so it is laid out by hand here.
Other impressions of the same finger are derived from it (shifted, rotated); a mirrored print
stands for another finger (bozorth3 is not mirror-invariant). One real finger only: see the README.
"""
from __future__ import annotations

import io
import json

import cv2
import numpy as np
import pytest
from PIL import Image

from workstation.devices.fingerprint.simulated import latent_print
from workstation.verify.finger.image_io import FingerImageUnreadable, load_grey
from workstation.verify.finger.nbis_engine import MATCH_THRESHOLD, analyse, match_score


@pytest.fixture(scope="module")
def latent() -> np.ndarray:
    return latent_print()   # laid out by hand: see the module docstring


def _shift_rotate(grey: np.ndarray, dx: int, dy: int, angle: float) -> np.ndarray:
    h, w = grey.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    m[:, 2] += (dx, dy)
    return cv2.warpAffine(grey, m, (w, h), borderValue=255)


@pytest.fixture(scope="module")
def original(latent: np.ndarray):  # noqa: ANN201
    return analyse(latent)


def test_the_real_print_is_analysed(original) -> None:  # noqa: ANN001
    assert 10 <= original.nfiq2 <= 40, "a latent print: poor, but a fingerprint"
    assert original.minutiae > 40 and not original.passed


@pytest.mark.parametrize(("dx", "dy", "angle"), [(12, -9, 0), (0, 0, 3), (-8, 6, 8)])
def test_another_impression_of_the_same_finger_matches(latent, original, dx: int, dy: int, angle: float) -> None:  # noqa: ANN001
    assert match_score(original, analyse(_shift_rotate(latent, dx, dy, angle))) >= MATCH_THRESHOLD


def test_another_finger_does_not_match(latent, original) -> None:  # noqa: ANN001
    assert match_score(original, analyse(np.ascontiguousarray(latent[:, ::-1]))) < MATCH_THRESHOLD


@pytest.mark.parametrize("damage", ["smudged", "dry", "partial"])
def test_quality_falls_as_the_print_gets_worse(latent, original, damage: str) -> None:  # noqa: ANN001
    if damage == "smudged":
        worse = cv2.GaussianBlur(latent, (0, 0), 3)
    elif damage == "dry":
        worse = np.where(cv2.GaussianBlur(latent, (0, 0), 1) < 110, latent, 255).astype(np.uint8)
    else:
        worse = latent.copy()
        worse[:, 260:] = 255
    result = analyse(worse)
    assert result.nfiq2 < original.nfiq2 or (damage == "partial" and result.minutiae < original.minutiae)


def test_wsq_round_trip_and_unreadable_files(tmp_path) -> None:  # noqa: ANN001
    import wsq  # noqa: F401

    grey = (np.add.outer(np.arange(300), np.arange(400)) % 256).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(grey).save(buffer, "WSQ")
    back = load_grey(buffer.getvalue())
    assert back.shape == (300, 400) and np.abs(back.astype(int) - grey).mean() < 5
    with pytest.raises(FingerImageUnreadable):
        load_grey(b"\xff\xa0 broken")
    with pytest.raises(FingerImageUnreadable):
        load_grey(tmp_path / "missing.png")


def test_finger_commands(latent, tmp_path, capsys) -> None:  # noqa: ANN001
    from workstation.cli.main import main

    a, b = tmp_path / "a.png", tmp_path / "b.png"
    Image.fromarray(latent).save(a)
    Image.fromarray(_shift_rotate(latent, 5, 5, 2)).save(b)
    assert main(["finger", "quality", str(a), "--json"]) == 0
    quality = json.loads(capsys.readouterr().out)
    assert set(quality) >= {"nfiq2", "threshold", "passed", "minutiae", "ms"} and quality["threshold"] == 50
    assert main(["finger", "match", str(a), str(b), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["same_finger"] is True
    assert main(["finger", "quality", str(tmp_path / "nope.png")]) == 1
