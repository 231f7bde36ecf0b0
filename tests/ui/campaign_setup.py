"""A campaign in the simulated workstation's own database, before the window starts: a small
synthetic commune with the emulator's fixture card holders as residents, planned and invited. The
desk's clock is fixed (a Monday morning) so the tests never depend on the day they run."""
from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from workstation.core.context import AppContext

TODAY = date(2026, 12, 7)           # a Monday
DAY1 = date(2026, 12, 8)            # the first day of slots
MORNING = datetime.combine(DAY1, time(8, 20)).astimezone()


def make_campaign(folder: Path, residents: int = 300) -> None:
    from workstation.campaign import synthetic
    from workstation.campaign.importer import import_list
    from workstation.campaign.plan import make_plan, save_plan
    from workstation.campaign.slots import invite
    from workstation.campaign.store import CampaignStore
    from workstation.cli.campaign_commands import _fixture_holders
    from workstation.storage.at_rest import BlobCipher

    people = synthetic.generate(residents, seed=7, today=TODAY, villages=3)
    known = {p.id_number for p in people}
    people += [p for p in _fixture_holders(3)[0] if p.id_number not in known]
    path = folder / "commune.xlsx"
    synthetic.write_xlsx(people, path, seed=7)
    context = AppContext.load(mode="simulated")
    db = context.open_database()
    store = CampaignStore.open(db, BlobCipher.from_folder(context.keys_dir, context.settings.storage.data_key_protection))
    report = import_list(store, path, commune="Xã Minh Khai", today=TODAY)
    assert report.imported == len(people) and not report.bad
    plan = make_plan(store, quota=250, until=date(2026, 12, 31), start=TODAY, counters=2, minutes_per_citizen=10,
                     today=TODAY)
    save_plan(store, plan)
    invite(store, plan, today=TODAY)
    db.close()


def fix_clock(window, at: datetime = MORNING) -> None:  # noqa: ANN001
    desk = window.services.campaign
    desk.today, desk.now = (lambda: at.date()), (lambda: at.astimezone())


def slip_of(window, id_number: str | None = None, other_than: str | None = None):  # noqa: ANN001, ANN201
    """The slip (campaign.slips.Slip) of the citizen with `id_number`, or of the first invited
    citizen in another household than `other_than`'s."""
    from sqlalchemy import select

    from workstation.campaign.invitations import slips_for
    from workstation.campaign.models import Invitation, Resident

    store = window.services.campaign.store
    avoid = store.find(other_than).household_key if other_than else None
    with store.sessions() as session:
        rows = session.execute(select(Invitation, Resident).join(Resident, Invitation.resident_id == Resident.id)
                               .order_by(Invitation.start)).all()
    if id_number is not None:
        want = store.find(id_number)
        ref = next(i.ref for i, r in rows if r.id == want.id)
    else:
        ref = next(i.ref for i, r in rows if r.household_key != avoid)
    return next(s for s in slips_for(store) if s.ref == ref)
