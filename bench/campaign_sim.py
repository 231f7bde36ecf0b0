"""python -m bench.campaign_sim [--residents N] [--quota N] [--counters N] [--minutes M ...] [--no-show P]

A simulated campaign on the synthetic commune: import, plan (three shifts, Sundays and holidays
off), invite everyone due, then shift by shift: (1 - P) of the invited come and are enrolled at the
counter's pace, the rest are no-shows that `close_shift` re-invites into the next free slot (or, at
the second miss, proposes for a home visit). Prints the working days until the quota is reached, for
each minutes-per-citizen given (10: the manual process of the press reports; 1: the product's goal of
about a minute at the counter). The arrivals are decided by a seeded random draw: the same figures
every run."""
from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime

from sqlalchemy import select, update

from bench.bench_campaign import START, commune_file, fresh_store, quota_plan


def simulate(residents: int, quota: int, counters: int, minutes: float, no_show: float, seed: int = 7) -> dict:
    from workstation.campaign import synthetic
    from workstation.campaign.importer import import_list
    from workstation.campaign.models import Invitation, Resident
    from workstation.campaign.noshows import close_shift
    from workstation.campaign.plan import make_plan, save_plan
    from workstation.campaign.slots import invite

    store = fresh_store()
    if residents == 24_000:
        path = commune_file()
    else:
        import tempfile
        from pathlib import Path

        path = Path(tempfile.mkdtemp()) / "commune.xlsx"
        synthetic.write_xlsx(synthetic.generate(residents, seed=1, today=START), path, seed=1)
    import_list(store, path, commune="Xã Minh Khai", today=START)
    planned = quota_plan(store, counters, minutes, quota)
    # room for the re-invitations after the quota's own days
    plan = make_plan(store, quota=quota, until=planned.until.replace(year=planned.until.year + 1), start=START,
                     counters=counters, minutes_per_citizen=minutes, today=START)
    save_plan(store, plan)
    invited = invite(store, plan, today=START).invited
    rng = random.Random(seed)
    enrolled = days = no_shows = home_visits = 0
    from datetime import timedelta

    from workstation.campaign.slots import LEAD_DAYS

    for day in plan.calendar.days(START + timedelta(days=LEAD_DAYS), plan.until):     # from the first slot
        days += 1
        for shift in plan.shifts:
            with store.writing() as session:
                rows = list(session.execute(select(Invitation.ref, Invitation.resident_id).where(
                    Invitation.day == day, Invitation.shift == shift.name, Invitation.state == "invited")))
                came = [(ref, rid) for ref, rid in rows if rng.random() >= no_show]
                at = datetime.combine(day, shift.start).astimezone(UTC)
                if came:
                    session.execute(update(Invitation), [{"ref": ref, "state": "enrolled", "arrived_at": at,
                                                          "closed_at": at} for ref, _ in came])
                    session.execute(update(Resident), [{"id": rid, "outcome": "enrolled", "outcome_at": at}
                                                       for _, rid in came])
            enrolled += len(came)
            closed = close_shift(store, plan, day, shift.name, now=shift.ends(day))      # once the shift ended
            no_shows += closed.no_shows
            home_visits += closed.home_visit
            if enrolled >= quota:
                return {"minutes_per_citizen": minutes, "counters": counters, "capacity_per_day": plan.day_capacity(),
                        "invited": invited, "enrolled": enrolled, "no_shows": no_shows, "home_visits": home_visits,
                        "working_days": days, "reached_on": day.isoformat(), "started": START.isoformat()}
    return {"minutes_per_citizen": minutes, "working_days": None, "enrolled": enrolled}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.campaign_sim", description=__doc__)
    parser.add_argument("--residents", type=int, default=24_000)
    parser.add_argument("--quota", type=int, default=12_000)
    parser.add_argument("--counters", type=int, default=4)
    parser.add_argument("--minutes", type=float, nargs="+", default=[10.0, 1.0])
    parser.add_argument("--no-show", type=float, default=0.15)
    args = parser.parse_args()
    for minutes in args.minutes:
        began = time.perf_counter()
        result = simulate(args.residents, args.quota, args.counters, minutes, args.no_show)
        print(f"{minutes:g} min per citizen, {args.counters} counters, 3 shifts, {args.no_show:.0%} no-shows "
              f"re-invited: quota {args.quota} reached in {result['working_days']} working days "
              f"({result.get('reached_on')}; capacity {result.get('capacity_per_day')} a day, "
              f"{result.get('no_shows')} no-shows, {result.get('home_visits')} proposed for a home visit) "
              f"[simulated in {time.perf_counter() - began:.0f} s]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
