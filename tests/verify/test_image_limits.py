"""Images are measured on their header before any decoder runs: a PNG bomb (30000×30000) gave
DecompressionBombError in `finger`, a 65500×2 strip crashed `face check` in OpenCV's resize."""
from __future__ import annotations

import io
import zlib
import struct

import numpy as np
import pytest
from PIL import Image

from workstation.errors import WorkstationError
from workstation.verify.face.image_io import load_rgb
from workstation.verify.finger.image_io import load_grey


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width×height; its tiny IDAT would expand to the claimed size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + \
        chunk(b"IEND", b"")


def _png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.zeros((height, width), np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("data", [_png_header_only(30000, 30000), _png(6000, 2), _png(2, 6000)])
def test_oversized_or_strip_images_are_refused_in_words(data: bytes) -> None:
    for load in (load_rgb, load_grey):
        with pytest.raises(WorkstationError) as caught:
            load(data)
        assert "pixels" in caught.value.one_line()


def test_ordinary_images_still_load() -> None:
    assert load_grey(_png(500, 550)).shape == (550, 500)
    assert load_rgb(_png(640, 480)).shape == (480, 640, 3)


def test_the_cli_says_it_in_one_line(tmp_path, capsys) -> None:  # noqa: ANN001
    from workstation.cli.main import main

    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header_only(30000, 30000))
    assert main(["finger", "quality", str(bomb)]) == 1
    assert main(["face", "check", str(bomb)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 2 and "pixels" in err
