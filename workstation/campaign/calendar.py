"""Working days and shifts: which days the counters open and for how long.

Three shifts by default ("ca sáng, chiều, tối", REFERENCE-CAMPAIGN.md): morning 07:30-11:30,
afternoon 13:30-17:00, evening 18:00-21:00. Sundays off by default (communes in the press worked
Saturdays during the campaign); Vietnamese public holidays (Labour Code 2019, art. 112: New Year,
Tết, the Hùng Kings' day, 30/4, 1/5, National Day with the day before or after) for 2026-2027 are
built in and the commune adds or replaces them (`--holidays`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from workstation.campaign.errors import CampaignError
from workstation.campaign.text import fold

VIETNAM = timezone(timedelta(hours=7), "ICT")    # shift hours are the commune's clock (no daylight saving)
DEFAULT_SHIFTS = {"sáng": (time(7, 30), time(11, 30)), "chiều": (time(13, 30), time(17, 0)),
                  "tối": (time(18, 0), time(21, 0))}
SHIFT_ALIASES = {"sang": "sáng", "morning": "sáng", "chieu": "chiều", "afternoon": "chiều", "toi": "tối",
                 "evening": "tối"}
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
            "t2": 0, "t3": 1, "t4": 2, "t5": 3, "t6": 4, "t7": 5, "cn": 6}
WEEKDAY_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
HOLIDAYS = tuple(date.fromisoformat(d) for d in (
    "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-26",
    "2026-04-27", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02",
    "2027-01-01", "2027-02-05", "2027-02-06", "2027-02-08", "2027-02-09", "2027-02-10", "2027-04-16",
    "2027-04-30", "2027-05-01", "2027-05-03", "2027-09-02", "2027-09-03"))
_SHIFT = re.compile(r"(?P<name>[^=]+?)\s*(?:=\s*(?P<a>\d{1,2}):(?P<b>\d{2})\s*-\s*(?P<c>\d{1,2}):(?P<d>\d{2}))?")


def vietnam_today(now: datetime | None = None) -> date:
    """The commune's date (UTC+7), whatever the machine's own time zone."""
    return (now or datetime.now(VIETNAM)).astimezone(VIETNAM).date()


def refuse_past(day: date, what_vi: str, what_en: str) -> None:
    """A day before today on both the machine's clock and the commune's (UTC+7) has passed: one line."""
    if day < min(date.today(), vietnam_today()):
        raise CampaignError(f"Ngày {day:%d/%m/%Y} đã qua: {what_vi} chỉ cho hôm nay hoặc một ngày sau.",
                            f"{day.isoformat()} has passed: {what_en} only for today or a later day.")


@dataclass(frozen=True)
class Shift:
    name: str
    start: time
    end: time

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    def at(self, day: date) -> datetime:
        return datetime.combine(day, self.start)

    def ends(self, day: date) -> datetime:
        """The moment this shift ends on `day`, on Vietnam's clock (UTC+7), comparable with any aware time."""
        return datetime.combine(day, self.end, tzinfo=VIETNAM)

    def as_text(self) -> str:
        return f"{self.name}={self.start:%H:%M}-{self.end:%H:%M}"


def parse_shifts(text: str | None) -> tuple[Shift, ...]:
    """"sáng,chiều,tối" (the default hours) or "sáng=07:00-11:00,tối=18:00-21:30"."""
    if not text:
        return tuple(Shift(name, *hours) for name, hours in DEFAULT_SHIFTS.items())
    shifts = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        m = _SHIFT.fullmatch(part)
        name = SHIFT_ALIASES.get(fold(m.group("name")), m.group("name").strip()) if m else part
        if m and m.group("a"):
            try:
                start, end = time(int(m.group("a")), int(m.group("b"))), time(int(m.group("c")), int(m.group("d")))
            except ValueError:
                start = end = time(0)
        elif name in DEFAULT_SHIFTS:
            start, end = DEFAULT_SHIFTS[name]
        else:
            raise CampaignError(f"Ca '{part}' không rõ giờ: viết 'tên=07:30-11:30'.",
                                f"The shift '{part}' has no hours: write 'name=07:30-11:30'.")
        shift = Shift(name, start, end)
        if shift.minutes <= 0:
            raise CampaignError(f"Ca '{part}' kết thúc trước khi bắt đầu.", f"The shift '{part}' ends before it starts.")
        shifts.append(shift)
    shifts.sort(key=lambda s: s.start)
    for earlier, later in zip(shifts, shifts[1:]):
        if later.start < earlier.end:
            raise CampaignError(f"Ca {earlier.name} và {later.name} chồng giờ nhau.",
                                f"The shifts {earlier.name} and {later.name} overlap.")
    return tuple(shifts)


def parse_days_off(text: str | None) -> frozenset[int]:
    if text is None:
        return frozenset({6})
    days = set()
    for part in (fold(p) for p in text.split(",") if p.strip()):
        if part in ("none", "khong"):
            continue
        if part not in WEEKDAYS:
            raise CampaignError(f"Ngày nghỉ '{part}' không rõ (mon..sun hoặc t2..cn).",
                                f"Day off '{part}' unknown (mon..sun or t2..cn).")
        days.add(WEEKDAYS[part])
    return frozenset(days)


def parse_holidays(text: str | None) -> tuple[date, ...]:
    if text is None:
        return HOLIDAYS
    out = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        try:
            out.append(date.fromisoformat(part))
        except ValueError:
            raise CampaignError(f"Ngày lễ '{part}' không phải ngày YYYY-MM-DD.",
                                f"Holiday '{part}' is not a date YYYY-MM-DD.") from None
    return tuple(out)


@dataclass(frozen=True)
class Calendar:
    days_off: frozenset[int]
    holidays: frozenset[date]

    def working(self, day: date) -> bool:
        return day.weekday() not in self.days_off and day not in self.holidays

    def days(self, start: date, end: date) -> list[date]:
        out, day = [], start
        while day <= end:
            if self.working(day):
                out.append(day)
            day += timedelta(days=1)
        return out

    def add_working_days(self, start: date, count: int) -> date:
        """The day on which the `count`-th working day from `start` (inclusive) falls."""
        day, seen = start, 0
        for _ in range(count * 7 + 400):
            if self.working(day):
                seen += 1
                if seen >= count:
                    return day
            day += timedelta(days=1)
        return day
