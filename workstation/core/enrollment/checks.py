"""The verdict panel: every check of an enrollment as green / amber / red, in the officer's words,
with what to do next. The window shows these big; `workstation enroll --json` lists them.

Red blocks saving. A red face check turns amber when a supervisor approves an override (the
reason goes into the package); a red chip, QR or expiry check never does: a chip that cannot be
authenticated must not be enrolled.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from workstation.core.card_reading import CardRead
from workstation.core.face_review import FaceReview
from workstation.core.finger_sequence import FingerprintSequence
from workstation.messages import Message
from workstation.verify.verdict import GENUINE, GENUINE_CHAIN_NOT_VERIFIED

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass(frozen=True)
class Check:
    name: str                       # chip | expiry | qr | face | fingerprints | contact
    level: str                      # ok | warn | fail
    message: Message
    next_step: Message | None = None
    detail: str = ""                # technical, for the log and testers; never personal data
    action: str = ""                # what resolves it on the spot, if anything: "chain_approval"

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "level": self.level, "message": self.message.en, "message_vi": self.message.vi,
                "next_step": self.next_step.en if self.next_step else None,
                "next_step_vi": self.next_step.vi if self.next_step else None, "detail": self.detail,
                "action": self.action or None}


@dataclass(frozen=True)
class ChainApproval:
    """A supervisor's approval of a chip whose issuer this workstation could not verify (no CSCA of
    the card's country installed), given only where verify.require_trusted_chain is off."""

    supervisor: str
    reason: str
    at: str

    def as_dict(self) -> dict[str, str]:
        return {"supervisor": self.supervisor, "reason": self.reason, "at": self.at}


# the officer's words for each class of red chip verdict (verify.verdict: codes): what it is, what to do
_NOT_GENUINE = {
    "forged": (Message("Chip giả hoặc dữ liệu trên chip đã bị sửa đổi.", "Forged chip, or its data was altered."),
               Message("Không được đăng ký với thẻ này. Giữ thẻ và báo cáo lãnh đạo.",
                       "Do not enroll with this card. Keep the card and report it to your supervisor.")),
    "unknown_signer": (
        Message("Chip được ký bởi cơ quan không có trong danh sách tin cậy của máy trạm này.",
                "The chip was signed by an issuer that is not in this workstation's trust list."),
        Message("Chưa đăng ký lúc này; gọi quản trị viên để kiểm tra chứng thư CSCA đã cài.",
                "Do not enroll now; call the administrator to check the installed CSCA certificates.")),
    "withheld": (Message("Chip không cho đọc dữ liệu mà nó phải có (có thể bị can thiệp).",
                         "The chip withholds data it is signed to carry (it may have been tampered with)."),
                 Message("Đọc lại thẻ; nếu vẫn vậy, không đăng ký và báo cáo lãnh đạo.",
                         "Read the card again; if it persists, do not enroll and report it to your supervisor.")),
    "clone": (Message("Chip không chứng minh được là chip thật (có thể là bản sao).",
                      "The chip could not prove it is the original (it may be a copy)."),
              Message("Không được đăng ký với thẻ này; báo cáo lãnh đạo.",
                      "Do not enroll with this card; report it to your supervisor.")),
}
# where the class's words would not say what happened: the first code's own words
_BY_CODE = {
    "forged:ds_document_type": (
        Message("Chip được ký bằng chứng thư không được phép ký loại giấy tờ này (không phải thẻ căn cước).",
                "The chip is signed with a certificate that may not sign this kind of document (not an ID card)."),
        _NOT_GENUINE["forged"][1]),
    "forged:ds_unknown_critical_extension": (
        Message("Chứng thư ký chip có điều kiện bắt buộc mà máy trạm không hiểu: không thể tin chip này.",
                "The chip's signing certificate carries a mandatory condition this workstation does not "
                "understand: the chip cannot be trusted."),
        Message("Không được đăng ký với thẻ này. Giữ thẻ, báo cáo lãnh đạo và quản trị viên.",
                "Do not enroll with this card. Keep the card and report it to your supervisor and the "
                "administrator.")),
}
NEEDS_CHAIN_APPROVAL = "chain_approval"


