"""Reading the console's query strings and forms: each value checked for its shape before any
query runs (a NUL, a huge value or a wrong date is a message on the page, never a database error)."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from workstation.centre.console.queries import AuditFilter

COMMUNE = re.compile(r"[0-9A-Za-z_-]{1,16}")
WORKSTATION = re.compile(r"[0-9A-Za-z_.:-]{1,64}")
STATUS = re.compile(r"[a-z_]{1,16}")
MAX_PAGE = 10_000


@dataclass(frozen=True)
class Parsed:
    wanted: AuditFilter
    problems: tuple[str, ...]
    values: dict[str, str]          # what was typed, to put back in the form


def _text(query: Mapping[str, str], name: str) -> str:
    value = query.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def parse_day(text: str) -> date | None:
    """YYYY-MM-DD (what <input type=date> sends) or DD/MM/YYYY (what an officer types)."""
    if len(text) > 10:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:
        return None
    return None


def parse_page(query: Mapping[str, str], name: str = "trang") -> int | None:
    text = _text(query, name)
    if not text:
        return 0
    if not text.isdigit() or len(text) > 6 or int(text) > MAX_PAGE:
        return None
    return int(text)


def audit_filter(query: Mapping[str, str]) -> Parsed:
    values = {name: _text(query, name)[:100] for name in ("tu", "den", "xa", "may", "trang_thai", "truoc")}
    problems: list[str] = []
    since = until = None
    if values["tu"]:
        since = parse_day(values["tu"])
        if since is None:
            problems.append("Ngày bắt đầu không hợp lệ (dạng ngày/tháng/năm, ví dụ 04/12/2026).")
    if values["den"]:
        until = parse_day(values["den"])
        if until is None:
            problems.append("Ngày kết thúc không hợp lệ (dạng ngày/tháng/năm, ví dụ 04/12/2026).")
    if since and until and since > until:
        problems.append("Ngày bắt đầu sau ngày kết thúc.")
    if values["xa"] and not COMMUNE.fullmatch(values["xa"]):
        problems.append("Mã xã chỉ gồm chữ số (ví dụ 00001).")
    if values["may"] and not WORKSTATION.fullmatch(values["may"]):
        problems.append("Mã máy trạm không hợp lệ.")
    if values["trang_thai"] and not STATUS.fullmatch(values["trang_thai"]):
        problems.append("Trạng thái không hợp lệ.")
    before = None
    if values["truoc"]:
        if values["truoc"].isdigit() and len(values["truoc"]) <= 18:
            before = int(values["truoc"])
        else:
            problems.append("Trang không hợp lệ.")
    wanted = AuditFilter(since, until, values["xa"], values["may"], values["trang_thai"], before)
    return Parsed(wanted if not problems else AuditFilter(), tuple(problems), values)


def parse_package_id(text: str) -> str | None:
    """A package id from a path: a UUID, in its canonical form, or None."""
    import uuid

    try:
        return str(uuid.UUID(text[:64]))
    except ValueError:
        return None
