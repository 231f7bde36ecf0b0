"""`workstation incidents [--days N] [--json]`: forged, cloned or withholding chips met at the counter
(the supervisor's list; issue 20 finding 6). Verdict codes and chip fingerprints, no personal data."""
from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("incidents", help="forged or cloned chips met at the counter (for the supervisor)")
    p.add_argument("--days", type=int, default=1, metavar="N",
                   help="the last N days (default 1: today and the last 24 hours)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_incidents)


def run_incidents(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.core.context import AppContext
    from workstation.core.incidents import recent_incidents
    from workstation.errors import WorkstationError

    if args.days < 1:
        raise WorkstationError("--days must be 1 or more")
    context = AppContext.load(args.config, args.mode)
    db = context.open_database()
    try:
        rows = recent_incidents(context.enrollment_store(db), args.days)
    finally:
        db.close()
    if args.json:
        print_json({"days": args.days, "count": len(rows), "incidents": [r.as_dict() for r in rows]})
        return 0
    print(f"{len(rows)} incident(s) in the last {args.days} day(s)")
    for r in rows:
        certs = ", ".join(str(c)[:16] for c in r.fingerprints.get("ds_certificates") or []) or "-"
        print(f"{r.at.astimezone():%Y-%m-%d %H:%M}  {r.kind:<9} {r.officer:<16} {' '.join(r.codes)}  "
              f"DS sha256 {certs}")
    return 0
