"""The frozen program's entry point (installer/workstation_main.py) plays the interpreter for the two
ways the program starts copies of itself: the WSQ decoder's child (`python -I wsq_child.py`) and the
centre's workers (`python -m workstation ...`); everything else is the CLI. Tested here unfrozen;
scripts/check_bundle.sh runs the frozen one."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ENTRY = Path(__file__).resolve().parents[1] / "installer" / "workstation_main.py"


def _entry() -> ModuleType:
    spec = importlib.util.spec_from_file_location("workstation_main", ENTRY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_script_after_interpreter_flags_runs_as_main(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "ran.txt"
    script = tmp_path / "child.py"
    script.write_text(f"import sys\nif __name__ == '__main__':\n    open({str(out)!r}, 'w').write(' '.join(sys.argv[1:]))\n")
    monkeypatch.setattr(sys, "argv", ["workstation", "-I", str(script), "a", "b"])
    assert _entry().run() == 0
    assert out.read_text() == "a b"


def test_minus_m_workstation_is_the_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["workstation", "-m", "workstation", "--version"])
    with pytest.raises(SystemExit) as done:
        _entry().run()
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("workstation ")


def test_anything_else_is_the_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["workstation", "frobnicate"])
    with pytest.raises(SystemExit) as done:
        _entry().run()
    assert done.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
