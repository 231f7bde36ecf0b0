"""Chip reading: APDUs, bytes, host time per APDU, in process and through pcscd, and the time the
same exchange would take on a 424 kbit/s contactless link (a model: bits / 424 kbit/s plus
0.5 ms of ISO 14443-4 framing and turnaround per APDU; the chip's own computing is not in it)."""
from __future__ import annotations

import time

from bench.harness import benchmark
from workstation.core.card_reading import interpret, read_card
from workstation.devices.card_reader.simulated import SimulatedCardReaderDriver
from workstation.emulator.fixtures import build_card, fixture
from workstation.emulator.simulated_trust import simulated_trust_store
from workstation.verify.access_keys import keys_from_qr
from workstation.verify.active_auth import active_authentication
from workstation.verify.chip_auth import chip_authentication
from workstation.verify.chip_reader import ChipReader
from workstation.verify.qr import parse_qr

TRUST = simulated_trust_store()
LINK_BITS_PER_S = 424_000
FRAME_MS = 0.5


def _counters(result) -> dict[str, object]:  # noqa: ANN001
    s = result.chip.stats
    link_ms = (s.bytes_sent + s.bytes_received) * 8 / LINK_BITS_PER_S * 1000 + s.apdus * FRAME_MS
    return {"access": result.chip.access, "apdus": s.apdus, "bytes": s.bytes_sent + s.bytes_received,
            "host_ms_per_apdu": round(s.host_seconds * 1000 / s.apdus, 3),
            "link_model_ms": round(link_ms, 1)}


def _in_process(name: str):  # noqa: ANN202
    keys = keys_from_qr(parse_qr(fixture(name).qr))

    def run() -> dict[str, object]:
        reader = SimulatedCardReaderDriver()
        reader.insert(build_card(name))
        return _counters(read_card(reader.connect, keys, TRUST))
    return run


for _name in ("an-genuine", "dung-bac-only", "bich-variants", "short-apdu-reader"):
    benchmark(f"chip.read_in_process[{_name}]", repeat=15,
              baseline=None if _name == "an-genuine" else "chip.read_in_process[an-genuine]",
              description=f"read and verify {_name} through the simulated reader")(lambda n=_name: _in_process(n))


@benchmark("chip.interpret", repeat=30, baseline="chip.read_in_process[an-genuine]",
           description="host only: parse DG1/DG2/DG13, passive authentication, verdict")
def chip_interpret():  # noqa: ANN201
    reader = SimulatedCardReaderDriver()
    reader.insert(build_card("an-genuine"))
    chip = ChipReader(reader.connect, keys_from_qr(parse_qr(fixture("an-genuine").qr)),
                      chip_authentication=chip_authentication, active_authentication=active_authentication).read()
    return lambda: interpret(chip, TRUST)


@benchmark("chip.read_pcscd[an-genuine]", repeat=10, baseline="chip.read_in_process[an-genuine]",
           description="read and verify an-genuine through pyscard, pcscd and vpcd")
def read_pcscd():  # noqa: ANN201
    import atexit

    from workstation.emulator.pcscd import ensure_virtual_reader
    from workstation.devices.base import DriverParams
    from workstation.devices.card_reader.pcsc import PcscCardReaderDriver
    from workstation.emulator.vpcd import VpcdBridge

    service = ensure_virtual_reader()
    atexit.register(service.stop)
    reader = service.reader
    VpcdBridge(build_card("an-genuine")).start()
    driver = PcscCardReaderDriver(DriverParams({"reader": reader}))
    deadline = time.monotonic() + 5
    while True:
        try:
            driver.connect(reader).close()
            break
        except Exception:  # noqa: BLE001 - waiting for pcscd to see the card
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    keys = keys_from_qr(parse_qr(fixture("an-genuine").qr))

    def run() -> dict[str, object]:
        cpu = time.thread_time()   # the card runs in the bridge's thread: this is the reader's CPU
        result = read_card(lambda: driver.connect(reader), keys, TRUST)
        counters = _counters(result)
        counters["host_cpu_ms"] = round((time.thread_time() - cpu) * 1000, 2)
        counters["ms_per_apdu"] = round(result.chip.stats.transmit_seconds * 1000 / result.chip.stats.apdus, 3)
        return counters
    return run
