"""The linter and the type checker run with the tests (so in CI), from the pinned venv, with the
configuration in pyproject.toml: ruff on every Python file, mypy on the modules [tool.mypy] lists."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOQA = re.compile(r"#\s*noqa:\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_passes_on_the_modules_it_covers() -> None:
    done = _run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success" in done.stdout


def test_every_noqa_names_a_rule_that_is_enabled() -> None:
    """A `noqa` for a rule nothing checks is noise that hides nothing: each code named in a comment
    must be selected (by code or prefix) and not ignored everywhere."""
    lint = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]
    selected, ignored = lint["select"], set(lint.get("ignore", []))
    unknown = []
    for folder in ("workstation", "tests", "bench", "scripts", "installer"):
        for path in (REPO / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for match in NOQA.finditer(line):
                    for code in (c.strip() for c in match.group(1).split(",")):
                        if code in ignored or not any(code.startswith(s) for s in selected):
                            unknown.append(f"{path.relative_to(REPO)}:{n}: {code}")
    assert not unknown, "noqa for rules that are not enabled:\n" + "\n".join(unknown)
