"""QR decoding time per frame (the decode rates per decoder and degradation: bench/qr_decoders.py)."""
from __future__ import annotations

from bench.harness import benchmark
from workstation.emulator.card_scene import webcam_frame
from workstation.emulator.fixtures import fixture
from workstation.verify import qr_decode as q

TEXT = fixture("bich-variants").qr


def _frame_bench(kind: str, level: float, steps=None, budget=None):  # noqa: ANN001, ANN202
    frame = webcam_frame(TEXT, kind, level)
    return lambda: {"read": (r := q.decode_image(frame, steps, budget)) is not None and r.text == TEXT,
                    "step": r.step if r else "-"}


benchmark("qr.pyzbar[clean]", repeat=30, description="pyzbar alone on a clean 640×480 frame")(
    lambda: _frame_bench("noise", 0.0, [("pyzbar", q.pyzbar_decode)]))
benchmark("qr.chain[clean]", repeat=30, baseline="qr.pyzbar[clean]", description="the chain on a clean frame")(
    lambda: _frame_bench("noise", 0.0))
benchmark("qr.chain[glare]", repeat=30, baseline="qr.pyzbar[clean]", description="the chain, glare 0.66")(
    lambda: _frame_bench("glare", 0.66))
benchmark("qr.chain[unreadable]", repeat=10, baseline="qr.pyzbar[clean]",
          description="the whole chain on a frame it cannot read (motion blur 1.0)")(
    lambda: _frame_bench("motion", 1.0))
benchmark("qr.live_budget[unreadable]", repeat=30, baseline="qr.pyzbar[clean]",
          description="one live-preview frame with the 40 ms budget, unreadable frame")(
    lambda: _frame_bench("motion", 1.0, budget=40.0))
