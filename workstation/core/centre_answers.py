"""What the centre answers, checked against what was sent, and said in the officer's words.

The centre's TLS identity proves who answers, not that the answer makes sense: a broken or
hostile intake could acknowledge another package id (the package would never be sent again) or
send a 50 MB "reason" (written into the append-only audit). So an answer is a decision only when
it is about the package sent, of a known status, with the HTTP code that status comes with, a
reason that is a short code, and a body of bounded size; anything else is a *fault*: recorded as
such, the package stays unsent and goes again at the next sync.

The officer is told apart (finding 17/18 of issue 20): "the centre cannot be reached" and "the
centre is down (HTTP 5xx: its server or its database)" say try again later, nothing is lost;
"the centre refused this package" names the reason in words (REFUSALS, from the intake's codes in
workstation/centre/intake.py and the package checks in core/package/verify.py).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from workstation.errors import WorkstationError
from workstation.messages import Message

MAX_ANSWER_BYTES = 64 * 1024          # the largest answer is registration's (two certificates, a key)
REASON_CODE = re.compile(r"[a-z][a-z0-9_]{0,63}")
DECISIONS = ("accepted", "duplicate", "received", "already_here", "rejected")
# received: an intake node holds the package (HTTP 202); the node with the package key decides later
ACKNOWLEDGING = ("accepted", "duplicate", "received", "already_here")


def _m(vi: str, en: str) -> Message:
    return Message(vi, en)


# the intake's refusal codes (centre/intake.py, core/package/verify.py, centre/onboarding.py)
REFUSALS: dict[str, Message] = {
    "bad_id": _m("mã hồ sơ không hợp lệ", "the package id is not valid"),
    "too_large": _m("hồ sơ quá lớn", "the package is too large"),
    "too_slow": _m("gửi quá chậm, trung tâm ngừng chờ (sẽ gửi lại lần sau)",
                   "the upload was too slow and the centre stopped waiting (sent again next time)"),
    "caller_unknown": _m("máy trạm này chưa được đăng ký với trung tâm", "this workstation is not registered"),
    "caller_revoked": _m("trung tâm đã thu hồi đăng ký của máy trạm này", "the centre revoked this workstation"),
    "no_client_certificate": _m("máy trạm không xuất trình chứng thư của mình",
                                "the workstation presented no certificate"),
    "conflict": _m("trung tâm đã nhận một hồ sơ khác cùng mã", "the centre holds another package under this id"),
    "format": _m("hồ sơ hỏng hoặc không đúng định dạng", "the package is damaged or not in the expected format"),
    "recipient": _m("hồ sơ được mã hoá cho một trung tâm khác (khoá của trung tâm không khớp: thường là hồ sơ lưu "
                    "trước khi máy trạm đăng ký với trung tâm này, hoặc ở chế độ thử nghiệm)",
                    "the package was sealed for another centre (the centre's key does not match: usually a package "
                    "saved before this workstation was registered with this centre, or in test mode)"),
    "decryption": _m("trung tâm không giải mã được hồ sơ (hỏng trên đường truyền hoặc bị sửa)",
                     "the centre cannot decrypt the package (damaged in transit or altered)"),
    "signer": _m("hồ sơ không được ký bằng khoá đã đăng ký của máy trạm này",
                 "the package is not signed with this workstation's registered key"),
    "signature": _m("chữ ký của hồ sơ không hợp lệ", "the package's signature is not valid"),
    "certificate": _m("chứng thư máy trạm trong hồ sơ không phải chứng thư đã đăng ký",
                      "the workstation certificate in the package is not the registered one"),
    "schema": _m("nội dung hồ sơ thiếu hoặc sai trường", "the package's content has missing or wrong fields"),
    "files": _m("tệp trong hồ sơ bị thiếu hoặc bị sửa", "files in the package are missing or altered"),
    "capture_chain": _m("chuỗi ghi nhận (ảnh, vân tay) trong hồ sơ bị đứt",
                        "the capture chain (photos, fingerprints) in the package is broken"),
    "uploader_not_signer": _m("hồ sơ do máy trạm khác ký", "the package was signed by another workstation"),
    "id_mismatch": _m("mã hồ sơ bên trong khác mã đã gửi", "the id inside the package differs from the one sent"),
    "simulated": _m("hồ sơ thử nghiệm (thiết bị mô phỏng), không phải đăng ký thật",
                    "a test enrollment (simulated devices), not a real one"),
    "envelope": _m("phong bì ký của hồ sơ không khớp nội dung bên trong", "the package's signed envelope does not "
                   "match its content"),
    "envelope_missing": _m("hồ sơ theo định dạng cũ (không có phong bì ký), máy tiếp nhận này không kiểm tra được",
                           "an older package without a signed envelope, which this intake node cannot check"),
    "register_elsewhere": _m("máy chủ này chỉ tiếp nhận hồ sơ; hãy đăng ký máy trạm tại địa chỉ chính của trung tâm",
                             "this server only takes packages: register the workstation at the centre's main address"),
    "token_used": _m("mã đăng ký đã được dùng", "the enrollment token was already used"),
    "token_expired": _m("mã đăng ký đã hết hạn", "the enrollment token has expired"),
    "token_unknown": _m("mã đăng ký không đúng", "the enrollment token is not known"),
    "already_registered": _m("máy trạm này đã được đăng ký", "this workstation is already registered"),
    "csr_invalid": _m("yêu cầu chứng thư không hợp lệ", "the certificate request is not valid"),
    "csr_malformed": _m("yêu cầu chứng thư hỏng", "the certificate request is malformed"),
    "bad_workstation_id": _m("mã máy trạm không hợp lệ", "the workstation id is not valid"),
    "wrong_certificate": _m("trung tâm cấp chứng thư không khớp khoá của máy trạm",
                            "the centre issued a certificate for another key"),
    "no_ca": _m("máy chủ không gửi chứng thư gốc", "the server sent no CA certificate"),
}


def safe_reason(value: object) -> str:
    """A reason as recorded: a short code, or "unknown" (never the centre's text as such)."""
    text = value if isinstance(value, str) else ""
    return text if REASON_CODE.fullmatch(text) else "unknown"


def refusal_words(reason: str) -> Message:
    """The reason a centre gave, in words: "Trung tâm từ chối hồ sơ: <lý do>." Unknown codes are
    named as they are (bounded, a code by shape), never a raw text."""
    words = REFUSALS.get(reason)
    if words is None:
        code = safe_reason(reason)
        words = Message(f"lý do khác ({code})", f"another reason ({code})")
    return words


class CentreUnreachable(WorkstationError):
    def __init__(self, detail: str, address: str = "") -> None:
        """`address`: where it tried (the centre's, or its intake nodes' when the centre named one
        at registration), so whoever reads it knows which machine to look at."""
        at = f" ({address})" if address else ""
        super().__init__(Message(f"Không kết nối được trung tâm{at}. Hồ sơ vẫn được giữ an toàn; hãy thử lại sau.",
                                 f"The centre cannot be reached{at}; the packages are kept safely: try again later."),
                         detail[:300])


class CentreUnavailable(CentreUnreachable):
    """The centre answered, but its server or database is down (HTTP 5xx): not a refusal."""

    def __init__(self, status: int) -> None:
        WorkstationError.__init__(self, Message(
            f"Trung tâm đang gặp sự cố (máy chủ hoặc cơ sở dữ liệu của trung tâm ngừng hoạt động, mã {status}). Hồ sơ "
            "vẫn được giữ an toàn và chưa bị từ chối; hãy thử lại sau, nếu kéo dài báo quản trị viên trung tâm.",
            f"The centre is down (its server or database is not working, HTTP {status}). The packages are kept "
            "safely and were not refused: try again later; if it lasts, tell the centre's administrator."),
            f"HTTP {status}")
        self.status = status


class CentreRefused(WorkstationError):
    """The centre refused the workstation itself (not onboarded, revoked) or its registration."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = safe_reason(reason)
        words = refusal_words(self.reason)
        super().__init__(Message(f"Trung tâm từ chối: {words.vi}.", f"The centre refused: {words.en}."), detail[:300])


class CentreFault(WorkstationError):
    """An answer that is not a decision about what was sent: recorded as a fault, nothing decided."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(Message(
            "Trung tâm trả lời không hợp lệ; hồ sơ chưa được coi là đã gửi và sẽ được gửi lại lần sau. Nếu lặp lại, "
            "báo quản trị viên trung tâm.",
            "The centre's answer is not valid; the package is not counted as sent and goes again next time. If it "
            "happens again, tell the centre's administrator."), detail[:300])
        self.code = code


