"""Fingerprint capture: the synthetic prints of the simulated scanner, the ISO/IEC 19794-4 record,
the capture sequence (retry, fallback, same-finger check, exceptions), the scanner's faults and
`workstation finger capture`."""
from __future__ import annotations

import json
import struct
import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workstation.core.finger_sequence import FingerprintSequence, Outcome, run_sequence
from workstation.devices.base import DriverParams
from workstation.devices.fingerprint import synthetic
from workstation.devices.fingerprint.base import CaptureCancelled, CaptureTimeout, ScannerError, ScannerInfo
from workstation.devices.fingerprint.simulated import SCENARIOS, SimulatedScannerDriver
from workstation.verify.finger import iso19794_4
from workstation.verify.finger.nbis_engine import MATCH_THRESHOLD, QUALITY_THRESHOLD, analyse, match_score
from workstation.verify.finger.positions import FINGERS

SIX = ("right_thumb", "right_index", "right_middle", "left_thumb", "left_index", "left_middle")


@pytest.fixture(scope="module")
def touches() -> dict[tuple[str, int], object]:
    return {(f, t): analyse(synthetic.impression("test citizen", f, t)) for f in SIX for t in (1, 2)}


def test_synthetic_prints_are_good_and_each_finger_is_its_own(touches) -> None:  # noqa: ANN001
    assert min(a.nfiq2 for a in touches.values()) >= QUALITY_THRESHOLD
    genuine = [match_score(touches[(f, 1)], touches[(f, 2)]) for f in SIX]
    impostor = [match_score(touches[(f, 1)], touches[(g, 2)]) for f in SIX for g in SIX if f != g]
    assert min(genuine) >= 3 * MATCH_THRESHOLD, genuine      # another touch of the same finger matches
    assert max(impostor) < MATCH_THRESHOLD, impostor         # another finger does not


def test_a_smudged_touch_falls_below_the_bar() -> None:
    grey = synthetic.impression("test citizen", "right_index", 1)
    assert analyse(synthetic.smudged(grey)).nfiq2 < QUALITY_THRESHOLD <= analyse(grey).nfiq2


def test_another_citizen_has_other_fingers(touches) -> None:  # noqa: ANN001
    other = analyse(synthetic.impression("someone else", "right_index", 1))
    assert match_score(touches[("right_index", 1)], other) < MATCH_THRESHOLD


# -- ISO/IEC 19794-4 -------------------------------------------------------------------------------
@pytest.mark.parametrize("image_format", ["png", "wsq"])
def test_iso_record_round_trip(image_format: str) -> None:
    grey = synthetic.impression("test citizen", "left_index", 1)
    code, data = iso19794_4.compress(grey, image_format, 500)
    record = iso19794_4.FingerImageRecord((iso19794_4.FingerView(7, 62, 400, 500, data),), dpi=500, compression=code)
    raw = iso19794_4.encode(record)
    assert raw[:8] == b"FIR\x00010\x00" and int.from_bytes(raw[8:14], "big") == len(raw)
    assert raw[18] == 1 and raw[19] == 1                                   # one view, pixels per inch
    assert struct.unpack(">HH", raw[20:24]) == (500, 500)                 # scan resolution
    assert raw[32 + 4] == 7 and raw[32 + 7] == 62                         # position, quality of view 1
    back = iso19794_4.decode(raw)
    assert back == record
    pixels = iso19794_4.view_pixels(back, back.views[0])
    if image_format == "png":
        assert np.array_equal(pixels, grey)
    else:
        assert np.corrcoef(pixels.ravel(), grey.ravel())[0, 1] > 0.9   # lossy, at WSQ's usual ~12:1


@pytest.mark.parametrize("damage", ["short", "length", "magic", "view"])
def test_broken_iso_records_are_refused(damage: str) -> None:
    raw = bytearray(iso19794_4.encode(iso19794_4.FingerImageRecord((iso19794_4.FingerView(2, 60, 2, 2, b"xx"),))))
    if damage == "short":
        raw = raw[:20]
    elif damage == "length":
        raw[13] ^= 1
    elif damage == "magic":
        raw[0:3] = b"FMR"
    else:
        raw[32:36] = (1000).to_bytes(4, "big")
    with pytest.raises(iso19794_4.FingerRecordError):
        iso19794_4.decode(bytes(raw))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=120))
