"""At the counter and after: check-in by slip or card, served once, outcomes, no-shows, progress,
the daily report (PDF and XLSX read back). The whole flow also on PostgreSQL."""
from __future__ import annotations

import re
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.campaign.conftest import TODAY
from workstation.campaign.calendar import vietnam_today
from workstation.campaign.checkin import card_matches, check_in, close_for_enrollment, refuse, sync_from_enrollments
from workstation.campaign.errors import CampaignError
from workstation.campaign.importer import import_list
from workstation.campaign.invitations import slips_for
from workstation.campaign.models import Invitation, Resident
from workstation.campaign.noshows import close_shift
from workstation.campaign.plan import make_plan, save_plan
from workstation.campaign.progress import progress
from workstation.campaign.refs import Signer
from workstation.campaign.report import write_report
from workstation.campaign.slots import invite
from workstation.campaign.store import CampaignStore
from workstation.errors import WorkstationError
from workstation.storage.enrollments import EnrollmentStore

DAY1 = date(2026, 12, 8)


def _planned(store: CampaignStore):  # noqa: ANN202
    plan = make_plan(store, quota=350, until=date(2026, 12, 31), start=TODAY, counters=2,
                     minutes_per_citizen=10, today=TODAY)
    save_plan(store, plan)
    invite(store, plan, today=TODAY)
    return plan


def _first_of(store: CampaignStore, day: date, shift: str) -> list[tuple[Invitation, Resident]]:
    with store.sessions() as session:
        return [(i, r) for i, r in session.execute(
            select(Invitation, Resident).join(Resident, Invitation.resident_id == Resident.id)
            .where(Invitation.day == day, Invitation.shift == shift).order_by(Invitation.start))]


def _card_qr(store: CampaignStore, resident: Resident) -> str:
    person = store.person(resident)
    sex = "Nam" if person.gender == "M" else "Nữ"
    return f"{person.id_number}||{person.full_name}|{person.birth:%d%m%Y}|{sex}|Thôn|01012022"


def test_forged_expired_and_other_commune_invitations_are_refused_in_words(imported: CampaignStore) -> None:
    _planned(imported)
    slip = slips_for(imported)[0]
    head, mac = slip.qr_text.rsplit("|", 1)
    forged = head + "|" + ("A" if mac[0] != "A" else "B") + mac[1:]
    with pytest.raises(CampaignError, match="forged or altered"):
        check_in(imported, forged, today=DAY1)
    other_ref = slip.qr_text.replace(slip.ref, "ZZZZZZZZ")          # not ours: said honestly, still refused
    with pytest.raises(CampaignError, match=r"printed before the plan was published \(or on another workstation\)"):
        check_in(imported, other_ref, today=DAY1)
    with pytest.raises(CampaignError, match="damaged or altered"):
        check_in(imported, "L2C1|XA-MINH-KHAI|short", today=DAY1)
    elsewhere = Signer(imported.cipher, "Phường Ba Đình").qr_text(slip.ref, DAY1)
    with pytest.raises(CampaignError, match="another commune"):
        check_in(imported, elsewhere, today=DAY1)
    with pytest.raises(CampaignError, match="expired on"):
        check_in(imported, slip.qr_text, today=DAY1 + timedelta(days=60))
    with pytest.raises(WorkstationError, match="not a 12-digit"):          # the card's QR parser says why
        check_in(imported, "garbage|||||||", today=DAY1)
    for garbage in ("hello world", "L2C1", "https://example.vn/x"):          # neither a slip nor a card
        with pytest.raises(WorkstationError, match="neither an invitation slip nor an ID card's QR"):
            check_in(imported, garbage, today=DAY1)
    assert check_in(imported, slip.qr_text, today=DAY1).status == "arrived"


