"""The console's aiohttp application: routes, the login, the pages, and the middlewares that make
every answer safe (security headers, a session for every page but the login, a CSRF token on every
POST, and a last resort that turns any failure into a page in Vietnamese — never a 500).

Routes:  GET/POST /dang-nhap (log in)   POST /dang-xuat (log out)   GET / (today)
         GET /may-tram (workstations)   GET /trung-lap (duplicates)   GET /nhat-ky (audit search)
         GET/POST /trung-lap/{id} (a duplicate side by side, the reviewer's decision)
         GET/POST /xuat (export batches; queue one)   GET /static/console.css

The review page decrypts the two face photographs in this process, which therefore holds the
package key (`Reviewing`): the console runs on the node that decrypts, never on an intake node.
"""
from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from workstation.centre import jobs
from workstation.centre.console.campaign_page import add_campaign_page
from workstation.centre.console import charts, forms, queries, users, words
from workstation.centre.console.security import LOGIN_COOKIE, SESSION_COOKIE, Sessions, cookie_options
from workstation.centre.console.totp_box import TotpBox
from workstation.centre.registry import Registry
from workstation.centre.console.reviewing import Reviewing

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
MAX_FORM = 16 * 1024
PUBLIC = {"/dang-nhap", "/static/console.css"}
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Strict-Transport-Security": "max-age=31536000",
}
ERRORS = {400: "Yêu cầu không hợp lệ.", 403: "Không được phép.", 404: "Không có trang này.",
          405: "Không hỗ trợ thao tác này trên trang này.", 413: "Dữ liệu gửi lên quá lớn."}
SESSION_KEY = web.AppKey("sessions", Sessions)
USER_KEY = web.RequestKey("console_user", str)


def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(
        so=lambda n: f"{n:,}".replace(",", "."),
        gio=lambda t: t.strftime("%d/%m/%Y %H:%M:%S") if t else "—",
        ngay=lambda d: d.strftime("%d/%m/%Y"),
        ngay_ngan=lambda d: d.strftime("%d/%m"),
        trang_thai=words.status_words, ly_do=words.reason_words, kenh=words.channel_words)
    env.globals["job_states"] = words.JOB_STATES
    return env


