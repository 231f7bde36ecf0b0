"""The intake server: HTTPS with mutual TLS on aiohttp.

Why aiohttp: the application must know *which* workstation is calling, and the verified client
certificate is that answer. aiohttp's server hands each request its connection's SSL object, so
the handler reads the certificate the TLS layer verified against the centre CA; uvicorn does not
yet pass the client certificate to ASGI applications (its TLS-extension work is open upstream),
and signing every request (RFC 9421) would duplicate what TLS already proved.

Routes:
  GET  /ca                         the centre CA (PEM), for a workstation's first contact; it checks
                                   the fingerprint against its enrollment token before trusting it
  POST /register                   {"token", "csr"} → the workstation's certificate, the CA, the
                                   package key (no client certificate yet)
  PUT  /packages/{id}              the sealed package (client certificate required) → decision
  GET  /packages/{id}/status       the decision again (the caller's own packages only)
  PUT  /campaign/...               the campaign's routes (campaign_routes.py)

Each worker is stateless: the per-workstation upload limit and the /register limits are counted in
the database, so all workers and nodes share them; N workers (processes, or machines behind a TCP
load balancer that passes TLS through) share one PostgreSQL. Connections are accepted by the
guard (guard.py: handshake and header timeouts, caps before TLS); every refusal is audited through
the sampler (audit.py); an unexpected failure is a 503 with an audit entry, never a 500.
"""
from __future__ import annotations

import asyncio
import json
import logging
import signal
import socket
import ssl
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from cryptography import x509
from sqlalchemy.exc import SQLAlchemyError

from workstation.centre.audit import SAMPLED, Sampler, clean
from workstation.centre.campaign_routes import add_campaign_routes
from workstation.centre.guard import Guard, Limits, raise_descriptor_limit, small_tls_buffers
from workstation.centre.authority import Centre, CentreError
from workstation.centre.intake import MAX_PACKAGE, RECEIVED, REJECTED, UNAVAILABLE, Intake
from workstation.centre.registry import Registry
from workstation.messages import Message
from workstation.centre.onboarding import OnboardingRefused, register, workstation_id_of
from workstation.errors import WorkstationError

log = logging.getLogger(__name__)
BODY_SECONDS = 30.0           # a client that has not sent its package by then is cut off
RATE_PER_MINUTE = 600         # uploads per workstation and minute, all workers and nodes together
REGISTER_MAX = 64 * 1024      # a token and a CSR: a few kilobytes


