"""`workstation centre import FOLDER`: every package through the intake checks; hostile folders
(paths outside the folder, absolute paths, symlinks, duplicate entries, ids that are not UUIDs,
hashes that differ, garbage manifests) refused with their reasons; a missing or empty folder is an
error. Uses the workstation's own export format."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from workstation.centre.usb_import import import_folder
from workstation.errors import WorkstationError

from .conftest import PASSPHRASE


def _export(folder: Path, packages: list[tuple[str, bytes]], entries: list[dict] | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    listed = []
    for package_id, data in packages:
        (folder / f"{package_id}.wspkg").write_bytes(data)
        listed.append({"package_id": package_id, "file": f"{package_id}.wspkg", "size": len(data),
                       "sha256": hashlib.sha256(data).hexdigest()})
    (folder / "export-20261201T080000.json").write_text(json.dumps(
        {"workstation_id": "x", "packages": listed + (entries or [])}))


def test_a_good_export_is_imported_and_a_second_import_changes_nothing(centre_setting, tmp_path) -> None:  # noqa: ANN001
    s = centre_setting
    identity = s.onboard(tmp_path)
    usb = tmp_path / "usb"
    _export(usb, [s.package(identity, citizen=f"0010990{n:05d}") for n in range(3)])
    first = import_folder(usb, s.intake)
    assert first.clean and [d.status for d in first.decisions] == ["accepted"] * 3
    assert [d.status for d in import_folder(usb, s.intake).decisions] == ["already_here"] * 3


def test_hostile_entries_are_refused_with_their_reasons(centre_setting, tmp_path) -> None:  # noqa: ANN001
    s = centre_setting
    identity = s.onboard(tmp_path)
    good_id, good = s.package(identity)
    usb = tmp_path / "usb"
    usb.mkdir()
    outside = tmp_path / "secret.wspkg"
    outside.write_bytes(b"not for you")
    os.symlink(outside, usb / "11111111-1111-4111-8111-111111111111.wspkg")
    hostile = [
        {"package_id": "22222222-2222-4222-8222-222222222222", "file": "/etc/passwd", "sha256": "0"},
        {"package_id": "33333333-3333-4333-8333-333333333333", "file": "../secret.wspkg", "sha256": "0"},
        {"package_id": "11111111-1111-4111-8111-111111111111", "file": "11111111-1111-4111-8111-111111111111.wspkg",
         "sha256": "0"},
        {"package_id": "not-a-uuid", "file": "x.wspkg", "sha256": "0"},
        {"package_id": good_id, "file": f"{good_id}.wspkg", "sha256": hashlib.sha256(good).hexdigest()},   # twice
        {"package_id": "44444444-4444-4444-8444-444444444444", "file": "missing.wspkg", "sha256": "0"},
        "a string, not an entry",
    ]
    _export(usb, [(good_id, good)], hostile)
    report = import_folder(usb, s.intake)
    reasons = [r["reason"] for r in report.refused]
    assert reasons == ["path_outside_folder", "path_outside_folder", "symlink", "bad_id", "duplicate_entry",
                       "missing_file", "bad_entry"]
    assert [d.status for d in report.decisions] == ["accepted"] and not report.clean
    # every pre-check refusal is in the audit too
    assert [d.reason for d in s.registry.decisions() if d.channel == "usb" and d.status == "rejected"] == reasons


def test_a_tampered_file_and_a_garbage_manifest(centre_setting, tmp_path) -> None:  # noqa: ANN001
    s = centre_setting
    identity = s.onboard(tmp_path)
    usb = tmp_path / "usb"
    package_id, data = s.package(identity)
    _export(usb, [(package_id, data)])
    (usb / f"{package_id}.wspkg").write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    (usb / "export-20261201T090000.json").write_text('[1, 2, {"deep": ' * 50 + "0" + "}]" * 50)
    report = import_folder(usb, s.intake)
    assert [r["reason"] for r in report.refused] == ["hash_mismatch", "bad_manifest"]


def test_a_missing_or_empty_folder_is_an_error(centre_setting, tmp_path) -> None:  # noqa: ANN001
    with pytest.raises(WorkstationError, match="No folder"):
        import_folder(tmp_path / "nowhere", centre_setting.intake)
    (tmp_path / "empty").mkdir()
    with pytest.raises(WorkstationError, match="no export manifest"):
        import_folder(tmp_path / "empty", centre_setting.intake)


def test_the_cli_imports_and_verifies_against_the_registry(centre_setting, tmp_path, capsys) -> None:  # noqa: ANN001
    from workstation.cli.main import main

    s = centre_setting
    identity = s.onboard(tmp_path)
    package_id, data = s.package(identity)
    usb = tmp_path / "usb"
    _export(usb, [(package_id, data)])
    secret = tmp_path / "pass"
    secret.write_bytes(PASSPHRASE)
    common = ["--dir", str(s.folder), "--passphrase-file", str(secret)]
    assert main(["centre", "import", str(usb), *common, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"] == {"accepted": 1}
    package = usb / f"{package_id}.wspkg"
    assert main(["package", "verify", str(package), "--centre", str(s.folder), "--passphrase-file", str(secret)]) == 0
    capsys.readouterr()
    assert main(["centre", "revoke", identity.workstation_id, *common]) == 0
    assert main(["package", "verify", str(package), "--centre", str(s.folder), "--passphrase-file", str(secret)]) == 1
    assert "signer revoked" in capsys.readouterr().err
