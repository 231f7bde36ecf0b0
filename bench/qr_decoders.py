"""QR decoders on synthetic webcam frames: decode rate and median ms per frame, per decoder and
per degradation. `python -m bench.qr_decoders [--seeds N] [--json FILE]`

The frames: a card with a real CCCD QR text (Vietnamese, UTF-8) on a desk in a 640×480 frame, 15
degradation kinds at 3 levels (workstation.emulator.card_scene).
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from workstation.emulator.card_scene import DEGRADATIONS, LEVELS, webcam_frame
from workstation.emulator.fixtures import FIXTURES
from workstation.verify import qr_decode as q


def _prep_pyzbar(gray: np.ndarray) -> list[str]:
    """The issue's reference preprocessing: 2× upscale, contrast, thresholding."""
    big = q.clahe(q.upscale(gray, 2.0))
    return q.pyzbar_decode(big) or q.pyzbar_decode(q.otsu(big))


DECODERS = {
    "pyzbar": [("pyzbar", q.pyzbar_decode)],
    "pyzbar+prep": [("pyzbar", q.pyzbar_decode), ("prep", _prep_pyzbar)],
    "zxing": [("zxing", q.zxing_decode)],
    "zxing→pyzbar+prep": [("zxing", q.zxing_decode), ("pyzbar", q.pyzbar_decode), ("prep", _prep_pyzbar)],
    "chain": q.CHAIN,
}


def burst_rate(steps, seeds: int, burst: int) -> tuple[float, dict[str, float]]:  # noqa: ANN001
    """Read within `burst` frames of a hand-held card (jittered), each frame with the live
    preview's budget and starting one step further along the chain (as core.qr_live does)."""
    texts = [f.qr for f in FIXTURES[:seeds]]
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(texts):
        for kind in DEGRADATIONS:
            for level in LEVELS:
                ok = 0
                for j in range(burst):
                    start = j % len(steps)
                    got = q.decode_image(webcam_frame(text, kind, level, seed=i, jitter=j + 1),
                                         steps[start:] + steps[:start], budget_ms=25.0)
                    if got is not None and got.text == text:
                        ok = 1
                        break
                by_kind[kind].append(ok)
    total = [v for vs in by_kind.values() for v in vs]
    return sum(total) / len(total), {k: sum(v) / len(v) for k, v in by_kind.items()}


def run(seeds: int, scale: int = 1) -> dict[str, object]:
    texts = [f.qr for f in FIXTURES[:seeds]]
    frames = [(kind, level, text, webcam_frame(text, kind, level, seed=i, scale=scale))
              for i, text in enumerate(texts) for kind in DEGRADATIONS for level in LEVELS]
    results: dict[str, dict[str, object]] = {}
    for name, steps in DECODERS.items():
        ok_by_kind: dict[str, list[int]] = defaultdict(list)
        times = []
        for kind, _level, text, frame in frames:
            start = time.perf_counter()
            got = q.decode_image(frame, steps)
            times.append((time.perf_counter() - start) * 1000)
            ok_by_kind[kind].append(int(got is not None and got.text == text))
        total = sum(sum(v) for v in ok_by_kind.values())
        results[name] = {
            "rate": total / len(frames), "median_ms": statistics.median(times),
            "p90_ms": sorted(times)[int(0.9 * (len(times) - 1))],
            "by_kind": {k: sum(v) / len(v) for k, v in ok_by_kind.items()},
        }
    return {"frames": len(frames), "decoders": results}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=4, help="QR texts (fixture cards) per grid cell")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--burst", type=int, default=0, help="also measure reads within N jittered frames")
    parser.add_argument("--scale", type=int, default=1, help="2: the same scenes from a 1280×960 camera")
    args = parser.parse_args()
    data = run(args.seeds, args.scale)
    names = list(data["decoders"])
    size = f"{640 * args.scale}×{480 * args.scale}"
    print(f"{data['frames']} frames ({size}), {len(DEGRADATIONS)} degradations × {len(LEVELS)} levels")
    print(f"{'decoder':22} {'rate':>6} {'median ms':>10} {'p90 ms':>8}")
    for name in names:
        r = data["decoders"][name]
        print(f"{name:22} {r['rate']:6.1%} {r['median_ms']:10.1f} {r['p90_ms']:8.1f}")
    print("\nrate by degradation:")
    print(f"{'kind':15}" + "".join(f"{n[:12]:>13}" for n in names))
    for kind in DEGRADATIONS:
        print(f"{kind:15}" + "".join(f"{data['decoders'][n]['by_kind'][kind]:13.0%}" for n in names))
    if args.burst:
        for name in ("zxing→pyzbar+prep", "chain"):
            rate, by_kind = burst_rate(DECODERS[name], args.seeds, args.burst)
            data.setdefault("burst", {})[name] = {"rate": rate, "by_kind": by_kind}
            worst = ", ".join(f"{k} {v:.0%}" for k, v in sorted(by_kind.items(), key=lambda kv: kv[1])[:4])
            print(f"\nwithin {args.burst} hand-held frames, live budget: {name}: {rate:.1%} (weakest: {worst})")
    if args.json:
        args.json.write_text(json.dumps(data, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
