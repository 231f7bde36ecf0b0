"""The sealed enrollment package: round trip, and every kind of tampering named."""
from __future__ import annotations

import io
import json
import stat
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519

from tests.support.sealed_packages import open_sealed, sample_contents
from workstation.core.package.canonical import canonical_json
from workstation.core.package.keys import load_or_create_identity, simulated_server_keys
from workstation.core.package.seal import MAGIC, Capture, seal
from workstation.core.package.verify import verify_package

SERVER_PRIVATE, SERVER_PUBLIC = simulated_server_keys()


@pytest.fixture(scope="module")
def identity(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    return load_or_create_identity(tmp_path_factory.mktemp("keys"), "ws-test")


_contents = sample_contents


def _open(data: bytes) -> tuple[dict, bytes, bytes, bytes]:
    opened = open_sealed(data, SERVER_PRIVATE)
    return opened.header, opened.header_bytes, opened.key, opened.inner


def _reseal(data: bytes, mutate) -> bytes:  # noqa: ANN001
    """What someone holding the server key could do: decrypt, change the content, encrypt again."""
    header, header_bytes, key, inner = _open(data)
    with zipfile.ZipFile(io.BytesIO(inner)) as z:
        entries = {name: z.read(name) for name in z.namelist()}
    mutate(entries)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in entries.items():
            z.writestr(name, content)
    return open_sealed(data, SERVER_PRIVATE).seal_again(out.getvalue())


def test_round_trip(identity) -> None:  # noqa: ANN001
    data = seal(_contents(), identity, SERVER_PUBLIC)
    report = verify_package(data, SERVER_PRIVATE, self_signed_ok=True)
    assert report.ok, report.problems
    manifest = report.manifest
    assert manifest["citizen"]["full_name"] == "Nguyễn Văn An" and manifest["simulated"] is True
    assert [c["kind"] for c in manifest["captures"]] == ["chip", "face", "finger"]
    assert b"Nguy" not in data and b"face" not in data, "nothing readable outside the encryption"


def test_a_flipped_byte_anywhere_is_detected(identity) -> None:  # noqa: ANN001
    data = bytearray(seal(_contents(), identity, SERVER_PUBLIC))
    sealed_at = data.index(MAGIC)                      # the sealed part, after the envelope
    envelope_positions = range(0, sealed_at, 7)        # magic, length, every 7th byte of the envelope
    sealed_positions = (sealed_at + len(MAGIC) + 10, sealed_at + len(MAGIC) + 60, len(data) // 2, len(data) - 1)
    for position in (*envelope_positions, *sealed_positions):
        broken = bytearray(data)
        broken[position] ^= 0x01
        report = verify_package(bytes(broken), SERVER_PRIVATE, self_signed_ok=True)
        assert not report.ok, position
        failed = {check for check, verdict in report.checks.items() if verdict == "failed"}
        expected = {"format", "envelope"} if position < sealed_at else {"decryption", "format", "recipient"}
        assert failed & expected, (position, failed)


def test_another_server_key_cannot_open_it(identity) -> None:  # noqa: ANN001
    report = verify_package(seal(_contents(), identity, SERVER_PUBLIC), x25519.X25519PrivateKey.generate(), self_signed_ok=True)
    assert report.checks["recipient"] == "failed" and "another server key" in report.problems[0]


def test_a_modified_file_is_named(identity) -> None:  # noqa: ANN001
    data = _reseal(seal(_contents(), identity, SERVER_PUBLIC),
                   lambda e: e.__setitem__("face/live.jpg", b"\xff\xd8another face"))
    report = verify_package(data, SERVER_PRIVATE, self_signed_ok=True)
    assert report.checks["signature"] == "ok"
    assert report.checks["files"] == "failed"
    assert "file face/live.jpg was modified (its hash does not match the manifest)" in report.problems
    assert report.checks["capture_chain"] == "failed" and "capture 2" in report.problems[-1]


def test_a_modified_manifest_breaks_the_signature(identity) -> None:  # noqa: ANN001
    def rename(entries: dict) -> None:
        manifest = json.loads(entries["manifest.json"])
        manifest["citizen"]["full_name"] = "Người Khác"
        entries["manifest.json"] = canonical_json(manifest)
    report = verify_package(_reseal(seal(_contents(), identity, SERVER_PUBLIC), rename), SERVER_PRIVATE, self_signed_ok=True)
    assert report.checks["signature"] == "failed" and "signature" in report.problems[0]


def test_extra_and_missing_files_are_named(identity) -> None:  # noqa: ANN001
    def change(entries: dict) -> None:
        entries["extra/readme.txt"] = b"hello"
        del entries["finger/right_index.iso"]
    report = verify_package(_reseal(seal(_contents(), identity, SERVER_PUBLIC), change), SERVER_PRIVATE, self_signed_ok=True)
    assert "file finger/right_index.iso is missing" in report.problems
    assert "file extra/readme.txt is not listed in the manifest" in report.problems


def test_a_swapped_workstation_certificate_is_named(identity, tmp_path: Path) -> None:  # noqa: ANN001
    other = load_or_create_identity(tmp_path / "other", "ws-other")
    report = verify_package(_reseal(seal(_contents(), identity, SERVER_PUBLIC),
                                    lambda e: e.__setitem__("workstation.pem", other.certificate_pem)), SERVER_PRIVATE,
                            self_signed_ok=True)
    assert report.checks["signature"] == "failed" and report.checks["certificate"] == "failed"


def test_a_package_that_breaks_the_schema_is_never_sealed(identity) -> None:  # noqa: ANN001
    bad = _contents(citizen={"id_number": "123", "full_name": "X", "date_of_birth": "1999-01-01",
                             "phone": "0912345678", "consent": False})
    with pytest.raises(ValueError) as caught:
        seal(bad, identity, SERVER_PUBLIC)
    assert "citizen/id_number" in str(caught.value) and "citizen/consent" in str(caught.value)


def test_the_identity_is_kept_encrypted_and_private(tmp_path: Path) -> None:
    first = load_or_create_identity(tmp_path, "ws-1")
    again = load_or_create_identity(tmp_path, "ws-1")
    assert first.certificate_sha256 == again.certificate_sha256
    key_pem = (tmp_path / "workstation-key.pem").read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in key_pem
    assert stat.S_IMODE((tmp_path / ".key-secret").stat().st_mode) == 0o600


def test_canonical_json_is_canonical() -> None:
    assert canonical_json({"b": 1, "a": ["ễ", None]}) == '{"a":["ễ",null],"b":1}'.encode()
    with pytest.raises(TypeError):
        canonical_json({"score": 0.5})


def test_package_cli_demo_and_verify(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    from workstation.cli.main import main

    assert main(["package", "demo", "--out", str(tmp_path)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert main(["package", "verify", str(path), "--json"]) == 1           # the signer is unknown
    assert "signer unknown" in capsys.readouterr().err
    assert main(["package", "verify", str(path), "--self-signed-ok", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["citizen_id"] == "001099012345" and report["simulated"] is True
    broken = bytearray(path.read_bytes())
    broken[-5] ^= 0xFF
    path.write_bytes(bytes(broken))
    assert main(["package", "verify", str(path), "--self-signed-ok"]) == 1
    assert "modified after sealing" in capsys.readouterr().err


def _reseal_zip(data: bytes, write) -> bytes:  # noqa: ANN001
    """Like _reseal, with full control of the inner archive (names, compression)."""
    header, header_bytes, key, inner = _open(data)
    with zipfile.ZipFile(io.BytesIO(inner)) as z:
        entries = {name: z.read(name) for name in z.namelist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in entries.items():
            z.writestr(name, content)
        write(z)
    return open_sealed(data, SERVER_PRIVATE).seal_again(out.getvalue())


@pytest.mark.parametrize(("write", "why"), [
    (lambda z: z.writestr("bomb.bin", b"\0" * (40 * 1024 * 1024), compress_type=zipfile.ZIP_DEFLATED), "expand"),
    (lambda z: z.writestr("../../etc/passwd", b"x"), "outside the package"),
    (lambda z: [z.writestr(f"f{i}", b"x") for i in range(80)], "entries"),
])
def test_a_hostile_inner_archive_is_refused_before_it_is_decompressed(identity, write, why) -> None:  # noqa: ANN001
    data = _reseal_zip(seal(_contents(), identity, SERVER_PUBLIC), write)
    report = verify_package(data, SERVER_PRIVATE, self_signed_ok=True)
    assert report.checks["format"] == "failed" and why in report.problems[0]


def test_a_hand_photo_travels_as_an_evidence_capture(identity) -> None:  # noqa: ANN001
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    contents = _contents(captures=_contents().captures + [Capture("evidence", "evidence/right_index-hand.jpg",
                                                                  b"\xff\xd8hand", at)])
    report = verify_package(seal(contents, identity, SERVER_PUBLIC), SERVER_PRIVATE, self_signed_ok=True)
    assert report.ok, report.problems
    assert [c["kind"] for c in report.manifest["captures"]][-1] == "evidence"
