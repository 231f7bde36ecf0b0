"""Hostile WSQ files and ISO/IEC 19794-4 records end in a sentence, never in a crashed process.

The structural checks follow the FBI WSQ specification (IAFIS-IC-0110 v3.1, §3 and Annex A): each
crafted file below breaks one rule that the native NBIS decoder would otherwise index memory by.
What passes those checks is decoded in a child process; a child that dies by a signal is shown to
come back as a message.
"""
from __future__ import annotations

import io
import struct

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from tests.verify.test_fuzz_parsers import mutated
from workstation.devices.fingerprint.simulated import latent_print
from workstation.verify.finger import iso19794_4, wsq_isolated
from workstation.verify.finger.image_io import FingerImageUnreadable, load_grey
from workstation.verify.finger.iso19794_4 import FingerRecordError
from workstation.verify.finger.wsq_format import DHT, SOB, SOF, WsqFormatError, parse_wsq_header


def _wsq(pixels: np.ndarray) -> bytes:
    import wsq  # noqa: F401 - registers the WSQ writer with Pillow

    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "WSQ")
    return out.getvalue()


PRINT = latent_print()[100:400, 100:356]          # 256 wide, 300 high: quick to code and decode
GOOD = _wsq(PRINT)


def _segment(data: bytes, marker: int) -> int:
    """Offset of the first segment with this marker (walking lengths, not searching bytes)."""
    at = 2
    while True:
        found = int.from_bytes(data[at:at + 2], "big")
        if found == marker:
            return at
        at += 2 + int.from_bytes(data[at + 2:at + 4], "big")


def _patched(offset_from_marker: int, marker: int, value: bytes) -> bytes:
    data = bytearray(GOOD)
    at = _segment(GOOD, marker) + offset_from_marker
    data[at:at + len(value)] = value
    return bytes(data)


def test_a_genuine_file_is_walked_and_decoded() -> None:
    header = parse_wsq_header(GOOD)
    assert (header.width, header.height) == (256, 300) and header.blocks >= 1
    pixels = load_grey(GOOD)
    assert pixels.shape == (300, 256)
    assert np.abs(pixels.astype(int) - PRINT.astype(int)).mean() < 12      # lossy, but the same print


@pytest.mark.parametrize(("data", "says"), [
    (_patched(8, SOF, struct.pack(">HH", 4, 300)), "at least"),                  # below the wavelet tree's minimum
    (_patched(4, DHT, b"\x09"), "Huffman table number 9"),                        # past NBIS's eight tables
    (_patched(5, DHT, b"\x03"), "more codes than its lengths allow"),            # three codes of one bit
    (_patched(4, SOB, b"\x05"), "not defined"),                                   # block names a missing table
    (_patched(2, SOF, b"\x00\x20"), "frame header of 32 bytes"),
    (_patched(2, DHT, b"\xff\xf0"), "past the end"),
    (GOOD[:-2], "no end-of-image"),
    (GOOD + b"\x00" * 3, "after the end-of-image"),
    (GOOD[:2] + GOOD[_segment(GOOD, SOF):], "before its transform and quantization tables"),
    (b"\xff\xa0\xff\xa1", "no frame header"),
    (b"\xff\xa0\xff\x10\x00\x04ab", "unknown or misplaced marker"),
])
def test_broken_structure_is_refused_in_words(data: bytes, says: str) -> None:
    with pytest.raises(WsqFormatError, match=says):
        parse_wsq_header(data)
    with pytest.raises(FingerImageUnreadable, match=says):
        load_grey(data)


def test_a_huge_frame_never_reaches_the_decoder(monkeypatch) -> None:  # noqa: ANN001
    huge = _patched(8, SOF, struct.pack(">HH", 60000, 60000))
    monkeypatch.setattr(wsq_isolated.subprocess, "run", None)      # any decoder call would fail the test
    with pytest.raises(FingerImageUnreadable, match="too large"):
        load_grey(huge)


def test_a_decoder_that_dies_by_a_signal_is_a_message(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """The isolation itself: the child is replaced by one that dies the way NBIS does on bad data."""
    crasher = tmp_path / "crash.py"
    crasher.write_text("import os, signal, sys\nsys.stdin.buffer.read()\nos.kill(os.getpid(), signal.SIGSEGV)\n")
    monkeypatch.setattr(wsq_isolated, "CHILD", crasher)
    with pytest.raises(WsqFormatError, match="SIGSEGV"):
        wsq_isolated.decode_wsq(GOOD)           # and this process is still here to say so


def test_a_decoder_that_lies_about_the_size_is_refused(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    liar = tmp_path / "liar.py"
    liar.write_text("import struct, sys\nsys.stdin.buffer.read()\n"
                    "sys.stdout.buffer.write(struct.pack('>II', 10, 10) + bytes(100))\n")
    monkeypatch.setattr(wsq_isolated, "CHILD", liar)
    with pytest.raises(WsqFormatError, match="returned 10×10"):
        wsq_isolated.decode_wsq(GOOD)


def test_the_child_starts_with_nothing_but_the_decoder() -> None:
    """Run as a script with -I: no project package, no user site, no current directory on the path."""
    source = wsq_isolated.CHILD.read_text()
    assert "import workstation" not in source and "from workstation" not in source


def _record(image: bytes, compression: int, width: int = 256, height: int = 300) -> bytes:
    view = iso19794_4.FingerView(position=2, quality=60, width=width, height=height, image=image)
    return iso19794_4.encode(iso19794_4.FingerImageRecord((view,), 500, compression))


def test_iso_records_are_checked_before_their_image() -> None:
    assert load_grey(_record(GOOD, iso19794_4.Compression.WSQ)).shape == (300, 256)
    with pytest.raises(FingerRecordError, match="not the compression the record declares"):
        load_grey(_record(GOOD, iso19794_4.Compression.PNG))
    nested = _record(_record(GOOD, iso19794_4.Compression.WSQ), iso19794_4.Compression.WSQ)
    with pytest.raises(FingerRecordError, match="not the compression"):
        load_grey(nested)                                                      # no record inside a record
    with pytest.raises(FingerRecordError, match="says 200×300"):
        load_grey(_record(GOOD, iso19794_4.Compression.WSQ, width=200))
    empty = bytearray(_record(GOOD, iso19794_4.Compression.WSQ))
    empty[18] = 0                                                              # number of views
    with pytest.raises(FingerRecordError, match="after the last view"):
        load_grey(bytes(empty))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(mutated(GOOD), mutated(GOOD[:800]).map(lambda head: head + GOOD[800:]),
                     st.binary(max_size=200).map(lambda tail: b"\xff\xa0" + tail)))
@example(data=iso19794_4.FORMAT_ID + GOOD)            # a record's magic before WSQ: found in CI, a record error
@example(data=iso19794_4.FORMAT_ID + GOOD[4:])
def test_fuzz_wsq(data: bytes) -> None:
    """Whatever the bytes, a finger image is pixels or FingerImageUnreadable (record errors included)."""
    try:
        pixels = load_grey(data)
    except FingerImageUnreadable:
        return
    assert pixels.dtype == np.uint8 and pixels.ndim == 2


ISO_GOOD = _record(GOOD, iso19794_4.Compression.WSQ)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated(ISO_GOOD[:200]).map(lambda head: head + ISO_GOOD[200:]))
def test_fuzz_iso_records(data: bytes) -> None:
    try:
        load_grey(data)
    except (FingerImageUnreadable, FingerRecordError):
        pass
