"""A workstation whose keys stay plain files says so once, plainly (issue 20, finding 16): in
`workstation info` (and `info --json`, key `key_protection`), once in the log per start, and through
a Qt-free function the window calls; with a real gnome-keyring the notice is gone."""
from __future__ import annotations

import json
import logging
import textwrap
from pathlib import Path

import pytest

from tests.support.keyring_session import NEEDS, in_keyring_session
from workstation.cli.main import main
from workstation.core.context import AppContext
from workstation.storage.at_rest import BlobCipher
from workstation.storage.key_protection import key_protection


def test_info_says_the_keys_are_plain_files_what_it_means_and_what_to_do(isolated_home: Path, capsys) -> None:  # noqa: ANN001
    assert main(["info", "--json"]) == 0
    protection = json.loads(capsys.readouterr().out)["key_protection"]
    assert protection["state"] == "file" and protection["keyring"] is None and protection["setting"] == "auto"
    assert "copies the data folder" in protection["notice"] and "What to do" in protection["notice"]
    assert str(isolated_home) in protection["notice"]
    assert "không có kho khoá" in protection["notice_vi"] and "Cách khắc phục" in protection["notice_vi"]
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "key_protection" in out and "Cách khắc phục" in out            # the window's language: vi


def test_the_log_says_it_once_per_start_and_never_on_the_console(isolated_home: Path, caplog, capsys) -> None:  # noqa: ANN001
    from workstation.core.package.keys import load_or_create_identity

    ctx = AppContext.load()
    with caplog.at_level(logging.WARNING):
        BlobCipher.from_folder(ctx.keys_dir)
        BlobCipher.from_folder(ctx.keys_dir)
        load_or_create_identity(ctx.keys_dir, "ws-1")
    said = [r for r in caplog.records if r.name == "workstation.storage.key_protection"]
    assert len(said) == 1 and "no OS keyring" in said[0].getMessage()
    assert getattr(said[0], "console", True) is False                      # the log file, not every command's stderr
    assert ctx.key_protection().notice is not None                         # what the window shows


def test_the_file_setting_and_a_keyring_gone_away_say_what_they_are(tmp_path: Path) -> None:
    by_setting = key_protection(tmp_path / "keys", "file")
    assert by_setting.state == "file" and "storage.data_key_protection" in by_setting.notice.en
    keys = tmp_path / "keys"
    keys.mkdir()
    (keys / ".data-key").write_bytes(b"WSK1" + bytes(16 + 12 + 48))         # wrapped, no keyring here
    gone = key_protection(keys, "auto")
    assert gone.state == "keyring_unreachable" and "log in" in gone.notice.en


SCRIPT = textwrap.dedent("""
    import contextlib, io, json
    from workstation.cli.main import main
    from workstation.core.context import AppContext
    from workstation.storage.at_rest import BlobCipher
    ctx = AppContext.load()
    BlobCipher.from_folder(ctx.keys_dir)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        main(["info", "--json"])
    print(json.dumps(json.loads(printed.getvalue())["key_protection"]))
""")


@pytest.mark.skipif(bool(NEEDS), reason=f"{', '.join(NEEDS)} not installed (./test.sh installs them)")
def test_with_a_keyring_there_is_nothing_to_say(tmp_path: Path) -> None:
    protection = in_keyring_session(tmp_path, SCRIPT, env={"WORKSTATION_HOME": str(tmp_path / "ws-home")})
    assert protection == {"state": "keyring", "keyring": "SecretService", "setting": "auto", "notice": None,
                          "notice_vi": None}


class _ReadOnlyKeyring:
    """A Secret Service that answers reads but has no collection to store into (as under a bare
    X session without the 'login' collection: seen as a crash at start before)."""

    def get_password(self, service: str, name: str) -> None:
        return None

    def set_password(self, service: str, name: str, value: str) -> None:
        raise RuntimeError("g-dbus-error-quark: No such object path '/org/freedesktop/secrets/collection/login'")


def test_a_keyring_that_cannot_store_leaves_a_plain_file_in_auto_and_stops_in_keyring_mode(
        tmp_path: Path, caplog) -> None:
    from workstation.messages import Message
    from workstation.storage.key_vault import KeyringUnavailable, KeyringVault, protected_secret

    damaged = Message("hỏng", "damaged")
    refusing = KeyringVault(_ReadOnlyKeyring())
    (tmp_path / "auto").mkdir()
    with caplog.at_level(logging.WARNING):
        secret = protected_secret(tmp_path / "auto" / ".data-key", "auto", lambda: refusing, damaged)
    assert (tmp_path / "auto" / ".data-key").read_bytes() == secret                  # kept, not wrapped
    assert "cannot store a key" in caplog.text
    assert key_protection(tmp_path / "auto", "auto").state != "keyring"
    (tmp_path / "strict").mkdir()
    with pytest.raises(KeyringUnavailable) as refused:
        protected_secret(tmp_path / "strict" / ".data-key", "keyring", lambda: refusing, damaged)
    assert "không cất được khoá" in refused.value.message.vi
    assert not (tmp_path / "strict" / ".data-key").exists()