def test_iso_record_parser_fuzz(tail: bytes) -> None:
    """Only FingerRecordError may come out of a corrupt record, whatever the bytes."""
    for data in (tail, b"FIR\x00010\x00" + tail, b"FIR\x00010\x00" + (len(tail) + 14).to_bytes(6, "big") + tail):
        try:
            iso19794_4.decode(data)
        except iso19794_4.FingerRecordError:
            pass


# -- the capture sequence ------------------------------------------------------------------------
def _run(scenario: str, **kwargs) -> FingerprintSequence:  # noqa: ANN003
    driver = SimulatedScannerDriver(DriverParams({"scenario": scenario, "citizen": "test citizen"}))
    return run_sequence(driver, FingerprintSequence(**kwargs), timeout=2.0)


def test_good_scenario_takes_both_index_fingers_at_the_first_touch() -> None:
    sequence = _run("good")
    assert sequence.complete and not sequence.exceptions
    assert [(c.finger, c.attempts, c.passed) for c in sequence.captures] == [("right_index", 1, True),
                                                                            ("left_index", 1, True)]
    record = iso19794_4.decode(sequence.captures[1].record)
    assert record.compression == iso19794_4.Compression.WSQ and record.views[0].position == FINGERS["left_index"].iso_code
    assert record.views[0].quality == sequence.captures[1].nfiq2
    assert sequence.attempts[1].same_finger_score is not None and sequence.attempts[1].same_finger_score < MATCH_THRESHOLD


def test_a_poor_touch_is_retried() -> None:
    sequence = _run("poor_first_touch")
    assert sequence.complete
    assert [a.outcome for a in sequence.attempts if a.finger == "right_index"][0] == Outcome.RETRY
    assert all(c.attempts >= 2 for c in sequence.captures)


def test_a_finger_that_stays_poor_falls_back_to_the_thumb() -> None:
    sequence = _run("poor_right_index")
    assert sequence.complete
    assert [c.finger for c in sequence.captures] == ["right_thumb", "left_index"]
    assert [a.outcome for a in sequence.attempts[:3]] == [Outcome.RETRY, Outcome.RETRY, Outcome.FALLBACK]
    assert sequence.exceptions[0].finger == "right_index" and "after 3 tries" in sequence.exceptions[0].reason


def test_the_same_finger_twice_is_refused() -> None:
    sequence = _run("same_finger_twice")
    refused = [a for a in sequence.attempts if a.outcome == Outcome.SAME_FINGER]
    assert len(refused) == 1 and refused[0].finger == "left_index" and refused[0].same_finger_score >= MATCH_THRESHOLD
    assert sequence.complete and [c.finger for c in sequence.captures] == ["right_index", "left_index"]
    assert match_score(sequence.captures[0].analysis, sequence.captures[1].analysis) < MATCH_THRESHOLD


def test_a_missing_finger_is_recorded_with_its_reason() -> None:
    driver = SimulatedScannerDriver(DriverParams({"citizen": "test citizen"}))
    sequence = FingerprintSequence()
    assert sequence.current == "right_index"
    with pytest.raises(ValueError):
        sequence.skip("  ")
    sequence.skip("cụt ngón (amputated)")
    assert sequence.current == "right_thumb"
    run_sequence(driver, sequence)
    assert sequence.complete and [c.finger for c in sequence.captures] == ["right_thumb", "left_index"]
    assert sequence.exceptions[0].as_dict() == {"finger": "right_index", "reason": "cụt ngón (amputated)"}


def test_a_real_print_too_poor_everywhere_is_kept_below_the_bar() -> None:
    sequence = _run("latent", max_attempts=1, orders=(("right_index", "right_thumb"),))
    assert not sequence.complete
    [capture] = sequence.captures
    assert capture.finger == "right_index" and not capture.passed and 10 <= capture.nfiq2 < QUALITY_THRESHOLD
    assert [a.outcome for a in sequence.attempts] == [Outcome.FALLBACK, Outcome.KEPT_BELOW_BAR]
    assert len(sequence.exceptions) == 2


# -- scanner faults --------------------------------------------------------------------------------
def test_no_finger_times_out_and_unplugging_is_reported() -> None:
    driver = SimulatedScannerDriver(DriverParams({"scenario": "no_finger"}))
    with pytest.raises(CaptureTimeout):
        driver.capture("right_index", timeout=0.1)
    driver.load_scenario("unplugged")
    with pytest.raises(ScannerError):
        driver.capture("right_index")
    assert not driver.plug.plugged
    driver.plug.replug()
    driver.load_scenario("good")
    assert driver.capture("right_index").pixels.shape == (500, 400)


