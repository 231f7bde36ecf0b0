"""`workstation campaign plan | invite | invitations | checkin | enrolled | refuse | close-shift |
progress | report`: from the quota to the counter and back (see campaign_commands for the rest)."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from workstation.cli.campaign_commands import _day, changing_command, officer_of, open_store, record
from workstation.cli.campaign_report_commands import run_report
from workstation.errors import WorkstationError


def register(c: argparse._SubParsersAction) -> None:
    p = c.add_parser("plan", help="the quota against the counters' capacity before the end date")
    p.add_argument("--quota", type=int, required=True, metavar="N")
    p.add_argument("--until", type=_day, required=True, metavar="DATE")
    p.add_argument("--start", type=_day, metavar="DATE", help="first day (default today)")
    p.add_argument("--shifts", metavar="LIST", help="sáng,chiều,tối (default) or name=HH:MM-HH:MM,...")
    p.add_argument("--counters", type=int, default=1, metavar="N", help="counters per shift (default 1)")
    p.add_argument("--minutes-per-citizen", type=float, metavar="M",
                   help="default: the median of this workstation's enrollments, else 10")
    p.add_argument("--slot-minutes", type=int, default=15, metavar="M", help="invitation slots (default 15)")
    p.add_argument("--days-off", metavar="LIST", help="weekdays off: mon..sun or t2..cn (default sun; 'none')")
    p.add_argument("--holidays", metavar="LIST", help="YYYY-MM-DD,... (default: the public holidays 2026-2027)")
    changing_command(p, run_plan)

    p = c.add_parser("invite", help="give every due resident without an invitation a time slot")
    p.add_argument("--village", metavar="NAME")
    changing_command(p, run_invite)

    p = c.add_parser("invitations", help="invite (as 'invite' does) and print the slips, and the SMS file")
    p.add_argument("--village", metavar="NAME")
    p.add_argument("--day", type=_day, metavar="DATE", help="only the slots of this day")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    p.add_argument("--sms", type=Path, metavar="FILE.csv", help="phone,message for a bulk SMS service")
    changing_command(p, run_invitations)

    p = c.add_parser("group", help="a school's or workplace's list invited for one block of slots")
    p.add_argument("--name", required=True, metavar="TEXT", help="e.g. \"Lớp 9A, THCS Minh Khai\"")
    p.add_argument("--list", required=True, type=Path, metavar="FILE", help=".xlsx or .csv with an ID column")
    p.add_argument("--day", type=_day, required=True, metavar="DATE")
    p.add_argument("--start", required=True, metavar="HH:MM")
    p.add_argument("--sheet", metavar="NAME")
    p.add_argument("--map", action="append", metavar="HEADER=FIELD", help="as for import (only id is needed)")
    changing_command(p, run_group)

    p = c.add_parser("checkin", help="check a citizen in from the invitation's QR or the card's QR")
    p.add_argument("qr_text", metavar="QR_TEXT")
    changing_command(p, run_checkin)

    p = c.add_parser("queue", help="the shift's queue: expected, arrived, being served, done, no-show")
    p.add_argument("--day", type=_day, metavar="DATE", help="default today")
    p.add_argument("--shift", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_queue)

    p = c.add_parser("enrolled", help="close a citizen's invitation: their enrollment is saved")
    p.add_argument("id_number", nargs="?", metavar="ID")
    p.add_argument("--from-enrollments", action="store_true",
                   help="close every invitation whose citizen this workstation has enrolled")
    p.add_argument("--officer", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_enrolled)

    p = c.add_parser("refuse", help="record why a citizen's enrollment was refused")
    p.add_argument("id_number", metavar="ID")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.add_argument("--officer", metavar="NAME")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_refuse)

    p = c.add_parser("close-shift", help="after a shift: no-shows re-invited or proposed for a home visit")
    p.add_argument("--day", type=_day, required=True, metavar="DATE")
    p.add_argument("--shift", required=True, metavar="NAME")
    changing_command(p, run_close_shift)

    p = c.add_parser("mobile-day", help="a mobile team's day of home visits in a village (PDF to carry)")
    p.add_argument("--village", required=True, metavar="NAME")
    p.add_argument("--day", type=_day, required=True, metavar="DATE")
    p.add_argument("--team", required=True, metavar="NAME")
    p.add_argument("--hours", default="08:00-17:00", metavar="HH:MM-HH:MM", help="the team's day (default 08:00-17:00)")
    p.add_argument("--minutes-per-citizen", type=int, default=15, metavar="M", help="at home (default 15)")
    p.add_argument("--travel-minutes", type=int, default=10, metavar="M", help="between houses (default 10)")
    p.add_argument("--out", type=Path, metavar="FILE.pdf")
    changing_command(p, run_mobile_day)

    p = c.add_parser("progress", help="eligible, invited, came, enrolled, refused, no-show, still due; forecast")
    p.add_argument("--day", type=_day, metavar="DATE", help="as of this day (default today)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_progress)

    p = c.add_parser("report", help="the day's report for the commune chief (PDF or XLSX), and/or signed to the centre")
    p.add_argument("--day", type=_day, required=True, metavar="DATE")
    p.add_argument("--out", type=Path, metavar="FILE.pdf|FILE.xlsx")
    p.add_argument("--send", action="store_true", help="post the day's counts, signed, to the centre")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_report)


def run_plan(args: argparse.Namespace) -> int:
    from workstation.campaign.plan import evaluate, make_plan, save_plan
    from workstation.cli.main import print_json

    _, store = open_store(args)
    plan = make_plan(store, quota=args.quota, until=args.until, start=args.start, shifts=args.shifts,
                     counters=args.counters, minutes_per_citizen=args.minutes_per_citizen,
                     slot_minutes=args.slot_minutes, days_off=args.days_off, holidays=args.holidays)
    result = evaluate(store, plan)
    save_plan(store, plan)
    record(store, officer_of(args), "plan", quota=plan.quota, until=plan.until.isoformat(), counters=plan.counters,
           minutes_per_citizen=plan.minutes_per_citizen, fits=result.fits)
    if args.json:
        print_json(result.as_dict())
    else:
        print(f"{plan.counters} counter(s), shifts {', '.join(s.as_text() for s in plan.shifts)}, "
              f"{plan.minutes_per_citizen:g} min per citizen ({plan.minutes_source})")
        print(f"{result.working_days} working days × {plan.day_capacity()} a day = capacity {result.capacity}; "
              f"quota {plan.quota}, already enrolled {result.enrolled}, remaining {result.remaining}")
        if result.fits:
            print(f"the quota fits: reached on {result.reached_on:%d/%m/%Y}, {result.capacity - result.remaining} spare")
        else:
            print(f"the quota does NOT fit: short by {result.shortfall} citizens "
                  f"({result.extra_days_needed} more working days, until {result.reached_on:%d/%m/%Y})")
        if result.due < result.remaining:
            print(f"note: only {result.due} residents are still due on the list")
    return 0


def _invite(args: argparse.Namespace, store):  # noqa: ANN001, ANN202
    from workstation.campaign.plan import load_plan
    from workstation.campaign.slots import invite

    result = invite(store, load_plan(store), village=args.village)
    record(store, officer_of(args), "invite", village=args.village, invited=result.invited,
           not_placed=result.not_placed)
    return result


def run_invite(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json

    _, store = open_store(args)
    result = _invite(args, store)
    if args.json:
        print_json(result.as_dict())
    else:
        print(f"{result.invited} invited ({result.households} households)"
              + (f", from {result.first:%d/%m %H:%M} to {result.last:%d/%m %H:%M}" if result.first else "")
              + f"; {result.not_placed} without a slot (plan full); {result.mobile_team} for the mobile team")
    return 0


def run_invitations(args: argparse.Namespace) -> int:
    from workstation.campaign.invitations import slips_for
    from workstation.campaign.calendar import refuse_past
    from workstation.campaign.shared import commune_key
    from workstation.campaign.slips import write_pdf, write_sms_csv
    from workstation.cli.main import print_json
    from workstation.core.centre_client import load_link

    if args.day is not None:
        refuse_past(args.day, "in giấy mời", "slips are printed")
    ctx, store = open_store(args)
    invited = _invite(args, store)
    settings = store.require_settings()
    slips = slips_for(store, args.village, args.day)
    if slips and commune_key(store) is None and load_link(ctx.keys_dir) is not None:
        # until published, the check value uses this workstation's own key (refs.py)
        print("warning: no published plan yet: these slips will check in only on this workstation until the "
              "plan is published (workstation campaign publish)", file=sys.stderr)
    pages = write_pdf(slips, args.out, settings.commune, settings.place)
    sms = write_sms_csv(slips, args.sms, settings.commune, settings.place) if args.sms else None
    out = {"newly_invited": invited.invited, "not_placed": invited.not_placed, "slips": len(slips), "pages": pages,
           "pdf": str(args.out), "sms": str(args.sms) if args.sms else None,
           "sms_written": sms[0] if sms else 0, "sms_without_phone": sms[1] if sms else 0}
    if args.json:
        print_json(out)
    else:
        print(f"{len(slips)} slips on {pages} pages: {args.out}" + (f"; {sms[0]} SMS ({sms[1]} without a phone): "
                                                                  f"{args.sms}" if sms else ""))
        if invited.not_placed:
            print(f"{invited.not_placed} due residents have no slot: the plan is full (workstation campaign plan)")
    return 0


def run_checkin(args: argparse.Namespace) -> int:
    from workstation.campaign.checkin import check_in
    from workstation.cli.main import print_json

    from workstation.cli.campaign_sync_commands import post_checkin
    from workstation.core.centre_client import load_link

    ctx, store = open_store(args)
    link = load_link(ctx.keys_dir)
    result = check_in(store, args.qr_text, workstation=link.workstation_id if link else "-")
    result = post_checkin(ctx, store, result)
    record(store, officer_of(args), "checkin", ref=result.ref, status=result.status, via=result.via, by=result.by)
    # a shared plan carries no names (shared.py): say so rather than print an empty name
    name = result.full_name or "(name not shared on this workstation)"
    if args.json:
        print_json(result.as_dict())
    elif result.status == "already":
        where = f" at {result.by}" if result.by and link and result.by != link.workstation_id else ""
        print(f"already checked in{where} at {result.arrived_at.astimezone():%H:%M}: {name} ({result.village})")
    else:
        slot = f", slot {result.slot:%d/%m %H:%M}" if result.slot else ", no invitation (walk-in)"
        print(f"checked in: {name} ({result.village}){slot}")
    return 0


def run_enrolled(args: argparse.Namespace) -> int:
    from workstation.campaign.checkin import close_for_enrollment, sync_from_enrollments
    from workstation.cli.main import print_json

    _, store = open_store(args)
    if args.from_enrollments:
        closed = sync_from_enrollments(store, officer_of(args))
    elif args.id_number:
        if not close_for_enrollment(store, args.id_number.strip(), officer_of(args)):
            raise WorkstationError("this ID number is not on the commune's resident list")
        closed = 1
    else:
        raise WorkstationError("give an ID number or --from-enrollments")
    record(store, officer_of(args), "enrolled", closed=closed)
    if args.json:
        print_json({"closed": closed})
    else:
        print(f"{closed} invitation(s) closed as enrolled")
    return 0


def run_refuse(args: argparse.Namespace) -> int:
    from workstation.campaign.checkin import refuse
    from workstation.cli.main import print_json

    _, store = open_store(args)
    refuse(store, args.id_number.strip(), args.reason, officer_of(args))
    record(store, officer_of(args), "refused", reason=args.reason)
    if args.json:
        print_json({"refused": 1})
    else:
        print("refusal recorded")
    return 0


def run_close_shift(args: argparse.Namespace) -> int:
    from workstation.campaign.noshows import close_shift
    from workstation.campaign.plan import load_plan
    from workstation.cli.main import print_json

    _, store = open_store(args)
    result = close_shift(store, load_plan(store), args.day, args.shift)
    record(store, officer_of(args), "close_shift", **result.as_dict())
    if args.json:
        print_json(result.as_dict())
    else:
        print(f"{result.no_shows} no-shows: {result.reinvited} re-invited, {result.home_visit} proposed for a home "
              f"visit" + (f", {result.not_placed} without a free slot" if result.not_placed else ""))
    return 0


def run_progress(args: argparse.Namespace) -> int:
    from workstation.campaign.checkin import sync_from_enrollments
    from workstation.campaign.progress import KEYS, progress
    from workstation.cli.main import print_json

    _, store = open_store(args)
    sync_from_enrollments(store)
    p = progress(store, args.day or date.today())
    if args.json:
        print_json(p.as_dict())
        return 0
    forecast = (f"pace {p.pace_per_day:.1f} a day, forecast {p.forecast:%d/%m/%Y}" if p.forecast
                else "no forecast yet (no enrollment in the last 7 days)")
    planned = f", planned {p.planned:%d/%m/%Y}" if p.planned else ""
    print(f"{p.commune}, {p.day:%d/%m/%Y}: quota {p.quota if p.quota is not None else '-'}, {forecast}{planned}")
    print(f"{'':20}" + "".join(f"{k:>10}" for k in KEYS))
    for v in p.villages:
        print(f"{str(v['village'])[:20]:20}" + "".join(f"{v[k]:>10}" for k in KEYS))
    print(f"{'commune':20}" + "".join(f"{p.totals[k]:>10}" for k in KEYS))
    return 0


def run_mobile_day(args: argparse.Namespace) -> int:
    from datetime import time

    from workstation.campaign.calendar import refuse_past
    from workstation.campaign.mobile import plan_mobile_day
    from workstation.campaign.slips import write_mobile_day_pdf
    from workstation.cli.main import print_json

    try:
        start_text, end_text = args.hours.split("-")
        start, end = (time.fromisoformat(t.strip()) for t in (start_text, end_text))
    except ValueError:
        raise WorkstationError("--hours takes HH:MM-HH:MM, e.g. 08:00-17:00") from None
    refuse_past(args.day, "lập kế hoạch tổ lưu động", "a mobile team's day is planned")
    _, store = open_store(args)
    plan = plan_mobile_day(store, args.village, args.day, args.team, start=start, end=end,
                           minutes_per_citizen=args.minutes_per_citizen, travel_minutes=args.travel_minutes)
    record(store, officer_of(args), "mobile_day", team=plan.team, village=plan.village, day=plan.day.isoformat(),
           households=len(plan.visits))
    if args.out:
        write_mobile_day_pdf(plan, args.out, store.require_settings().commune)
    if args.json:
        print_json({**plan.as_dict(), "pdf": str(args.out) if args.out else None})
        return 0
    print(f"team {plan.team}, {plan.village}, {plan.day:%d/%m/%Y}: {len(plan.visits)} households, "
          f"{sum(len(v.members) for v in plan.visits)} citizens"
          + (f"; {plan.left_for_another_day} households left for another day" if plan.left_for_another_day else ""))
    for visit in plan.visits:
        print(f"  {visit.order:3}. {visit.start:%H:%M} {visit.household:12} "
              + ", ".join(f"{m.name} ({m.age}{'; ' + ', '.join(m.marks) if m.marks else ''})" for m in visit.members))
    return 0


def run_group(args: argparse.Namespace) -> int:
    from datetime import time

    from workstation.campaign.columns import parse_overrides
    from workstation.campaign.groups import invite_group
    from workstation.campaign.plan import load_plan
    from workstation.cli.main import print_json

    try:
        start = time.fromisoformat(args.start)
    except ValueError:
        raise WorkstationError("--start takes HH:MM, e.g. 13:30") from None
    overrides = parse_overrides(args.map)
    _, store = open_store(args)
    result = invite_group(store, load_plan(store), args.name, args.list, args.day, start, args.sheet, overrides)
    record(store, officer_of(args), "group", group=result.name, invited=result.invited, listed=result.listed)
    if args.json:
        print_json(result.as_dict())
        return 0
    print(f"{result.name}: {result.invited} of {result.listed} invited"
          + (f", {result.first:%d/%m %H:%M}-{result.last:%H:%M}" if result.first and result.last else "")
          + (f" (from {result.asked:%H:%M} on {result.asked:%d/%m} the counters are full or closed: placed from "
             f"{result.first:%d/%m %H:%M} instead)" if result.moved and result.first and result.asked else "")
          + ("" if result.one_block or not result.invited else " (runs over into another day: the counters are full)")
          + (f"; {result.not_due} not due" if result.not_due else "")
          + (f"; not residents of the commune: rows {', '.join(map(str, result.not_on_list))}" if result.not_on_list
             else ""))
    for bad in result.bad:
        print(f"  row {bad.row}: {bad.en}")
    return 0


def run_queue(args: argparse.Namespace) -> int:
    from collections import Counter

    from workstation.campaign.queue import queue
    from workstation.cli.main import print_json

    _, store = open_store(args)
    entries = queue(store, args.day or date.today(), args.shift)
    counts = Counter(e.status for e in entries)
    if args.json:
        print_json({"day": (args.day or date.today()).isoformat(), "shift": args.shift, "counts": dict(counts),
                    "entries": [e.as_dict() for e in entries]})
        return 0
    print(", ".join(f"{status} {counts.get(status, 0)}" for status in ("expected", "arrived", "serving", "done",
                                                                        "no_show")))
    for e in entries:
        print(f"  {e.slot:%H:%M} {e.status:9} {e.full_name:30} {e.village}" + (f"  [{e.group}]" if e.group else ""))
    return 0