def _chain_not_verified(read: CardRead, require_trusted_chain: bool, approval: ChainApproval | None) -> Check:
    detail = "; ".join(read.verdict.reasons)
    if require_trusted_chain:
        return Check("chip", FAIL, Message(
            "Chưa xác minh được cơ quan cấp thẻ: máy trạm chưa cài chứng thư gốc (CSCA) của Bộ Công an.",
            "The card's issuer cannot be verified: the Ministry's root certificate (CSCA) is not installed on "
            "this workstation."),
            Message("Chưa đăng ký lúc này; gọi quản trị viên để cài chứng thư CSCA.",
                    "Do not enroll now; call the administrator to install the CSCA certificate."), detail)
    if approval is None:
        return Check("chip", FAIL, Message(
            "Chưa xác minh được cơ quan cấp thẻ (chưa cài CSCA): cần lãnh đạo phê duyệt, ghi rõ lý do.",
            "The card's issuer cannot be verified (no CSCA installed): a supervisor must approve, with a reason."),
            Message("Mời lãnh đạo phê duyệt.", "Ask a supervisor to approve."), detail, action=NEEDS_CHAIN_APPROVAL)
    return Check("chip", WARN, Message(
        f"Chip không phải bản sao, dữ liệu nguyên vẹn; chưa xác minh cơ quan cấp — lãnh đạo {approval.supervisor} "
        "đã phê duyệt.",
        f"The chip is not a copy and its data is intact; the issuer is not verified — approved by supervisor "
        f"{approval.supervisor}."), detail=f"{detail}; approval: {approval.reason}")


def chip_checks(read: CardRead, require_trusted_chain: bool = True,
                approval: ChainApproval | None = None) -> list[Check]:
    checks: list[Check] = []
    verdict = read.verdict
    if verdict.verdict == GENUINE:
        checks.append(Check("chip", OK, Message("Chip thật: dữ liệu nguyên vẹn, đúng cơ quan cấp.",
                                                "Genuine chip: data intact, issued by a trusted authority.")))
    elif verdict.verdict == GENUINE_CHAIN_NOT_VERIFIED:
        checks.append(_chain_not_verified(read, require_trusted_chain, approval))
    else:
        message, next_step = _BY_CODE.get(verdict.codes[0] if verdict.codes else "",
                                          _NOT_GENUINE.get(verdict.kind, _NOT_GENUINE["forged"]))
        checks.append(Check("chip", FAIL, message, next_step, "; ".join(verdict.reasons)))
    if read.expired:
        checks.append(Check("expiry", FAIL, Message("Thẻ đã hết hạn.", "The card has expired."),
                            Message("Hướng dẫn công dân làm thủ tục cấp đổi thẻ.",
                                    "Ask the citizen to renew the card first.")))
    cross = read.cross_check
    if cross is None:
        checks.append(Check("qr", WARN, Message("Chưa đối chiếu mã QR với chip.", "The QR code was not checked."),
                            Message("Quét mã QR trên thẻ.", "Scan the QR code on the card.")))
    elif cross.blocking:
        fields = ", ".join(f.field for f in cross.findings if f.severity == "mismatch")
        checks.append(Check("qr", FAIL, Message("Mã QR không khớp với chip.", "The QR code does not match the chip."),
                            Message("Kiểm tra lại thẻ: mã QR và chip phải là của cùng một người.",
                                    "Check the card: its QR code and chip must describe the same person."), fields))
    elif cross.findings:
        checks.append(Check("qr", WARN, Message("Mã QR khớp với chip, có điểm cần lưu ý.",
                                                "The QR code matches the chip, with notes."),
                            detail=", ".join(f.field for f in cross.findings)))
    else:
        checks.append(Check("qr", OK, Message("Mã QR khớp với chip.", "The QR code matches the chip.")))
    return checks


_FACE_PROBLEMS = {
    "no_match": (Message("Khuôn mặt không khớp với ảnh trong chip.", "The face does not match the chip photo."),
                 Message("Chụp lại; nếu vẫn không khớp, cần lãnh đạo phê duyệt.",
                         "Retake the photo; if it still does not match, a supervisor must approve.")),
    "uncertain": (Message("Chưa chắc chắn khuôn mặt khớp với ảnh trong chip.",
                          "Not sure the face matches the chip photo."),
                  Message("Yêu cầu công dân bỏ kính, nhìn thẳng rồi chụp lại.",
                          "Ask the citizen to remove glasses and look straight, then retake.")),
    "liveness": (Message("Chưa kiểm tra được người thật (quay đầu).", "Liveness was not shown (head turn)."),
                 Message("Yêu cầu công dân quay đầu sang một bên rồi nhìn thẳng.",
                         "Ask the citizen to turn the head to one side, then look straight again.")),
    "liveness_blink": (Message("Chưa kiểm tra được người thật (nhắm mở mắt).", "Liveness was not shown (blink)."),
                       Message("Yêu cầu công dân nhắm mắt lại rồi mở mắt ra.",
                               "Ask the citizen to close the eyes, then open them.")),
    "quality": (Message("Ảnh chân dung chưa đạt chuẩn.", "The portrait does not meet the photo rules."),
                Message("Chụp lại theo hướng dẫn trên màn hình.", "Retake it following the guidance on screen.")),
}


