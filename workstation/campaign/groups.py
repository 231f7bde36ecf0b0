"""Group sessions: a school or a workplace brings a list (a class with its teacher) for one block of
slots. The list is read like a resident list but needs only the ID column; each listed resident who
is due is placed from the block's start in the plan's next free places (never over capacity, so a
block larger than the counters can take that day runs on into the next free slots, and the result
says so). An open invitation of a listed resident is replaced by the group's; the invitations carry
the group's name (the `team` column) so the queue can show it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from workstation.campaign import rows as check
from workstation.campaign.calendar import vietnam_today
from workstation.campaign.columns import map_columns, require
from workstation.campaign.errors import CampaignError
from workstation.campaign.importer import BadRow
from workstation.campaign.models import Invitation
from workstation.campaign.plan import PlanSettings
from workstation.campaign.sheets import open_table
from workstation.campaign.slots import invite_in
from workstation.campaign.store import CampaignStore


@dataclass(frozen=True)
class GroupResult:
    name: str
    listed: int
    invited: int
    not_due: int                      # on the commune's list but enrolled, level 2, under age, gone...
    not_on_list: tuple[int, ...]      # row numbers of IDs that are not the commune's residents
    bad: tuple[BadRow, ...]
    first: datetime | None
    last: datetime | None
    asked: datetime | None = None     # the day and --start the group asked for
    slot_minutes: int = 15

    @property
    def one_block(self) -> bool:
        return self.first is not None and self.last is not None and self.first.date() == self.last.date()

    @property
    def moved(self) -> bool:
        """The asked day and time could not take the group's first member (full, or outside the
        shifts): they start later, and the output says where."""
        if self.first is None or self.asked is None:
            return False
        return self.first.date() != self.asked.date() or self.first - self.asked >= timedelta(minutes=self.slot_minutes)

    def as_dict(self) -> dict[str, object]:
        return {"group": self.name, "listed": self.listed, "invited": self.invited, "not_due": self.not_due,
                "not_on_list_rows": list(self.not_on_list), "bad_rows": [b.as_dict() for b in self.bad],
                "first_slot": self.first.isoformat() if self.first else None,
                "last_slot": self.last.isoformat() if self.last else None, "one_day": self.one_block,
                "asked_start": self.asked.isoformat() if self.asked else None, "moved": self.moved}


def read_ids(path: Path, sheet: str | None = None,
             overrides: list[tuple[str, str]] | None = None) -> tuple[list[tuple[int, str]], list[BadRow]]:
    ids: list[tuple[int, str]] = []
    bad: list[BadRow] = []
    with open_table(path, sheet, tuple(left for left, _ in overrides or [])) as table:
        mapping = map_columns(table.headers, overrides)
        require(mapping, ("id",))
        column = mapping.columns["id"]
        for number, cells in table.rows:
            value, formula = cells[column] if column < len(cells) else (None, False)
            if value is None or value == "":
                continue
            try:
                if formula:
                    raise check.RowProblem("ô số định danh là công thức", "the ID cell holds a formula")
                ids.append((number, check.id_number(value)))
            except check.RowProblem as problem:
                bad.append(BadRow(number, problem.vi, problem.en))
    return ids, bad


def _check_day(plan: PlanSettings, day: date, today: date) -> None:
    """A group's day must be one the plan opens on, today or later: a past day or a day off would
    otherwise silently place the group somewhere else."""
    if day < today:
        raise CampaignError(f"Ngày {day:%d/%m/%Y} đã qua: chọn hôm nay hoặc một ngày sau.",
                            f"{day.isoformat()} has passed: choose today or a later day.")
    if not plan.start <= day <= plan.until:
        raise CampaignError(f"Ngày {day:%d/%m/%Y} ngoài kế hoạch ({plan.start:%d/%m/%Y} - {plan.until:%d/%m/%Y}).",
                            f"{day.isoformat()} is outside the plan ({plan.start.isoformat()} to "
                            f"{plan.until.isoformat()}).")
    if not plan.calendar.working(day):
        raise CampaignError(f"Ngày {day:%d/%m/%Y} là ngày nghỉ trong kế hoạch: chọn ngày làm việc.",
                            f"{day.isoformat()} is a day off in the plan: choose a working day.")


def invite_group(store: CampaignStore, plan: PlanSettings, name: str, path: Path, day: date, start: time,
                 sheet: str | None = None, overrides: list[tuple[str, str]] | None = None,
                 today: date | None = None) -> GroupResult:
    name = " ".join(name.split())
    if not name:
        raise CampaignError("Hãy ghi tên nhóm (ví dụ: Lớp 9A, THCS Minh Khai).", "Name the group (e.g. Class 9A).")
    _check_day(plan, day, today or min(date.today(), vietnam_today()))   # past on both clocks
    ids, bad = read_ids(path, sheet, overrides)
    if not ids:
        raise CampaignError(f"Danh sách {path.name} không có số định danh nào đọc được.",
                            f"The list {path.name} holds no readable ID number.")
    not_on_list: list[int] = []
    residents: set[int] = set()
    now = datetime.now(UTC)
    with store.writing() as session:                       # moved and re-invited together, or not at all
        for row, id_number in ids:
            resident = store.find(id_number, session)
            if resident is None:
                not_on_list.append(row)
                continue
            residents.add(resident.id)
        for invitation in session.scalars(select(Invitation).where(Invitation.resident_id.in_(sorted(residents)),
                                                                   Invitation.state == "invited")):
            invitation.state, invitation.closed_at, invitation.reason = "cancelled", now, f"group: {name}"
        asked = datetime.combine(day, start)
        placed = invite_in(session, store, plan, today=day - timedelta(days=1), after=asked, only=residents, team=name)
        if placed.not_placed:                              # raised inside the transaction: nothing moved
            raise CampaignError(
                f"Từ {start:%H:%M} ngày {day:%d/%m/%Y} đến hết kế hoạch không đủ chỗ cho {placed.not_placed} người "
                "của nhóm: chọn ngày khác hoặc mở thêm ca/quầy.",
                f"From {start:%H:%M} on {day.isoformat()} to the plan's end there is no room for "
                f"{placed.not_placed} of the group: choose another day, or add shifts or counters.")
    return GroupResult(name, len(ids), placed.invited, len(residents) - placed.invited - placed.not_placed
                       - placed.mobile_team, tuple(not_on_list), tuple(bad), placed.first, placed.last, asked,
                       plan.slot_minutes)
