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
