"""Running the console: HTTPS with a certificate the centre CA issues for the console's own names
(console-tls.pem, beside the intake's), on its own port, until SIGTERM or Ctrl-C."""
from __future__ import annotations

import asyncio
import logging
import signal
import ssl

from aiohttp import web

from workstation.centre.authority import Centre, server_tls
from workstation.centre.console.app import build_app
from workstation.centre.console.reviewing import Reviewing
from workstation.centre.console.totp_box import TotpBox
from workstation.centre.registry import Registry
from workstation.errors import WorkstationError

log = logging.getLogger(__name__)
CONSOLE_TLS = ("console-tls.pem", "console-tls.key.pem")


def console_tls(centre: Centre, hosts: list[str], passphrase: bytes) -> ssl.SSLContext:
    """TLS 1.2+; no client certificate asked (officers log in with a password and a TOTP code)."""
    cert_file, key_file = server_tls(centre, hosts, passphrase, CONSOLE_TLS)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(cert_file), str(key_file), password=passphrase)
    return context


def serve_console(registry: Registry, box: TotpBox, host: str, port: int, context: ssl.SSLContext,
                  reviewing: Reviewing | None = None) -> None:
    async def main() -> None:
        runner = web.AppRunner(build_app(registry, box, reviewing=reviewing), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host, port, ssl_context=context)
        await site.start()
        log.info("centre console listening on %s:%d", host, port)
        print(f"console on https://{host}:{port}", flush=True)
        stop = asyncio.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
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
