"""The officer's day: today's enrollments with their state, searched by ID number or by name
(with or without Vietnamese accents), and the day's counters. Qt-free; the history page shows it."""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from workstation.storage.enrollments import COMPLETE, NEXT_STATES, EnrollmentStore


@dataclass(frozen=True)
class HistoryRow:
    enrollment_id: str
    state: str              # draft | complete | exported | synced | acknowledged | discarded
    id_number: str
    full_name: str
    officer: str
    created_at: datetime    # local time
    simulated: bool
    centre: str = ""        # the centre's answer: accepted | duplicate | already_here | rejected:<reason>
    flags: tuple[str, ...] = ()      # face_override, chain_approval, finger_exception, finger_below_bar, amber:<check>
    repeats: int = 0        # other enrollments of the same citizen in the period before this one
    review: str = ""        # the supervisor's end-of-day decision: approved | flagged | ""
    reviewed_by: str = ""

    @property
    def needs_review(self) -> bool:
        """On the supervisor's end-of-day list: flagged, or the same citizen again; not yet decided."""
        return self.state not in ("draft", "discarded") and bool(self.flags or self.repeats) and not self.review


def fold(text: str) -> str:
    """Lower case without accents: "Nguyễn Văn Đức" → "nguyen van duc" (đ is not a combining mark)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min).astimezone()    # the workstation's own time zone
    return start, start + timedelta(days=1)


def day_rows(store: EnrollmentStore, day: date | None = None, query: str = "",
             repeat_days: float = 30.0) -> list[HistoryRow]:
    day = day or datetime.now().astimezone().date()
    start, end = local_day_bounds(day)
    rows = []
    # the database keeps UTC (SQLite drops the offset): ask in UTC, show in local time
    enrollments = store.between(start.astimezone(UTC), end.astimezone(UTC))
    answers = store.centre_answers([e.id for e in enrollments])
    for e in enrollments:
        created = e.created_at if e.created_at.tzinfo else e.created_at.replace(tzinfo=UTC)
        citizen = store.citizen(e)          # decrypted for the screen: the database holds neither in clear
        flags = tuple(json.loads(e.flags)) if e.flags else ()
        rows.append(HistoryRow(e.id, e.state, citizen.id_number, citizen.full_name, e.officer, created.astimezone(),
                               e.simulated, answers.get(e.id, ""), flags, store.repeats(e, repeat_days),
                               e.review or "", e.reviewed_by or ""))
    return matching(rows, query)


REVIEW = "review"           # the state filter's "needs a supervisor's review"


def matching(rows: list[HistoryRow], query: str, state: str = "") -> list[HistoryRow]:
    """The rows whose ID number starts with `query` or whose name contains it, accents optional;
    `state`: only rows in that state, or REVIEW for the supervisor's end-of-day list."""
    if state == REVIEW:
        rows = [r for r in rows if r.needs_review]
    elif state:
        rows = [r for r in rows if r.state == state]
    wanted = fold(query.strip())
    if not wanted:
        return rows
    return [r for r in rows if r.id_number.startswith(wanted) or wanted in fold(r.full_name)]


def not_yet_sent(store: EnrollmentStore) -> int:
    """Sealed packages of any day that have not left this workstation (neither exported nor
    synced): what a mobile team still has to bring back to the network."""
    return store.count_by_state().get(COMPLETE, 0)


def day_counters(rows: list[HistoryRow]) -> dict[str, int]:
    counters = {"total": len(rows), **{state: 0 for state in NEXT_STATES}}   # every state, 0 when none
    for row in rows:
        counters[row.state] = counters.get(row.state, 0) + 1
    return counters


SAVED_STATES = frozenset({"complete", "exported", "synced", "acknowledged", "received"})


@dataclass(frozen=True)
class Pace:
    """The counter's pace for the saved page: enrollments saved today, and in the last hour."""
    today: int
    last_hour: int


def pace(rows: list[HistoryRow], now: datetime | None = None) -> Pace:
    now = now or datetime.now().astimezone()
    saved = [r for r in rows if r.state in SAVED_STATES]
    return Pace(len(saved), sum(1 for r in saved if now - r.created_at <= timedelta(hours=1)))
