"""The centre's audit: append-only and hash-chained, with refusals sampled under flooding.

Every entry carries the hash of the entry before it and its own: sha256 over the previous hash
and a canonical JSON encoding of the entry's fields (sorted keys, UTF-8, the time in UTC with
microseconds). Entries are appended one at a time, under a lock (PostgreSQL: a transaction-level
advisory lock; SQLite: every centre transaction takes the write lock at BEGIN), so the chain has
no forks. The database refuses UPDATE, DELETE and TRUNCATE of the table (trigger, migration c0003);
`verify()` finds a row changed or removed behind the trigger's back (a superuser can disable it).

Refusals that anyone can cause without a certificate (TLS failures, 401, 408, 413, 429, the
refusals of /register) go through `Sampler`: per source address, reason and minute the first
`per_window` are written, the rest only counted, and one summary entry (status
"refusals_sampled") says how many were left out. So the audit cannot be used to fill the disk.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from workstation.centre.models import IntakeDecision

GENESIS = "0" * 64
AUDIT_LOCK = 0x57_4B_53_41_55_44   # the advisory lock key of the audit chain ("WKSAUD")
FIELDS = ("at", "package_id", "workstation_id", "channel", "status", "reason", "detail", "source")
SAMPLED = "refusals_sampled"


def clean(value: object, limit: int) -> str:
    """Text the database takes: no NUL (PostgreSQL refuses it), no lone surrogates, bounded."""
    text_value = str(value).replace("\x00", "\\x00")
    return text_value.encode("utf-8", "backslashreplace").decode("utf-8")[:limit]


def _utc(at: datetime) -> str:
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.isoformat(timespec="microseconds")


def entry_hash(prev_hash: str, row: Mapping[str, object]) -> str:
    """sha256(prev_hash "\\n" canonical JSON of the entry's fields)."""
    fields = {k: (_utc(row[k]) if k == "at" else str(row[k] if row[k] is not None else "")) for k in FIELDS}   # type: ignore[arg-type]
    encoded = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(prev_hash.encode() + b"\n" + encoded.encode()).hexdigest()


def append(session: Session, package_id: str, workstation_id: str, channel: str, status: str, reason: str,
           detail: str = "", source: str = "", at: datetime | None = None) -> IntakeDecision:
    """Add one entry to the chain, in the caller's transaction (the lock is held until it ends).
    `at`: now, unless given (the tests' seeded history: the entry is hashed with it all the same)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
    prev = session.scalar(select(IntakeDecision.entry_hash).order_by(IntakeDecision.id.desc()).limit(1)) or GENESIS
    # the stored time has microseconds and comes back as UTC: hashed as stored
    entry = {"at": at or datetime.now(UTC), "package_id": clean(package_id, 64), "workstation_id": clean(workstation_id, 64),
             "channel": clean(channel, 16), "status": clean(status, 16), "reason": clean(reason, 200),
             "detail": clean(detail, 4000), "source": clean(source, 64)}
    row = IntakeDecision(**entry, prev_hash=prev, entry_hash=entry_hash(prev, entry))
    session.add(row)
    return row


@dataclass(frozen=True)
class ChainProblem:
    entry_id: int
    problem: str

    def as_dict(self) -> dict[str, object]:
        return {"id": self.entry_id, "problem": self.problem}


def verify(session: Session, batch: int = 5000) -> tuple[int, list[ChainProblem]]:
    """(entries checked, problems): each entry's prev_hash is the one before it and its own hash
    recomputes; a changed row is named by its id, a removed one by the id after the gap."""
    problems: list[ChainProblem] = []
    prev, last_id, checked = GENESIS, 0, 0
    while True:
        rows = list(session.scalars(select(IntakeDecision).where(IntakeDecision.id > last_id)
                                    .order_by(IntakeDecision.id).limit(batch)))
        if not rows:
            return checked, problems
        for row in rows:
            checked += 1
            values = {k: getattr(row, k) for k in FIELDS}
            if row.prev_hash != prev:
                problems.append(ChainProblem(row.id, "does not follow the entry before it "
                                                     "(an entry was removed or changed)"))
            if entry_hash(row.prev_hash, values) != row.entry_hash:
                problems.append(ChainProblem(row.id, "its content does not match its hash (changed)"))
            prev, last_id = row.entry_hash, row.id


@dataclass
class Sampler:
    """Which refusals to write: the first `per_window` per (source, reason, minute); the rest are
    counted and summarised by `flush()`. One per process; thread-safe."""

    per_window: int = 20
    window_seconds: float = 60.0
    counts: dict[tuple[str, str, int], int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def window(self, now: float | None = None) -> int:
        return int((time.time() if now is None else now) // self.window_seconds)

    def admit(self, source: str, reason: str, now: float | None = None) -> bool:
        key = (source, reason, self.window(now))
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key] <= self.per_window

    def flush(self, everything: bool = False, now: float | None = None) -> list[tuple[str, str, int, int]]:
        """The closed windows (all with `everything`) as (source, reason, window, left out), forgotten."""
        current = self.window(now)
        out = []
        with self.lock:
            for key in [k for k in self.counts if everything or k[2] < current]:
                left_out = self.counts.pop(key) - self.per_window
                if left_out > 0:
                    out.append((key[0], key[1], key[2], left_out))
        return out
