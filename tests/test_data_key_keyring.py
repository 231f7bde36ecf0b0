"""The data key under a real OS keyring: gnome-keyring's Secret Service on a private D-Bus session
that the test starts (dbus-run-session), as on an officer's Debian desktop.

What it shows (issue 15 item 5): with the keyring, the data folder holds the key only wrapped, so
the folder copied to another place, opened without that keyring, decrypts nothing and says why;
a key from before the keyring is wrapped on the next start; the file fallback is refused when the
settings require a keyring.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workstation.errors import WorkstationError
from workstation.storage.at_rest import BlobCipher
from workstation.storage.key_vault import KeyringVault, WRAPPED_SIZE, is_wrapped

NEEDS = [tool for tool in ("dbus-run-session", "gnome-keyring-daemon") if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(bool(NEEDS), reason=f"{', '.join(NEEDS)} not installed (./test.sh installs them)")

SCRIPT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from workstation.storage.at_rest import BlobCipher
    from workstation.storage.key_vault import KeyringVault
    folder, action = Path(sys.argv[1]), sys.argv[2]
    vault = KeyringVault.system()
    out = {"vault": vault.name if vault else None}
    cipher = BlobCipher.from_folder(folder, "keyring")
    if action == "sign":
        from workstation.core.package.keys import load_or_create_identity
        identity = load_or_create_identity(folder, "ws-1", "keyring")
        out["signature"] = identity.key.sign(b"manifest").hex()
        print(json.dumps(out))
        sys.exit(0)
    if action == "seal":
        nonce, blob = cipher.seal(b"a fingerprint", "e1/finger")
        (folder / "blob").write_bytes(nonce + blob)
    out["opened"] = cipher.open((folder / "blob").read_bytes()[:12], (folder / "blob").read_bytes()[12:],
                                "e1/finger").decode()
    print(json.dumps(out))
""")


def _in_keyring_session(tmp_path: Path, *args: str) -> dict:
    """Run SCRIPT inside a private session bus with an unlocked gnome-keyring, as a desktop login has."""
    home = tmp_path / "session-home"
    home.mkdir(exist_ok=True)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DBUS_")}
    env.update(HOME=str(home), XDG_RUNTIME_DIR=str(runtime), XDG_DATA_HOME=str(home / ".local/share"))
    env.pop("PYTHON_KEYRING_BACKEND", None)          # the real choice of backends, as on a desktop
    (tmp_path / "script.py").write_text(SCRIPT)
    shell = ('echo -n login-password | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null && '
             f'exec "{sys.executable}" "{tmp_path / "script.py"}" "$@"')
    done = subprocess.run(["dbus-run-session", "--", "sh", "-c", shell, "sh", *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_with_the_keyring_a_copied_folder_decrypts_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    first = _in_keyring_session(tmp_path, str(folder), "seal")
    assert first == {"vault": "SecretService", "opened": "a fingerprint"}
    stored = (folder / ".data-key").read_bytes()
    assert is_wrapped(stored) and len(stored) == WRAPPED_SIZE                 # no bare key in the folder
    assert (folder / ".data-key.backup").read_bytes() == stored
    assert _in_keyring_session(tmp_path, str(folder), "open")["opened"] == "a fingerprint"   # next start

    copied = tmp_path / "stolen"
    shutil.copytree(folder, copied)                                            # the folder alone, elsewhere
    with pytest.raises(WorkstationError, match="OS keyring, which cannot be reached"):
        BlobCipher.from_folder(copied)                                         # no keyring in this process


def test_with_the_keyring_a_copied_folder_cannot_sign(tmp_path: Path) -> None:
    from workstation.core.package.keys import load_or_create_identity

    folder = tmp_path / "keys"
    first = _in_keyring_session(tmp_path, str(folder), "sign")
    assert is_wrapped((folder / ".key-secret").read_bytes())
    assert _in_keyring_session(tmp_path, str(folder), "sign")["signature"] == first["signature"]   # same key
    copied = tmp_path / "stolen"
    shutil.copytree(folder, copied)
    with pytest.raises(WorkstationError, match="OS keyring, which cannot be reached"):
        load_or_create_identity(copied, "ws-1")


def test_a_key_from_before_the_keyring_is_wrapped_on_the_next_start(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    cipher = BlobCipher.from_folder(folder)                                    # file mode: no keyring here
    nonce, blob = cipher.seal(b"a fingerprint", "e1/finger")
    (folder / "blob").write_bytes(nonce + blob)
    assert len((folder / ".data-key").read_bytes()) == 32
    assert _in_keyring_session(tmp_path, str(folder), "open")["opened"] == "a fingerprint"
    assert is_wrapped((folder / ".data-key").read_bytes())
    assert is_wrapped((folder / ".data-key.backup").read_bytes())


def test_required_keyring_missing_is_refused_and_untrusted_backends_do_not_count(tmp_path: Path) -> None:
    with pytest.raises(WorkstationError, match="no usable OS keyring"):
        BlobCipher.from_folder(tmp_path / "keys", "keyring")
    assert not (tmp_path / "keys" / ".data-key").exists()                     # nothing written unprotected

    class PlainFile:                                                           # what keyrings.alt registers
        __module__ = "keyrings.alt.file"

        def get_password(self, *_: str) -> None:
            return None

    from workstation.storage import key_vault

    assert not key_vault._backend_trusted(PlainFile())  # noqa: SLF001
    assert KeyringVault.system() is None                                       # the suite's fail backend
