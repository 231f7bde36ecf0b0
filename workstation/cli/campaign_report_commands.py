"""`workstation campaign report`: the commune chief's daily report (PDF or XLSX) and its signed
counts sent to the centre (--send)."""
from __future__ import annotations

import argparse
from datetime import date

from workstation.cli.campaign_commands import officer_of, open_store, record
from workstation.errors import WorkstationError
from workstation.messages import Message

FIRST_REPORT_DAY = date(2020, 1, 1)


def run_report(args: argparse.Namespace) -> int:
    from workstation.campaign.checkin import sync_from_enrollments
    from workstation.campaign.progress import progress
    from workstation.campaign.calendar import vietnam_today
    from workstation.campaign.report import write_report
    from workstation.cli.main import print_json

    if args.out is None and not args.send:
        raise WorkstationError(Message("Cần --out TỆP (.pdf hoặc .xlsx) hoặc --send (gửi trung tâm).",
                                       "Give --out FILE (.pdf or .xlsx) or --send (to the centre)."))
    if args.day > max(date.today(), vietnam_today()):      # the machine's clock or the commune's
        raise WorkstationError(Message(f"Ngày {args.day:%d/%m/%Y} chưa đến: chỉ báo cáo ngày hôm nay hoặc đã qua.",
                                       f"{args.day.isoformat()} has not come yet: report today or a day past."))
    if args.day < FIRST_REPORT_DAY:                          # the centre's range too (centre/campaign_reports.py)
        raise WorkstationError(Message(f"Ngày {args.day:%d/%m/%Y} quá xa: báo cáo từ {FIRST_REPORT_DAY:%d/%m/%Y}.",
                                       f"{args.day.isoformat()} is too long ago: reports start on "
                                       f"{FIRST_REPORT_DAY.isoformat()}."))
    ctx, store = open_store(args)
    sync_from_enrollments(store)
    day_progress = progress(store, args.day)
    out: dict[str, object] = {"day": args.day.isoformat(), "out": str(args.out) if args.out else None}
    if args.out is not None:
        write_report(day_progress, args.day, args.out)
    if args.send:
        answer = _send_report(ctx, store, day_progress, args)
        if not answer.stored:                                # one line, non-zero, like every command
            raise WorkstationError(answer.words(), answer.reason)
        out["centre"] = answer.as_dict()
    if args.json:
        print_json(out)
        return 0
    if args.out is not None:
        print(args.out)
    if args.send:
        print(answer.words().en)
    return 0


def _send_report(ctx, store, day_progress, args: argparse.Namespace):  # noqa: ANN001, ANN202 - ReportAnswer
    """Sign the day's counts with the workstation's registered key and PUT them to the centre;
    the answer (or its absence) is recorded in the campaign's audit."""
    from workstation.campaign.centre_report import report_of
    from workstation.cli.campaign_sync_commands import kept_here
    from workstation.core.campaign_sync import send_report
    from workstation.core.centre_client import client_context, load_link
    from workstation.core.package.keys import load_or_create_identity

    link = load_link(ctx.keys_dir)
    if link is None:
        raise WorkstationError(Message("Máy trạm chưa đăng ký với trung tâm (workstation register).",
                                       "This workstation is not registered with a centre: "
                                       "workstation register --centre URL --token TOKEN"))
    identity = load_or_create_identity(ctx.keys_dir, link.workstation_id, ctx.settings.storage.data_key_protection)
    report = report_of(day_progress, args.day, link.workstation_id, link.commune)
    with kept_here(Message("báo cáo vẫn ở máy này; hãy gửi lại sau (campaign report --send)",
                           "the report stays here: send it again later (campaign report --send)")):
        answer = send_report(link, client_context(link, identity), identity, report)
    record(store, officer_of(args), "report_sent", day=args.day.isoformat(), status=answer.status,
           reason=answer.reason, enrolled=report["totals"]["enrolled"])
    return answer
