"""`workstation campaign publish | fetch`, and the check-in's round trip to the centre: one
campaign, several workstations of a commune (campaign/shared.py says the trust model)."""
from __future__ import annotations

import argparse
import base64
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workstation.cli.campaign_commands import changing_command, officer_of, open_store, record
from workstation.errors import WorkstationError
from workstation.messages import Message


@contextmanager
def kept_here(kept: Message) -> Iterator[None]:
    """The centre cannot be reached (or is down): said in the campaign's own words, what stays on
    this workstation and what to do, not the package sync's "the packages are kept safely"."""
    from workstation.core.centre_answers import CentreUnavailable, CentreUnreachable

    try:
        yield
    except CentreUnavailable as exc:
        raise WorkstationError(Message(f"Trung tâm đang gặp sự cố (mã {exc.status}): {kept.vi}.",
                                       f"The centre is down (HTTP {exc.status}): {kept.en}."), exc.detail) from None
    except CentreUnreachable as exc:
        raise WorkstationError(Message(f"Không kết nối được trung tâm: {kept.vi}.",
                                       f"The centre cannot be reached: {kept.en}."), exc.detail) from None


def register(c: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = c.add_parser("publish", help="publish the commune's plan (invitations, no names) to the centre")
    changing_command(p, run_publish)

    p = c.add_parser("fetch", help="fetch the commune's published plan and check-ins from the centre")
    changing_command(p, run_fetch)
    register_usb(c)


def centre_of(ctx: Any) -> tuple[Any, Any, Any]:
    """(link, TLS context, identity) of the centre this workstation is registered with."""
    from workstation.core.centre_client import client_context, load_link
    from workstation.core.package.keys import load_or_create_identity

    link = load_link(ctx.keys_dir)
    if link is None:
        raise WorkstationError(Message("Máy trạm chưa đăng ký với trung tâm (workstation register).",
                                       "This workstation is not registered with a centre: "
                                       "workstation register --centre URL --token TOKEN"))
    identity = load_or_create_identity(ctx.keys_dir, link.workstation_id, ctx.settings.storage.data_key_protection)
    return link, client_context(link, identity), identity


def run_publish(args: argparse.Namespace) -> int:
    from workstation.campaign import shared
    from workstation.cli.main import print_json
    from workstation.core.campaign_sync import publish_plan

    ctx, store = open_store(args)
    link, context, identity = centre_of(ctx)
    key = shared.commune_key(store) or shared.new_key()
    plan = shared.build_plan(store, link.commune, key, datetime.now(UTC))
    with kept_here(Message("kế hoạch vẫn ở máy này, chưa được công bố; hãy thử lại sau",
                           "the plan stays here, not published yet: try again later")):
        answer = publish_plan(link, context, identity, plan)
    adopted = shared.adopt(store, plan, link.workstation_id, "published")
    record(store, officer_of(args), "plan_published", invitations=adopted.invitations, status=answer["status"])
    out = {"commune": link.commune, "status": answer["status"], **adopted.as_dict()}
    if args.json:
        print_json(out)
    else:
        print(f"published to the centre: {adopted.invitations} invitations of commune {link.commune} ({answer['status']})")
    return 0


def settle(store: Any, link: Any, context: Any) -> dict[str, int]:
    """Post this workstation's check-ins not yet posted, then take the centre's first check-ins:
    where another workstation was first, this one's arrival is undone (served there, once)."""
    from workstation.campaign import shared
    from workstation.core.campaign_sync import fetch_checkins, post_checkins

    counts = {"posted": 0, "lost": 0, "elsewhere": 0}
    pending = shared.unposted(store, link.workstation_id)
    for start in range(0, len(pending), 500):
        for first in post_checkins(link, context, pending[start:start + 500]):
            counts["posted"] += 1
            if first.first:
                shared.mark(store, first.ref, link.workstation_id, first.at, True)
            else:
                counts["lost"] += 1
                shared.arrived_elsewhere(store, first.ref, first.workstation, first.at)
    for first in fetch_checkins(link, context):
        if not first.first:
            counts["elsewhere"] += 1
            shared.arrived_elsewhere(store, first.ref, first.workstation, first.at)
    return counts


def run_fetch(args: argparse.Namespace) -> int:
    from workstation.campaign import shared
    from workstation.cli.main import print_json
    from workstation.core.campaign_sync import fetch_plan

    ctx, store = open_store(args)
    link, context, _identity = centre_of(ctx)
    words = Message("kế hoạch đang có và các lượt tiếp nhận vẫn được giữ ở máy này; hãy thử lại sau",
                    "the plan already here and the check-ins are kept here: try again later")
    with kept_here(words):
        plan, publisher = fetch_plan(link, context)
    adopted = shared.adopt(store, plan, publisher, "published" if publisher == link.workstation_id else "fetched")
    with kept_here(words):
        counts = settle(store, link, context)
    record(store, officer_of(args), "plan_fetched", invitations=adopted.invitations, publisher=publisher, **counts)
    out = {"commune": link.commune, **adopted.as_dict(), "checkins": counts}
    if args.json:
        print_json(out)
    else:
        print(f"fetched the commune's plan: {adopted.invitations} invitations published by {publisher}; "
              f"{counts['elsewhere']} checked in at other workstations")
    return 0


def post_checkin(ctx: Any, store: Any, result: Any) -> Any:
    """After a local check-in of an invitation of the shared plan: the centre decides who was
    first. Returns the result to show (status "already" with the first workstation and time when
    another was first). Offline: the check-in stays here, posted at the next fetch."""
    from dataclasses import replace

    from workstation.campaign import shared
    from workstation.core.campaign_sync import post_checkins
    from workstation.core.centre_answers import CentreFault, CentreUnreachable
    from workstation.core.centre_client import load_link

    link = load_link(ctx.keys_dir)
    if link is None or result.ref is None or shared.shared_plan(store) is None or result.status != "arrived":
        return result
    with store.sessions() as session:
        if shared.find(session, result.ref) is None:
            return result
    shared.mark(store, result.ref, link.workstation_id, result.arrived_at, False)
    try:
        _link, context, _identity = centre_of(ctx)
        first = post_checkins(link, context, [(result.ref, result.arrived_at)])[0]
    except (CentreUnreachable, CentreFault):          # offline or an odd answer: posted at the next fetch
        return replace(result, by=link.workstation_id)
    if first.first:
        shared.mark(store, result.ref, link.workstation_id, first.at, True)
        return replace(result, by=link.workstation_id, shared=True)
    shared.arrived_elsewhere(store, result.ref, first.workstation, first.at)
    return replace(result, status="already", by=first.workstation, arrived_at=first.at, shared=True)


def register_usb(c: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = c.add_parser("export", help="write this workstation's check-ins and the plan (no key), signed, for a USB stick")
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument("--team", default="", metavar="NAME", help="the mobile team (tags the merged invitations)")
    p.add_argument("--place", default="", metavar="TEXT", help="where the team worked")
    changing_command(p, run_export)

    p = c.add_parser("import-checkins", help="merge check-ins (and a newer plan) from another workstation's USB export")
    p.add_argument("folder", type=Path, metavar="DIR")
    changing_command(p, run_import_checkins)


def _plan_without_key(store: Any) -> tuple[dict[str, Any] | None, str]:
    from sqlalchemy import select

    from workstation.campaign import shared
    from workstation.campaign.models import SharedInvitation

    row, key = shared.shared_plan(store), shared.commune_key(store)
    if row is None or key is None:
        raise WorkstationError(Message("Máy trạm chưa có kế hoạch chung của xã (campaign fetch khi có mạng).",
                                       "This workstation holds no shared plan of the commune (campaign fetch when online)."))
    settings = store.require_settings()
    with store.sessions() as session:
        items = [{"ref": r.ref, "citizen": r.citizen, "household": r.household, "village": r.village,
                  "day": r.day.isoformat(), "shift": r.shift, "start": r.start.isoformat(timespec="minutes"),
                  "minutes": r.minutes} for r in session.scalars(select(SharedInvitation).order_by(SharedInvitation.ref))]
    plan = {"commune": row.commune_code, "commune_name": settings.commune[:100], "place": settings.place[:200],
            "valid_days": settings.valid_days, "made_at": row.made_at, "publisher": row.publisher, "invitations": items}
    return plan, shared.key_id(key)


def run_export(args: argparse.Namespace) -> int:
    from workstation.campaign import shared
    from workstation.cli.main import print_json
    from workstation.core.campaign_usb import export_day
    from workstation.core.centre_client import load_link
    from workstation.core.package.keys import load_or_create_identity

    ctx, store = open_store(args)
    link = load_link(ctx.keys_dir)
    if link is None:
        raise WorkstationError(Message("Máy trạm chưa đăng ký với trung tâm (workstation register).",
                                       "This workstation is not registered with a centre."))
    identity = load_or_create_identity(ctx.keys_dir, link.workstation_id, ctx.settings.storage.data_key_protection)
    plan, key_id = _plan_without_key(store)
    checkins = shared.my_checkins(store, link.workstation_id)
    path = export_day(link, identity, args.out, checkins, plan, key_id, args.team, args.place)
    record(store, officer_of(args), "exported", checkins=len(checkins), team=args.team)
    out = {"file": str(path), "checkins": len(checkins), "invitations": len(plan["invitations"]) if plan else 0}
    if args.json:
        print_json(out)
    else:
        print(f"{len(checkins)} check-ins and the plan written to {path}")
    return 0


def run_import_checkins(args: argparse.Namespace) -> int:
    from workstation.campaign import shared
    from workstation.cli.main import print_json
    from workstation.core.campaign_usb import read_exports
    from workstation.core.centre_client import load_link

    ctx, store = open_store(args)
    link = load_link(ctx.keys_dir)
    if link is None:
        raise WorkstationError(Message("Máy trạm chưa đăng ký với trung tâm (workstation register).",
                                       "This workstation is not registered with a centre."))
    exports = read_exports(link, args.folder)                   # all verified before anything is merged
    key = shared.commune_key(store)
    current = shared.shared_plan(store)
    files = []
    for imported in exports:
        plan_taken = False
        if imported.plan and key is not None and imported.key_id == shared.key_id(key) and \
                (current is None or str(imported.plan.get("made_at", "")) > current.made_at):
            plan = {k: v for k, v in imported.plan.items() if k != "publisher"}
            shared.adopt(store, {**plan, "key": base64.b64encode(key).decode()},
                         str(imported.plan.get("publisher", imported.workstation_id)), "fetched")
            current, plan_taken = shared.shared_plan(store), True
        merged = shared.merge_checkins(store, imported.workstation_id, imported.checkins, imported.team, imported.place)
        record(store, officer_of(args), "checkins_imported", workstation=imported.workstation_id, team=imported.team,
               place=imported.place, plan=plan_taken, **merged.as_dict())
        files.append({"file": imported.path.name, "workstation": imported.workstation_id, "team": imported.team,
                      "place": imported.place, "plan_taken": plan_taken, **merged.as_dict()})
    if args.json:
        print_json({"files": files})
    else:
        for f in files:
            print(f"{f['file']}: {f['merged']} check-ins merged, {f['already']} already here (imported before), "
                  f"{f['kept']} checked in earlier here, {f['unknown']} not in the plan")
    return 0
