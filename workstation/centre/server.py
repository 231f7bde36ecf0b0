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

Each worker is stateless apart from a per-workstation rate limit; N workers (processes, or
machines behind a TCP load balancer that passes TLS through) share one PostgreSQL.
"""
from __future__ import annotations

import asyncio
import json
import logging
import signal
import ssl
import time
from collections import defaultdict, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web
from cryptography import x509
from sqlalchemy.exc import SQLAlchemyError

from workstation.centre.intake import MAX_PACKAGE, REJECTED, Intake
from workstation.centre.onboarding import OnboardingRefused, register, workstation_id_of
from workstation.errors import WorkstationError

log = logging.getLogger(__name__)
BODY_SECONDS = 30.0           # a client that has not sent its package by then is cut off
RATE_PER_MINUTE = 600         # uploads per workstation and worker


@dataclass
class RateLimit:
    per_minute: int = RATE_PER_MINUTE
    seen: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        window = self.seen[key]
        while window and now - window[0] > 60.0:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        return True


def _caller(request: web.Request) -> str | None:
    """The workstation id of the verified client certificate, None when none was presented."""
    ssl_object = request.transport.get_extra_info("ssl_object") if request.transport else None
    der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
    if not der:
        return None
    return workstation_id_of(x509.load_der_x509_certificate(der))


def _answer(payload: dict[str, object], status: int = 200) -> web.Response:
    return web.json_response(payload, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))


def build_app(intake: Intake, rate: RateLimit | None = None, threads: int = 4,
              body_seconds: float = BODY_SECONDS) -> web.Application:
    rate = rate or RateLimit()
    pool = ThreadPoolExecutor(threads, thread_name_prefix="intake")

    @web.middleware
    async def database_down(request: web.Request, handler):  # noqa: ANN001, ANN202
        """The database down or broken is the centre's trouble, said as such (503), never a 500
        that a workstation could take for a refusal of its package."""
        try:
            return await handler(request)
        except SQLAlchemyError as exc:
            log.error("the database cannot be used (%s): answered 503", type(exc).__name__)
            return _answer({"status": "unavailable", "reason": "database"}, 503)

    app = web.Application(client_max_size=MAX_PACKAGE + 1, middlewares=[database_down])

    async def run(func, *args):  # noqa: ANN001, ANN002, ANN202
        return await asyncio.get_running_loop().run_in_executor(pool, func, *args)

    async def ca(_request: web.Request) -> web.Response:
        return web.Response(body=intake.centre.ca_pem, content_type="application/x-pem-file")

    async def register_route(request: web.Request) -> web.Response:
        try:
            body = await asyncio.wait_for(request.json(), body_seconds)
            token, csr = str(body["token"]), str(body["csr"]).encode()
        except (ValueError, KeyError, TypeError):
            return _answer({"status": "rejected", "reason": "bad_request"}, 400)
        except asyncio.TimeoutError:
            return _answer({"status": "rejected", "reason": "too_slow"}, 408)
        try:
            registration = await run(register, intake.registry, intake.centre, token, csr)
        except OnboardingRefused as exc:
            return _answer({"status": "rejected", "reason": exc.reason, "message": exc.message.en}, 403)
        return _answer({"status": "registered", **registration.as_dict()})

    async def put_package(request: web.Request) -> web.Response:
        caller = _caller(request)
        if caller is None:
            return _answer({"status": "rejected", "reason": "no_client_certificate"}, 401)
        package_id = request.match_info["package_id"]
        if not rate.allow(caller):
            return _answer({"status": "rejected", "reason": "rate_limited"}, 429)
        if request.content_length is not None and request.content_length > MAX_PACKAGE:
            return _answer({"package_id": package_id, "status": REJECTED, "reason": "too_large"}, 413)
        try:
            data = await asyncio.wait_for(request.read(), body_seconds)      # the whole body, within client_max_size
        except asyncio.TimeoutError:
            return _answer({"package_id": package_id, "status": REJECTED, "reason": "too_slow"}, 408)
        except web.HTTPRequestEntityTooLarge:
            return _answer({"package_id": package_id, "status": REJECTED, "reason": "too_large"}, 413)
        decision = await run(intake.decide, package_id, data, caller, "https")
        code = 200
        if decision.status == REJECTED:
            code = 409 if decision.reason == "conflict" else \
                403 if decision.reason in ("caller_unknown", "caller_revoked") else 422
        return _answer(decision.as_dict(), code)

    async def package_status(request: web.Request) -> web.Response:
        caller = _caller(request)
        if caller is None:
            return _answer({"status": "rejected", "reason": "no_client_certificate"}, 401)
        package_id = request.match_info["package_id"]
        decision = await run(intake.status, package_id)
        owner = await run(_owner, intake, package_id)
        if decision is None or (owner is not None and owner != caller):
            return _answer({"package_id": package_id, "status": "unknown"}, 404)
        return _answer(decision.as_dict())

    app.router.add_get("/ca", ca)
    app.router.add_post("/register", register_route)
    app.router.add_put("/packages/{package_id}", put_package)
    app.router.add_get("/packages/{package_id}/status", package_status)
    app.on_cleanup.append(lambda _app: _shutdown(pool))
    return app


async def _shutdown(pool: ThreadPoolExecutor) -> None:
    pool.shutdown(wait=False)


def _owner(intake: Intake, package_id: str) -> str | None:
    from workstation.centre.models import ReceivedPackage

    with intake.registry.sessions() as session:
        stored = session.get(ReceivedPackage, package_id)
    return stored.workstation_id if stored is not None else None


def tls_context(cert_file: Path, key_file: Path, passphrase: bytes, ca_file: Path) -> ssl.SSLContext:
    """TLS 1.2+ server context; a client certificate is optional at the TLS layer (registration has
    none yet) and, when presented, must chain to the centre CA; the routes that need one refuse
    without it."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(ca_file))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(cert_file), str(key_file), password=passphrase)
    context.verify_mode = ssl.CERT_OPTIONAL
    return context


def serve(intake: Intake, host: str, port: int, context: ssl.SSLContext, reuse_port: bool = False,
          body_seconds: float = BODY_SECONDS) -> None:
    """Run one worker until interrupted."""
    async def main() -> None:
        runner = web.AppRunner(build_app(intake, body_seconds=body_seconds), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host, port, ssl_context=context, reuse_port=reuse_port)
        await site.start()
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
            await runner.cleanup()
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        raise WorkstationError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