def test_a_citizen_checked_in_twice_by_slip_and_card_is_served_once(imported: CampaignStore) -> None:
    _planned(imported)
    invitation, resident = _first_of(imported, DAY1, "sáng")[0]
    slip = next(s for s in slips_for(imported) if s.ref == invitation.ref)
    first = check_in(imported, slip.qr_text, today=DAY1)
    again = check_in(imported, _card_qr(imported, resident), today=DAY1)
    assert (first.status, again.status, again.ref, again.via) == ("arrived", "already", invitation.ref, "card")
    person = imported.person(resident)
    assert card_matches(imported, invitation.ref, person.id_number) == "same"
    with imported.sessions() as session:
        others = list(session.scalars(select(Resident).where(Resident.household_key == resident.household_key,
                                                             Resident.id != resident.id)))
        stranger = session.scalar(select(Resident).where(Resident.household_key != resident.household_key).limit(1))
    if others:
        assert card_matches(imported, invitation.ref, imported.person(others[0]).id_number) == "household"
    assert card_matches(imported, invitation.ref, imported.person(stranger).id_number) == "other"


def test_outcomes_no_shows_progress_and_report(any_store: CampaignStore, commune_file: Path, tmp_path: Path) -> None:
    import_list(any_store, commune_file, commune="Xã Minh Khai", today=TODAY)
    any_store.set_village("Thôn Đông", officer="ca_binh", quota=60)
    plan = _planned(any_store)
    morning = _first_of(any_store, DAY1, "sáng")
    assert len(morning) == plan.shift_capacity(plan.shifts[0])
    came, absent = morning[:20], morning[20:]
    at = datetime(2026, 12, 8, 1, 0, tzinfo=UTC)
    for _invitation, resident in came:
        check_in(any_store, _card_qr(any_store, resident), today=DAY1, now=at)
    enrolled_ids = [any_store.person(r).id_number for _, r in came[:15]]
    for id_number in enrolled_ids[:10]:
        assert close_for_enrollment(any_store, id_number, "ca_an", now=at)
    # five more saved by the counter without the call: found from the enrollments themselves
    enrollments = EnrollmentStore(any_store.sessions, any_store.cipher)
    for n, id_number in enumerate(enrolled_ids[10:]):
        draft = enrollments.new_draft("ca_an", id_number, "x", simulated=True)
        enrollments.complete(draft, f"00000000-0000-4000-8000-00000000010{n}", b"p", "ca_an")
    assert sync_from_enrollments(any_store) == 5
    refuse(any_store, any_store.person(came[15][1]).id_number, "khuôn mặt không khớp ảnh trên chip", "ca_an", now=at)
    with pytest.raises(CampaignError, match="why"):
        refuse(any_store, any_store.person(came[16][1]).id_number, "", "ca_an")

    with pytest.raises(CampaignError, match="has not ended yet"):        # 11:29 in Vietnam: still open
        close_shift(any_store, plan, DAY1, "sáng", now=datetime(2026, 12, 8, 4, 29, tzinfo=UTC))
    closed = close_shift(any_store, plan, DAY1, "sáng", now=datetime(2026, 12, 8, 4, 30, tzinfo=UTC))
    assert closed.no_shows == len(absent) and closed.reinvited == len(absent) and closed.home_visit == 0
    with any_store.sessions() as session:
        again = session.scalars(select(Invitation).where(Invitation.resident_id == absent[0][1].id,
                                                         Invitation.state == "invited")).one()
    assert again.start >= datetime(2026, 12, 8, 11, 30)          # the next free slot after the shift

    p = progress(any_store, DAY1)
    assert p.totals["came"] == 20 and p.totals["enrolled"] == 15 and p.totals["refused"] == 1
    assert p.totals["no_show"] == len(absent)
    assert p.totals["eligible"] == p.totals["still_due"] + 15 + 1
    day_row = next(d for d in p.days if d["day"] == DAY1.isoformat())
    # enrolled counts on the day the enrollment was saved: 10 closed on DAY1, 5 saved today by the counter
    assert (day_row["came"], day_row["enrolled"], day_row["refused"]) == (20, 10, 1)
    saved_today = next(d for d in p.days if d["day"] == vietnam_today().isoformat())
    assert saved_today["enrolled"] == 5
    shift_row = next(s for s in p.shifts if s["day"] == DAY1.isoformat() and s["shift"] == "sáng")
    assert shift_row["no_show"] == len(absent) and shift_row["enrolled"] == 15
    assert [s["shift"] for s in p.shifts if s["day"] == DAY1.isoformat()] == ["sáng", "chiều", "tối"]
    assert p.pace_per_day > 0 and p.forecast is not None and p.forecast > DAY1 and p.planned is not None
    assert p.officers[0]["officer"] == "ca_binh" and p.officers[0]["quota"] == 60
    data = p.as_dict()
    assert {"commune", "quota", "eligible", "invited", "came", "enrolled", "refused", "no_show", "still_due",
            "pace_per_day", "forecast_date", "planned_date", "villages", "officers", "days", "shifts"} <= set(data)

    write_report(p, DAY1, tmp_path / "r.xlsx")
    write_report(p, DAY1, tmp_path / "r.pdf")
    sheet = load_workbook(tmp_path / "r.xlsx").active
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert any(row[0] == "Toàn xã" and 15 in row for row in cells)
    assert any(row[0] == "Ca sáng" for row in cells)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "BÁO CÁO TIẾN ĐỘ" in text and "Toàn xã" in text and "Thôn Đông" in text and "08/12/2026" in text
    assert re.search(r"Tốc độ \(người/ngày làm việc\): \d+,\d\b", text)        # a decimal comma
    assert text.index("Ca sáng") < text.index("Ca chiều") < text.index("Ca tối")
    for _, resident in came:                                       # counts only: no names, no ids
        assert any_store.person(resident).full_name not in text

    # a second miss: proposed for a home visit, not re-invited
    closed2 = close_shift(any_store, plan, again.day, again.shift, now=datetime(2027, 1, 1, tzinfo=UTC))
    assert closed2.home_visit >= 1
    with any_store.sessions() as session:
        assert session.get(Resident, absent[0][1].id).home_visit