@dataclass(frozen=True)
class CentreDecision:
    package_id: str
    status: str              # accepted | duplicate | received | already_here | rejected
    reason: str              # a code (see REFUSALS), "" when none

    @property
    def acknowledged(self) -> bool:
        return self.status in ACKNOWLEDGING


def json_object(status: int, body: bytes) -> dict[str, object]:
    """The body as a JSON object, or a CentreFault."""
    try:
        data = json.loads(body)
    except ValueError:
        raise CentreFault("not_json", f"HTTP {status}: not JSON ({len(body)} bytes)") from None
    if not isinstance(data, dict):
        raise CentreFault("not_json", f"HTTP {status}: not a JSON object")
    return data


def decision_of(sent_id: str, status: int, body: bytes) -> CentreDecision:
    """The centre's decision about `sent_id` from an HTTP answer (already bounded in size by the
    reader); 5xx raise CentreUnavailable, anything odd a CentreFault."""
    if status >= 500:
        raise CentreUnavailable(status)
    data = json_object(status, body)
    answered_id = data.get("package_id")
    if answered_id != sent_id:
        shown = answered_id[:40] if isinstance(answered_id, str) else type(answered_id).__name__
        raise CentreFault("other_package", f"HTTP {status}: an answer about {shown!r}, not {sent_id}")
    decided = data.get("status")
    if decided not in DECISIONS:
        raise CentreFault("unknown_status", f"HTTP {status}: status {str(decided)[:40]!r}")
    reason = data.get("reason", "")
    if reason != "" and (not isinstance(reason, str) or not REASON_CODE.fullmatch(reason)):
        size = len(reason) if isinstance(reason, str) else 0
        raise CentreFault("bad_reason", f"HTTP {status}: a reason that is not a code ({size} characters)")
    if decided == "rejected" and not reason:
        raise CentreFault("bad_reason", f"HTTP {status}: rejected without a reason")
    acknowledged_with = 202 if decided == "received" else 200
    if (decided in ACKNOWLEDGING) != (status == acknowledged_with) or (decided == "rejected" and not 400 <= status < 500):
        raise CentreFault("status_mismatch", f"HTTP {status} with the decision {decided!r}")
    return CentreDecision(sent_id, str(decided), str(reason))


def status_of(sent_id: str, status: int, body: bytes) -> CentreDecision | None:
    """What `GET /packages/{id}/status` says of `sent_id`: the centre's decision (accepted,
    duplicate, received — still to be decided —, rejected with its reason), or None when the
    centre holds nothing of this workstation's under that id (404 "unknown": send it again). 5xx
    raise CentreUnavailable, anything odd a CentreFault."""
    if status >= 500:
        raise CentreUnavailable(status)
    data = json_object(status, body)
    if data.get("package_id") != sent_id:
        raise CentreFault("other_package", f"HTTP {status}: a status about another package")
    said = data.get("status")
    if status == 404 and said == "unknown":
        return None
    reason = data.get("reason", "")
    if status != 200 or said not in ("accepted", "duplicate", "received", "rejected") or \
            (reason != "" and (not isinstance(reason, str) or not REASON_CODE.fullmatch(reason))) or \
            (said == "rejected" and not reason):
        raise CentreFault("status_mismatch", f"HTTP {status} with the status {str(said)[:40]!r}")
    return CentreDecision(sent_id, str(said), str(reason))
