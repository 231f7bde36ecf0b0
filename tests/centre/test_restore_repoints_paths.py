"""`centre restore` into another folder (issue 22, administration): centre.toml's absolute paths
that named something inside the old centre folder (the folder store, the credentials and password
files, the SQLite database) point into the new folder afterwards; one outside it is kept and the
output says in one line what the administrator must do."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from workstation.centre.authority import init_centre
from workstation.centre.registry import Registry
from workstation.centre.settings import CentreSettings, load_settings
from workstation.cli.main import main

from .conftest import PASSPHRASE


def _backup_of(folder: Path, tmp_path: Path, storage: dict[str, object], password_file: str = "") -> list[str]:
    init_centre(folder, PASSPHRASE, settings=CentreSettings(f"sqlite:///{folder / 'centre.sqlite3'}", password_file,
                                                            storage=storage))
    if password_file:
        Path(password_file).write_text("unused by SQLite\n")
    Registry.open(f"sqlite:///{folder / 'centre.sqlite3'}").close()
    secret, backup_pass = tmp_path / "pass", tmp_path / "backup-pass"
    secret.write_bytes(PASSPHRASE)
    backup_pass.write_bytes(b"a long backup passphrase")
    out = tmp_path / "centre.backup"
    assert main(["centre", "backup", str(out), "--dir", str(folder), "--passphrase-file", str(secret),
                 "--backup-passphrase-file", str(backup_pass)]) == 0
    return ["centre", "restore", str(out), "--backup-passphrase-file", str(backup_pass)]


def test_an_absolute_folder_store_inside_the_old_folder_follows_the_restore(tmp_path: Path,
                                                                           capsys: pytest.CaptureFixture[str]) -> None:
    old = (tmp_path / "old").resolve()
    restore = _backup_of(old, tmp_path, {"kind": "folder", "path": str(old / "store" / "packages")},
                         password_file=str(old / "db.password"))
    capsys.readouterr()
    new = (tmp_path / "new").resolve()
    assert main([*restore, "--dir", str(new)]) == 0
    said = capsys.readouterr().out
    settings = load_settings(new)
    assert settings.storage == {"kind": "folder", "path": str(new / "store" / "packages")}
    assert settings.password_file == str(new / "db.password")
    assert settings.database == f"sqlite:///{new / 'centre.sqlite3'}"
    assert f"{old / 'store' / 'packages'} -> {new / 'store' / 'packages'}" in said
    assert str(old) not in (new / "centre.toml").read_text()
    assert "to do:" not in said
    # the restored centre opens its store where the file now says, once the packages are back
    # there (an absolute folder is a mount: missing, the store is unreachable, never made empty)
    assert not settings.package_store(new).health().ok
    assert "put them back there from the store's own backup" in said
    (new / "store" / "packages").mkdir(parents=True)
    assert not settings.package_store(new).health().ok          # an empty folder is not the store
    (new / "store" / "packages" / ".centre-package-store").touch()   # the store's backup put back
    assert settings.package_store(new).health().ok


def test_a_path_outside_the_old_folder_is_kept_and_the_administrator_told(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    old, elsewhere = (tmp_path / "old").resolve(), (tmp_path / "srv" / "packages").resolve()
    restore = _backup_of(old, tmp_path, {"kind": "s3", "endpoint": "http://127.0.0.1:8333", "bucket": "centre",
                                         "credentials_file": str(old / "s3.credentials"),
                                         "ca_file": str(tmp_path / "etc" / "store-ca.pem")})
    capsys.readouterr()
    new = (tmp_path / "new").resolve()
    assert main([*restore, "--dir", str(new)]) == 0
    said = capsys.readouterr().out.splitlines()
    storage = tomllib.loads((new / "centre.toml").read_text())["storage"]
    assert storage["credentials_file"] == str(new / "s3.credentials")          # inside: moved
    assert storage["ca_file"] == str(tmp_path / "etc" / "store-ca.pem")         # outside: kept
    [todo] = [line for line in said if line.startswith("to do:")]
    assert str(tmp_path / "etc" / "store-ca.pem") in todo and "outside the old centre folder" in todo
    assert "[storage] ca_file" in todo

    # a folder store outside: kept, one line saying what to do
    old2 = (tmp_path / "old2").resolve()
    restore = _backup_of(old2, tmp_path, {"kind": "folder", "path": str(elsewhere)})
    capsys.readouterr()
    new2 = (tmp_path / "new2").resolve()
    assert main([*restore, "--dir", str(new2)]) == 0
    said = capsys.readouterr().out.splitlines()
    assert load_settings(new2).storage == {"kind": "folder", "path": str(elsewhere)}
    [todo] = [line for line in said if line.startswith("to do:")]
    assert f"the package folder ([storage] path) {elsewhere} is outside the old centre folder {old2}" in todo
