import json
import subprocess
import sys
from pathlib import Path

import pytest

from workstation import __version__
from workstation.cli.main import main

WORKSTATION = Path(sys.executable).with_name("workstation")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"workstation {__version__}"


def test_devices_json_lists_every_driver_with_its_state(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--simulate", "devices", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["mode"] == "simulated"
    drivers = {(d["kind"], d["driver"]): d for d in data["drivers"]}
    for kind in ("card_reader", "camera", "fingerprint", "qr_scanner"):
        sim = drivers[(kind, "simulated")]
        assert sim["state"] == "simulated" and sim["selected"] and sim["config_file"].endswith(".toml")
    assert drivers[("card_reader", "pcsc")]["state"] in {"missing", "connected", "unavailable"}
    assert all(d["state"] in {"connected", "simulated", "missing", "unavailable", "disabled"} for d in data["drivers"])


def test_devices_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--simulate", "devices"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("mode: simulated")
    assert "camera" in out and "opencv" in out and "(* = in use)" in out


def test_broken_driver_file_is_one_line_naming_file_and_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "drivers"
    folder.mkdir()
    for f in (repo / "drivers_config").glob("*.toml"):
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "camera-opencv.toml").write_text('kind = "camera"\ndriver = "opencv"\nenabled = "maybe"\n')
    monkeypatch.setenv("WORKSTATION_DRIVERS_CONFIG", str(folder))
    assert main(["devices"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "camera-opencv.toml" in err and "key 'enabled'" in err and "must be true or false" in err


def test_info_reports_where_data_lives(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["data_dir"].startswith(str(isolated_home))
    assert data["database_url"].startswith("sqlite:///")
    assert data["language"] == "vi"


def test_config_init_writes_a_file_the_program_reads(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "init"]) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written.is_file()
    assert main(["config", "init"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["config", "show"]) == 0
    assert 'language = "vi"' in capsys.readouterr().out


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_console_script_exits_nonzero_with_one_line_on_bad_settings(tmp_path: Path) -> None:
    bad = tmp_path / "settings.toml"
    bad.write_text('[ui]\nlanguage = "fr"\n', encoding="utf-8")
    result = subprocess.run([str(WORKSTATION), "--config", str(bad), "devices"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "key 'ui.language'" in lines[0]


def test_gui_without_a_screen_says_so(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "WORKSTATION_HOME": str(tmp_path)}
    result = subprocess.run([str(WORKSTATION), "--simulate"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "No screen found" in result.stderr and "Traceback" not in result.stderr


def test_sim_cards_json_lists_every_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sim", "cards", "--json"]) == 0
    cards = json.loads(capsys.readouterr().out)
    kinds = {c["kind"] for c in cards}
    assert kinds == {"genuine", "attack", "fault"}
    for c in cards:
        assert c["name"] and c["description"] and c["qr"].count("|") >= 6


def test_card_read_json_contract(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    photo = tmp_path / "face.png"
    assert main(["card", "read", "--sim", "bich-variants", "--json", "--photo", str(photo)]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("access", "dg13", "mrz", "photo", "passive_auth", "active_auth", "chip_auth", "apdu_count", "seconds"):
        assert key in data
    assert data["dg13"]["full_name"] == "Trần Thị Bích Ngọc"
    assert data["dg13"]["date_of_birth"] == "1990-07-23"
    assert data["mrz"]["birth_date"] == "1990-07-23"
    assert data["photo"] == {"format": "JPEG2000", "width": 240, "height": 320, "bytes": data["photo"]["bytes"]}
    assert set(data["passive_auth"]) >= {"signature", "hashes", "chain"}
    assert data["verdict"] == "genuine"
    from PIL import Image
    with Image.open(photo) as image:
        assert image.size == (240, 320)


def test_card_read_with_wrong_key_exits_nonzero_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["card", "read", "--sim", "wrong-key", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "refused the access key" in captured.err


def test_card_read_of_a_forged_chip_completes_but_is_not_genuine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["card", "read", "--sim", "cloned", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "not_genuine"
    assert data["active_auth"]["status"] == "failed"


def test_card_read_with_typed_mrz(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["card", "read", "--sim", "an-genuine", "--mrz", "001099012345,990101,390101", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["access"] == "PACE"
    assert main(["card", "read", "--sim", "dung-bac-only", "--mrz", "203000777,031231,281231", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["access"] == "BAC"
    assert main(["card", "read", "--sim", "an-genuine", "--mrz", "0990,9901"]) == 1
    assert "--mrz takes" in capsys.readouterr().err


def test_unknown_fixture_card_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["card", "read", "--sim", "nobody"]) == 1
    assert "no fixture card named 'nobody'" in capsys.readouterr().err


def test_bad_qr_names_the_field(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["card", "read", "--sim", "an-genuine", "--qr", "00109901234|x|Tên|01011999|Nam|addr|15042023"]) == 1
    assert "id_number" in capsys.readouterr().err


def test_qr_parse_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    text = "001099012345|012345678|Nguyễn Văn An|01011999|Nam|Hà Nội|15042023|extra"
    assert main(["qr", "parse", text, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["full_name"] == "Nguyễn Văn An" and data["date_of_birth"] == "1999-01-01"
    assert data["issue_date"] == "2023-04-15" and data["can"] == "012345"
    assert data["format"] == "can_cuoc_2024" and data["extra_fields"] == ["extra"]
    assert data["bac_keys"][0] == {"document_number": "099012345", "birth_date": "990101",
                                   "expiry_date": "390101", "expiry": "2039-01-01"}


def test_qr_parse_of_an_impossible_date_exits_nonzero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["qr", "parse", "001099012345||An|30022000|Nam|x|15042023"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "date_of_birth" in err


def test_qr_decode_images(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import cv2
    import numpy as np

    from workstation.emulator.card_scene import webcam_frame
    good, blank = tmp_path / "card.png", tmp_path / "blank.png"
    text = "079190004321|023456789|Trần Thị Bích Ngọc|23071990|Nữ|Số 12|02062021"
    cv2.imwrite(str(good), webcam_frame(text, "glare", 0.33))
    cv2.imwrite(str(blank), np.full((100, 100), 255, np.uint8))
    assert main(["qr", "decode", str(good), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["text"] == text and data[0]["parsed"]["full_name"] == "Trần Thị Bích Ngọc"
    assert main(["qr", "decode", str(good), str(blank), "--json"]) == 1
    captured = capsys.readouterr()
    assert "blank.png: no QR code found" in captured.err
    assert [d["decoded"] for d in json.loads(captured.out)] == [True, False]


def test_an_internal_error_is_one_line_on_the_console_and_a_traceback_in_the_log(monkeypatch, capsys,  # noqa: ANN001
                                                                                isolated_home) -> None:  # noqa: ANN001
    import logging

    from workstation.cli import card_commands
    from workstation.cli.main import main
    from workstation.paths import app_paths

    def broken(_args):  # noqa: ANN001, ANN202
        raise RuntimeError("a bug somewhere")

    monkeypatch.setattr(card_commands, "run_sim_cards", broken)
    assert main(["sim", "cards"]) != 0
    for handler in logging.getLogger().handlers:
        handler.flush()
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "internal error" in err and "Traceback" not in err
    log_text = (app_paths().log_dir / "workstation.log").read_text()
    assert "Traceback" in log_text and "a bug somewhere" in log_text
