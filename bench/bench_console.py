"""The province's console over a million index rows: a PostgreSQL filled in SQL (generate_series:
1,000,000 intake decisions and 1,000,000 stored-package index rows over a year, a few of the newest
`received` and waiting to be opened, 1,000,000 jobs (ten failed), 500 workstations in 100
communes), the real `workstation centre console` over HTTPS, one logged-in officer. Each benchmark
is one page fetched on a kept-alive connection; counters give the server's own render
time (its Server-Timing header) as median and p95. The aim: every page ≤ 300 ms.

    .venv/bin/python -m bench console
"""
from __future__ import annotations

import atexit
import contextlib
import http.client
import os
import re
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.harness import benchmark

ROWS = 1_000_000
PASSPHRASE = "bench console passphrase"
_stack = contextlib.ExitStack()
atexit.register(_stack.close)
_console: dict[str, object] = {}

FILL = [
    """INSERT INTO centre_workstations (id, commune, name, certificate, key_sha256, status, registered_at, revoked_at)
       SELECT 'ws-' || lpad(w::text, 4, '0'), lpad((w % 100 + 1)::text, 5, '0'), 'Máy trạm ' || w, '-',
              md5('k' || w) || md5('K' || w), CASE WHEN w % 50 = 0 THEN 'revoked' ELSE 'active' END,
              now() - interval '400 days', CASE WHEN w % 50 = 0 THEN now() - interval '10 days' END
       FROM generate_series(0, 499) w""",
    f"""INSERT INTO centre_intake_audit (at, package_id, workstation_id, channel, status, reason, detail)
       SELECT now() - i * interval '31.536 seconds', md5('p' || i)::uuid::text, 'ws-' || lpad((i % 500)::text, 4, '0'),
              CASE WHEN i % 10 = 0 THEN 'usb' ELSE 'https' END,
              CASE WHEN i % 100 < 90 THEN 'accepted' WHEN i % 100 < 92 THEN 'duplicate'
                   WHEN i % 100 < 94 THEN 'already_here' ELSE 'rejected' END,
              CASE WHEN i % 100 >= 94 THEN (ARRAY['signature', 'files', 'caller_revoked', 'too_large', 'schema',
                                                  'capture_chain'])[i % 6 + 1]
                   WHEN i % 100 >= 90 AND i % 100 < 92 THEN 'citizen_enrolled_elsewhere' ELSE '' END, ''
       FROM generate_series(1, {ROWS}) i""",
    f"""INSERT INTO centre_packages (package_id, workstation_id, commune, sha256, size, received_at, status, reason,
                                    citizen_key, package)
       SELECT md5('p' || i)::uuid::text, 'ws-' || lpad((i % 500)::text, 4, '0'), lpad((i % 500 % 100 + 1)::text, 5, '0'),
              md5('s' || i) || md5('S' || i), 480000, now() - i * interval '31.536 seconds',
              CASE WHEN i % 50 = 0 THEN 'duplicate' WHEN i < 200 AND i % 50 = 7 THEN 'received' ELSE 'accepted' END,
              CASE WHEN i % 50 = 0 THEN 'citizen_enrolled_elsewhere' ELSE '' END,
              md5('c' || j) || md5('C' || j), '\\x00'::bytea
       FROM (SELECT i, CASE WHEN i % 50 = 0 THEN i - 1 ELSE i END AS j FROM generate_series(1, {ROWS}) i) numbered""",
    # every package's `open` job (done), ten failed for good: the day's page counts the failed
    f"""INSERT INTO centre_jobs (kind, ref, payload, state, attempts, created_at, updated_at, result)
       SELECT 'open', md5('p' || i)::uuid::text, '{{}}', CASE WHEN i % 100000 = 0 THEN 'failed' ELSE 'done' END, 1,
              now() - i * interval '31.536 seconds', now() - i * interval '31.536 seconds', 'accepted'
       FROM generate_series(1, {ROWS}) i""",
    "ANALYZE",
]