def test_a_shift_that_has_not_ended_is_not_closed(imported: CampaignStore) -> None:
    """Closing the day before would turn every invited citizen into a no-show and reprint their slips."""
    plan = _planned(imported)
    before = len(_first_of(imported, DAY1, "tối"))
    assert before
    for now in (datetime(2026, 12, 7, 3, 0, tzinfo=UTC), datetime(2026, 12, 8, 13, 59, tzinfo=UTC)):
        with pytest.raises(CampaignError, match=r"has not ended yet \(it ends at 21:00 Vietnam time\)"):
            close_shift(imported, plan, DAY1, "tối", now=now)
    assert len(_first_of(imported, DAY1, "tối")) == before          # nobody turned into a no-show
    assert close_shift(imported, plan, DAY1, "tối", now=datetime(2026, 12, 8, 14, 0, tzinfo=UTC)).no_shows == before


def test_a_card_of_someone_not_on_the_list_is_told(imported: CampaignStore) -> None:
    with pytest.raises(CampaignError, match="not on the commune's resident list"):
        check_in(imported, "001085099999||Người Lạ|02031985|Nam|Hà Nội|01012022", today=DAY1)


def test_the_queue_shows_expected_arrived_serving_and_done(imported: CampaignStore) -> None:
    from workstation.campaign.queue import queue

    _planned(imported)
    morning = _first_of(imported, DAY1, "sáng")[:4]
    (a, ra), (b, rb), (c, rc) = morning[:3]
    check_in(imported, _card_qr(imported, ra), today=DAY1)
    check_in(imported, _card_qr(imported, rb), today=DAY1)
    enrollments = EnrollmentStore(imported.sessions, imported.cipher)
    enrollments.new_draft("ca_an", imported.person(rb).id_number, "x", simulated=True)   # at the counter now
    check_in(imported, _card_qr(imported, rc), today=DAY1)
    close_for_enrollment(imported, imported.person(rc).id_number, "ca_an")
    status = {e.ref: (e.status, e.outcome) for e in queue(imported, DAY1, "sáng")}
    assert status[a.ref] == ("arrived", None) and status[b.ref] == ("serving", None)
    assert status[c.ref] == ("done", "enrolled") and status[morning[3][0].ref] == ("expected", None)
    assert len(status) == 48
