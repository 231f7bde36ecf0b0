"""The workstation's campaign traffic with the centre, over the mutual-TLS API of centre_client.

`send_report`: the day's progress report (campaign/centre_report.py), signed with the
workstation's registered key (core/signed_report.py), PUT to /campaign/reports/{commune}/{day}.
The answer is checked against what was sent as for packages (centre_answers.py): it must be about
this commune and day, of a known status with the HTTP code that status comes with, a short reason
code, bounded; anything else is a CentreFault and the report goes again next time."""
from __future__ import annotations

import ssl
from dataclasses import dataclass
from typing import Any

from workstation.core.centre_answers import REASON_CODE, CentreFault, CentreUnavailable, CentreUnreachable, json_object
from workstation.core.centre_client import CentreLink, _request
from workstation.core.package.keys import WorkstationIdentity
from workstation.core.signed_report import seal_report
from workstation.messages import Message

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
    status, answer = _request(f"{link.url}/campaign/reports/{commune}/{day}", context, "PUT", body, "application/json")
    return answer_of(commune, day, status, answer)
