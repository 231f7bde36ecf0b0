"""No centre command answers from a SQLite database it made up (issue 22, administration): in a
folder without centre.toml and without --db, every subcommand that reads or writes the centre's
database refuses in one line, and no *.sqlite3 file appears anywhere."""
from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from workstation.centre.authority import init_centre
from workstation.cli.main import build_parser, main

from .conftest import PASSPHRASE

# every `centre` subcommand that uses the database, with the arguments it requires
NEEDS_DATABASE = {
    "token": ["--commune", "00001", "--name", "Xã Một"],
    "tokens": [],
    "revoke": ["ws-1"],
    "unrevoke": ["ws-1"],
    "workstations": [],
    "import": ["{tmp}/usb"],
    "serve": ["--listen", "127.0.0.1:1"],
    "status": ["00000000-0000-0000-0000-000000000000"],
    "packages": [],
    "audit": ["--verify"],
    "backup": ["{tmp}/backup.bin", "--backup-passphrase-file", "{tmp}/pass"],
    "grant-serving": ["centre_serve"],
    "worker": ["--once"],
    "jobs": [],
    "export": ["--out", "{tmp}/exports"],
    "console": ["--listen", "127.0.0.1:1"],
    "console-user add": ["officer", "--password-file", "{tmp}/pass"],
    "console-user list": [],
    "store-sweep": ["--delete"],
    "intake-node": ["--out", "{tmp}/node", "--name", "intake1.example", "--node-passphrase-file", "{tmp}/pass"],
}
# the rest make a centre, unpack one or need no database at all
NO_DATABASE = {"init", "restore", "export-verify"}


def _choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(found[0].choices) if found else {}


def _centre_subcommands() -> set[str]:
    names = set()
    for name, sub in _choices(_choices(build_parser())["centre"]).items():
        nested = _choices(sub)
        names |= {f"{name} {n}" for n in nested} if nested else {name}
    return names


def test_every_centre_subcommand_is_covered_here() -> None:
    assert _centre_subcommands() == set(NEEDS_DATABASE) | NO_DATABASE


@pytest.mark.parametrize("keys", [False, True], ids=["empty folder", "keys without centre.toml"])
@pytest.mark.parametrize("command", sorted(NEEDS_DATABASE))
def test_without_centre_toml_every_command_refuses_in_one_line(command: str, keys: bool, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pass").write_bytes(PASSPHRASE)
    (tmp_path / "usb").mkdir()
    folder = tmp_path / "centre"
    if keys:                      # a centre's keys, its configuration lost (or never written)
        init_centre(folder, PASSPHRASE)
        for made in ("centre.toml", "centre.sqlite3"):
            (folder / made).unlink(missing_ok=True)
    else:
        folder.mkdir()
    monkeypatch.chdir(folder)
    arguments = [a.replace("{tmp}", str(tmp_path)) for a in NEEDS_DATABASE[command]]
    code = main(["centre", *command.split(), *arguments, "--dir", str(folder),
                 "--passphrase-file", str(tmp_path / "pass")])
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1 and "Traceback" not in err
    # the configuration named (or, in an empty folder, the missing centre itself)
    assert "centre.toml" in err or (not keys and "No centre in" in err), err
    assert not list(tmp_path.rglob("*.sqlite3*"))
