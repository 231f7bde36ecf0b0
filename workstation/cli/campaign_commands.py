"""`workstation sim commune` and `workstation campaign ...`: the campaign's command line.

Each command prints a short text for the officer or, with --json, the keys documented in
docs/cli.md ("The campaign"); a failure is one line on stderr and a non-zero exit."""
from __future__ import annotations

import argparse
from collections.abc import Callable
import getpass
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workstation.errors import WorkstationError
from workstation.messages import Message

if TYPE_CHECKING:
    from workstation.campaign.store import CampaignStore
    from workstation.core.context import AppContext


def _day(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD or dd/mm/yyyy)")


def register_sim(sim_sub: argparse._SubParsersAction) -> None:
    p = sim_sub.add_parser("commune", help="write a synthetic commune's resident list (.xlsx)")
    p.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    p.add_argument("--residents", type=int, default=24000, metavar="N", help="default 24000")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same commune (default 1)")
    p.add_argument("--villages", type=int, default=8, metavar="N", help="default 8")
    p.add_argument("--no-fixture-cards", action="store_true",
                   help="leave out the holders of the emulator's genuine fixture cards (by default they live in "
                        "the first village, so a simulated enrollment counts in the campaign)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_sim_commune)


def register(sub: argparse._SubParsersAction) -> None:
    from workstation.cli import campaign_plan_commands, campaign_sync_commands

    campaign = sub.add_parser("campaign", help="the commune's campaign: residents, plan, invitations, progress")
    c = campaign.add_subparsers(dest="campaign_command", metavar="ACTION", required=True)

    p = c.add_parser("import", help="import the commune's resident list (.xlsx or .csv)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--commune", metavar="NAME", help="the commune (default: the centre registration's)")
    p.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the one with the header row)")
    p.add_argument("--map", action="append", metavar="HEADER=FIELD",
                   help="say which column is which, e.g. \"Cột X=id\" (repeatable); fields: name, id, birth, "
                        "gender, village, household, phone, note, relation, level2, disability")
    p.add_argument("--dry-run", action="store_true", help="show the mapping and the bad rows, store nothing")
    p.add_argument("--new-villages", action="store_true", help="accept villages the campaign does not know yet")
    p.add_argument("--officer", metavar="NAME", help="who imports (default: you)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_import)

    p = c.add_parser("visit", help="record a door-to-door outcome for a citizen (or their household)")
    p.add_argument("id_number", metavar="ID")
    p.add_argument("--outcome", required=True, metavar="OUTCOME",
                   help="informed, will_come, declined, not_home, moved, deceased, no_card")
    p.add_argument("--reason", default="", metavar="TEXT", help="why (required for declined)")
    p.add_argument("--household", action="store_true", help="the whole household of this citizen")
    p.add_argument("--officer", default=None, metavar="NAME", help="the officer who visited (default: you)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_visit)

    p = c.add_parser("villages", help="the villages: residents, officer in charge, quota")
    p.add_argument("--set", metavar="VILLAGE", help="the village to change")
    p.add_argument("--officer", metavar="NAME", help="with --set: the officer in charge")
    p.add_argument("--quota", type=int, metavar="N", help="with --set: the village's quota")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_villages)

    p = c.add_parser("roster", help="who is in which category (due, under age, home visit, ...)")
    p.add_argument("--village", metavar="NAME")
    p.add_argument("--category", metavar="NAME",
                   help="due, under_age, level2, enrolled, gone, declined, no_card, refused, home_visit")
    p.add_argument("--names", action="store_true", help="list names (decrypted), not only counts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_roster)

    p = c.add_parser("settings", help="the campaign's settings (ages, place, misses before a home visit)")
    p.add_argument("--min-age", type=int, metavar="N", help="eligible from this age (default 14)")
    p.add_argument("--elderly-age", type=int, metavar="N", help="elderly from this age (default 60)")
    p.add_argument("--place", metavar="TEXT", help="where citizens come (printed on the slips)")
    p.add_argument("--max-misses", type=int, metavar="N", help="no-shows before a home visit (default 2)")
    p.add_argument("--valid-days", type=int, metavar="N", help="days an invitation is accepted after its slot")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_settings)

    campaign_plan_commands.register(c)
    campaign_sync_commands.register(c)


def record(store: "CampaignStore", officer: str, action: str, **detail: object) -> None:
    from workstation.campaign.audit import record as audit

    audit(store, officer, action, **detail)


def open_store(args: argparse.Namespace) -> "tuple[AppContext, CampaignStore]":
    from workstation.campaign.store import CampaignStore
    from workstation.core.context import AppContext
    from workstation.storage.at_rest import BlobCipher

    ctx = AppContext.load(args.config, args.mode)
    db = ctx.open_database()
    cipher = BlobCipher.from_folder(ctx.keys_dir, ctx.settings.storage.data_key_protection)
    return ctx, CampaignStore.open(db, cipher)


def changing_command(p: argparse.ArgumentParser, run: Callable[[argparse.Namespace], int]) -> None:
    """The options every command that changes the campaign takes (--json, --officer: who is named
    in the audit log, see officer_of) and the function it runs."""
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--officer", metavar="NAME", help="who does it (default: you)")
    p.set_defaults(run=run)


def officer_of(args: argparse.Namespace) -> str:
    return getattr(args, "officer", None) or getpass.getuser()


def run_sim_commune(args: argparse.Namespace) -> int:
    from workstation.campaign import synthetic
    from workstation.cli.main import print_json

    if not 1 <= args.residents <= 200_000:
        raise WorkstationError("--residents must be between 1 and 200000")
    extra, left_out = ([], []) if args.no_fixture_cards else _fixture_holders(args.villages)
    people = synthetic.generate(max(0, args.residents - len(extra)), args.seed, villages=args.villages)
    known = {p.id_number for p in people}
    people += [p for p in extra if p.id_number not in known][:args.residents]
    try:
        synthetic.write_xlsx(people, args.out, args.seed)
    except OSError as exc:
        raise WorkstationError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    villages = sorted({p.village for p in people})
    out = {"file": str(args.out), "residents": len(people), "households": len({p.household for p in people}),
           "villages": villages, "seed": args.seed, "fixture_cards_left_out": left_out}
    if args.json:
        print_json(out)
    else:
        print(f"{len(people)} residents in {out['households']} households, {len(villages)} villages: {args.out}")
        if left_out:
            print(f"fixture cards whose holders are left out (their ID does not follow the layout): "
                  f"{', '.join(left_out)}")
    return 0


def _fixture_holders(villages: int) -> tuple[list, list[str]]:     # (synthetic.Person, fixture names)
    """The citizens of the emulator's genuine fixture cards, as residents of the first village (their
    sex as their ID number's 4th digit says), so `workstation --simulate enroll` enrols one of them;
    and the fixtures left out because their ID does not follow the layout (the import would refuse
    that row: `cuong-no-expiry` and `variant-expired-signer-card-for-life`, 038952..., whose 4th
    digit 9 is not the sex and century of a birth in 1952)."""
    from workstation.campaign.rows import RowProblem, id_matches_birth
    from workstation.campaign.synthetic import VILLAGES, Person
    from workstation.emulator.fixtures import FIXTURES
    from workstation.verify.qr import parse_qr

    holders: dict[str, Person] = {}
    left_out: list[str] = []
    for n, card in enumerate(c for c in FIXTURES if c.kind == "genuine"):
        qr = parse_qr(card.qr)
        try:
            id_matches_birth(qr.id_number, qr.date_of_birth, "")
        except RowProblem:
            left_out.append(card.name)        # a fixture whose ID does not follow the layout would be a bad row
            continue
        holders.setdefault(qr.id_number, Person(qr.full_name, qr.id_number, qr.date_of_birth,
                                                int(qr.id_number[3]) % 2 == 0, VILLAGES[0], f"HK01-9{n:04d}",
                                                "Chủ hộ", "0912345678", ""))
    return list(holders.values()), left_out


def run_import(args: argparse.Namespace) -> int:
    from workstation.campaign.columns import parse_overrides
    from workstation.campaign.importer import import_list
    from workstation.cli.main import print_json

    overrides = parse_overrides(args.map)
    ctx, store = open_store(args)
    commune = args.commune
    if commune is None and store.settings() is None:
        from workstation.core.centre_client import load_link

        link = load_link(ctx.keys_dir)
        commune = link.commune if link is not None else None
    report = import_list(store, args.file, commune=commune, sheet=args.sheet, overrides=overrides,
                         dry_run=args.dry_run, learn_villages=args.new_villages)
    if not report.dry_run:
        record(store, officer_of(args), "import", file=args.file.name, imported=report.imported,
               updated=report.updated, bad_rows=len(report.bad))
    if args.json:
        print_json(report.as_dict())
        return 0
    print(f"sheet '{report.sheet}', header on row {report.header_row}; columns:")
    for item in report.mapping:
        print(f"  {item['column']:>3}  {item['header']!s:30}  -> {item['field']} ({item['label']})")
    if report.dry_run:
        print(f"dry run: {report.rows - len(report.bad)} rows good, {len(report.bad)} bad; nothing stored")
    else:
        print(f"{report.imported} residents imported, {report.updated} updated, {len(report.bad)} bad rows, "
              f"{report.empty_rows} empty rows skipped")
    for village, count in report.villages.items():
        print(f"  {village}: {count}")
    for bad in report.bad:
        print(f"  row {bad.row}: {bad.en}")
    return 0


def run_visit(args: argparse.Namespace) -> int:
    from workstation.campaign.visits import record_visit
    from workstation.cli.main import print_json

    _, store = open_store(args)
    count = record_visit(store, officer_of(args), args.id_number.strip(), args.outcome, args.reason, args.household)
    record(store, officer_of(args), "visit", outcome=args.outcome, residents=count)
    if args.json:
        print_json({"recorded": count, "outcome": args.outcome, "household": args.household})
    else:
        print(f"{args.outcome} recorded for {count} resident(s)")
    return 0


def run_villages(args: argparse.Namespace) -> int:
    from workstation.campaign.roster import village_table
    from workstation.cli.main import print_json

    _, store = open_store(args)
    store.require_settings()
    if args.set:
        if args.quota is not None and args.quota <= 0:
            raise WorkstationError(Message(f"Chỉ tiêu của thôn phải lớn hơn 0 (đã ghi {args.quota}).",
                                           f"A village's quota must be more than 0 (given {args.quota})."))
        village = store.set_village(args.set, args.officer, args.quota)
        record(store, getpass.getuser(), "village", village=village.name, officer_in_charge=village.officer,
               quota=village.quota)
    rows = village_table(store)
    if args.set and args.quota is not None:
        row = next(r for r in rows if r["village"] == village.name)
        if args.quota > int(row["due"]):                    # kept (the list may grow), but said
            print(f"warning: the quota of {village.name} ({args.quota}) is more than its {row['due']} due "
                  "residents", file=sys.stderr)
    if args.json:
        print_json({"villages": rows})
    else:
        for row in rows:
            print(f"{row['village']:20} residents {row['residents']:6}  due {row['due']:6}  "
                  f"officer {row['officer'] or '-':12} quota {row['quota'] if row['quota'] is not None else '-'}")
    return 0


def run_roster(args: argparse.Namespace) -> int:
    from workstation.campaign.roster import roster
    from workstation.cli.main import print_json

    _, store = open_store(args)
    out = roster(store, village=args.village, category=args.category, names=args.names)
    if args.json:
        print_json(out)
        return 0
    for key, value in out["counts"].items():
        print(f"{key:12} {value}")
    for person in out.get("people", []):
        print(f"  {person['village']:16} {person['name']:30} {person['age']:3}  {person['category']}"
              + ("  (home visit)" if person["home_visit"] else ""))
    return 0


def run_settings(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from workstation.cli.main import print_json

    _, store = open_store(args)
    changes = {name: getattr(args, name) for name in ("min_age", "elderly_age", "place", "max_misses", "valid_days")
               if getattr(args, name) is not None}
    for name in ("min_age", "elderly_age", "max_misses", "valid_days"):
        if name in changes and not 0 <= int(changes[name]) <= 120:       # type: ignore[call-overload]
            raise WorkstationError(f"--{name.replace('_', '-')} must be between 0 and 120")
    settings = store.update_settings(**changes) if changes else store.require_settings()
    if changes:
        record(store, getpass.getuser(), "settings", **changes)
    data = asdict(settings)
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            print(f"{key:12} {value}")
    return 0
