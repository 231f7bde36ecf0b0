"""The workstation's campaign traffic with the centre, over the mutual-TLS API of centre_client.

`send_report`: the day's progress report (campaign/centre_report.py), signed with the
workstation's registered key (core/signed_report.py), PUT to /campaign/reports/{commune}/{day}.
The answer is checked against what was sent as for packages (centre_answers.py): it must be about
this commune and day, of a known status with the HTTP code that status comes with, a short reason
code, bounded; anything else is a CentreFault and the report goes again next time."""
from __future__ import annotations

import json
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import NameOID

from workstation.core.centre_answers import (
    MAX_ANSWER_BYTES,
    REASON_CODE,
    CentreFault,
    CentreRefused,
    CentreUnavailable,
    CentreUnreachable,
    json_object,
)
from workstation.core.centre_client import CentreLink, _request
from workstation.core.package.keys import WorkstationIdentity
from workstation.core.signed_report import PLAN_FORMAT, ReportRefused, open_report, seal_report
from workstation.messages import Message

MAX_PLAN_ANSWER = 32 * 1024 * 1024      # a plan of 50,000 invitations with its envelope
REPORT_STATUSES = {"accepted": 200, "replaced": 200, "already_here": 200}
REPORT_REFUSALS: dict[str, Message] = {
    "wrong_commune": Message("trung tâm đăng ký máy trạm này cho một xã khác",
                             "the centre registered this workstation for another commune"),
    "bad_day": Message("ngày báo cáo không hợp lệ", "the report's day is not valid"),
    "signature": Message("báo cáo không được ký bằng khoá đã đăng ký của máy trạm",
                         "the report is not signed with this workstation's registered key"),
    "mismatch": Message("báo cáo ghi máy trạm, xã hoặc ngày khác với yêu cầu",
                        "the report names another workstation, commune or day"),
    "schema": Message("nội dung báo cáo thiếu hoặc sai trường", "the report has missing or wrong fields"),
    "stale": Message("trung tâm đã có báo cáo mới hơn của ngày này", "the centre holds a newer report of that day"),
    "format": Message("báo cáo không đúng định dạng", "the report is not in the expected format"),
    "too_large": Message("báo cáo quá lớn", "the report is too large"),
    "caller_unknown": Message("máy trạm này chưa được đăng ký với trung tâm", "this workstation is not registered"),
    "caller_revoked": Message("trung tâm đã thu hồi đăng ký của máy trạm này", "the centre revoked this workstation"),
    "no_client_certificate": Message("máy trạm không xuất trình chứng thư của mình",
                                     "the workstation presented no certificate"),
}


@dataclass(frozen=True)
class ReportAnswer:
    commune: str
    day: str
    status: str          # accepted | replaced | already_here | rejected
    reason: str = ""

    @property
    def stored(self) -> bool:
        return self.status in REPORT_STATUSES

    def words(self) -> Message:
        if self.stored:
            return Message(f"Trung tâm đã nhận báo cáo ngày {self.day} ({self.status}).",
                           f"The centre has the report of {self.day} ({self.status}).")
        words = REPORT_REFUSALS.get(self.reason, Message("lý do không rõ", "an unknown reason"))
        return Message(f"Trung tâm từ chối báo cáo ngày {self.day}: {words.vi} ({self.reason}).",
                       f"The centre refused the report of {self.day}: {words.en} ({self.reason}).")

    def as_dict(self) -> dict[str, object]:
        return {"commune": self.commune, "day": self.day, "status": self.status, "reason": self.reason,
                "sent": self.stored, "message": self.words().en, "message_vi": self.words().vi}


def answer_of(commune: str, day: str, status: int, body: bytes) -> ReportAnswer:
    if status >= 500:
        raise CentreUnavailable(status)
    if status == 429:
        raise CentreUnreachable("rate limited by the centre")
    data: dict[str, Any] = json_object(status, body)
    if data.get("commune") != commune or data.get("day") != day:
        raise CentreFault("other_report", f"HTTP {status}: an answer about another report")
    decided, reason = data.get("status"), data.get("reason")
    if not isinstance(reason, str) or (reason and not REASON_CODE.fullmatch(reason)):
        raise CentreFault("bad_reason", f"HTTP {status}: the reason is not a short code")
    if decided in REPORT_STATUSES and status == 200:
        return ReportAnswer(commune, day, str(decided), reason)
    if decided == "rejected" and 400 <= status < 500 and reason:
        return ReportAnswer(commune, day, "rejected", reason)
    raise CentreFault("bad_status", f"HTTP {status}: status {str(decided)[:40]!r}")


def send_report(link: CentreLink, context: ssl.SSLContext, identity: WorkstationIdentity,
                report: dict[str, Any]) -> ReportAnswer:
    body = seal_report(report, identity.key)
    commune, day = str(report["commune"]), str(report["day"])
    status, answer = _request(f"{link.api}/campaign/reports/{commune}/{day}", context, "PUT", body, "application/json")
    return answer_of(commune, day, status, answer)


# -- one campaign, several workstations (campaign/shared.py) ---------------------------------------
@dataclass(frozen=True)
class FirstCheckin:
    ref: str
    workstation: str
    at: datetime
    first: bool          # this workstation was first

    def as_dict(self) -> dict[str, object]:
        return {"ref": self.ref, "workstation": self.workstation, "at": self.at.isoformat(), "first": self.first}


