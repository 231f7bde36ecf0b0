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

    @property
    def one_block(self) -> bool:
        return self.first is not None and self.last is not None and self.first.date() == self.last.date()

    def as_dict(self) -> dict[str, object]:
        return {"group": self.name, "listed": self.listed, "invited": self.invited, "not_due": self.not_due,
                "not_on_list_rows": list(self.not_on_list), "bad_rows": [b.as_dict() for b in self.bad],
                "first_slot": self.first.isoformat() if self.first else None,
                "last_slot": self.last.isoformat() if self.last else None, "one_day": self.one_block}


def read_ids(path: Path, sheet: str | None = None,
             overrides: list[tuple[str, str]] | None = None) -> tuple[list[tuple[int, str]], list[BadRow]]:
    ids: list[tuple[int, str]] = []
    bad: list[BadRow] = []
    with open_table(path, sheet) as table:
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


def invite_group(store: CampaignStore, plan: PlanSettings, name: str, path: Path, day: date, start: time,
                 sheet: str | None = None, overrides: list[tuple[str, str]] | None = None) -> GroupResult:
    name = " ".join(name.split())
    if not name:
        raise CampaignError("Hãy ghi tên nhóm (ví dụ: Lớp 9A, THCS Minh Khai).", "Name the group (e.g. Class 9A).")
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
        placed = invite_in(session, store, plan, today=day - timedelta(days=1), after=datetime.combine(day, start),
                           only=residents, team=name)
    return GroupResult(name, len(ids), placed.invited, len(residents) - placed.invited - placed.not_placed
                       - placed.mobile_team, tuple(not_on_list), tuple(bad), placed.first, placed.last)
