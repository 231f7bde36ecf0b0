"""The campaign's command line: JSON keys as docs/cli.md says, one line and non-zero on failure."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workstation.cli.main import main


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_sim_commune_then_import_then_roster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, "sim", "commune", "--out", str(tmp_path / "c.xlsx"), "--residents", "300", "--seed", "4",
                "--json")
    assert out["residents"] == 300 and len(out["villages"]) == 8
    dry = _json(capsys, "campaign", "import", str(tmp_path / "c.xlsx"), "--dry-run", "--json")
    assert dry["dry_run"] and dry["imported"] == 0 and dry["rows"] == 300
    assert {"file", "sheet", "header_row", "mapping", "bad_rows", "duplicates", "villages", "empty_rows"} <= set(dry)
    done = _json(capsys, "campaign", "import", str(tmp_path / "c.xlsx"), "--commune", "Xã Minh Khai", "--json")
    assert done["imported"] == 300
    villages = _json(capsys, "campaign", "villages", "--set", "thon dong", "--officer", "ca_binh", "--quota", "20",
                     "--json")["villages"]
    assert {"village": "Thôn Đông", "officer": "ca_binh", "quota": 20} == {
        k: v for k, v in next(v for v in villages if v["village"] == "Thôn Đông").items()
        if k in ("village", "officer", "quota")}
    counts = _json(capsys, "campaign", "roster", "--json")["counts"]
    assert sum(counts[c] for c in ("due", "under_age", "level2")) == 300


def test_import_without_a_commune_or_a_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["campaign", "import", str(tmp_path / "none.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Say which commune" in err
    assert main(["campaign", "import", str(tmp_path / "none.xlsx"), "--commune", "X"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "There is no file" in err
    assert main(["campaign", "roster"]) == 1
    assert "import one first" in capsys.readouterr().err
