"""The counter's campaign desk (core.campaign_desk, Qt-free): the verdict of a scan in the
officer's words, the card compared with the invited citizen (same household fine), the save and
the refusal recorded through EnrollmentServices, and the plan's burn-up line."""
from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from tests.campaign.conftest import TODAY
from tests.campaign.test_counter import DAY1, _card_qr, _first_of, _planned
from workstation.campaign.invitations import slips_for
from workstation.campaign.models import Resident
from workstation.campaign.store import CampaignStore
from workstation.core.campaign_desk import OK, REFUSED, WARN, CampaignDesk

NOON = datetime(2026, 12, 8, 5, 0, tzinfo=UTC)


def _desk(store: CampaignStore) -> CampaignDesk:
    return CampaignDesk(store, today=lambda: DAY1, now=lambda: NOON)


def test_a_slip_says_who_and_when_then_served_once_and_refusals_in_words(imported: CampaignStore) -> None:
    _planned(imported)
    desk = _desk(imported)
    invitation, resident = _first_of(imported, DAY1, "sáng")[0]
    slip = next(s for s in slips_for(imported) if s.ref == invitation.ref)
    first = desk.check_in(slip.qr_text)
    assert first is not None and first.level == OK and first.ref == slip.ref
    assert first.message.vi == f"Đã đến: {slip.full_name}, hẹn {slip.start:%H:%M}"
    assert first.message.en == f"Arrived: {slip.full_name}, slot {slip.start:%H:%M}"
    again = desk.check_in(_card_qr(imported, resident))          # the card after the slip: served once
    assert again is not None and again.level == WARN and "một lần" in again.message.vi
    forged = desk.check_in(slip.qr_text[:-1] + ("A" if slip.qr_text[-1] != "A" else "B"))
    assert forged is not None and forged.level == REFUSED and "giả" in forged.message.vi
    assert desk.check_in("123456789012|x") is None               # a card QR that does not read: the QR step's
    assert desk.current is not None and desk.current.ref == slip.ref   # a refusal leaves the last check-in


def test_the_card_read_is_compared_with_the_invited_citizen(imported: CampaignStore) -> None:
    _planned(imported)
    desk = _desk(imported)
    invitation, resident = _first_of(imported, DAY1, "sáng")[0]
    assert desk.card_read(imported.person(resident).id_number) is None            # nobody checked in yet
    desk.check_in(next(s.qr_text for s in slips_for(imported) if s.ref == invitation.ref))
    assert desk.card_read(imported.person(resident).id_number) is None            # the invited citizen
    with imported.sessions() as session:
        family = session.scalars(select(Resident).where(Resident.household_key == resident.household_key,
                                                        Resident.id != resident.id)).first()
        stranger = session.scalar(select(Resident).where(Resident.household_key != resident.household_key).limit(1))
    if family is not None:
        household = desk.card_read(imported.person(family).id_number)
        assert household is not None and household.level == WARN and "cùng hộ" in household.message.vi
    other = desk.card_read(imported.person(stranger).id_number)
    assert other is not None and other.level == REFUSED and "KHÔNG phải" in other.message.vi


def test_services_close_the_invitation_on_save_and_record_a_refusal(imported: CampaignStore) -> None:
    from types import SimpleNamespace

    from workstation.core.enrollment.services import EnrollmentServices

    _planned(imported)
    desk = _desk(imported)
    (inv1, enrolled), (inv2, refused) = _first_of(imported, DAY1, "sáng")[:2]
    card = lambda r: SimpleNamespace(dg13=SimpleNamespace(id_number=imported.person(r).id_number))  # noqa: E731

    class Workflow:                                  # what save/refuse use of an EnrollmentWorkflow
        def __init__(self, resident: Resident) -> None:
            self.card, self.refused = card(resident), ""

        def save(self, identity, server) -> str:  # noqa: ANN001
            return "package"

        def refuse(self, reason: str) -> None:
            self.refused = reason

    services = EnrollmentServices(None, None, object(), None, "ws", True, "cb.le", campaign=desk)  # type: ignore[arg-type]
    assert services.save(Workflow(enrolled)) == "package"          # type: ignore[arg-type]
    services.refuse(Workflow(refused), "Công dân không mang thẻ")   # type: ignore[arg-type]
    with imported.sessions() as session:
        a, b = session.get(Resident, enrolled.id), session.get(Resident, refused.id)
        assert (a.outcome, b.outcome, b.outcome_reason) == ("enrolled", "refused", "Công dân không mang thẻ")
    states = {e.ref: e.status for e in desk.queue("sáng")}
    assert states[inv1.ref] == states[inv2.ref] == "done"


def test_the_plan_line_climbs_from_nothing_to_the_quota_on_working_days(imported: CampaignStore) -> None:
    plan = _planned(imported)
    line = _desk(imported).plan_line()
    assert line[0] == (date(2026, 12, 6), 0) and line[-1][1] == plan.quota
    assert all(b[1] - a[1] <= plan.day_capacity() and b[0] > a[0] for a, b in zip(line, line[1:]))
    assert all(d.weekday() != 6 for d, _ in line[1:])                    # Sundays off by default
    assert TODAY == plan.start


def test_a_citizen_who_comes_on_another_day_than_the_slip_says_is_in_todays_queue(any_store: CampaignStore,
                                                                                    commune_file) -> None:  # noqa: ANN001
    from workstation.campaign.importer import import_list

    imported = any_store                                         # SQLite and PostgreSQL: the time comparison
    import_list(imported, commune_file, commune="Xã Minh Khai", today=TODAY)
    _planned(imported)
    desk = _desk(imported)
    later, _ = _first_of(imported, date(2026, 12, 9), "sáng")[0]
    assert later.ref not in {e.ref for e in desk.queue()}
    verdict = desk.check_in(next(s.qr_text for s in slips_for(imported) if s.ref == later.ref))
    assert verdict is not None and verdict.level == OK
    entry = next(e for e in desk.queue("sáng") if e.ref == later.ref)
    assert entry.status == "arrived" and entry.slot.date() == date(2026, 12, 9)


def test_the_next_citizen_checked_in_during_a_capture_stays_checked_in_after_the_save(imported: CampaignStore) -> None:
    _planned(imported)
    desk = _desk(imported)
    morning = _first_of(imported, DAY1, "sáng")
    first, served = morning[0]
    second, waiting = next((i, r) for i, r in morning if r.household_key != served.household_key)
    slips = {s.ref: s.qr_text for s in slips_for(imported)}
    desk.check_in(slips[first.ref])
    desk.check_in(slips[second.ref])                       # the next one scanned while the first is captured
    assert desk.enrolled(imported.person(served).id_number, "cb.le")
    assert desk.current is not None and desk.current.ref == second.ref
    desk.enrolled(imported.person(waiting).id_number, "cb.le")
    assert desk.current is None