def _commune_answer(link: CentreLink, status: int, body: bytes) -> dict[str, Any]:
    if status >= 500:
        raise CentreUnavailable(status)
    if status == 429:
        raise CentreUnreachable("rate limited by the centre")
    data: dict[str, Any] = json_object(status, body)
    if data.get("commune") != link.commune:
        raise CentreFault("other_commune", f"HTTP {status}: an answer about another commune")
    if status != 200:
        reason = data.get("reason")
        reason = reason if isinstance(reason, str) and REASON_CODE.fullmatch(reason) else "unknown"
        raise CentreRefused(reason, f"HTTP {status}")
    return data


def publish_plan(link: CentreLink, context: ssl.SSLContext, identity: WorkstationIdentity,
                 plan: dict[str, Any]) -> dict[str, Any]:
    """PUT the commune's plan, signed with this workstation's registered key; the centre's answer
    ({"status": accepted | replaced | already_here, "invitations"})."""
    body = seal_report(plan, identity.key, PLAN_FORMAT)
    status, answer = _request(f"{link.api}/campaign/{link.commune}/plan", context, "PUT", body, "application/json",
                              max_answer=MAX_ANSWER_BYTES)
    data = _commune_answer(link, status, answer)
    if data.get("status") not in REPORT_STATUSES:
        raise CentreFault("bad_status", f"HTTP {status}: status {str(data.get('status'))[:40]!r}")
    return data


def fetch_plan(link: CentreLink, context: ssl.SSLContext) -> tuple[dict[str, Any], str]:
    """(the plan, its publisher) from the centre, verified here against what this workstation
    holds: the publisher's certificate must be issued by the centre CA pinned at registration,
    for this commune, and the plan signed by its key and for this commune. The centre relays the
    plan; it could not make one a workstation of the commune did not sign."""
    status, answer = _request(f"{link.api}/campaign/{link.commune}/plan", context, max_answer=MAX_PLAN_ANSWER)
    data = _commune_answer(link, status, answer)
    publisher, pem, envelope = data.get("publisher"), data.get("certificate"), data.get("envelope")
    if not isinstance(publisher, str) or not isinstance(pem, str) or not isinstance(envelope, dict):
        raise CentreFault("bad_plan", "the answer lacks the publisher, its certificate or the plan")
    try:
        certificate = x509.load_pem_x509_certificate(pem.encode())
        ca = x509.load_pem_x509_certificate(link.ca_file.read_bytes())
        certificate.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        raise CentreFault("bad_publisher", "the publisher's certificate is not one the centre CA issued") from None
    now = datetime.now(UTC)
    names = {a.oid: str(a.value) for a in certificate.subject}
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc \
            or names.get(NameOID.COMMON_NAME) != publisher or names.get(NameOID.ORGANIZATIONAL_UNIT_NAME) != link.commune:
        raise CentreFault("bad_publisher", "the publisher's certificate is expired or not of this commune")
    key = certificate.public_key()
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise CentreFault("bad_publisher", "the publisher's certificate holds no Ed25519 key")
    try:
        plan = open_report(json.dumps(envelope, ensure_ascii=False).encode(), key, PLAN_FORMAT)
    except ReportRefused as exc:
        raise CentreFault("bad_plan", f"the plan does not verify ({exc.reason})") from None
    if plan.get("commune") != link.commune:
        raise CentreFault("bad_plan", "the plan is for another commune")
    return plan, publisher


def _first(link: CentreLink, item: Any) -> FirstCheckin:
    if not isinstance(item, dict) or not isinstance(item.get("ref"), str) or not isinstance(item.get("workstation"), str):
        raise CentreFault("bad_checkin", "a check-in answer without its reference or workstation")
    try:
        at = datetime.fromisoformat(str(item.get("at")))
    except ValueError:
        raise CentreFault("bad_checkin", "a check-in answer without a time") from None
    return FirstCheckin(item["ref"][:16], item["workstation"][:64], at, item["workstation"] == link.workstation_id)


def post_checkins(link: CentreLink, context: ssl.SSLContext, items: list[tuple[str, datetime]]) -> list[FirstCheckin]:
    """POST check-ins; for each sent reference, who was first (the centre decides)."""
    body = json.dumps({"checkins": [{"ref": ref, "at": at.isoformat()} for ref, at in items]}).encode()
    status, answer = _request(f"{link.api}/campaign/{link.commune}/checkins", context, "POST", body, "application/json")
    data = _commune_answer(link, status, answer)
    decided = [_first(link, item) for item in data.get("checkins") or []]
    if sorted(d.ref for d in decided) != sorted(ref for ref, _ in items):
        raise CentreFault("other_checkins", "the answer is about other check-ins than those sent")
    return decided


def fetch_checkins(link: CentreLink, context: ssl.SSLContext) -> list[FirstCheckin]:
    status, answer = _request(f"{link.api}/campaign/{link.commune}/checkins", context, max_answer=MAX_PLAN_ANSWER)
    return [_first(link, item) for item in _commune_answer(link, status, answer).get("checkins") or []]
