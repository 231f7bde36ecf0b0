"""The data key under a real OS keyring: gnome-keyring's Secret Service on a private D-Bus session
that the test starts (dbus-run-session), as on an officer's Debian desktop.

What it shows (issue 15 item 5): with the keyring, the data folder holds the key only wrapped, so
the folder copied to another place, opened without that keyring, decrypts nothing and says why;
a key from before the keyring is wrapped on the next start; the file fallback is refused when the
settings require a keyring.
"""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from tests.support.keyring_session import NEEDS, in_keyring_session
from workstation.errors import WorkstationError
from workstation.storage.at_rest import BlobCipher
from workstation.storage.key_vault import KeyringVault, WRAPPED_SIZE, is_wrapped

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
    return in_keyring_session(tmp_path, SCRIPT, *args)


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
