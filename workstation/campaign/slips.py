"""Invitation slips as PDF (A4, eight per sheet, cut along the lines; the village head hands them
out) and the same invitations as a CSV for a bulk SMS service.

Each slip: the commune, the name, the day and time of the slot, the place, what to bring (the chip ID
card; a phone whose SIM is registered in the citizen's own name, Decree 69/2024/NĐ-CP) and a QR
code of the reference with its check value (refs.py), never the ID number. Vietnamese glyphs come
from the DejaVu fonts that scripts/setup.sh installs (fonts-dejavu-core). The QR is drawn as
vector runs of its modules, so 1,500 slips stay a small, fast file.

The SMS text is written without diacritics: one GSM-7 message holds 160 characters, a Unicode one
only 70. Every cell of the CSV goes through text.safe_cell (never a formula in a spreadsheet).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from workstation.campaign.calendar import WEEKDAY_VI
from workstation.campaign.errors import CampaignError
from workstation.campaign.text import safe_cell, strip_diacritics

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
BRING = ("Mang theo: thẻ Căn cước/CCCD gắn chip và điện thoại có SIM đứng tên chính mình.")
SLIPS_PER_PAGE = (2, 4)                # columns, rows


@dataclass(frozen=True)
class Slip:
    ref: str
    qr_text: str
    full_name: str
    village: str
    start: datetime
    minutes: int
    shift: str
    phone: str
    household_phone: bool = False     # the phone is the household's (the citizen has none of their own)


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise CampaignError("Thiếu phông chữ DejaVu (gói fonts-dejavu-core): chưa in được giấy mời.",
                            "The DejaVu fonts are missing (package fonts-dejavu-core): slips cannot be printed.")
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    return "DejaVuSans", "DejaVuSans-Bold"


def when_text(slip: Slip) -> str:
    end = slip.start.hour * 60 + slip.start.minute + slip.minutes
    return (f"{WEEKDAY_VI[slip.start.weekday()]} {slip.start:%d/%m/%Y}, ca {slip.shift}, "
            f"{slip.start:%H:%M}–{end // 60:02d}:{end % 60:02d}")


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code's modules (ISO/IEC 18004, error correction M), dark = True, without the quiet zone.
    zxing-cpp's C++ encoder (3.x) chooses the mask in microseconds; segno does the same in Python
    (its mask scoring was most of the time of 1,500 slips) where an older zxing-cpp lacks it."""
    import zxingcpp

    if hasattr(zxingcpp, "create_barcode"):
        import numpy as np

        image = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        return (np.asarray(image.to_image(scale=1, add_quiet_zones=False)) < 128).tolist()
    import segno

    return [[bool(v) for v in row] for row in segno.make(text, error="m", micro=False).matrix]


def _draw_qr(canvas, text: str, x: float, y: float, size: float) -> None:  # noqa: ANN001 - reportlab canvas
    matrix = qr_matrix(text)
    n = len(matrix) + 8                               # the quiet zone: 4 modules each side
    module = size / n
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                run = c
                while run < len(row) and row[run]:
                    run += 1
                path.rect(x + (c + 4) * module, y + size - (r + 5) * module, (run - c) * module, module)
                c = run
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)