def build_app(registry: Registry, box: TotpBox, threads: int = 4, reviewing: Reviewing | None = None) -> web.Application:
    pool = ThreadPoolExecutor(threads, thread_name_prefix="console")
    env = environment()
    sessions = Sessions()

    async def run(func: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(pool, func, *args)

    def read(func: Callable[..., Any], *args: Any) -> Any:
        with registry.sessions() as session:
            return func(session, *args)

    def page(request: web.Request, template: str, status: int = 200, **values: Any) -> web.Response:
        token = request.cookies.get(SESSION_COOKIE, "")
        current = request.get(USER_KEY)
        html = env.get_template(template).render(
            user=current, csrf=sessions.csrf("s", token) if current else "", path=request.path, **values)
        return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")

    def error_page(request: web.Request, status: int, message: str) -> web.Response:
        try:
            return page(request, "error.html", status, title="Lỗi", message=message)
        except Exception:  # noqa: BLE001 - the template itself failed: plain words still answer
            log.exception("console: the error page could not be rendered")
            return web.Response(text=message, status=status, content_type="text/plain", charset="utf-8")

    # -- middlewares ---------------------------------------------------------------------------
    @web.middleware
    async def last_resort(request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        started = time.perf_counter()
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            response = error_page(request, exc.status, ERRORS.get(exc.status, "Yêu cầu không thực hiện được."))
        except SQLAlchemyError as exc:
            log.error("console: the database cannot be used (%s)", type(exc).__name__)
            response = error_page(request, 503,
                                  "Cơ sở dữ liệu của trung tâm tạm thời không dùng được. Hãy thử lại sau ít phút.")
        except Exception:  # noqa: BLE001 - the last resort: logged in full, a page for the user
            incident = secrets.token_hex(4)
            log.exception("console: unexpected failure (incident %s)", incident)
            response = error_page(request, 503, f"Máy chủ gặp sự cố khi xử lý yêu cầu (mã sự cố {incident}); "
                                                "đã ghi lại. Hãy thử lại sau.")
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        # the server's own time for the page (read by `python -m bench console`; W3C Server Timing)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response

    @web.middleware
    async def logged_in(request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
        found = sessions.get(request.cookies.get(SESSION_COOKIE))
        if found is not None:
            request[USER_KEY] = found.user
        if request.path in PUBLIC:
            return await handler(request)
        if found is None:
            if request.method == "GET":
                return see_other("/dang-nhap")
            return error_page(request, 403, "Phiên làm việc đã hết; hãy đăng nhập lại.")
        if request.method == "POST":
            form = await form_of(request)
            if not sessions.csrf_ok("s", request.cookies.get(SESSION_COOKIE), form.get("csrf")):
                await run(users.record_event, registry.sessions, found.user, "csrf_refused", source(request),
                          request.path)
                return error_page(request, 403, "Biểu mẫu không hợp lệ hoặc đã cũ (mã chống giả mạo không khớp). "
                                                "Hãy tải lại trang và thử lại.")
        return await handler(request)

    # -- log in and out ------------------------------------------------------------------------
    def login_page(request: web.Request, status: int = 200, message: str = "", name: str = "") -> web.Response:
        pre = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
        response = page(request, "login.html", status, title="Đăng nhập", message=message, name=name,
                        login_csrf=sessions.csrf("login", pre))
        response.set_cookie(LOGIN_COOKIE, pre, max_age=3600, **cookie_options())
        return response

    async def login_form(request: web.Request) -> web.StreamResponse:
        if request.get(USER_KEY):
            return see_other("/")
        return login_page(request)

    async def login(request: web.Request) -> web.StreamResponse:
        form = await form_of(request)
        name = form.get("ten")
        name = name[:64] if isinstance(name, str) else ""
        if not sessions.csrf_ok("login", request.cookies.get(LOGIN_COOKIE), form.get("csrf")):
            await run(users.record_event, registry.sessions, name, "csrf_refused", source(request), "login")
            return login_page(request, 403, "Biểu mẫu đăng nhập đã cũ; hãy nhập lại.", name)
        password, code = form.get("mat_khau"), form.get("ma_otp")
        if not isinstance(password, str) or not isinstance(code, str) or len(password) > 1024 or len(code) > 16:
            return login_page(request, 400, "Thiếu mật khẩu hoặc mã xác thực.", name)
        result = await run(users.log_in, registry.sessions, box, name, password, code, source(request))
        if result.user is None:
            message = ("Đăng nhập tạm bị khoá vì sai nhiều lần. Hãy thử lại sau 15 phút."
                       if result.refusal == "locked" else
                       "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng.")
            return login_page(request, 401, message, name)
        sessions.close(request.cookies.get(SESSION_COOKIE))
        response = see_other("/")
        response.set_cookie(SESSION_COOKIE, sessions.open(result.user), **cookie_options())
        response.del_cookie(LOGIN_COOKIE, **cookie_options())
        return response

    async def logout(request: web.Request) -> web.StreamResponse:
        await run(users.record_event, registry.sessions, request[USER_KEY], "logout", source(request))
        sessions.close(request.cookies.get(SESSION_COOKIE))
        response = see_other("/dang-nhap")
        response.del_cookie(SESSION_COOKIE, **cookie_options())
        return response

    # -- pages ---------------------------------------------------------------------------------
    async def today_page(request: web.Request) -> web.StreamResponse:
        asked = request.query.get("ngay", "")
        day = forms.parse_day(asked) if asked else queries.today()
        if day is None:
            return error_page(request, 400, "Ngày không hợp lệ (ví dụ 04/12/2026).")
        summary, warnings = await run(read, queries.day_and_warnings, day)     # one session, one hop
        top = summary.communes[:20]
        return page(request, "today.html", title="Hôm nay", s=summary, w=warnings, max_attempts=jobs.MAX_ATTEMPTS,
                    is_today=day == queries.today(), previous=day - timedelta(days=1), following=day + timedelta(days=1),
                    trend=charts.columns([(f"{t.day:%d/%m}", {"accepted": t.accepted, "duplicate": t.duplicate,
                                                               "rejected": t.rejected}) for t in summary.trend]),
                    by_commune=charts.rows([(c.commune, {"accepted": c.accepted, "duplicate": c.duplicate,
                                                         "rejected": c.rejected}) for c in top]),
                    reasons=charts.rows([(words.reason_words(r) or r, {"rejected": n})
                                         for r, n in summary.reasons[:10]], ("rejected",), label_width=250, area=200))

    async def workstations_page(request: web.Request) -> web.StreamResponse:
        rows = await run(read, queries.workstations)
        return page(request, "workstations.html", title="Máy trạm", rows=rows,
                    active=sum(1 for r in rows if r.status == "active"))

    async def duplicates_page(request: web.Request) -> web.StreamResponse:
        number = forms.parse_page(request.query)
        if number is None:
            return error_page(request, 400, "Số trang không hợp lệ.")
        rows, more = await run(read, queries.duplicates, number)
        return page(request, "duplicates.html", title="Trùng lặp", rows=rows, number=number, more=more)

    async def audit_page(request: web.Request) -> web.StreamResponse:
        parsed = forms.audit_filter(request.query)
        rows, before = ([], None) if parsed.problems else await run(read, queries.audit_search, parsed.wanted)
        communes = await run(read, queries.communes)
        following = None
        if before is not None:
            following = "/nhat-ky?" + urlencode({**{k: v for k, v in parsed.values.items() if v and k != "truoc"},
                                                 "truoc": before})
        return page(request, "audit.html", 400 if parsed.problems else 200, title="Nhật ký", rows=rows,
                    problems=parsed.problems, v=parsed.values, communes=communes, following=following,
                    statuses=words.filter_statuses())

    async def review_page(request: web.Request) -> web.StreamResponse:
        package_id = forms.parse_package_id(request.match_info["package_id"])
        if package_id is None or reviewing is None:
            return error_page(request, 404, ERRORS[404])
        found = await run(reviewing.case, registry, package_id)
        if found is None:
            return error_page(request, 404, "Không có hồ sơ trùng lặp này.")
        return page(request, "review.html", title="Xem xét trùng lặp", c=found, images=reviewing.images(found),
                    decisions=words.DECISIONS,
                    decided_at=queries.local(found.decided.decided_at) if found.decided else None)

    async def review_decision(request: web.Request) -> web.StreamResponse:
        package_id = forms.parse_package_id(request.match_info["package_id"])
        if package_id is None or reviewing is None:
            return error_page(request, 404, ERRORS[404])
        decision = (await form_of(request)).get("quyet_dinh")
        if decision not in words.DECISIONS:
            return error_page(request, 400, "Hãy chọn một quyết định.")
        refusal = await run(reviewing.decide, registry, package_id, decision, request[USER_KEY], source(request))
        if refusal:
            return error_page(request, 409, refusal)
        return see_other(f"/trung-lap/{package_id}")

    async def exports_page(request: web.Request) -> web.StreamResponse:
        rows = await run(read, queries.export_jobs)
        waiting = await run(read, queries.not_exported)
        return page(request, "exports.html", title="Xuất dữ liệu", rows=rows, waiting=waiting)

    async def queue_export(request: web.Request) -> web.StreamResponse:
        await run(queries.queue_export, registry, request[USER_KEY])
        return see_other("/xuat")

    async def stylesheet(_request: web.Request) -> web.StreamResponse:
        return web.FileResponse(HERE / "static" / "console.css", headers={"Content-Type": "text/css"})

    app = web.Application(client_max_size=MAX_FORM, middlewares=[last_resort, logged_in])
    app[SESSION_KEY] = sessions
    app.router.add_get("/dang-nhap", login_form)
    app.router.add_post("/dang-nhap", login)
    app.router.add_post("/dang-xuat", logout)
    app.router.add_get("/", today_page)
    app.router.add_get("/may-tram", workstations_page)
    app.router.add_get("/trung-lap", duplicates_page)
    app.router.add_get("/nhat-ky", audit_page)
    app.router.add_get("/trung-lap/{package_id}", review_page)
    app.router.add_post("/trung-lap/{package_id}", review_decision)
    app.router.add_get("/xuat", exports_page)
    app.router.add_post("/xuat", queue_export)
    app.router.add_get("/static/console.css", stylesheet)
    add_campaign_page(app, run, read, page)

    async def shutdown(_app: web.Application) -> None:
        pool.shutdown(wait=False)
    app.on_cleanup.append(shutdown)
    return app


def see_other(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


async def form_of(request: web.Request) -> Any:
    """The posted form; a body that is not one (wrong type, broken encoding) is a 400."""
    try:
        return await request.post()
    except web.HTTPException:
        raise
    except Exception:  # noqa: BLE001 - whatever the parser trips on is the client's input
        raise web.HTTPBadRequest() from None


def source(request: web.Request) -> str:
    return (request.remote or "?")[:64]


