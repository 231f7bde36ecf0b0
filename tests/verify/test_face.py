"""Face comparison and portrait quality on real photographs that a package ships.

The photographs (official portraits) come from the face_recognition source package, fetched by
./test.sh into .venv/share/workstation/portraits; they are never committed (tests/fixtures/README.md).
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workstation.emulator.portrait import chip_photo
from workstation.verify.face.compare import MATCH_BELOW, NO_MATCH_ABOVE, FaceComparator, NoFaceFound
from workstation.verify.face.engine import default_engine
from workstation.verify.face.image_io import load_rgb
from workstation.verify.face.quality import assess

PEOPLE = {"obama": ["obama.jpg", "obama2.jpg", "obama3.jpg"], "biden": ["biden.jpg"]}


@pytest.fixture(scope="module")
def photos(faces_dir: Path) -> dict[str, np.ndarray]:
    return {name: load_rgb(faces_dir / name) for names in PEOPLE.values() for name in names}


@pytest.fixture(scope="module")
def comparator() -> FaceComparator:
    return FaceComparator(default_engine())


def _person(name: str) -> str:
    return next(p for p, names in PEOPLE.items() if name in names)


@pytest.fixture(scope="module")
def pairs(photos, comparator):  # noqa: ANN001, ANN201
    """Every chip-like reference (4 compressions of each photo) against every other photo."""
    engine = comparator.engine
    out = []
    for ref_name, ref in photos.items():
        box = engine.locate(ref)[0].as_tuple()
        for jp2, kb in [(False, 12), (True, 12), (False, 4), (True, 4)]:
            chip = load_rgb(chip_photo(ref, box, jp2, kb))
            for probe_name, probe in photos.items():
                if probe_name == ref_name:
                    continue
                result = comparator.compare(chip, probe)
                out.append((_person(ref_name) == _person(probe_name), result))
    return out


def test_error_rates_at_the_chosen_thresholds(pairs) -> None:  # noqa: ANN001
    genuine = [r for same, r in pairs if same]
    impostor = [r for same, r in pairs if not same]
    assert len(genuine) == 24 and len(impostor) == 24
    fnmr = sum(r.verdict != "match" for r in genuine) / len(genuine)
    fmr = sum(r.verdict == "match" for r in impostor) / len(impostor)
    assert fmr == 0.0, "an impostor was matched"
    assert fnmr == 0.0, [r.score for r in genuine if r.verdict != "match"]
    assert max(r.score for r in genuine) < MATCH_BELOW < NO_MATCH_ABOVE < min(r.score for r in impostor)


def test_the_same_photo_compares_near_zero_and_is_encoded_once(photos) -> None:  # noqa: ANN001
    comparator = FaceComparator(default_engine())
    a = photos["obama.jpg"]
    first = comparator.compare(a, a)
    comparator.compare(a, a)
    assert first.score < 0.05 and first.verdict == "match"
    assert comparator.encodings_computed == 1


def test_no_face_and_two_faces_are_refused_for_the_live_image(photos, comparator) -> None:  # noqa: ANN001
    blank = np.full((480, 640, 3), 200, np.uint8)
    with pytest.raises(NoFaceFound, match="No face found in the live image"):
        comparator.compare(photos["obama.jpg"], blank)
    from workstation.emulator.portrait import icao_crop

    engine = comparator.engine
    a, b = (np.asarray(icao_crop(photos[n], engine.locate(photos[n])[0].as_tuple())) for n in ("obama.jpg", "biden.jpg"))
    with pytest.raises(NoFaceFound, match="2 faces"):
        comparator.compare(photos["obama.jpg"], np.hstack([a, b]))


def test_quality_passes_good_portraits_and_names_what_is_wrong(photos) -> None:  # noqa: ANN001
    engine = default_engine()
    good = photos["obama.jpg"]
    assert assess(good, engine).passed
    h, w = good.shape[:2]
    cases = {
        "sharpness": cv2.GaussianBlur(good, (0, 0), 6),
        "exposure": (good * 0.25).astype(np.uint8),
        "eye_distance": cv2.resize(good, None, fx=0.3, fy=0.3),
        "roll": cv2.warpAffine(good, cv2.getRotationMatrix2D((w / 2, h / 2), 20, 1), (w, h)),
    }
    for failing, image in cases.items():
        report = assess(image, engine)
        assert not report.passed
        assert failing in [c.name for c in report.checks if not c.passed], failing
    bright = assess(np.clip(good.astype(np.float32) * 2.2, 0, 255).astype(np.uint8), engine)
    assert bright.advice is not None and bright.advice.en.startswith("Too bright")
    empty = assess(np.full((480, 640, 3), 128, np.uint8), engine)
    assert empty.faces == 0 and empty.advice.en.startswith("No face")


def test_face_compare_cli_json(faces_dir: Path, capsys) -> None:  # noqa: ANN001
    import json

    from workstation.cli.main import main

    assert main(["face", "compare", str(faces_dir / "obama.jpg"), str(faces_dir / "obama2.jpg"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"score", "threshold", "verdict", "ms"} and data["verdict"] == "match"
    assert main(["face", "compare", str(faces_dir / "obama.jpg"), str(faces_dir / "biden.jpg"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "no_match"
    assert main(["face", "check", str(faces_dir / "obama2.jpg"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["passed"] and {c["name"] for c in report["checks"]} >= {"eye_distance", "frontal", "sharpness"}


def test_face_compare_cli_errors_are_one_line(tmp_path: Path, faces_dir: Path, capsys) -> None:  # noqa: ANN001
    from workstation.cli.main import main

    not_image = tmp_path / "x.jpg"
    not_image.write_text("not an image")
    assert main(["face", "compare", str(not_image), str(not_image)]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((300, 300, 3), 255, np.uint8))
    assert main(["face", "compare", str(faces_dir / "obama.jpg"), str(blank)]) == 1
    assert "No face found" in capsys.readouterr().err


def test_the_engine_may_be_called_from_two_threads_at_once(faces_dir) -> None:  # noqa: ANN001
    """The preview's analysis and the chip photo's early encoding run on two threads; dlib's
    objects are shared per process and crashed (SIGSEGV) when called at once without the lock."""
    import threading

    from workstation.verify.face.engine import default_engine
    from workstation.verify.face.image_io import load_rgb

    engine = default_engine()
    photo = load_rgb(faces_dir / "obama.jpg")
    found: list[int] = []

    def work() -> None:
        for _ in range(6):
            boxes = engine.locate(photo)
            engine.encode(photo, boxes[0])
            found.append(len(boxes))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert found == [1] * 12
