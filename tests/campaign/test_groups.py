"""Group sessions: a class list placed in one block of slots, never over capacity, replacing the
members' own invitations in one transaction."""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from tests.campaign.conftest import TODAY
from workstation.campaign.errors import CampaignError
from workstation.campaign.groups import invite_group
from workstation.campaign.models import Invitation, Resident
from workstation.campaign.plan import make_plan, save_plan
from workstation.campaign.progress import progress
from workstation.campaign.roster import DUE, classify
from workstation.campaign.slots import invite, slot_grid
from workstation.campaign.store import CampaignStore

DAY = date(2026, 12, 10)


def _class_list(store: CampaignStore, path: Path, count: int) -> tuple[Path, list[int]]:
    settings = store.require_settings()
    with store.sessions() as session:
        students = [r for r in session.scalars(select(Resident).order_by(Resident.id))
                    if classify(r, settings, TODAY, set()).category == DUE and not r.bedridden
                    and not r.home_visit][:count]
    book = Workbook()
    book.active.append(["DANH SÁCH HỌC SINH LỚP 9A"])
    book.active.append(["STT", "Họ tên", "Số CCCD", "Lớp"])
    for n, s in enumerate(students, start=1):
        book.active.append([n, store.person(s).full_name, int(store.person(s).id_number), "9A"])
    book.active.append([99, "Không ở xã", "001085099999", "9A"])
    book.active.append([100, "Sai số", "12AB", "9A"])
    book.save(path)
    return path, [s.id for s in students]


def test_a_class_comes_in_one_block_from_its_start(any_store: CampaignStore, commune_file: Path,
                                                  tmp_path: Path) -> None:
    from workstation.campaign.importer import import_list

    import_list(any_store, commune_file, commune="Xã Minh Khai", today=TODAY)
    imported = any_store
    plan = make_plan(imported, quota=300, until=date(2026, 12, 31), start=TODAY, counters=2,
                     minutes_per_citizen=10, today=TODAY)
    save_plan(imported, plan)
    invite(imported, plan, village=imported.villages()[0].name, today=TODAY)     # some already invited
    path, ids = _class_list(imported, tmp_path / "9a.xlsx", 30)
    result = invite_group(imported, plan, "Lớp 9A, THCS Minh Khai", path, DAY, time(13, 30), today=TODAY)
    assert not result.moved and result.as_dict()["moved"] is False
    assert (result.listed, result.invited, result.not_due) == (31, 30, 0)
    assert result.not_on_list == (33,) and [b.row for b in result.bad] == [34]
    assert result.first == datetime(2026, 12, 10, 13, 30) and result.one_block
    with imported.sessions() as session:
        mine = list(session.scalars(select(Invitation).where(Invitation.resident_id.in_(ids),
                                                             Invitation.state == "invited")))
        every = Counter(session.scalars(select(Invitation.start).where(Invitation.state == "invited")))
        moved = session.scalars(select(Invitation).where(Invitation.state == "cancelled")).all()
    assert len(mine) == 30 and {i.team for i in mine} == {"Lớp 9A, THCS Minh Khai"}
    capacity = {s.start: s.capacity for s in slot_grid(plan, TODAY)}
    assert all(every[start] <= capacity[start] for start in every)
    assert all(m.reason == "group: Lớp 9A, THCS Minh Khai" for m in moved)
    # replaced invitations are not counted as invited
    p = progress(imported, DAY)
    assert moved and sum(int(d["invited"]) for d in p.days) == sum(every.values()) + _closed(imported)
    with imported.sessions() as session:
        residents = len(set(session.scalars(select(Invitation.resident_id).where(Invitation.state != "cancelled"))))
    assert p.totals["invited"] == residents


def _closed(store: CampaignStore) -> int:
    with store.sessions() as session:
        return len(session.scalars(select(Invitation).where(Invitation.state.not_in(("invited", "cancelled")))).all())


def test_a_group_day_is_today_or_later_a_working_day_and_its_start_is_kept(imported: CampaignStore,
                                                                          tmp_path: Path) -> None:
    plan = make_plan(imported, quota=300, until=date(2026, 12, 31), start=TODAY, counters=2,
                     minutes_per_citizen=10, today=TODAY)
    save_plan(imported, plan)
    path, _ = _class_list(imported, tmp_path / "9a.xlsx", 12)
    with pytest.raises(CampaignError, match="2026-12-06 has passed"):
        invite_group(imported, plan, "Lớp 9A", path, date(2026, 12, 6), time(13, 30), today=TODAY)
    with pytest.raises(CampaignError, match="2026-12-13 is a day off"):                      # a Sunday
        invite_group(imported, plan, "Lớp 9A", path, date(2026, 12, 13), time(13, 30), today=TODAY)
    with pytest.raises(CampaignError, match="outside the plan"):
        invite_group(imported, plan, "Lớp 9A", path, date(2027, 1, 4), time(13, 30), today=TODAY)
    later = invite_group(imported, plan, "Lớp 9A", path, DAY, time(15, 0), today=TODAY)
    assert later.first == datetime(2026, 12, 10, 15, 0) and not later.moved
    # after the last shift: placed the next working morning, and said
    late = invite_group(imported, plan, "Lớp 9A", path, DAY, time(21, 30), today=TODAY)
    assert late.first == datetime(2026, 12, 11, 7, 30) and late.moved and late.as_dict()["moved"] is True
    assert late.as_dict()["asked_start"] == "2026-12-10T21:30:00"


def test_a_group_the_plan_cannot_hold_is_refused_and_nothing_moves(imported: CampaignStore, tmp_path: Path) -> None:
    plan = make_plan(imported, quota=10, until=DAY, start=TODAY, counters=1, minutes_per_citizen=20, today=TODAY)
    save_plan(imported, plan)
    invite(imported, plan, today=TODAY)
    with imported.sessions() as session:
        before = sorted(session.execute(select(Invitation.ref, Invitation.state)).all())
    path, _ = _class_list(imported, tmp_path / "9a.xlsx", 30)
    with pytest.raises(CampaignError, match=r"to the plan's end there is no room for \d+ of the group"):
        invite_group(imported, plan, "Lớp 9A", path, DAY, time(19, 0), today=TODAY)
    with imported.sessions() as session:
        assert sorted(session.execute(select(Invitation.ref, Invitation.state)).all()) == before


def test_a_list_without_an_id_column_is_refused(imported: CampaignStore, tmp_path: Path) -> None:
    plan = make_plan(imported, quota=10, until=date(2026, 12, 31), start=TODAY, today=TODAY)
    book = Workbook()
    book.active.append(["Họ tên", "Ngày sinh", "Lớp"])
    book.active.append(["A", "02/03/2010", "9A"])
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(CampaignError, match="No column for: Số định danh"):
        invite_group(imported, plan, "Lớp 9A", tmp_path / "x.xlsx", DAY, time(13, 30), today=TODAY)
    with pytest.raises(CampaignError, match="Name the group"):
        invite_group(imported, plan, " ", tmp_path / "x.xlsx", DAY, time(13, 30), today=TODAY)
