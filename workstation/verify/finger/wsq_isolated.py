"""Decode WSQ in a child process, so that a file the native decoder mishandles costs that child,
not the officer's session.

The structure is checked first (``wsq_format``): most hostile files never reach a decoder. What
passes is still decoded by ``wsq_child.py`` in its own interpreter, under a memory and CPU limit,
which hands back raw pixels on its standard output; a crash (SIGSEGV), a limit or an NBIS error
code becomes a WsqFormatError in words. Costs one interpreter start: WSQ comes from files and the
national system, not from the live scanner, which hands over pixels.
"""
from __future__ import annotations

import logging
import signal
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np

from workstation.verify.finger.wsq_format import WsqFormatError, parse_wsq_header
from workstation.verify.image_limits import FINGERPRINT, size_problem

log = logging.getLogger(__name__)

TIMEOUT_S = 20.0
CHILD = Path(__file__).with_name("wsq_child.py")
_SIZE = struct.Struct(">II")


def decode_wsq(data: bytes) -> np.ndarray:
    """8-bit grey pixels (height × width) of a WSQ file, or WsqFormatError saying why not."""
    header = parse_wsq_header(data)
    problem = size_problem(header.width, header.height, FINGERPRINT)
    if problem:
        raise WsqFormatError(f"WSQ image of {problem}")
    try:
        done = subprocess.run([sys.executable, "-I", str(CHILD)], input=data, capture_output=True,
                              timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise WsqFormatError(f"the WSQ decoder took longer than {TIMEOUT_S:.0f} s on this file") from None
    if done.returncode < 0:
        name = signal.Signals(-done.returncode).name
        log.warning("WSQ decoder ended by %s on a %d-byte file", name, len(data))
        raise WsqFormatError(f"the WSQ file is damaged (the decoder stopped with {name})")
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        log.info("WSQ decoder refused a file: %s", reason[-1] if reason else done.returncode)
        raise WsqFormatError("the WSQ file is damaged (the decoder refused it)")
    out = done.stdout
    if len(out) < _SIZE.size:
        raise WsqFormatError("the WSQ decoder returned nothing")
    width, height = _SIZE.unpack_from(out)
    pixels = out[_SIZE.size:]
    if (width, height) != (header.width, header.height) or len(pixels) != width * height:
        raise WsqFormatError(f"the WSQ decoder returned {width}×{height} pixels for a frame of "
                             f"{header.width}×{header.height}")
    return np.frombuffer(pixels, dtype=np.uint8).reshape(height, width).copy()
