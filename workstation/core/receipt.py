"""The citizen's receipt: what was taken at the counter, with a reference to look the enrollment up.

Qt-free: this module decides what the receipt says (a reference number and its QR code, the name,
the ID number partly masked, date and time, unit and officer, each capture with its quality or the
reason it is missing, the consent given) and lays it out as HTML; the window prints it or writes it
as PDF (ui/receipt_printer.py). The receipt is in Vietnamese whatever the window's language: it is
the citizen's paper.

What it never holds: the full ID number (a lost receipt must not be an identity document), the
date of birth, the phone number, or any image of the citizen.
"""
from __future__ import annotations

import base64
import html
import io
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from workstation.core.finger_sequence import FingerprintSequence
from workstation.verify.finger.positions import FINGERS
from workstation.version import software_version

if TYPE_CHECKING:
    from workstation.core.enrollment.workflow import EnrollmentWorkflow
    from workstation.core.face_review import FaceReview

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"     # no 0/O, 1/I: read out over a counter without mistakes
CONSENT_TEXT = ("Công dân đã được thông báo và đồng ý để cơ quan Công an thu nhận, xử lý dữ liệu cá nhân (ảnh "
                "khuôn mặt, vân tay, thông tin trên thẻ Căn cước) cho mục đích cấp tài khoản định danh điện tử "
                "mức độ 2, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân.")
NO_CONSENT_TEXT = "Công dân CHƯA đồng ý xử lý dữ liệu cá nhân: hồ sơ không được gửi đi."


def reference_of(package_id: str) -> str:
    """A short reference read out or typed at the counter: 10 characters of the package id, in an
    alphabet without look-alikes, grouped (e.g. "L2-7F3K-9QXM-AB"). The QR code carries the full id."""
    number = uuid.UUID(package_id).int >> 78          # the first 50 bits
    chars = []
    for _ in range(10):
        number, digit = divmod(number, 32)
        chars.append(_ALPHABET[digit])
    text = "".join(reversed(chars))
    return f"L2-{text[:4]}-{text[4:8]}-{text[8:]}"


def mask_id(id_number: str) -> str:
    """The first three digits (the province) and the last three: "001******345"."""
    if len(id_number) <= 6:
        return "*" * len(id_number)
    return id_number[:3] + "*" * (len(id_number) - 6) + id_number[-3:]


@dataclass(frozen=True)
class ReceiptLine:
    what: str                # "Ảnh khuôn mặt", "Ngón trỏ phải", ...
    result: str              # "đã thu nhận, khớp ảnh trên chip", "chất lượng 62", "không thu nhận: ..."
    ok: bool = True


@dataclass(frozen=True)
class Receipt:
    reference: str
    package_id: str
    full_name: str
    masked_id: str
    captured_at: datetime              # local time
    unit: str                          # the police unit, as printed (ui.police_unit)
    commune: str                       # the commune code of the centre's registration, or ""
    officer: str
    lines: tuple[ReceiptLine, ...] = field(default_factory=tuple)
    consent: bool = False
    simulated: bool = False
    software: str = field(default_factory=software_version)   # which build printed it, for support

    @property
    def qr_text(self) -> str:
        return f"VNEID-L2|{self.reference}|{self.package_id}"


def finger_lines(sequence: FingerprintSequence | None) -> list[ReceiptLine]:
    if sequence is None:
        return [ReceiptLine("Vân tay", "không thu nhận", ok=False)]
    lines = []
    for capture in sequence.captures:
        label = FINGERS[capture.finger].label.vi.capitalize()
        lines.append(ReceiptLine(label, f"đã thu nhận, chất lượng {capture.nfiq2}"
                                 + ("" if capture.passed else " (dưới ngưỡng, tốt nhất sau các lần thử)"),
                                 ok=capture.passed))
    for exception in sequence.exceptions:
        if any(c.finger == exception.finger for c in sequence.captures):
            continue
        label = FINGERS[exception.finger].label.vi.capitalize()
        lines.append(ReceiptLine(label, "không thu nhận: " + exception.text("vi"), ok=False))
    return lines


def face_line(face: "FaceReview | None") -> ReceiptLine:
    if face is None:
        return ReceiptLine("Ảnh khuôn mặt", "không thu nhận", ok=False)
    if face.override is not None:
        return ReceiptLine("Ảnh khuôn mặt", f"đã thu nhận, chấp nhận bởi giám sát viên {face.override.officer}",
                           ok=False)
    return ReceiptLine("Ảnh khuôn mặt", "đã thu nhận, khớp ảnh trên chip")