@dataclass
class RateLimit:
    """Requests per workstation and minute, counted in the database (centre_rate_windows, one
    atomic upsert .. RETURNING per request: Registry.count), so every worker process and every
    node shares one count: `--workers 2` or a second node no longer doubles the allowance. A
    calendar-minute window: within one minute never more than `per_minute`; across the turn of a
    minute a workstation may send up to twice that in a few seconds. Once this process has seen a
    workstation over the limit, its further requests in that minute are refused from memory, so a
    flood from one workstation costs no database round trip."""

    per_minute: int = RATE_PER_MINUTE
    kind: str = "upload"                      # the counter's key is kind:workstation
    over: dict[str, int] = field(default_factory=dict)     # workstation -> the minute it went over

    def allow(self, registry: Registry, caller: str, now: float | None = None) -> bool:
        """Counts this request and says whether it is within the limit (blocking: a thread's work)."""
        window = int((time.time() if now is None else now) // 60)
        if self.over.get(caller) == window:
            return False
        if registry.count(f"{self.kind}:{caller}", now) <= self.per_minute:
            return True
        if len(self.over) > 10_000:           # bounded: last minutes' entries are useless anyway
            self.over.clear()
        self.over[caller] = window
        return False


def _caller(request: web.Request) -> str | None:
    """The workstation id of the verified client certificate, None when none was presented."""
    ssl_object = request.transport.get_extra_info("ssl_object") if request.transport else None
    der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
    if not der:
        return None
    return workstation_id_of(x509.load_der_x509_certificate(der))


def _source(request: web.Request) -> str:
    peer = request.transport.get_extra_info("peername") if request.transport else None
    return str(peer[0]) if peer else ""


def _answer(payload: dict[str, object], status: int = 200) -> web.Response:
    return web.json_response(payload, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


@dataclass
class Refusals:
    """Refusals anyone can cause, into the audit through the sampler (workstation/centre/audit.py)."""

    registry: Registry
    pool: ThreadPoolExecutor
    sampler: Sampler = field(default_factory=Sampler)

    def _write(self, source: str, caller: str, channel: str, reason: str, detail: str, package_id: str) -> None:
        try:
            self.registry.audit(package_id, caller, channel, REJECTED, reason, source=source, detail=detail)
        except Exception as exc:  # noqa: BLE001 - the database is away: the log still has it
            log.warning("refusal not audited (%s): %s from %s", type(exc).__name__, reason, source)

    def note(self, source: str, reason: str, detail: str = "", caller: str | None = None, channel: str = "https",
             package_id: str = "-") -> None:
        """Record without waiting (from the event loop)."""
        if self.sampler.admit(source, reason):
            try:
                self.pool.submit(self._write, source, caller or "-", channel, reason, detail, package_id)
            except RuntimeError:                 # shutting down: the log keeps it
                log.info("refusal after shutdown not audited: %s from %s", reason, source)

    def flush(self, everything: bool = False) -> None:
        for source, reason, window, left_out in self.sampler.flush(everything):
            try:
                self.registry.audit("-", "-", "sampled", SAMPLED, reason, source=source, left_out=left_out,
                                    window_start=window * int(self.sampler.window_seconds),
                                    written=self.sampler.per_window)
            except Exception as exc:  # noqa: BLE001
                log.warning("sampled refusals not audited (%s)", type(exc).__name__)


REFUSALS = web.AppKey("refusals", Refusals)
AUDITED = web.RequestKey("audited", bool)   # set on a request whose answer is already in the audit


def error_logger(refusals: Refusals) -> type[AbstractAccessLogger]:
    """aiohttp's access log hook, used to audit the error answers the application never saw: a
    request aiohttp could not parse (400, 413, 431), an unknown route (404, 405)."""

    class ErrorAnswers(AbstractAccessLogger):
        def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
            if response.status >= 400 and not request.get(AUDITED):
                refusals.note(request.remote or "", f"http_{response.status}",
                              f"{request.method} {request.path[:100]}")

    return ErrorAnswers


async def _read_limited(request: web.Request, limit: int, seconds: float) -> bytes:
    """The body, at most `limit` bytes, within `seconds` (web.HTTPRequestEntityTooLarge past it)."""
    if request.content_length is not None and request.content_length > limit:
        raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=request.content_length)

    async def read() -> bytes:
        chunks, size = [], 0
        while True:
            chunk = await request.content.readany()
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > limit:
                raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=size)
            chunks.append(chunk)

    return await asyncio.wait_for(read(), seconds)


