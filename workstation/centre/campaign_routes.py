"""The campaign's routes on the intake server (mutual TLS; a client certificate is required):

  PUT /campaign/reports/{commune}/{day}   a signed daily progress report (core/signed_report.py)
                                          → {"commune", "day", "status", "reason", "detail"}
  PUT  /campaign/{commune}/plan           the commune's plan, signed (campaign_plans.py)
  GET  /campaign/{commune}/plan           the plan, with its publisher's certificate
  POST /campaign/{commune}/checkins       check-ins: first wins per invitation
  GET  /campaign/{commune}/checkins       every first check-in of the commune

Added to the intake's application by one call, add_campaign_routes(app, registry), in
server.build_app. The decisions are campaign_reports.CampaignReports'; every refusal is audited
(the ones anyone can cause without a certificate through the server's sampler), no 500."""
from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aiohttp import web

from workstation.centre.audit import clean
from workstation.centre.campaign_plans import MAX_CHECKINS, MAX_PLAN, Answer, CampaignPlans
from workstation.centre.campaign_reports import MAX_REPORT, REJECTED, CampaignReports, ReportDecision
from workstation.centre.registry import Registry

log = logging.getLogger(__name__)
REPORTS_PER_MINUTE = 60          # per workstation and minute, all workers: a report a day, re-sent a few times


def add_campaign_routes(app: web.Application, registry: Registry, body_seconds: float = 30.0,
                        per_minute: int = REPORTS_PER_MINUTE) -> None:
    from workstation.centre.server import AUDITED, REFUSALS, RateLimit, _answer, _caller, _read_limited, _source

    reports = CampaignReports(registry)
    plans = CampaignPlans(registry)
    pool = ThreadPoolExecutor(2, thread_name_prefix="campaign")
    rate = RateLimit(per_minute, "campaign")       # counted in the database, like the uploads

    async def run(func: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(pool, func, *args)

    def write(source: str, caller: str, reason: str, detail: str, package_id: str) -> None:
        try:
            registry.audit(package_id, caller, "https", REJECTED, reason, source=source, detail=detail)
        except Exception as exc:  # noqa: BLE001 - the database is away: the log still has it
            log.warning("refusal not audited (%s): %s from %s", type(exc).__name__, reason, source)

    async def early_refusal(request: web.Request, decision: ReportDecision, code: int,
                            caller: str | None = None) -> web.Response:
        """A refusal before the report is read (no certificate, rate, size, time): through the
        server's sampler, so a flood cannot fill the audit; written before the answer goes."""
        request[AUDITED] = True
        refusals = app[REFUSALS]
        source = _source(request)
        if refusals.sampler.admit(source, decision.reason):
            await run(write, source, caller or "-", decision.reason, f"HTTP {code} {request.method} {request.path[:100]}",
                      f"report:{decision.commune}:{decision.day}")
        return _answer(dict(decision.as_dict()), code)

    async def put_report(request: web.Request) -> web.Response:
        commune, day = clean(request.match_info["commune"], 16), clean(request.match_info["day"], 10)
        caller = _caller(request)
        if caller is None:
            return await early_refusal(request, ReportDecision(commune, day, REJECTED, "no_client_certificate"), 401)
        if not await run(rate.allow, registry, caller):
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

    async def commune_route(request: web.Request, limit: int, decide: Any) -> web.Response:
        """The plan's and the check-ins' routes: a certificate, the rate, the body, then `decide`."""
        commune = clean(request.match_info["commune"], 16)
        caller = _caller(request)
        if caller is None:
            return await early_refusal(request, ReportDecision(commune, "-", REJECTED, "no_client_certificate"), 401)
        if not await run(rate.allow, registry, caller):
            return await early_refusal(request, ReportDecision(commune, "-", REJECTED, "rate_limited"), 429, caller)
        body = b""
        if request.method in ("PUT", "POST"):
            try:
                body = await _read_limited(request, limit, body_seconds)
            except web.HTTPRequestEntityTooLarge:
                return await early_refusal(request, ReportDecision(commune, "-", REJECTED, "too_large"), 413, caller)
            except asyncio.TimeoutError:
                return await early_refusal(request, ReportDecision(commune, "-", REJECTED, "too_slow"), 408, caller)
        request[AUDITED] = True
        answer: Answer = await run(decide, caller, commune, body, _source(request))
        return _answer(answer.body, answer.status)

    async def put_plan(request: web.Request) -> web.Response:
        return await commune_route(request, MAX_PLAN, plans.publish)

    async def get_plan(request: web.Request) -> web.Response:
        return await commune_route(request, 0, lambda caller, commune, _body, _source: plans.plan(caller, commune))

    async def post_checkins(request: web.Request) -> web.Response:
        return await commune_route(request, MAX_CHECKINS * 200, plans.check_in)

    async def get_checkins(request: web.Request) -> web.Response:
        return await commune_route(request, 0, lambda caller, commune, _body, _source: plans.checkins(caller, commune))

    async def stop(_app: web.Application) -> None:
        pool.shutdown(wait=False)

    app.router.add_put("/campaign/reports/{commune}/{day}", put_report)
    app.router.add_put("/campaign/{commune}/plan", put_plan)
    app.router.add_get("/campaign/{commune}/plan", get_plan)
    app.router.add_post("/campaign/{commune}/checkins", post_checkins)
    app.router.add_get("/campaign/{commune}/checkins", get_checkins)
    app.on_cleanup.append(stop)
