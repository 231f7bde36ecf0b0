"""The sync client checks every answer against what it sent (issue 20, findings 17 and 18): a
centre holding the right TLS identity (the centre CA's certificate) but answering oddly. An
"accepted" for another package id, a huge or shapeless reason, a decision with the wrong HTTP code,
a body that is not JSON: each is a *fault*, recorded as such (bounded), the package stays unsent.
A 5xx (server or database down) is "the centre is down", not "the centre refused"; a refusal is
named in Vietnamese words."""
from __future__ import annotations

import json
import os
import ssl
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support.centre_process import PASSPHRASE
from workstation.centre.authority import init_centre, server_tls
from workstation.core import centre_client
from workstation.core.centre_answers import CentreUnavailable, refusal_words
from workstation.core.package.keys import load_or_create_identity
from workstation.storage.at_rest import BlobCipher
from workstation.storage.database import open_database, sqlite_url
from workstation.storage.enrollments import ACKNOWLEDGED, COMPLETE, EnrollmentStore
from workstation.storage.models import AuditEntry

Answer = Callable[[str], tuple[int, str, bytes]]      # package id → (HTTP status, content type, body)


def _json(http: int, **payload: object) -> Answer:
    return lambda package_id: (http, "application/json",
                               json.dumps({"package_id": package_id, **payload}).encode())


class _Handler(BaseHTTPRequestHandler):
    answer: Answer

    def do_PUT(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        status, kind, body = type(self).answer(self.path.rsplit("/", 1)[-1])
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass                                    # the client stopped reading: what it should do

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def lying_centre(tmp_path: Path) -> Iterator[tuple[centre_client.CentreLink, object, type[_Handler]]]:
    """An HTTPS server with the centre's own TLS certificate, answering what the test says."""
    centre = init_centre(tmp_path / "centre", PASSPHRASE)
    cert, key = server_tls(centre, ["127.0.0.1"], PASSPHRASE)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key), password=PASSPHRASE)
    handler = type("Handler", (_Handler,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    identity = load_or_create_identity(tmp_path / "keys", "ws-1")
    folder = tmp_path / "keys" / "centre"
    folder.mkdir()
    (folder / "ca.pem").write_bytes(centre.ca_pem)
    (folder / "workstation.pem").write_bytes(identity.certificate_pem)
    link = centre_client.CentreLink(f"https://127.0.0.1:{server.server_address[1]}", "ws-1", "00001", folder)
    yield link, identity, handler
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EnrollmentStore]:
    db = open_database(sqlite_url(tmp_path / "ws.sqlite3"))
    yield EnrollmentStore(db.sessions, BlobCipher.from_folder(tmp_path / "blob"))
    db.close()


def _one_package(store: EnrollmentStore) -> str:
    eid = store.new_draft("officer-01", "001099012345", "Citizen", simulated=False)
    store.complete(eid, "00000000-0000-4000-8000-000000000001", os.urandom(2000), "officer-01")
    return eid


def _audit(store: EnrollmentStore, eid: str) -> list[tuple[str, str]]:
    with store.sessions() as session:
        return [(e.action, e.detail) for e in session.scalars(select(AuditEntry).where(AuditEntry.enrollment_id == eid)
                                                                .order_by(AuditEntry.id))]


FAULTS = {
    "other_package": lambda _id: (200, "application/json", json.dumps(
        {"package_id": "00000000-0000-4000-8000-00000000beef", "status": "accepted", "reason": ""}).encode()),
    "too_large": lambda package_id: _json(422, status="rejected", reason="x" * 50_000_000)(package_id),
    "bad_reason": _json(422, status="rejected", reason="Lý do " * 2000),
    "status_mismatch": _json(422, status="accepted", reason=""),
    "unknown_status": _json(200, status="ok"),
    "not_json": lambda _id: (200, "text/html", b"<html>accepted</html>"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_an_odd_answer_is_a_fault_not_a_decision(lying_centre, store, fault: str) -> None:  # noqa: ANN001
    link, identity, handler = lying_centre
    handler.answer = staticmethod(FAULTS[fault])
    eid = _one_package(store)
    report = centre_client.sync(store, link, identity, "officer-01")
    assert report.faults == {"00000000-0000-4000-8000-000000000001": fault}
    assert report.accepted == [] and report.rejected == {} and report.level == "warn"
    assert store.get(eid).state == COMPLETE                                    # still to be sent
    entries = _audit(store, eid)
    assert entries[-1][0] == "centre_fault" and json.loads(entries[-1][1])["fault"] == fault
    assert all(len(detail) < 1000 for _, detail in entries)                   # nothing of the answer's size
    assert "sẽ gửi lại" in report.summary().vi

    handler.answer = staticmethod(_json(200, status="accepted", reason=""))   # the centre mended: sent again
    again = centre_client.sync(store, link, identity, "officer-01")
    assert again.accepted == ["00000000-0000-4000-8000-000000000001"] and store.get(eid).state == ACKNOWLEDGED


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_centre_whose_server_or_database_is_down_is_not_a_refusal(lying_centre, store, status: int) -> None:  # noqa: ANN001
    link, identity, handler = lying_centre
    handler.answer = staticmethod(lambda _id: (status, "text/plain", b"500 Internal Server Error"))
    eid = _one_package(store)
    with pytest.raises(CentreUnavailable) as down:
        centre_client.sync(store, link, identity, "officer-01")
    assert "ngừng hoạt động" in down.value.message.vi and "Trung tâm từ chối" not in down.value.message.vi
    assert "bad_answer" not in down.value.one_line()
    assert store.get(eid).state == COMPLETE
    assert all(action != "centre_rejected" for action, _ in _audit(store, eid))


def test_a_refusal_is_named_in_words_and_never_green(lying_centre, store) -> None:  # noqa: ANN001
    link, identity, handler = lying_centre
    handler.answer = staticmethod(_json(422, status="rejected", reason="recipient"))
    eid = _one_package(store)
    report = centre_client.sync(store, link, identity, "officer-01")
    assert report.rejected == {"00000000-0000-4000-8000-000000000001": "recipient"} and report.level == "warn"
    assert "mã hoá cho một trung tâm khác" in report.summary().vi
    assert "(recipient)" not in report.summary().vi
    assert report.as_dict()["rejected_words_vi"]["00000000-0000-4000-8000-000000000001"] == refusal_words("recipient").vi
    assert store.centre_answers([eid]) == {eid: "rejected:recipient"}


def test_unreachable_and_down_and_refused_say_different_things() -> None:
    unreachable = centre_client.CentreUnreachable("connection refused").message.vi
    down = CentreUnavailable(503).message.vi
    refused = centre_client.CentreRefused("caller_revoked").message.vi
    assert len({unreachable, down, refused}) == 3
    assert "thu hồi" in refused and "Không kết nối" in unreachable and "sự cố" in down
    assert centre_client.CentreRefused("x" * 5000).reason == "unknown"       # never a raw text
