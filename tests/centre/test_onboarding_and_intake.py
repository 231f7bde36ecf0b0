"""Onboarding and verified intake at the centre, on a real registry (SQLite here; PostgreSQL in the
server tests): tokens good, expired and reused; packages from unregistered, revoked and other
workstations; tampered, oversize, replayed and conflicting packages; the forged package the issue
describes (a fresh key and the centre's public key) refused at intake and by `package verify`."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from workstation.centre.intake import MAX_PACKAGE
from workstation.centre.onboarding import OnboardingRefused, ca_pin, issue_token, register
from workstation.core.package.keys import WorkstationIdentity, certificate_request, load_or_create_identity
from workstation.core.package.seal import seal
from workstation.core.package.verify import verify_package

from .conftest import contents_for


def test_a_good_token_onboards_once_and_names_the_commune(centre_setting, tmp_path) -> None:  # noqa: ANN001
    s = centre_setting
    identity = load_or_create_identity(tmp_path / "ws", str(uuid.uuid4()))
    token = issue_token(s.registry, s.centre, "00007", "Xã Đông Hội")
    assert ca_pin(token) == s.centre.ca_fingerprint[:16]
    registration = register(s.registry, s.centre, token, certificate_request(identity))
    assert registration.workstation_id == identity.workstation_id and registration.commune == "00007"
    record = s.registry.workstation(identity.workstation_id)
    assert record.status == "active" and record.commune == "00007"
    with pytest.raises(OnboardingRefused) as again:
        register(s.registry, s.centre, token, certificate_request(identity))
    assert again.value.reason == "token_used"


def test_expired_unknown_and_malformed_registrations_are_refused(centre_setting, tmp_path) -> None:  # noqa: ANN001
    s = centre_setting
    identity = load_or_create_identity(tmp_path / "ws", str(uuid.uuid4()))
    old = issue_token(s.registry, s.centre, "00007", "Xã A", now=datetime.now(UTC) - timedelta(days=2))
    for token, csr, reason in ((old, certificate_request(identity), "token_expired"),
                               ("nope.0000000000000000", certificate_request(identity), "token_unknown"),
                               (old, b"-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
                                "csr_malformed")):
        with pytest.raises(OnboardingRefused) as caught:
            register(s.registry, s.centre, token, csr)
        assert caught.value.reason == reason
    not_uuid = load_or_create_identity(tmp_path / "ws2", "ws-test")
    with pytest.raises(OnboardingRefused) as caught:
        register(s.registry, s.centre, issue_token(s.registry, s.centre, "00007", "Xã B"), certificate_request(not_uuid))
    assert caught.value.reason == "bad_workstation_id"


def test_a_package_of_an_onboarded_workstation_is_accepted_once(centre_setting, tmp_path) -> None:  # noqa: ANN001
    s = centre_setting
    identity = s.onboard(tmp_path)
    package_id, data = s.package(identity)
    first = s.intake.decide(package_id, data, identity.workstation_id, "https")
    assert (first.status, first.reason) == ("accepted", "")
    again = s.intake.decide(package_id, data, identity.workstation_id, "https")
    assert again.status == "already_here"
    other_bytes = s.package(identity)[1]
    conflict = s.intake.decide(package_id, other_bytes, identity.workstation_id, "https")
    assert (conflict.status, conflict.reason) == ("rejected", "conflict")
    assert s.intake.status(package_id, identity.workstation_id).status == "accepted"
    assert s.intake.status(package_id, "someone-else") is None
    assert [d.status for d in s.registry.decisions(package_id)] == ["accepted", "already_here", "rejected"]


def _forged(s) -> tuple[str, bytes]:  # noqa: ANN001
    """The issue's forgery: a fresh Ed25519 key, the centre's (public) package key, a made-up id."""
    key = ed25519.Ed25519PrivateKey.generate()
    from workstation.core.package.keys import _certificate

    workstation_id = str(uuid.uuid4())
    identity = WorkstationIdentity(workstation_id, key, _certificate(workstation_id, key))
    contents = contents_for(workstation_id)
    return contents.package_id, seal(contents, identity, s.centre.package_key.public_key())


def test_the_forged_package_is_refused_at_intake_and_by_package_verify(centre_setting) -> None:  # noqa: ANN001
    s = centre_setting
    package_id, data = _forged(s)
    assert verify_package(data, s.centre.package_key, self_signed_ok=True).ok     # what the old verifier did
    decision = s.intake.decide(package_id, data, None, "usb")
    assert (decision.status, decision.reason) == ("rejected", "signer")
    report = verify_package(data, s.centre.package_key, s.registry.signer)
    assert not report.ok and "signer not registered" in report.problems[0]
    unknown = verify_package(data, s.centre.package_key)
    assert not unknown.ok and "signer unknown" in unknown.problems[0]


def test_callers_and_signers_must_be_registered_active_and_the_same(centre_setting, tmp_path) -> None:  # noqa: ANN001
    s = centre_setting
    a, b = s.onboard(tmp_path), s.onboard(tmp_path)
    package_id, data = s.package(a)
    stranger = str(uuid.uuid4())
    assert s.intake.decide(package_id, data, stranger, "https").reason == "caller_unknown"
    assert s.intake.decide(package_id, data, b.workstation_id, "https").reason == "uploader_not_signer"
    s.registry.revoke(a.workstation_id, "admin")
    assert s.intake.decide(package_id, data, a.workstation_id, "https").reason == "caller_revoked"
    revoked = s.intake.decide(package_id, data, None, "usb")
    assert (revoked.status, revoked.reason) == ("rejected", "signer")
    assert "revoked" in verify_package(data, s.centre.package_key, s.registry.signer).problems[0]


def test_tampered_oversize_simulated_and_misnamed_packages(centre_setting, tmp_path) -> None:  # noqa: ANN001
    s = centre_setting
    identity = s.onboard(tmp_path)
    package_id, data = s.package(identity)
    tampered = bytearray(data)
    tampered[-20] ^= 0x01
    assert s.intake.decide(package_id, bytes(tampered), identity.workstation_id, "https").reason == "envelope"
    assert s.intake.decide(package_id, b"x" * (MAX_PACKAGE + 1), identity.workstation_id, "https").reason == "too_large"
    assert s.intake.decide("../../etc/passwd", data, identity.workstation_id, "https").reason == "bad_id"
    assert s.intake.decide(str(uuid.uuid4()), data, identity.workstation_id, "https").reason == "id_mismatch"
    sim_id, simulated = s.package(identity, simulated=True)
    assert s.intake.decide(sim_id, simulated, identity.workstation_id, "https").reason == "simulated"


def test_a_citizen_enrolled_at_another_workstation_is_flagged_duplicate(centre_setting, tmp_path) -> None:  # noqa: ANN001
    s = centre_setting
    a, b = s.onboard(tmp_path), s.onboard(tmp_path, commune="00002")
    first_id, first = s.package(a)
    second_id, second = s.package(b)
    assert s.intake.decide(first_id, first, a.workstation_id, "https").status == "accepted"
    duplicate = s.intake.decide(second_id, second, b.workstation_id, "https")
    assert (duplicate.status, duplicate.reason) == ("duplicate", "citizen_enrolled_elsewhere")
    third_id, third = s.package(a, citizen="079190004321")
    assert s.intake.decide(third_id, third, a.workstation_id, "https").status == "accepted"


def test_tokens_never_start_with_a_dash_and_keep_their_entropy(centre_setting) -> None:  # noqa: ANN001
    """About one raw token_urlsafe in 64 starts with '-', which `register --token` cannot take."""
    from workstation.centre.onboarding import new_token_secret
    secrets_drawn = [new_token_secret() for _ in range(5000)]
    assert not [s for s in secrets_drawn if s.startswith("-")]
    assert len(set(secrets_drawn)) == 5000
    assert all(len(s) == 33 for s in secrets_drawn)            # 1 fixed letter + 32 chars = 192 random bits
    issued = [issue_token(centre_setting.registry, centre_setting.centre, "00007", "Xã A") for _ in range(200)]
    assert not [t for t in issued if t.startswith("-")]