def _wrap(canvas, text: str, font: str, size: float, width: float) -> list[str]:  # noqa: ANN001
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if canvas.stringWidth(trial, font, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def write_pdf(slips: list[Slip], out: Path, commune: str, place: str) -> int:
    """The slips, eight per A4 page; returns the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    if not slips:
        raise CampaignError("Không có giấy mời nào để in (chưa mời ai, hoặc thôn không còn ai phải mời).",
                            "No invitations to print (nobody invited yet, or nobody left to invite in the village).")
    regular, bold = _fonts()
    width, height = A4
    cols, rows = SLIPS_PER_PAGE
    margin = 20.0
    w, h = (width - 2 * margin) / cols, (height - 2 * margin) / rows
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        canvas = Canvas(str(out), pagesize=A4, pageCompression=1)
    except OSError as exc:
        raise CampaignError(f"Không ghi được {out}.", f"Cannot write {out} ({exc.strerror or exc}).") from None
    canvas.setTitle(f"Giấy mời - {commune}")
    per_page = cols * rows
    pages = 0
    for index, slip in enumerate(slips):
        position = index % per_page
        if position == 0:
            if index:
                canvas.showPage()
            pages += 1
            canvas.setDash(3, 3)
            canvas.setLineWidth(0.3)
            for c in range(1, cols):
                canvas.line(margin + c * w, margin, margin + c * w, height - margin)
            for r in range(1, rows):
                canvas.line(margin, margin + r * h, width - margin, margin + r * h)
            canvas.setDash()
        col, row = position % cols, position // cols
        x0, top = margin + col * w + 10, height - margin - row * h - 14
        canvas.setFont(bold, 8)
        canvas.drawString(x0, top, f"CÔNG AN {commune.upper()}"[:60])
        canvas.setFont(bold, 12)
        canvas.drawString(x0, top - 17, "GIẤY MỜI")
        canvas.setFont(regular, 7.5)
        canvas.drawString(x0, top - 28, "Làm tài khoản định danh điện tử mức độ 2 (VNeID)")
        canvas.setFont(bold, 10)
        canvas.drawString(x0, top - 44, _wrap(canvas, slip.full_name, bold, 10, w - 20)[0])
        canvas.setFont(regular, 8)
        canvas.drawString(x0, top - 56, slip.village[:40])
        text_width = w - 20 - 96              # clear of the QR code and its quiet zone
        y = top - 72
        for line in _wrap(canvas, "Thời gian: " + when_text(slip), regular, 8, text_width):
            canvas.drawString(x0, y, line)
            y -= 10
        for line in _wrap(canvas, "Địa điểm: " + place, regular, 8, text_width)[:3]:     # a long address: 3 lines
            canvas.drawString(x0, y, line)
            y -= 10
        for line in _wrap(canvas, BRING, regular, 7.5, text_width):
            canvas.drawString(x0, y, line)
            y -= 9.5
        canvas.setFont(regular, 7)
        canvas.drawString(x0, top - h + 28, "Xin đến đúng giờ để không phải chờ lâu.")
        canvas.setFont(bold, 9)
        canvas.drawString(x0 + w - 20 - 80, top - h + 18, f"Mã: {slip.ref[:4]}-{slip.ref[4:]}")
        _draw_qr(canvas, slip.qr_text, x0 + w - 20 - 86, top - h + 26, 86)
    canvas.showPage()
    try:
        canvas.save()
    except OSError as exc:
        raise CampaignError(f"Không ghi được {out}.", f"Cannot write {out} ({exc.strerror or exc}).") from None
    return pages


SMS_LIMIT = 160                    # one GSM-7 message (3GPP TS 23.038): the text has no diacritics


def sms_text(slip: Slip, commune: str, place: str) -> str:
    """The invitation in one SMS where it fits: the fullest wording of 160 characters or less, a
    shorter one for long names and places (the printed slip has the rest: weekday, year, minutes)."""
    when = f"{slip.start:%H:%M} {slip.start:%d/%m}"
    bring = f"Mang CCCD gan chip, DT SIM chinh chu. Ma {slip.ref}"
    long_family, short_family = (" (nho gia dinh bao giup)", " (GD bao giup)") if slip.household_phone else ("", "")
    variants = [f"CA {commune} moi {slip.full_name}{family} lam dinh danh muc 2 luc {when} tai {place}. {bring}"
                for family in (long_family, short_family)]
    variants.append(f"CA moi {slip.full_name}{short_family} lam dinh danh muc 2 {when} tai {place}. {bring}")
    texts = [strip_diacritics(v) for v in variants]
    return next((t for t in texts if len(t) <= SMS_LIMIT), texts[-1])


def write_sms_csv(slips: list[Slip], out: Path, commune: str, place: str) -> tuple[int, int]:
    """phone, message for each slip whose citizen has a phone; returns (written, without a phone)."""
    written = missing = 0
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["phone", "message"])
            for slip in slips:
                if not slip.phone:
                    missing += 1
                    continue
                writer.writerow([safe_cell(slip.phone), safe_cell(sms_text(slip, commune, place))])
                written += 1
    except OSError as exc:
        raise CampaignError(f"Không ghi được {out}.", f"Cannot write {out} ({exc.strerror or exc}).") from None
    return written, missing


def day_text(day: date) -> str:
    return f"{WEEKDAY_VI[day.weekday()]} {day:%d/%m/%Y}"


def write_mobile_day_pdf(plan, out: Path, commune: str) -> None:  # noqa: ANN001 - mobile.MobileDay
    """The team's day on paper: each household in order, its time, who, what to look out for, and
    boxes to tick (done, not at home, refused)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _fonts()
    small = ParagraphStyle("s", fontName=regular, fontSize=8, leading=10)
    rows = [["#", "Giờ", "Hộ", "Công dân", "Lưu ý", Paragraph("<b>Đã làm / Vắng / Từ chối</b>", small)]]
    for visit in plan.visits:
        end = visit.start + timedelta(minutes=visit.minutes)
        rows.append([str(visit.order), f"{visit.start:%H:%M}–{end:%H:%M}", visit.household,
                     Paragraph("<br/>".join(f"{m.name} ({m.age})" for m in visit.members), small),
                     Paragraph("<br/>".join(", ".join(m.marks) or "-" for m in visit.members), small), "☐  ☐  ☐"])
    grid = TableStyle([("FONT", (0, 0), (-1, -1), regular, 8), ("FONT", (0, 0), (-1, 0), bold, 8),
                       ("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    story = [Paragraph(f"KẾ HOẠCH TỔ LƯU ĐỘNG {plan.team} — {plan.village}, {day_text(plan.day)}",
                       ParagraphStyle("t", fontName=bold, fontSize=12, leading=15)),
             Paragraph(f"Công an {commune}: {len(plan.visits)} hộ, "
                       f"{sum(len(v.members) for v in plan.visits)} công dân"
                       + (f"; {plan.left_for_another_day} hộ để ngày khác" if plan.left_for_another_day else ""),
                       small), Spacer(1, 8), Table(rows, style=grid, repeatRows=1,
                                                   colWidths=[18, 62, 60, 150, 130, 100])]
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        SimpleDocTemplate(str(out), pagesize=A4, title=f"Tổ lưu động {plan.team}", leftMargin=28, rightMargin=28,
                          topMargin=28, bottomMargin=28).build(story)
    except OSError as exc:
        raise CampaignError(f"Không ghi được {out}.", f"Cannot write {out} ({exc.strerror or exc}).") from None