def build_app(intake: Intake, rate: RateLimit | None = None, threads: int = 8,
              body_seconds: float = BODY_SECONDS, guard: Guard | None = None,
              limits: Limits | None = None) -> web.Application:
    # `threads`: a decision spends most of its time waiting (the store's fsync or HTTP PUT, the
    # database's commit), so 8 let those waits overlap on 2 cores (4: 70 packages/s, 8: 87/s,
    # folder store, bench centre.upload[1 worker])
    limits = limits or (guard.limits if guard is not None else Limits())
    rate = rate or RateLimit(limits.upload_per_minute)
    pool = ThreadPoolExecutor(threads, thread_name_prefix="intake")
    refusals = Refusals(intake.registry, ThreadPoolExecutor(1, thread_name_prefix="audit"))

    @web.middleware
    async def last_resort(request: web.Request, handler):  # noqa: ANN001, ANN202
        """Any unexpected failure becomes a 503 with an audited internal-error entry, never a 500
        with a traceback; the guard learns when a request is in progress."""
        if guard is not None:
            guard.started(request.transport)
        try:
            return await handler(request)
        except web.HTTPException:
            raise
        except Exception as exc:  # noqa: BLE001
            log.exception("internal error on %s %s", request.method, request.path[:100])
            request[AUDITED] = True
            unavailable = isinstance(exc, SQLAlchemyError)
            reason = "unavailable" if unavailable else "internal_error"
            refusals.note(_source(request), reason, f"{request.method} {request.path[:100]}: {type(exc).__name__}",
                          _safe_caller(request))
            answer = _answer({"status": "unavailable", "reason": reason}, 503)     # nothing decided
            answer.headers["Retry-After"] = "5"             # try again later
            return answer
        finally:
            if guard is not None:
                guard.finished(request.transport)

    app = web.Application(client_max_size=MAX_PACKAGE + 1, middlewares=[last_resort])
    app[REFUSALS] = refusals

    async def run(func, *args):  # noqa: ANN001, ANN002, ANN202
        return await asyncio.get_running_loop().run_in_executor(pool, func, *args)

    def refuse(request: web.Request, payload: dict[str, object], code: int, caller: str | None = None,
               channel: str = "https") -> web.Response:
        request[AUDITED] = True
        refusals.note(_source(request), str(payload.get("reason")), f"HTTP {code} {request.method} {request.path[:100]}",
                      caller, channel, str(payload.get("package_id", "-")))
        return _answer(payload, code)

    async def ca(_request: web.Request) -> web.Response:
        return web.Response(body=intake.centre.ca_pem, content_type="application/x-pem-file")

    async def register_route(request: web.Request) -> web.Response:
        source = _source(request)
        per_source = await run(intake.registry.count, f"register:{source}")
        overall = await run(intake.registry.count, "register:*")
        if per_source > limits.register_per_source or overall > limits.register_per_minute:
            return refuse(request, {"status": REJECTED, "reason": "rate_limited"}, 429, channel="register")
        if not isinstance(intake.centre, Centre):    # an intake node holds no CA key: it cannot issue
            return refuse(request, {"status": REJECTED, "reason": "register_elsewhere"}, 403, channel="register")
        try:
            body = json.loads(await _read_limited(request, REGISTER_MAX, body_seconds))
            token, csr = str(body["token"]), str(body["csr"]).encode()
        except web.HTTPRequestEntityTooLarge:
            return refuse(request, {"status": REJECTED, "reason": "too_large"}, 413, channel="register")
        except (ValueError, KeyError, TypeError, UnicodeError):
            return refuse(request, {"status": REJECTED, "reason": "bad_request"}, 400, channel="register")
        except asyncio.TimeoutError:
            return refuse(request, {"status": REJECTED, "reason": "too_slow"}, 408, channel="register")
        try:
            registration = await run(register, intake.registry, intake.centre, token, csr, None, source)
        except OnboardingRefused as exc:
            return refuse(request, {"status": REJECTED, "reason": exc.reason, "message": exc.message.en}, 403,
                          channel="register")
        told = {"intake_url": intake.intake_url} if intake.intake_url else {}
        return _answer({"status": "registered", **registration.as_dict(), **told})

    async def known_caller(request: web.Request, package_id: str) -> tuple[str | None, web.Response | None]:
        """(the calling workstation, None) or (None, the refusal) — unknown and revoked refused here."""
        caller = _caller(request)
        if caller is None:
            return None, refuse(request, {"status": REJECTED, "reason": "no_client_certificate"}, 401)
        record = await run(intake.registry.workstation, caller)
        if record is None or record.status != "active":
            reason = "caller_unknown" if record is None else "caller_revoked"
            return None, refuse(request, {"package_id": package_id, "status": REJECTED, "reason": reason}, 403, caller)
        return caller, None

    async def put_package(request: web.Request) -> web.Response:
        package_id = clean(request.match_info["package_id"], 64)
        caller = _caller(request)
        if caller is None:
            return refuse(request, {"status": REJECTED, "reason": "no_client_certificate"}, 401)
        if not await run(rate.allow, intake.registry, caller):
            return refuse(request, {"package_id": package_id, "status": REJECTED, "reason": "rate_limited"}, 429, caller)
        try:
            data = await _read_limited(request, MAX_PACKAGE, body_seconds)
        except asyncio.TimeoutError:
            return refuse(request, {"package_id": package_id, "status": REJECTED, "reason": "too_slow"}, 408, caller)
        except web.HTTPRequestEntityTooLarge:
            return refuse(request, {"package_id": package_id, "status": REJECTED, "reason": "too_large"}, 413, caller)
        request[AUDITED] = True                                  # every decision is audited by the intake
        decision = await run(intake.decide, package_id, data, caller, "https", _source(request))
        if decision.status == UNAVAILABLE:           # the package store did not take it: nothing decided
            answer = _answer(decision.as_dict(), 503)
            answer.headers["Retry-After"] = "30"
            return answer
        code = 202 if decision.status == RECEIVED else 200      # received: stored, to be decided
        if decision.status == REJECTED:
            code = 409 if decision.reason == "conflict" else \
                403 if decision.reason in ("caller_unknown", "caller_revoked") else 422
        return _answer(decision.as_dict(), code)

    async def package_status(request: web.Request) -> web.Response:
        package_id = clean(request.match_info["package_id"], 64)
        caller, refused = await known_caller(request, package_id)
        if refused is not None:
            return refused
        decision = await run(intake.status, package_id, caller)
        request[AUDITED] = True                                  # an answer ("unknown"), not a refusal
        if decision is None:
            return _answer({"package_id": package_id, "status": "unknown"}, 404)
        return _answer(decision.as_dict())

    def forget_windows() -> None:
        try:
            intake.registry.forget_windows()
        except Exception as exc:  # noqa: BLE001 - the database is away: the next turn tries again
            log.warning("old rate counters not removed (%s)", type(exc).__name__)

    async def flush_sampled(_app: web.Application) -> AsyncIterator[None]:
        async def every_minute() -> None:
            while True:
                await asyncio.sleep(refusals.sampler.window_seconds / 2)
                await asyncio.get_running_loop().run_in_executor(refusals.pool, refusals.flush)
                await asyncio.get_running_loop().run_in_executor(refusals.pool, forget_windows)
        task = asyncio.get_running_loop().create_task(every_minute())
        yield
        task.cancel()
        await asyncio.get_running_loop().run_in_executor(refusals.pool, refusals.flush, True)
        refusals.pool.shutdown(wait=True)
        pool.shutdown(wait=False)

    app.router.add_get("/ca", ca)
    app.router.add_post("/register", register_route)
    app.router.add_put("/packages/{package_id}", put_package)
    app.router.add_get("/packages/{package_id}/status", package_status)
    add_campaign_routes(app, intake.registry, body_seconds)
    app.cleanup_ctx.append(flush_sampled)
    return app