def face_check(review: FaceReview | None) -> Check:
    if review is None:
        return Check("face", FAIL, Message("Chưa chụp khuôn mặt.", "No face captured yet."),
                     Message("Chụp ảnh khuôn mặt công dân.", "Capture the citizen's face."))
    detail = f"distance {review.match.score:.3f}, liveness {review.liveness}"
    if review.quality_failed:
        detail += ", failed: " + ", ".join(review.quality_failed)
    problem = ("no_match" if review.match.verdict == "no_match" else "uncertain" if review.match.verdict == "uncertain"
               else "liveness" if review.liveness != "passed" else "quality" if review.quality_failed else None)
    if problem is None:
        return Check("face", OK, Message("Khuôn mặt khớp với ảnh trong chip.", "The face matches the chip photo."),
                     detail=detail)
    if problem == "liveness" and review.liveness_challenge == "blink":
        problem = "liveness_blink"
    message, next_step = _FACE_PROBLEMS[problem]
    if review.override is not None:
        return Check("face", WARN, Message(f"{message.vi} Lãnh đạo đã chấp nhận.",
                                           f"{message.en} Accepted by a supervisor."),
                     detail=detail + f", accepted by {review.override.officer}: {review.override.reason}")
    return Check("face", FAIL, message, next_step, detail)


def finger_check(sequence: FingerprintSequence | None) -> Check:
    if sequence is None or not sequence.captures:
        exceptions = "; ".join(f"{e.finger}: {e.reason}" for e in sequence.exceptions) if sequence else ""
        if sequence is not None and sequence.done:
            return Check("fingerprints", WARN, Message("Không lấy được vân tay (đã ghi lý do).",
                                                       "No fingerprint could be taken (reasons recorded)."),
                         detail=exceptions)
        return Check("fingerprints", FAIL, Message("Chưa lấy vân tay.", "Fingerprints not taken yet."),
                     Message("Lấy vân tay ngón trỏ hai tay.", "Take both index fingers."))
    scores = ", ".join(f"{c.finger} {c.nfiq2}" for c in sequence.captures)
    if not sequence.done:
        return Check("fingerprints", FAIL, Message("Chưa lấy xong vân tay.", "Fingerprints not finished."),
                     Message("Lấy tiếp ngón tay đang yêu cầu.", "Take the finger asked for."), scores)
    if sequence.complete and not sequence.exceptions:
        return Check("fingerprints", OK, Message("Vân tay đạt chất lượng.", "Fingerprints of good quality."),
                     detail=f"NFIQ 2: {scores}")
    return Check("fingerprints", WARN, Message("Vân tay có ngón chất lượng thấp hoặc được thay thế (đã ghi lý do).",
                                               "Some fingerprints are poor or replaced by another finger (recorded)."),
                 detail=f"NFIQ 2: {scores}; " + "; ".join(f"{e.finger}: {e.reason}" for e in sequence.exceptions))


_PHONE = re.compile(r"^(?:0|\+84|84)([35789][0-9]{8})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_phone(text: str) -> str | None:
    """A Vietnamese mobile number as 0xxxxxxxxx, or None when it is not one."""
    digits = re.sub(r"[\s.\-()]", "", text)
    m = _PHONE.match(digits)
    return f"0{m.group(1)}" if m else None


@dataclass(frozen=True)
class Contact:
    phone: str = ""
    email: str = ""
    consent: bool = False


def contact_check(contact: Contact) -> Check:
    if normalise_phone(contact.phone) is None:
        return Check("contact", FAIL, Message("Số điện thoại di động chưa đúng.", "The mobile number is not valid."),
                     Message("Nhập số di động 10 chữ số của công dân (ví dụ 0912345678).",
                             "Enter the citizen's 10-digit mobile number (e.g. 0912345678)."))
    if contact.email and not _EMAIL.match(contact.email.strip()):
        return Check("contact", FAIL, Message("Địa chỉ email chưa đúng.", "The email address is not valid."),
                     Message("Sửa hoặc để trống email.", "Correct the email or leave it empty."))
    if not contact.consent:
        return Check("contact", FAIL, Message("Công dân chưa đồng ý.", "The citizen has not given consent."),
                     Message("Hỏi công dân có đồng ý đăng ký định danh mức 2 không.",
                             "Ask the citizen for consent to the level-2 enrollment."))
    return Check("contact", OK, Message("Đã có số điện thoại và sự đồng ý của công dân.",
                                        "Phone number and consent recorded."))
