"""The console for real (`workstation centre console` in a subprocess, HTTPS with the centre CA's
certificate) and Debian's Chromium driven by Selenium: the driver and the browser by their paths,
so Selenium Manager downloads nothing. The browser trusts exactly the console's key
(--ignore-certificate-errors-spki-list, a test-only flag naming one key), not any certificate."""
from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from tests.support.postgres import free_port
from tests.support.processes import wait_until_listening
from workstation.centre.authority import init_centre

PASSPHRASE = "correct horse battery staple"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@dataclass(frozen=True)
class RunningConsole:
    url: str
    folder: Path
    db: str
    spki_sha256: str


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, WORKSTATION_CENTRE_PASSPHRASE=PASSPHRASE)
    return subprocess.run([sys.executable, "-m", "workstation", "centre", *args], env=env, text=True,
                          capture_output=True, input=stdin, timeout=60)


def add_user(folder: Path, db: str, name: str, password: str) -> str:
    """`centre console-user add NAME --json`: the TOTP secret it prints once."""
    secret_file = folder.parent / f"{name}.password"
    secret_file.write_text(password)
    done = cli("console-user", "add", name, "--dir", str(folder), "--db", db, "--password-file", str(secret_file),
               "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["totp_secret"]


@contextlib.contextmanager
def running_console(folder: Path, db: str) -> Iterator[RunningConsole]:
    from workstation.centre.registry import Registry

    folder.mkdir(parents=True, exist_ok=True)
    Registry.open(db).close()          # the database first, as `centre init` does: none is made silently
    init_centre(folder, PASSPHRASE.encode())
    port = free_port()
    env = dict(os.environ, WORKSTATION_CENTRE_PASSPHRASE=PASSPHRASE)
    process = subprocess.Popen([sys.executable, "-m", "workstation", "centre", "console", "--dir", str(folder),
                                "--db", db, "--listen", f"127.0.0.1:{port}"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_listening(process, port, "the console")
        cert = x509.load_pem_x509_certificate((folder / "console-tls.pem").read_bytes())
        spki = cert.public_key().public_bytes(serialization.Encoding.DER,
                                              serialization.PublicFormat.SubjectPublicKeyInfo)
        yield RunningConsole(f"https://127.0.0.1:{port}", folder, db,
                             base64.b64encode(hashlib.sha256(spki).digest()).decode())
    finally:
        process.terminate()
        process.wait(10)


@contextlib.contextmanager
def chromium(spki_sha256: str) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="console-chromium-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}", "--window-size=1280,900",
                 "--lang=vi", f"--ignore-certificate-errors-spki-list={spki_sha256}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        driver.set_page_load_timeout(20)
        yield driver
    finally:
        driver.quit()


def screenshot(driver, name: str) -> Path:  # noqa: ANN001
    folder = Path(os.environ.get("WORKSTATION_SCREENSHOTS") or tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"console-{name}.png"
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    path.write_bytes(base64.b64decode(shot["data"]))       # the whole page, not only the window
    return path
