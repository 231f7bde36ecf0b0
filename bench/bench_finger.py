"""Fingerprint: ms per NFIQ 2 quality score (minutiae included) and per 1:1 match."""
from __future__ import annotations

from bench.harness import benchmark


def _print():  # noqa: ANN202
    from workstation.devices.fingerprint.simulated import latent_print

    return latent_print()


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


@benchmark("finger.sequence", repeat=5, baseline="finger.quality",
           description="simulated scanner, good scenario: two index fingers captured, scored, same-finger check, WSQ + ISO records")
def sequence():  # noqa: ANN201
    from workstation.core.finger_sequence import FingerprintSequence, run_sequence
    from workstation.devices.base import DriverParams
    from workstation.devices.fingerprint.simulated import SimulatedScannerDriver

    driver = SimulatedScannerDriver(DriverParams({"citizen": "bench citizen"}))

    def run() -> dict[str, object]:
        driver.load_scenario("good")
        result = run_sequence(driver, FingerprintSequence())
        return {"complete": result.complete}

    return run
