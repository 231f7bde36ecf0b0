"""The campaign's routes on the intake server (mutual TLS; a client certificate is required):

  PUT /campaign/reports/{commune}/{day}   a signed daily progress report (core/signed_report.py)
                                          → {"commune", "day", "status", "reason", "detail"}

Added to the intake's application by one call, add_campaign_routes(app, registry), in
server.build_app. The decisions are campaign_reports.CampaignReports'; every refusal is audited
(the ones anyone can cause without a certificate through the server's sampler), no 500."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import web

from workstation.centre.audit import clean
from workstation.centre.campaign_reports import MAX_REPORT, REJECTED, CampaignReports, ReportDecision
from workstation.centre.registry import Registry

REPORTS_PER_MINUTE = 60          # per workstation and worker: a report a day, re-sent a few times


def add_campaign_routes(app: web.Application, registry: Registry, body_seconds: float = 30.0,
                        per_minute: int = REPORTS_PER_MINUTE) -> None:
    from workstation.centre.server import AUDITED, REFUSALS, RateLimit, _answer, _caller, _read_limited, _source

    reports = CampaignReports(registry)
    pool = ThreadPoolExecutor(2, thread_name_prefix="campaign")
    rate = RateLimit(per_minute)

    async def run(func: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(pool, func, *args)

    async def early_refusal(request: web.Request, decision: ReportDecision, code: int,
                            caller: str | None = None) -> web.Response:
        """A refusal before the report is read (no certificate, rate, size, time): through the
        server's sampler, so a flood cannot fill the audit; written before the answer goes."""
        request[AUDITED] = True
        refusals = app[REFUSALS]
        source = _source(request)
        if refusals.sampler.admit(source, decision.reason):
            await run(refusals._write, source, caller or "-", "https", decision.reason,
                      f"HTTP {code} {request.method} {request.path[:100]}", f"report:{decision.commune}:{decision.day}")
        return _answer(dict(decision.as_dict()), code)

    async def put_report(request: web.Request) -> web.Response:
        commune, day = clean(request.match_info["commune"], 16), clean(request.match_info["day"], 10)
        caller = _caller(request)
        if caller is None:
            return await early_refusal(request, ReportDecision(commune, day, REJECTED, "no_client_certificate"), 401)
        if not rate.allow(caller):
            return await early_refusal(request, ReportDecision(commune, day, REJECTED, "rate_limited"), 429, caller)
        try:
            body = await _read_limited(request, MAX_REPORT, body_seconds)
        except web.HTTPRequestEntityTooLarge:
            return await early_refusal(request, ReportDecision(commune, day, REJECTED, "too_large"), 413, caller)
        except asyncio.TimeoutError:
            return await early_refusal(request, ReportDecision(commune, day, REJECTED, "too_slow"), 408, caller)
        request[AUDITED] = True                                 # every decision is audited by CampaignReports
        decision = await run(reports.decide, caller, commune, day, body, _source(request))
        return _answer(dict(decision.as_dict()), decision.http_status)

    async def stop(_app: web.Application) -> None:
        pool.shutdown(wait=False)

    app.router.add_put("/campaign/reports/{commune}/{day}", put_report)
    app.on_cleanup.append(stop)
