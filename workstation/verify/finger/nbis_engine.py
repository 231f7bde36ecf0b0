"""NFIQ 2 quality and bozorth3 matching through nbis-py (NIST NBIS and NFIQ 2 in one wheel).

Thresholds: NFIQ 2 ≥ 50 is the bar named for passport fingerprints (Circular 110/2020/TT-BCA);
a bozorth3 score ≥ 40 is NIST's usual "same finger" operating point.
"""
from __future__ import annotations

import io
import threading
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image

from workstation.errors import WorkstationError

QUALITY_THRESHOLD = 50
MATCH_THRESHOLD = 40

_lock = threading.Lock()
_extractor: Any = None


def _engine() -> Any:
    global _extractor
    with _lock:
        if _extractor is None:
            try:
                import nbis
            except ImportError as exc:
                raise WorkstationError(f"fingerprint quality needs nbis-py ({exc})") from None
            settings = nbis.NbisExtractorSettings(min_quality=0.0, get_center=False, check_fingerprint=False,
                                                  compute_nfiq2=True, ppi=None)
            _extractor = nbis.new_nbis_extractor(settings)
        return _extractor


@dataclass(frozen=True)
class FingerAnalysis:
    nfiq2: int
    minutiae: int
    template: Any          # nbis Minutiae, for matching
    ms: float

    @property
    def passed(self) -> bool:
        return self.nfiq2 >= QUALITY_THRESHOLD

    def as_dict(self) -> dict[str, object]:
        return {"nfiq2": self.nfiq2, "threshold": QUALITY_THRESHOLD, "passed": self.passed,
                "minutiae": self.minutiae, "ms": round(self.ms, 1)}


def analyse(grey: np.ndarray) -> FingerAnalysis:
    start = time.perf_counter()
    buffer = io.BytesIO()
    Image.fromarray(grey).save(buffer, "PNG")
    engine = _engine()
    try:
        template = engine.extract_minutiae(buffer.getvalue())
    except Exception:  # noqa: BLE001 - nbis raises its own error types when it finds no usable ridges
        return FingerAnalysis(0, 0, None, (time.perf_counter() - start) * 1000)
    quality = template.quality()
    return FingerAnalysis(int(quality.score) if quality is not None else 0, len(template.get()), template,
                          (time.perf_counter() - start) * 1000)


def match_score(a: FingerAnalysis, b: FingerAnalysis) -> int:
    if a.template is None or b.template is None:
        return 0
    return int(a.template.compare(b.template))