def receipt_for(workflow: "EnrollmentWorkflow", package_id: str, unit: str = "", commune: str = "",
                at: datetime | None = None) -> Receipt:
    """The receipt of a saved enrollment (the workflow still holds what it was made of)."""
    assert workflow.card is not None
    d = workflow.card.dg13
    lines = (face_line(workflow.face), *finger_lines(workflow.fingerprints))
    return Receipt(reference_of(package_id), package_id, d.full_name, mask_id(d.id_number),
                   (at or datetime.now()).astimezone(), unit, commune, workflow.officer, lines,
                   consent=workflow.contact.consent if workflow.contact is not None else False,
                   simulated=workflow.simulated)


def qr_png(text: str, scale: int = 6) -> bytes:
    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()


def receipt_html(receipt: Receipt, qr_pixels: int = 120) -> str:
    """The receipt laid out for QTextDocument (A5 portrait): a subset of HTML 4 and CSS it renders.
    `qr_pixels`: the QR code's side in CSS pixels. The reference is kept on one line (nowrap):
    where Qt may break a line at one of its hyphens, the PDF's text loses that hyphen."""
    e = html.escape
    qr = base64.b64encode(qr_png(receipt.qr_text)).decode()
    rows = "".join(
        f'<tr><td class="what">{e(line.what)}</td>'
        f'<td class="{"ok" if line.ok else "warn"}">{e(line.result)}</td></tr>' for line in receipt.lines)
    unit = e(receipt.unit or "Công an cấp xã")
    commune = f" (mã xã {e(receipt.commune)})" if receipt.commune else ""
    simulated = ('<p class="sim">BẢN MÔ PHỎNG — KHÔNG CÓ GIÁ TRỊ</p>' if receipt.simulated else "")
    consent = CONSENT_TEXT if receipt.consent else NO_CONSENT_TEXT
    return f"""<html><head><style>
body {{ font-family: 'DejaVu Sans'; font-size: 10pt; }}
h1 {{ font-size: 13pt; text-align: center; margin: 0; }}
h2 {{ font-size: 11pt; text-align: center; margin: 0; font-weight: normal; }}
td {{ padding: 2px 6px; vertical-align: top; }}
td.label {{ color: #444; }}
td.what {{ font-weight: bold; }}
td.ok {{ color: #1b5e20; }}
td.warn {{ color: #8a4b00; }}
p.sim {{ color: #b3261e; font-weight: bold; text-align: center; font-size: 12pt; }}
p.small {{ font-size: 8pt; color: #444; }}
</style></head><body>
<p align="center">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br/><b>Độc lập - Tự do - Hạnh phúc</b></p>
<h1>GIẤY XÁC NHẬN THU NHẬN HỒ SƠ</h1>
<h2>đăng ký tài khoản định danh điện tử mức độ 2</h2>
{simulated}
<table width="100%"><tr>
<td><table>
<tr><td class="label">Số tham chiếu:</td><td style="white-space: nowrap"><b style="font-size: 13pt">{e(receipt.reference)}</b></td></tr>
<tr><td class="label">Họ và tên:</td><td><b>{e(receipt.full_name)}</b></td></tr>
<tr><td class="label">Số định danh:</td><td>{e(receipt.masked_id)}</td></tr>
<tr><td class="label">Thời gian:</td><td>{receipt.captured_at:%H:%M, ngày %d/%m/%Y}</td></tr>
<tr><td class="label">Đơn vị:</td><td>{unit}{commune}</td></tr>
<tr><td class="label">Cán bộ thu nhận:</td><td>{e(receipt.officer)}</td></tr>
</table></td>
<td align="right"><img src="data:image/png;base64,{qr}" width="{qr_pixels}" height="{qr_pixels}"/></td>
</tr></table>
<p><b>Đã thu nhận</b></p>
<table width="100%">{rows}</table>
<p>{e(consent)}</p>
<table width="100%"><tr>
<td align="center" width="50%"><b>Công dân</b><br/><i>(ký, ghi rõ họ tên)</i><br/><br/><br/></td>
<td align="center" width="50%"><b>Cán bộ thu nhận</b><br/><i>(ký, ghi rõ họ tên)</i><br/><br/><br/>{e(receipt.officer)}</td>
</tr></table>
<p class="small">Giữ giấy này: số tham chiếu và mã QR dùng để tra cứu hồ sơ tại cơ quan Công an.
Giấy không thay thế thẻ Căn cước và không chứa đủ số định danh. Phần mềm: workstation {e(receipt.software)}</p>
</body></html>"""
