"""A mobile team's day: home visits in list order with times, as invitations of the team, and the
printable plan read back."""
from __future__ import annotations

import subprocess
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from workstation.campaign.checkin import check_in
from workstation.campaign.errors import CampaignError
from workstation.campaign.mobile import plan_mobile_day
from workstation.campaign.models import Invitation, Resident
from workstation.campaign.slips import write_mobile_day_pdf
from workstation.campaign.store import CampaignStore

DAY = date(2026, 12, 9)


def test_the_team_visits_the_households_that_need_it_in_order_with_times(any_store: CampaignStore, commune_file: Path,
                                                                         tmp_path: Path) -> None:
    from tests.campaign.conftest import TODAY
    from workstation.campaign.importer import import_list

    import_list(any_store, commune_file, commune="Xã Minh Khai", today=TODAY)
    imported = any_store
    village = imported.villages()[0].name
    day = plan_mobile_day(imported, village, DAY, "Tổ 1", minutes_per_citizen=15, travel_minutes=10)
    assert day.visits and day.village == village
    starts = [v.start for v in day.visits]
    assert starts == sorted(starts) and starts[0] == datetime(2026, 12, 9, 8, 0)
    for earlier, later in zip(day.visits, day.visits[1:]):
        assert (later.start - earlier.start).total_seconds() / 60 == earlier.minutes + 10
    assert all(any(m.marks for m in v.members) for v in day.visits)       # each house has a reason to go
    with imported.sessions() as session:
        rows = list(session.execute(select(Invitation, Resident).join(Resident, Invitation.resident_id == Resident.id)
                                    .where(Invitation.team == "Tổ 1")))
    assert len(rows) == sum(len(v.members) for v in day.visits) and all(i.mobile for i, _ in rows)
    # the laptop checks the first citizen in by card like at the counter
    invitation, resident = rows[0]
    person = imported.person(resident)
    qr = f"{person.id_number}||{person.full_name}|{person.birth:%d%m%Y}|{'Nam' if person.gender == 'M' else 'Nữ'}|x|01012022"
    assert check_in(imported, qr, today=DAY).ref in {i.ref for i, _ in rows}
    # a second plan of the same day visits nobody twice
    assert not plan_mobile_day(imported, village, DAY, "Tổ 1").visits
    write_mobile_day_pdf(day, tmp_path / "day.pdf", "Xã Minh Khai")
    text = subprocess.run(["pdftotext", str(tmp_path / "day.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "TỔ LƯU ĐỘNG Tổ 1" in text and day.visits[0].members[0].name in text and day.visits[0].household in text


def test_a_short_day_leaves_households_for_another_and_bad_hours_are_refused(imported: CampaignStore) -> None:
    village = imported.villages()[0].name
    day = plan_mobile_day(imported, village, DAY, "Tổ 2", start=time(8, 0), end=time(8, 20))
    assert len(day.visits) <= 1 and day.left_for_another_day >= 1
    with pytest.raises(CampaignError, match="hours"):
        plan_mobile_day(imported, village, DAY, "Tổ 2", start=time(9, 0), end=time(8, 0))
    with pytest.raises(CampaignError, match="Name the mobile team"):
        plan_mobile_day(imported, village, DAY, "  ")