def _start() -> dict[str, object]:
    if _console:
        return _console
    from sqlalchemy import text

    from tests.support.postgres import free_port, running_postgres
    from workstation.centre.authority import init_centre
    from workstation.centre.console.totp import totp
    from workstation.centre.console.totp_box import TotpBox
    from workstation.centre.console.users import add_user
    from workstation.centre.registry import Registry

    url = _stack.enter_context(running_postgres()).replace("postgresql://", "postgresql+psycopg://")
    folder = Path(tempfile.mkdtemp(prefix="bench-console-")) / "centre"
    init_centre(folder, PASSPHRASE.encode())
    registry = Registry.open(url)
    started = time.perf_counter()
    with registry.engine.begin() as connection:
        for statement in FILL:
            connection.execute(text(statement))
    print(f"filled {ROWS:,} decisions and {ROWS:,} packages in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    user = add_user(registry.sessions, TotpBox.load(folder), "bench", "bench console password")
    registry.close()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "workstation", "centre", "console", "--dir", str(folder),
                               "--db", url, "--listen", f"127.0.0.1:{port}"],
                              env=dict(os.environ, WORKSTATION_CENTRE_PASSPHRASE=PASSPHRASE),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _stack.callback(lambda: (server.terminate(), server.wait(15)))
    context = ssl.create_default_context(cafile=str(folder / "centre-ca.pem"))
    deadline = time.monotonic() + 30
    while True:
        try:
            connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30)
            connection.request("GET", "/dang-nhap")
            login_page = connection.getresponse()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("the console did not start") from None
            time.sleep(0.3)
    body = login_page.read().decode()
    pre = re.search(r"(__Host-dang-nhap=[^;]+)", login_page.getheader("Set-Cookie") or "")[1]
    csrf = re.search(r'name="csrf" value="([^"]+)"', body)[1]
    connection.request("POST", "/dang-nhap", urlencode({"csrf": csrf, "ten": "bench", "mat_khau": "bench console password",
                                                         "ma_otp": totp(user.totp_secret)}),
                       {"Content-Type": "application/x-www-form-urlencoded", "Cookie": pre})
    answer = connection.getresponse()
    answer.read()
    session = re.search(r"(__Host-phien=[^;]+)", answer.getheader("Set-Cookie") or "")
    if answer.status != 303 or session is None:
        raise RuntimeError(f"the bench user could not log in ({answer.status})")
    with Registry.open(url).engine.connect() as db:
        middle = db.execute(text("SELECT id FROM centre_intake_audit ORDER BY id LIMIT 1 OFFSET 500000")).scalar()
    _console.update(connection=connection, cookie=session[1], middle=middle)
    return _console


def _page(path: str):  # noqa: ANN202
    def setup():  # noqa: ANN202
        console = _start()
        connection: http.client.HTTPSConnection = console["connection"]
        target = path.format(middle=console["middle"])
        server_ms: list[float] = []

        def fetch() -> dict[str, object]:
            connection.request("GET", target, headers={"Cookie": console["cookie"]})
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"{target}: HTTP {response.status}")
            server_ms.append(float(re.search(r"dur=([0-9.]+)", response.getheader("Server-Timing"))[1]))
            timed = server_ms[2:] or server_ms          # the warm-up runs left out
            return {"server_median_ms": round(statistics.median(timed), 1),
                    "server_p95_ms": round(sorted(timed)[max(0, round(0.95 * (len(timed) - 1)))], 1),
                    "kb": len(body) // 1024}
        return fetch
    return setup


PAGES = {
    "today": "/",
    "today[a year ago]": "/?ngay=" + time.strftime("%Y-%m-%d", time.gmtime(time.time() - 360 * 86400)),
    "workstations": "/may-tram",
    "duplicates": "/trung-lap",
    "duplicates[page 300]": "/trung-lap?trang=300",
    "audit": "/nhat-ky",
    "audit[commune]": "/nhat-ky?xa=00042",
    "audit[workstation]": "/nhat-ky?may=ws-0123",
    "audit[rejected, one month]": "/nhat-ky?trang_thai=rejected&tu=" +
                                  time.strftime("%Y-%m-%d", time.gmtime(time.time() - 200 * 86400)) + "&den=" +
                                  time.strftime("%Y-%m-%d", time.gmtime(time.time() - 170 * 86400)),
    "audit[commune, rejected]": "/nhat-ky?xa=00007&trang_thai=rejected",
    "audit[page in the middle]": "/nhat-ky?truoc={middle}",
    "audit[commune, nothing matches]": "/nhat-ky?xa=00007&trang_thai=already_here&tu=2020-01-01",
}
for _name, _path in PAGES.items():
    benchmark(f"console.{_name}", repeat=20, warmup=2,
              description=f"GET {_path.split('&')[0]} over HTTPS, {ROWS:,} decisions + {ROWS:,} packages in PostgreSQL"
              )(_page(_path))
