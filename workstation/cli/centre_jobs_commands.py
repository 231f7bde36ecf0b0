"""`workstation centre jobs`: the queue after intake read and, for a failed job, set going again
(docs/cli.md, "The centre"). A job fails for good after jobs.MAX_ATTEMPTS; once its cause is
fixed (a store back online, an object restored) `--retry ID` or `--retry-failed` queues it again,
each retry audited with who asked."""
from __future__ import annotations

import argparse
import getpass

from workstation.errors import WorkstationError
from workstation.messages import Message

# jobs.STATES and jobs.KINDS, spelled out so that parsing the command line imports no database code
# (tests/centre/test_jobs_retry.py checks they agree)
STATES = ("queued", "running", "waiting", "done", "failed")
KINDS = ("open", "review", "export")


def register(centre_sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    from workstation.cli.centre_commands import add_centre_options

    p = centre_sub.add_parser("jobs", help="the queue's jobs, newest first; --retry ID or --retry-failed "
                                           "queues failed jobs again (audited)")
    add_centre_options(p)
    p.add_argument("--state", choices=STATES, help="only jobs in this state")
    p.add_argument("--kind", choices=KINDS, help="only jobs of this kind (with --retry-failed: retry only these)")
    p.add_argument("--limit", type=int, default=100, help="at most this many jobs (default 100)")
    again = p.add_mutually_exclusive_group()
    again.add_argument("--retry", type=int, metavar="ID", help="queue the failed job ID again, its attempts reset")
    again.add_argument("--retry-failed", action="store_true", help="queue every failed job (of --kind) again")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_jobs)


def run_jobs(args: argparse.Namespace) -> int:
    from workstation.centre import jobs
    from workstation.centre.registry import Registry
    from workstation.cli.centre_commands import centre_folder, database
    from workstation.cli.main import print_json

    retrying = args.retry is not None or args.retry_failed
    if args.limit < 1:
        raise WorkstationError("--limit must be at least 1")
    if retrying and args.state is not None:
        raise WorkstationError(Message("--state không dùng cùng --retry: chỉ công việc thất bại được chạy lại.",
                                       "--state does not go with --retry/--retry-failed: only failed jobs are retried"))
    if args.retry is not None and args.kind is not None:
        raise WorkstationError(Message("--kind không dùng cùng --retry ID.", "--kind does not go with --retry ID"))
    folder = centre_folder(args)
    url, _settings = database(args, folder)
    registry = Registry.open(url)
    try:
        if retrying:
            rows = jobs.retry(registry, getpass.getuser(), args.retry, args.kind)
        else:
            rows = jobs.list_jobs(registry, args.state, args.kind, args.limit)
    finally:
        registry.close()
    if args.json:
        print_json([row.as_dict() for row in rows])
        return 0
    if retrying:
        print(f"{len(rows)} failed job(s) queued again" + (f": {', '.join(str(r.id) for r in rows)}" if rows else ""))
        return 0
    if not rows:
        print("no jobs")
    for row in rows:
        print(f"{row.id:>7}  {row.kind:<6}  {row.state:<7}  {row.attempts}  {row.updated_at.isoformat(timespec='seconds')}"
              f"  {row.ref}  {row.result[:80]}")
    return 0