def _safe_caller(request: web.Request) -> str | None:
    try:
        return _caller(request)
    except Exception:  # noqa: BLE001
        return None


def tls_context(cert_file: Path, key_file: Path, passphrase: bytes, ca_file: Path) -> ssl.SSLContext:
    """TLS 1.2+ server context; a client certificate is optional at the TLS layer (registration has
    none yet) and, when presented, must chain to the centre CA; the routes that need one refuse
    without it."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(ca_file))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(str(cert_file), str(key_file), password=passphrase)
    except ssl.SSLError as exc:
        raise CentreError(Message(
            "Sai mật khẩu của khoá TLS (nút tiếp nhận dùng mật khẩu của nút, không phải của trung tâm), hoặc tệp "
            "khoá bị hỏng.",
            "Wrong passphrase for the server's TLS key (an intake node's is the node's own passphrase, not the "
            "centre's), or a damaged key file."), str(exc)) from None
    context.verify_mode = ssl.CERT_OPTIONAL
    return context


def serve(intake: Intake, host: str, port: int, context: ssl.SSLContext, reuse_port: bool = False,
          body_seconds: float = BODY_SECONDS, limits: Limits | None = None) -> None:
    """Run one worker until interrupted: the guard accepts (workstation/centre/guard.py), aiohttp
    answers."""
    limits = limits or Limits()
    raise_descriptor_limit()
    small_tls_buffers()

    async def main() -> None:
        guard = Guard(context, limits)
        app = build_app(intake, body_seconds=body_seconds, guard=guard, limits=limits)
        # aiohttp's own idle timeout is the backstop; the guard's watchdog closes (and audits) first
        runner = web.AppRunner(app, access_log=log, access_log_class=error_logger(app[REFUSALS]),
                               keepalive_timeout=2 * limits.header_seconds)
        await runner.setup()
        refusals = app[REFUSALS]
        guard.factory = runner.server
        guard.on_refusal = lambda source, reason, detail: refusals.note(source, reason, detail, channel="tls")
        sock = socket.create_server((host, port), backlog=1024, reuse_port=reuse_port)
        accepting = asyncio.get_running_loop().create_task(guard.serve(sock))
        log.info("centre intake listening on %s:%d", host, port)
        print(f"listening on https://{host}:{port}", flush=True)
        stop = asyncio.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            # a stopped worker closes its connections and returns, so the caller's cleanup runs
            # (the parent of --workers N stops its children)
            asyncio.get_running_loop().add_signal_handler(signum, stop.set)
        try:
            await stop.wait()
        finally:
            accepting.cancel()
            sock.close()
            for transport in list(guard.open):
                transport.close()                                       # type: ignore[attr-defined]
            await runner.cleanup()
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        raise WorkstationError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
