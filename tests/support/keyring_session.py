"""A desktop login's keyring for a test: gnome-keyring's Secret Service, unlocked, on a private
D-Bus session (dbus-run-session), with a Python script run inside it. The suite itself runs with
keyring's fail backend (tests/conftest.py), so only what runs here sees a keyring."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

NEEDS = [tool for tool in ("dbus-run-session", "gnome-keyring-daemon") if shutil.which(tool) is None]
REPO = Path(__file__).resolve().parents[2]


def in_keyring_session(tmp_path: Path, script: str, *args: str, env: dict[str, str] | None = None) -> dict:
    """Run `script` inside a private session bus with an unlocked gnome-keyring, as a desktop login
    has; its last line of output is JSON, returned."""
    home = tmp_path / "session-home"
    home.mkdir(exist_ok=True)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DBUS_")}
    environment.update(HOME=str(home), XDG_RUNTIME_DIR=str(runtime), XDG_DATA_HOME=str(home / ".local/share"),
                       PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p))
    environment.update(env or {})
    environment.pop("PYTHON_KEYRING_BACKEND", None)          # the real choice of backends, as on a desktop
    (tmp_path / "script.py").write_text(script)
    shell = ('echo -n login-password | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null && '
             f'exec "{sys.executable}" "{tmp_path / "script.py"}" "$@"')
    done = subprocess.run(["dbus-run-session", "--", "sh", "-c", shell, "sh", *args], env=environment,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])
