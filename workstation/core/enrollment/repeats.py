"""The same citizen again at the counter (issue 20 finding 4): at the chip step, before a new draft
is made, the saved enrollments of this citizen in the last `storage.repeat_days` are looked up and
said — when, where, by whom — and going on needs the officer's reason, which is audited and kept
with the enrollment's review flags. Qt-free."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from workstation.core.enrollment.checks import FAIL, WARN, Check
from workstation.messages import Message

if TYPE_CHECKING:
    from workstation.storage.enrollments import EnrollmentStore

REPEAT_REASON = "repeat_reason"          # the check's action: the officer says why, then goes on
MIN_REASON = 5


@dataclass(frozen=True)
class EarlierEnrollment:
    at: datetime            # local time
    officer: str
    place: str              # the workstation's unit or commune (this database holds only its own)
    state: str


def earlier_enrollments(store: "EnrollmentStore", id_number: str, days: float, place: str,
                        now: datetime | None = None) -> tuple[EarlierEnrollment, ...]:
    if days <= 0:
        return ()
    now = now or datetime.now(UTC)
    rows = store.earlier_of(id_number, now - timedelta(days=days))
    return tuple(EarlierEnrollment((r.created_at if r.created_at.tzinfo else r.created_at.replace(tzinfo=UTC))
                                   .astimezone(), r.officer, place, r.state) for r in rows)


def repeat_check(earlier: tuple[EarlierEnrollment, ...], days: float, reason: str | None) -> Check | None:
    """Red until the officer gives a reason, amber after; None when the citizen is new here."""
    if not earlier:
        return None
    last = earlier[0]
    when = last.at.strftime("%d/%m/%Y %H:%M")
    where = last.place or "máy trạm này"
    where_en = last.place or "this workstation"
    count = len(earlier)
    message = Message(
        f"Công dân này đã được đăng ký {count} lần trong {days:g} ngày qua: lần gần nhất lúc {when} tại {where}, "
        f"cán bộ {last.officer}.",
        f"This citizen was enrolled {count} time(s) in the last {days:g} days: last at {when} at {where_en}, "
        f"by {last.officer}.")
    if reason is None:
        return Check("repeat", FAIL, message,
                     Message("Hỏi công dân vì sao đăng ký lại; ghi lý do để tiếp tục (F4), hoặc công dân tiếp theo "
                             "(F8).", "Ask the citizen why again; write the reason to go on (F4), or the next "
                             "citizen (F8)."), detail=f"repeats={count}", action=REPEAT_REASON)
    return Check("repeat", WARN, message, Message(f"Lý do đăng ký lại: {reason}", f"Reason to enrol again: {reason}"),
                 detail=f"repeats={count}")


def repeat_reason(text: str) -> str:
    """The officer's words, or a refusal in the officer's words."""
    from workstation.errors import WorkstationError

    reason = " ".join(text.split())
    if len(reason) < MIN_REASON:
        raise WorkstationError(Message("Hãy ghi lý do đăng ký lại (ít nhất 5 ký tự).",
                                       "Write why the citizen is enrolled again (at least 5 characters)."))
    return reason[:500]
