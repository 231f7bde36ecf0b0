"""The console's "Chiến dịch" page (/chien-dich): each commune's campaign progress against its
quota, from the newest signed daily report its workstations posted (centre/campaign_reports.py):
quota, enrolled, percent, pace, forecast date, the report's day, and a server-side SVG bar per
commune (no JavaScript; the table beside it holds the same figures).

A commune with several workstations: the newest report (latest day, then latest made) speaks for
the commune — with a shared plan (issue 21 item 7) every workstation reports the commune's
figures; otherwise it is one counter's view, and the page says how many workstations reported.
Registered by one call, add_campaign_page(...), in app.build_app."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from aiohttp import web
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workstation.centre.campaign_models import CampaignReport

ROW, LABEL, AREA = 26, 190, 420


@dataclass(frozen=True)
class CommuneProgress:
    commune: str
    name: str
    day: date
    quota: int | None
    enrolled: int
    still_due: int
    pace: str
    forecast: date | None
    workstations: int

    @property
    def percent(self) -> float | None:
        return None if not self.quota else 100.0 * self.enrolled / self.quota


@dataclass(frozen=True)
class ProgressBar:
    label: str
    offset: int
    done: float          # width of the enrolled part (SVG units), capped at the quota's width
    text: str


def communes(session: Session) -> list[CommuneProgress]:
    """The newest report of each commune and how many workstations reported for it."""
    newest_day = (select(CampaignReport.commune, func.max(CampaignReport.day).label("day"))
                  .group_by(CampaignReport.commune).subquery())
    counted = dict(session.execute(select(CampaignReport.commune, func.count(func.distinct(CampaignReport.workstation_id)))
                                   .group_by(CampaignReport.commune)).tuples().all())
    chosen: dict[str, CampaignReport] = {}
    for r in session.scalars(select(CampaignReport).join(
            newest_day, (newest_day.c.commune == CampaignReport.commune) & (newest_day.c.day == CampaignReport.day))
            .order_by(CampaignReport.made_at)):
        chosen[r.commune] = r                                  # the latest made of the newest day
    return [CommuneProgress(r.commune, r.commune_name, r.day, r.quota, r.enrolled, r.still_due, r.pace_per_day,
                            r.forecast_date, int(counted.get(r.commune, 1))) for _, r in sorted(chosen.items())]


def bars(rows: list[CommuneProgress]) -> tuple[list[ProgressBar], int, int]:
    """(bars, width, height): each commune's enrolled as a share of its quota (full width = quota)."""
    out = []
    for index, r in enumerate(rows):
        share = min((r.enrolled / r.quota) if r.quota else 0.0, 1.0)
        label = f"{r.commune} {r.name}"
        label = label if len(label) <= 27 else label[:26].rstrip() + "…"
        percent = f"{r.percent:.0f} %" if r.percent is not None else "chưa có chỉ tiêu"
        out.append(ProgressBar(label, index * ROW, round(AREA * share, 1), percent))
    return out, LABEL + AREA + 110, max(len(rows), 1) * ROW


def add_campaign_page(app: web.Application, run: Any, read: Any, page: Any) -> None:
    async def campaign_page(request: web.Request) -> web.StreamResponse:
        rows = await run(read, communes)
        chart, width, height = bars(rows)
        answer: web.StreamResponse = page(request, "campaign.html", title="Chiến dịch", rows=rows, chart=chart, width=width,
                                          height=height, label_width=LABEL, area=AREA)
        return answer

    app.router.add_get("/chien-dich", campaign_page)