def test_a_capture_can_be_cancelled_from_another_thread_and_previews_the_press() -> None:
    driver = SimulatedScannerDriver(DriverParams({"delay_seconds": 5.0}))
    frames: list[np.ndarray] = []
    threading.Timer(0.2, driver.cancel).start()
    start = time.monotonic()
    with pytest.raises(CaptureCancelled):
        driver.capture("right_index", timeout=10, preview=frames.append)
    assert time.monotonic() - start < 4
    driver = SimulatedScannerDriver(DriverParams({"delay_seconds": 0.04}))
    image = driver.capture("right_index", preview=frames.append)
    assert len(frames) >= 4 and np.array_equal(frames[-1], image.pixels)
    assert frames[0].mean() > frames[-1].mean()   # the print darkens as the finger presses


def test_every_scenario_is_documented_in_drivers_config(repo) -> None:  # noqa: ANN001
    text = (repo / "drivers_config" / "fingerprint-simulated.toml").read_text()
    assert all(name in text for name in SCENARIOS)


# -- the CLI ---------------------------------------------------------------------------------------
def test_finger_capture_command(tmp_path, capsys) -> None:  # noqa: ANN001
    from workstation.cli.main import main

    out = tmp_path / "right_index.fir"
    assert main(["--simulate", "finger", "capture", "--driver", "simulated", "--finger", "right_index",
                 "--out", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"finger", "iso_position", "nfiq2", "threshold", "passed", "scanner", "captured_at", "out"} <= set(data)
    assert data["iso_position"] == 2 and data["scanner"]["dpi"] == 500 and data["passed"] is True
    assert iso19794_4.decode(out.read_bytes()).views[0].quality == data["nfiq2"]
    assert main(["finger", "quality", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["passed"] is True
    assert main(["--simulate", "finger", "capture", "--driver", "simulated", "--finger", "thumb"]) == 1
    assert main(["--simulate", "finger", "capture", "--driver", "simulated", "--finger", "left_index",
                 "--scenario", "no_finger", "--timeout", "0.1"]) == 1
    err = capsys.readouterr().err
    assert "unknown finger 'thumb'" in err and "No finger was placed in time" in err


def test_scanner_info_travels_with_the_capture() -> None:
    info = ScannerInfo("Vendor", "Model", "S1", 500)
    assert info.as_dict() == {"vendor": "Vendor", "model": "Model", "serial": "S1", "dpi": 500}


def test_a_capture_reports_the_bar_it_was_judged_against() -> None:
    driver = SimulatedScannerDriver(DriverParams({"citizen": "test citizen"}))
    sequence = run_sequence(driver, FingerprintSequence(threshold=90, max_attempts=1, orders=(("right_index",),)))
    [capture] = sequence.captures
    assert capture.as_dict()["threshold"] == 90 and not capture.passed


def test_a_touch_examined_on_another_thread_is_decided_without_more_image_work(monkeypatch) -> None:  # noqa: ANN001
    """The window examines a touch on the scanner's thread; deciding must not compress or match again."""
    from workstation.core import finger_sequence

    driver = SimulatedScannerDriver(DriverParams({"scenario": "same_finger_twice", "citizen": "test citizen"}))
    scanner = driver.info()
    sequence = FingerprintSequence()
    outcomes = []
    while not sequence.done:
        touch = []
        finger = sequence.current
        worker = threading.Thread(target=lambda f=finger: touch.append(sequence.examine(driver.capture(f, 2.0), scanner)))  # noqa: B023
        worker.start()
        worker.join()
        with monkeypatch.context() as m:     # deciding on this thread: no image work allowed
            m.setattr(finger_sequence.iso19794_4, "compress", _no_image_work)
            m.setattr(finger_sequence, "match_score", _no_image_work)
            m.setattr(finger_sequence, "analyse", _no_image_work)
            outcomes.append(sequence.submit_touch(touch[0]))
    assert outcomes == [Outcome.ACCEPTED, Outcome.SAME_FINGER, Outcome.ACCEPTED]
    assert [c.finger for c in sequence.captures] == ["right_index", "left_index"]
    assert iso19794_4.decode(sequence.captures[1].record).views[0].quality == sequence.captures[1].nfiq2


def _no_image_work(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
    raise AssertionError("image work on the deciding thread")
