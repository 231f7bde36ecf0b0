"""The day's progress as the report the centre receives (`workstation campaign report --send`).

Counts only: per village, per officer in charge, per shift of the day, the commune's totals, the
quota, the pace and the forecast date. No name, no ID number, no household: what the commune
chief's PDF shows, as data. Integers and strings only (the report is signed over canonical JSON,
which has no floats: the pace is a decimal string). Signing and sending are the workstation
core's (core/campaign_sync.py); this module only says what is in it."""
from __future__ import annotations

from datetime import UTC, date, datetime
from collections.abc import Mapping
from typing import Any

from workstation.campaign.progress import KEYS, Progress

DAY_KEYS = tuple(k for k in KEYS if k != "eligible")


def _counts(row: Mapping[str, object], keys: tuple[str, ...]) -> dict[str, int]:
    return {k: int(row.get(k) or 0) for k in keys}             # type: ignore[call-overload]


def report_of(p: Progress, day: date, workstation_id: str, commune: str,
              made_at: datetime | None = None) -> dict[str, Any]:
    """The report of `day` as the workstation `workstation_id` of `commune` (its certificate's
    commune code) sees it."""
    today = next((d for d in p.days if d["day"] == day.isoformat()), {})
    made_at = (made_at or datetime.now(UTC)).astimezone(UTC)
    return {
        "workstation_id": workstation_id,
        "commune": commune,
        "commune_name": p.commune[:100],
        "day": day.isoformat(),
        "made_at": made_at.isoformat(timespec="microseconds"),
        "quota": p.quota,
        "totals": _counts(p.totals, KEYS),
        "today": _counts(today, DAY_KEYS),
        "shifts": [{"shift": str(s["shift"])[:40], **_counts(s, DAY_KEYS)}
                   for s in p.shifts if s["day"] == day.isoformat()],
        "villages": [{"village": str(v["village"])[:100], "officer": (str(v["officer"])[:100] if v["officer"] else None),
                      "quota": v["quota"], **_counts(v, KEYS)} for v in p.villages],
        "officers": [{"officer": str(o["officer"])[:100], "quota": int(o["quota"] or 0), **_counts(o, KEYS)}  # type: ignore[call-overload]
                     for o in p.officers],
        "pace_per_day": f"{p.pace_per_day:.1f}",
        "forecast_date": p.forecast.isoformat() if p.forecast else None,
        "planned_date": p.planned.isoformat() if p.planned else None,
    }
