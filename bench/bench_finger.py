"""Fingerprint: ms per NFIQ 2 quality score (minutiae included) and per 1:1 match."""
from __future__ import annotations

import importlib.resources

from bench.harness import benchmark


def _print():  # noqa: ANN202
    from workstation.verify.finger.image_io import load_grey

    data = (importlib.resources.files("wsq") / "tests" / "test.wsq").read_bytes()
    return load_grey(data).reshape(540, 520)   # the test file's header swaps width and height


@benchmark("finger.quality", repeat=10, description="NFIQ 2 and minutiae of a 520×540 print")
def quality():  # noqa: ANN201
    from workstation.verify.finger.nbis_engine import analyse

    grey = _print()
    return lambda: {"nfiq2": analyse(grey).nfiq2}


@benchmark("finger.match", repeat=20, baseline="finger.quality", description="bozorth3 1:1 on two templates")
def match():  # noqa: ANN201
    import cv2

    from workstation.verify.finger.nbis_engine import analyse, match_score

    grey = _print()
    a = analyse(grey)
    b = analyse(cv2.warpAffine(grey, cv2.getRotationMatrix2D((260, 270), 3, 1.0), (520, 540), borderValue=255))
    return lambda: {"score": match_score(a, b)}
