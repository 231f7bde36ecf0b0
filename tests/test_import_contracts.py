"""The core never imports Qt, the centre never the counter's UI or devices, and the layers only
import downwards (import-linter)."""
import subprocess
import sys
from pathlib import Path


def test_import_contracts_are_kept(repo: Path) -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(repo / "pyproject.toml")], cwd=repo,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout
