"""Web sessions and CSRF tokens of the console.

Sessions live in the console process (a restart logs everyone out, which is the safe direction);
the cookie holds only a random token: Secure, HttpOnly, SameSite=Strict, and a __Host- name so no
sub-domain can set it. A form's CSRF token is an HMAC of the cookie under a key made at start, so
a page from elsewhere cannot know it (OWASP's "signed double-submit cookie"); the login form has a
pre-session cookie for the same reason (login CSRF)."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field

SESSION_COOKIE = "__Host-phien"
LOGIN_COOKIE = "__Host-dang-nhap"
IDLE_SECONDS = 30 * 60
LONGEST_SECONDS = 12 * 3600
MAX_SESSIONS = 10_000


@dataclass
class WebSession:
    user: str
    started: float
    seen: float


@dataclass
class Sessions:
    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    live: dict[str, WebSession] = field(default_factory=dict)

    def open(self, user: str, now: float | None = None) -> str:
        now = time.monotonic() if now is None else now
        if len(self.live) >= MAX_SESSIONS:
            self._sweep(now)
            while len(self.live) >= MAX_SESSIONS:       # the oldest make room
                self.live.pop(min(self.live, key=lambda t: self.live[t].started))
        token = secrets.token_urlsafe(32)
        self.live[token] = WebSession(user, now, now)
        return token

    def get(self, token: str | None, now: float | None = None) -> WebSession | None:
        if not token:
            return None
        now = time.monotonic() if now is None else now
        found = self.live.get(token)
        if found is None:
            return None
        if now - found.seen > IDLE_SECONDS or now - found.started > LONGEST_SECONDS:
            self.live.pop(token, None)
            return None
        found.seen = now
        return found

    def close(self, token: str | None) -> None:
        if token:
            self.live.pop(token, None)

    def _sweep(self, now: float) -> None:
        for token in [t for t, s in self.live.items()
                      if now - s.seen > IDLE_SECONDS or now - s.started > LONGEST_SECONDS]:
            self.live.pop(token, None)

    def csrf(self, purpose: str, cookie: str) -> str:
        return hmac.new(self.key, f"{purpose}:{cookie}".encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, purpose: str, cookie: str | None, given: object) -> bool:
        return bool(cookie) and isinstance(given, str) and hmac.compare_digest(self.csrf(purpose, cookie), given)


def cookie_options() -> dict[str, object]:
    return {"secure": True, "httponly": True, "samesite": "Strict", "path": "/"}
