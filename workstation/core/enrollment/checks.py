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

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "level": self.level, "message": self.message.en, "message_vi": self.message.vi,
                "next_step": self.next_step.en if self.next_step else None,
                "next_step_vi": self.next_step.vi if self.next_step else None, "detail": self.detail}


def chip_checks(read: CardRead) -> list[Check]:
    checks: list[Check] = []
    verdict = read.verdict
    if verdict.verdict == GENUINE:
        checks.append(Check("chip", OK, Message("Chip thật: dữ liệu nguyên vẹn, đúng cơ quan cấp.",
                                                "Genuine chip: data intact, issued by a trusted authority.")))
    elif verdict.verdict == GENUINE_CHAIN_NOT_VERIFIED:
        checks.append(Check("chip", WARN, Message(
            "Chip không phải bản sao, dữ liệu nguyên vẹn; chưa kiểm tra được cơ quan cấp (chưa cài chứng thư CSCA).",
            "The chip is not a copy and its data is intact; the issuer could not be checked (no CSCA certificate "
            "installed)."), detail="; ".join(verdict.reasons)))
    else:
        checks.append(Check("chip", FAIL, Message("Không xác thực được chip.", "The chip could not be authenticated."),
                            Message("Không được đăng ký với thẻ này; báo cáo lãnh đạo.",
                                    "Do not enroll with this card; report it to your supervisor."),
                            "; ".join(verdict.reasons)))
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
