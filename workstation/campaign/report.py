"""`workstation campaign report --day DATE --out FILE.pdf|.xlsx`: the commune chief's daily report.

The day's figures per village and shift, the totals to date against the quota, the pace and the
forecast date. No names, no ID numbers: counts only, so the report can be sent on. The XLSX writes
every text cell through text.safe_cell; the PDF uses the DejaVu fonts (Vietnamese)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from workstation.campaign.errors import CampaignError
from workstation.campaign.progress import KEYS, Progress
from workstation.campaign.slips import _fonts, day_text
from workstation.campaign.text import safe_cell

LABELS = {"eligible": "Đủ điều kiện", "invited": "Đã mời", "came": "Đã đến", "enrolled": "Đã làm",
          "refused": "Từ chối", "no_show": "Vắng", "still_due": "Còn phải làm"}


def _day_rows(p: Progress, day: date) -> tuple[dict[str, object] | None, list[dict[str, object]]]:
    today = next((d for d in p.days if d["day"] == day.isoformat()), None)
    shifts = [s for s in p.shifts if s["day"] == day.isoformat()]
    return today, shifts


def vi_number(value: object) -> object:
    """A fraction as Vietnamese writes it (0,5 not 0.5); the XLSX keeps real numbers."""
    return f"{value:.1f}".replace(".", ",") if isinstance(value, float) else value


def _summary(p: Progress) -> list[tuple[str, object]]:
    return [("Xã/phường", p.commune), ("Chỉ tiêu", p.quota if p.quota is not None else "-"),
            ("Đã làm (lũy kế)", p.totals["enrolled"]), ("Còn phải làm", p.totals["still_due"]),
            ("Tốc độ (người/ngày làm việc)", round(p.pace_per_day, 1)),
            ("Dự kiến đạt chỉ tiêu", p.forecast.strftime("%d/%m/%Y") if p.forecast else "chưa tính được"),
            ("Theo kế hoạch", p.planned.strftime("%d/%m/%Y") if p.planned else "-")]


def write_report(p: Progress, day: date, out: Path) -> None:
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise CampaignError("Báo cáo ghi ra .pdf hoặc .xlsx.", "The report is written as .pdf or .xlsx.")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        (_xlsx if suffix == ".xlsx" else _pdf)(p, day, out)
    except OSError as exc:
        raise CampaignError(f"Không ghi được {out}.", f"Cannot write {out} ({exc.strerror or exc}).") from None


def _xlsx(p: Progress, day: date, out: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Bao cao"
    sheet.append([safe_cell(f"BÁO CÁO TIẾN ĐỘ NGÀY {day:%d/%m/%Y} - {p.commune}")])
    sheet["A1"].font = Font(bold=True)
    for label, value in _summary(p):
        sheet.append([label, safe_cell(value)])
    sheet.append([])
    today, shifts = _day_rows(p, day)
    day_keys = [k for k in KEYS if k != "eligible"]
    sheet.append(["Trong ngày", *[LABELS[k] for k in day_keys]])
    sheet.append(["Cả ngày", *[(today or {}).get(k, 0) for k in day_keys]])
    for s in shifts:
        sheet.append([safe_cell(f"Ca {s['shift']}"), *[s[k] for k in day_keys]])
    sheet.append([])
    sheet.append(["Thôn/Tổ dân phố (lũy kế)", "Cán bộ phụ trách", "Chỉ tiêu", *[LABELS[k] for k in KEYS]])
    for v in p.villages:
        sheet.append([safe_cell(v["village"]), safe_cell(v["officer"] or ""), v["quota"], *[v[k] for k in KEYS]])
    sheet.append(["Toàn xã", "", p.quota, *[p.totals[k] for k in KEYS]])
    sheet.column_dimensions["A"].width = 30
    book.save(out)


def _pdf(p: Progress, day: date, out: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = _fonts()
    title = ParagraphStyle("t", fontName=bold, fontSize=13, leading=16)
    text = ParagraphStyle("b", fontName=regular, fontSize=9, leading=12)
    grid = TableStyle([("FONT", (0, 0), (-1, -1), regular, 8), ("FONT", (0, 0), (-1, 0), bold, 8),
                       ("GRID", (0, 0), (-1, -1), 0.3, colors.grey), ("ALIGN", (1, 1), (-1, -1), "RIGHT")])
    today, shifts = _day_rows(p, day)
    day_keys = [k for k in KEYS if k != "eligible"]
    day_table = [["Trong ngày", *[LABELS[k] for k in day_keys]], ["Cả ngày", *[(today or {}).get(k, 0) for k in day_keys]]]
    day_table += [[f"Ca {s['shift']}", *[s[k] for k in day_keys]] for s in shifts]
    villages = [["Thôn/Tổ dân phố", "Cán bộ", "Chỉ tiêu", *[LABELS[k] for k in KEYS]]]
    villages += [[v["village"], v["officer"] or "", v["quota"] if v["quota"] is not None else "",
                  *[v[k] for k in KEYS]] for v in p.villages]
    villages.append(["Toàn xã", "", p.quota if p.quota is not None else "", *[p.totals[k] for k in KEYS]])
    story = [Paragraph(f"BÁO CÁO TIẾN ĐỘ CẤP TÀI KHOẢN ĐỊNH DANH ĐIỆN TỬ MỨC 2 — {day_text(day)}", title),
             Spacer(1, 6)]
    story += [Paragraph(f"{label}: {vi_number(value)}", text) for label, value in _summary(p)]
    story += [Spacer(1, 10), Table(day_table, style=grid), Spacer(1, 10), Table(villages, style=grid)]
    SimpleDocTemplate(str(out), pagesize=landscape(A4), title=f"Báo cáo {day:%d/%m/%Y}",
                      leftMargin=28, rightMargin=28, topMargin=28, bottomMargin=28).build(story)
