"""The campaign on the synthetic commune of 24,000 residents (workstation sim commune, seed 1):
import, planning 12,000 invitations, the slips of 1,500 citizens, a check-in lookup, progress.
Goals (issue 21): import ≤ 5 s, plan ≤ 2 s, 1,500 slips ≤ 20 s, check-in ≤ 50 ms, progress ≤ 200 ms."""
from __future__ import annotations

import itertools
import math
import os
import tempfile
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from bench.harness import benchmark

RESIDENTS = 24_000
QUOTA = 12_000
START = date(2027, 3, 1)           # a Monday after Tết, so the holidays do not move the figures


@lru_cache(maxsize=1)
def commune_file() -> Path:
    from workstation.campaign import synthetic

    path = Path(tempfile.mkdtemp(prefix="bench-campaign-")) / "commune.xlsx"
    synthetic.write_xlsx(synthetic.generate(RESIDENTS, seed=1, today=START), path, seed=1)
    return path


def fresh_store():  # noqa: ANN201
    from workstation.campaign.store import CampaignStore
    from workstation.storage.at_rest import BlobCipher
    from workstation.storage.database import open_database, sqlite_url

    db = open_database(sqlite_url(Path(tempfile.mkdtemp(prefix="bench-campaign-db-")) / "ws.sqlite3"))
    return CampaignStore.open(db, BlobCipher(os.urandom(32)))


def quota_plan(store, counters: int = 4, minutes: float = 10.0, quota: int = QUOTA):  # noqa: ANN001, ANN201
    """A plan whose capacity just holds the quota: 4 counters, three shifts."""
    from workstation.campaign.calendar import Calendar, parse_days_off, parse_holidays
    from workstation.campaign.plan import make_plan

    probe = make_plan(store, quota=quota, until=START, start=START, counters=counters, minutes_per_citizen=minutes,
                      today=START)
    calendar = Calendar(parse_days_off(None), frozenset(parse_holidays(None)))
    until = calendar.add_working_days(START + timedelta(days=1), math.ceil(quota / probe.day_capacity()))
    return make_plan(store, quota=quota, until=until, start=START, counters=counters, minutes_per_citizen=minutes,
                     today=START)


@lru_cache(maxsize=1)
def planned_store():  # noqa: ANN201
    from workstation.campaign.importer import import_list
    from workstation.campaign.plan import save_plan
    from workstation.campaign.slots import invite

    store = fresh_store()
    import_list(store, commune_file(), commune="Xã Minh Khai", today=START)
    plan = quota_plan(store)
    save_plan(store, plan)
    invite(store, plan, today=START)
    return store, plan


@benchmark("campaign.import", repeat=5, warmup=1,
           description="import the 24,000-row commune (.xlsx) into an emptied campaign (goal ≤ 5 s)")
def import_commune():  # noqa: ANN201
    from sqlalchemy import delete

    from workstation.campaign.importer import import_list
    from workstation.campaign.models import Resident

    store = fresh_store()
    path = commune_file()

    def run() -> dict[str, int]:
        with store.writing() as session:
            session.execute(delete(Resident))
        return {"imported": import_list(store, path, commune="Xã Minh Khai", today=START).imported}
    return run


@benchmark("campaign.plan", repeat=5, warmup=1,
           description="fill the slots of 12,000 invitations, household by household (goal ≤ 2 s)")
def plan_invitations():  # noqa: ANN201
    from sqlalchemy import delete

    from workstation.campaign.importer import import_list
    from workstation.campaign.models import Invitation
    from workstation.campaign.slots import invite

    store = fresh_store()
    import_list(store, commune_file(), commune="Xã Minh Khai", today=START)
    plan = quota_plan(store)

    def run() -> dict[str, int]:
        with store.writing() as session:
            session.execute(delete(Invitation))
        return {"invited": invite(store, plan, today=START).invited}
    return run


@benchmark("campaign.slips", repeat=3, warmup=1,
           description="invitation slips of 1,500 citizens as PDF, 8 per A4 (goal ≤ 20 s)")
def slips_pdf():  # noqa: ANN201
    from workstation.campaign.invitations import slips_for
    from workstation.campaign.slips import write_pdf

    store, _ = planned_store()
    village = store.villages()[0].name
    out = Path(tempfile.mkdtemp(prefix="bench-slips-")) / "slips.pdf"

    def run() -> dict[str, int]:
        slips = slips_for(store, village)[:1500]
        pages = write_pdf(slips, out, "Xã Minh Khai", "Trụ sở Công an xã")
        return {"slips": len(slips), "pages": pages, "kb": out.stat().st_size // 1024}
    return run


@benchmark("campaign.checkin", repeat=200, warmup=5,
           description="check a citizen in from the slip's QR, 24,000 residents, 12,000 invitations (goal ≤ 50 ms)")
def checkin_lookup():  # noqa: ANN201
    from workstation.campaign.checkin import check_in
    from workstation.campaign.invitations import slips_for

    store, _ = planned_store()
    texts = itertools.cycle([s.qr_text for s in slips_for(store)[:400]])
    return lambda: {"status": check_in(store, next(texts), today=START).status}


@benchmark("campaign.progress", repeat=10, warmup=1,
           description="progress of the commune, villages, days, shifts, officers (goal ≤ 200 ms)")
def progress_view():  # noqa: ANN201
    from workstation.campaign.progress import progress

    store, _ = planned_store()
    return lambda: {"invited": progress(store, START).totals["invited"]}
