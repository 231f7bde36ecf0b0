"""`workstation centre status|packages|audit|backup|restore|grant-serving`: what the province's
administrator reads and keeps (docs/cli.md, "The centre")."""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from workstation.errors import WorkstationError
from workstation.messages import Message

if TYPE_CHECKING:
    from workstation.centre.settings import CentreSettings

BACKUP_PASSPHRASE_ENV = "WORKSTATION_CENTRE_BACKUP_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret


def register(centre_sub: argparse._SubParsersAction) -> None:
    from workstation.cli.centre_commands import add_centre_options

    p = centre_sub.add_parser("status", help="what became of one package: its stored status and every decision")
    add_centre_options(p)
    p.add_argument("package_id", metavar="PACKAGE_ID")
    p.add_argument("--verify", action="store_true", help="read the package back from the store and check its "
                                                          "SHA-256 (exit 1 when missing or altered)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_status)
    p = centre_sub.add_parser("packages", help="the stored packages, newest first")
    add_centre_options(p)
    p.add_argument("--since", metavar="TIME", help="received at or after this ISO date/time (UTC)")
    p.add_argument("--status", choices=("accepted", "duplicate", "received", "rejected"),
                   help="only this status (received: stored by an intake node, not yet opened; rejected: refused when opened)")
    p.add_argument("--limit", type=int, default=1000, help="at most this many (default 1000)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_packages)
    p = centre_sub.add_parser("audit", help="the audit: every decision and refusal; --verify checks its hash chain")
    add_centre_options(p)
    p.add_argument("--verify", action="store_true", help="check the whole chain; exit 1 naming any entry changed "
                                                          "or removed")
    p.add_argument("--since", metavar="TIME", help="entries at or after this ISO date/time (UTC)")
    p.add_argument("--limit", type=int, default=1000, help="list at most the last N entries (default 1000)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_audit)
    p = centre_sub.add_parser("backup", help="the centre's keys and configuration in one encrypted file")
    add_centre_options(p)
    p.add_argument("out", type=Path, metavar="FILE")
    p.add_argument("--backup-passphrase-file", type=Path, metavar="FILE",
                   help=f"the backup's own passphrase (or ${BACKUP_PASSPHRASE_ENV}, or asked)")
    p.set_defaults(run=run_backup)
    p = centre_sub.add_parser("restore", help="unpack a `centre backup` into an empty centre folder")
    add_centre_options(p)
    p.add_argument("source", type=Path, metavar="FILE")
    p.add_argument("--backup-passphrase-file", type=Path, metavar="FILE",
                   help=f"the backup's passphrase (or ${BACKUP_PASSPHRASE_ENV}, or asked)")
    p.set_defaults(run=run_restore)
    p = centre_sub.add_parser("grant-serving", help="PostgreSQL: give ROLE what `centre serve` needs and no "
                                                    "right to change or delete the audit")
    add_centre_options(p)
    p.add_argument("role", metavar="ROLE")
    p.add_argument("--intake", action="store_true",
                   help="for an intake node: read the workstations, add packages (received) and their jobs, "
                        "append the audit; never change a package's or a workstation's row")
    p.set_defaults(run=run_grant_serving)


def _since(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise WorkstationError(f"--since {text[:40]!r} is not an ISO date or time (e.g. 2026-12-01T08:00)") from None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def _iso(at: datetime | None) -> str | None:
    if at is None:
        return None
    return (at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)).isoformat(timespec="seconds")


def run_status(args: argparse.Namespace) -> int:
    from workstation.centre.models import ReceivedPackage
    from workstation.cli.centre_commands import open_registry
    from workstation.cli.main import print_json

    registry = open_registry(args)
    problem = ""
    try:
        with registry.sessions() as session:
            stored = session.get(ReceivedPackage, args.package_id)
            row = None if stored is None else {
                "status": stored.status, "reason": stored.reason, "workstation_id": stored.workstation_id,
                "commune": stored.commune, "received_at": _iso(stored.received_at), "size": stored.size,
                "sha256": stored.sha256}
        if args.verify and stored is not None:
            problem = _read_back(args, stored)
            row = {**(row or {}), "intact": not problem, "problem": problem}
        decisions = [{"at": _iso(d.at), "status": d.status, "reason": d.reason, "workstation_id": d.workstation_id,
                      "channel": d.channel} for d in registry.decisions(args.package_id)]
    finally:
        registry.close()
    if row is None and not decisions:
        raise WorkstationError(Message(f"Trung tâm không có hồ sơ {args.package_id}.",
                                       f"The centre knows nothing of package {args.package_id}."))
    out = {"package_id": args.package_id, "stored": row, "decisions": decisions}
    if args.json:
        print_json(out)
    else:
        print(f"{args.package_id}: " + (f"{row['status']} from {row['workstation_id']} ({row['commune']}) at "
                                        f"{row['received_at']}" if row else "not stored"))
        for d in decisions:
            print(f"  {d['at']}  {d['channel']:<6} {d['status']:<12} {d['reason']}  {d['workstation_id']}")
        if args.verify and row is not None:
            print("  stored bytes: " + ("intact (SHA-256 verified)" if not problem else problem))
    if problem:
        raise WorkstationError(Message(f"Hồ sơ {args.package_id} trong kho không dùng được.",
                                       f"The stored package cannot be used: {problem}"))
    return 0


def _read_back(args: argparse.Namespace, stored) -> str:  # noqa: ANN001 - a ReceivedPackage
    """'' when the package reads back from the store (or its old column) with its SHA-256, else why not."""
    from workstation.centre.intake import read_package
    from workstation.centre.object_store import ObjectStoreError
    from workstation.cli.centre_commands import centre_folder, database, package_store

    folder = centre_folder(args)
    try:
        read_package(package_store(folder, database(args, folder)[1]), stored)
    except ObjectStoreError as exc:
        return f"{exc.reason}: {exc.one_line()}"
    return ""


def run_packages(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from workstation.centre.models import ReceivedPackage
    from workstation.cli.centre_commands import open_registry
    from workstation.cli.main import print_json

    registry = open_registry(args)
    columns = (ReceivedPackage.package_id, ReceivedPackage.status, ReceivedPackage.reason,
               ReceivedPackage.workstation_id, ReceivedPackage.commune, ReceivedPackage.received_at,
               ReceivedPackage.size)
    query = select(*columns).order_by(ReceivedPackage.received_at.desc()).limit(max(1, args.limit))
    since = _since(args.since)
    if since is not None:
        query = query.where(ReceivedPackage.received_at >= since)
    if args.status:
        query = query.where(ReceivedPackage.status == args.status)
    try:
        with registry.sessions() as session:
            rows = [{"package_id": r.package_id, "status": r.status, "reason": r.reason,
                     "workstation_id": r.workstation_id, "commune": r.commune, "received_at": _iso(r.received_at),
                     "size": r.size} for r in session.execute(query)]
    finally:
        registry.close()
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['received_at']}  {r['package_id']}  {r['status']:<9} {r['commune']}  {r['workstation_id']}")
        if not rows:
            print("no packages" + (" matching" if since is not None or args.status else ""))
    return 0


def run_audit(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from workstation.centre import audit
    from workstation.centre.models import IntakeDecision
    from workstation.cli.centre_commands import open_registry
    from workstation.cli.main import print_json

    registry = open_registry(args)
    try:
        with registry.sessions() as session:
            if args.verify:
                checked, problems = audit.verify(session)
                out: object = {"entries": checked, "intact": not problems,
                               "problems": [p.as_dict() for p in problems]}
            else:
                query = select(IntakeDecision).order_by(IntakeDecision.id.desc()).limit(max(1, args.limit))
                since = _since(args.since)
                if since is not None:
                    query = query.where(IntakeDecision.at >= since)
                out = [{"id": e.id, "at": _iso(e.at), "package_id": e.package_id, "workstation_id": e.workstation_id,
                        "channel": e.channel, "status": e.status, "reason": e.reason, "source": e.source,
                        "detail": e.detail, "entry_hash": e.entry_hash} for e in reversed(list(session.scalars(query)))]
    finally:
        registry.close()
    if args.json:
        print_json(out)
    elif args.verify:
        assert isinstance(out, dict)
        for p in out["problems"]:
            print(f"entry {p['id']}: {p['problem']}")
        count = out["entries"]
        problems = len(out["problems"])
        print(f"{count} {'entry' if count == 1 else 'entries'}, " + (
            "chain intact" if out["intact"] else f"{problems} {'problem' if problems == 1 else 'problems'}"))
    else:
        assert isinstance(out, list)
        for e in out:
            print(f"{e['id']:>7}  {e['at']}  {e['channel']:<8} {e['status']:<12} {e['reason']:<24} "
                  f"{e['package_id']}  {e['workstation_id']}  {e['source']}")
    if args.verify and not out["intact"]:                                      # type: ignore[index]
        raise WorkstationError(Message("Nhật ký kiểm toán đã bị sửa hoặc xoá.",
                                       "The audit was changed or entries removed (see the entries named)."))
    return 0


def _backup_passphrase(args: argparse.Namespace, twice: bool) -> bytes:
    if args.backup_passphrase_file:
        try:
            return args.backup_passphrase_file.read_bytes().strip()
        except OSError as exc:
            raise WorkstationError(f"{args.backup_passphrase_file} cannot be read ({exc.strerror})") from None
    if os.environ.get(BACKUP_PASSPHRASE_ENV):
        return os.environ[BACKUP_PASSPHRASE_ENV].encode()
    if sys.stdin.isatty():
        first = getpass.getpass("Backup passphrase: ").encode()
        if twice and getpass.getpass("Again: ").encode() != first:
            raise WorkstationError("the two passphrases differ")
        return first
    raise WorkstationError(f"the backup's passphrase is needed: --backup-passphrase-file FILE or "
                           f"${BACKUP_PASSPHRASE_ENV}")


def run_backup(args: argparse.Namespace) -> int:
    from workstation.centre.backup import backup
    from workstation.cli.centre_commands import centre_folder, database, passphrase

    folder = centre_folder(args)
    centre_secret = passphrase(args)            # checked against the keys before anything is written
    names = backup(folder, args.out, _backup_passphrase(args, twice=True), centre_secret)
    url, _settings = database(args, folder)
    tool = ("pg_dump, or a base backup with WAL archiving" if str(url).startswith("postgresql")
            else "sqlite3 centre.db '.backup FILE', or a copy taken while the centre is stopped")
    print(f"{args.out}: {len(names)} files ({', '.join(names)}), encrypted; the database is backed up with "
          f"its own tools ({tool})")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from workstation.centre.backup import restore
    from workstation.cli.centre_commands import centre_folder

    try:
        restored = restore(args.source, centre_folder(args), _backup_passphrase(args, twice=False))
    except OSError as exc:
        raise WorkstationError(f"{args.source} cannot be read ({exc.strerror})") from None
    print(f"{centre_folder(args)}: {', '.join(restored.files)} restored")
    for line in restored.moved:
        print(f"centre.toml now points into the new folder: {line}")
    for line in restored.outside:
        print(f"to do: {line}")
    print(_restored_database(centre_folder(args)))
    return 0


def _restored_database(folder: Path) -> str:
    """What the restored centre.toml points to, said plainly: the database and the packages are
    never in the backup."""
    from workstation.centre.settings import load_settings

    try:
        settings = load_settings(folder)
    except WorkstationError as exc:
        return f"no usable centre.toml restored ({exc}): give --db, or write one"
    storage = dict(settings.storage or {})
    if storage.get("kind", "folder") == "folder":
        path = Path(str(storage.get("path", "packages")))
        kept = (f"; the packages (folder {path if path.is_absolute() else folder / path}) are not in the "
                "backup either: copy the old folder's packages there")
    else:
        kept = f"; the packages ({storage.get('endpoint', '')}/{storage.get('bucket', '')}) are in the object store"
    return _database_line(settings) + kept


def _database_line(settings: "CentreSettings") -> str:
    from sqlalchemy.engine import make_url

    url = make_url(settings.database)
    if url.get_backend_name() == "sqlite":
        where = url.database or ""
        state = "there" if where and Path(where).exists() else "not there yet: copy the database's backup to it"
        return f"centre.toml's database: SQLite {where} ({state})"
    line = f"centre.toml's database: {settings.database} (restore it with pg_restore or your base backup)"
    if settings.password_file:
        line += (f"; its password_file {settings.password_file} is not in the backup: put it back "
                 "(mode 0600) or use ~/.pgpass / a libpq service")
    return line


SERVING_MONTHS_AHEAD = 24
_CAMPAIGN = ("centre_campaign_reports", "centre_campaign_plans", "centre_campaign_checkins")
# what `centre serve` on the main centre does: onboarding, intake, decisions, the campaign's routes
SERVING = {**{t: "SELECT, INSERT, UPDATE, DELETE" for t in (
    "centre_workstations", "centre_tokens", "centre_packages", "centre_rate_windows", "centre_jobs",
    "centre_reviews", "centre_exports", *_CAMPAIGN)}}
# what an intake node does (no package key, no CA key): it reads who is registered, adds a package
# as received with its `open` job, counts rates, takes the campaign's reports; changing a
# package's status or a workstation's row is the main centre's (a node taken over cannot mark a
# package accepted, nor register or un-revoke a workstation)
INTAKE = {"centre_workstations": "SELECT", "centre_packages": "SELECT, INSERT", "centre_jobs": "SELECT, INSERT",
          "centre_rate_windows": "SELECT, INSERT, UPDATE, DELETE",
          **{t: "SELECT, INSERT, UPDATE" for t in _CAMPAIGN}}


# what an intake node's role may add, checked by PostgreSQL itself (row-level security): a package
# only as `received`, a job only an `open` one — the grants allow INSERT, these say which rows
_INTAKE_ROWS = {"centre_packages": "status = 'received' AND reason = ''", "centre_jobs": "kind = 'open'"}


def _only_received(connection, role: str) -> None:  # noqa: ANN001 - a SQLAlchemy connection
    """Row-level security on the tables a node writes: every other role keeps all rows (one
    permissive policy; the owner is not subject to it), the node's role may insert only what an
    intake node stores (a restrictive policy)."""
    from sqlalchemy import text

    for table, rows in _INTAKE_ROWS.items():
        connection.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        connection.execute(text(f"DROP POLICY IF EXISTS centre_every_row ON {table}"))
        connection.execute(text(f"CREATE POLICY centre_every_row ON {table} AS PERMISSIVE FOR ALL TO PUBLIC "
                                "USING (true) WITH CHECK (true)"))
        policy = f"intake_{role}"[:63]
        connection.execute(text(f'DROP POLICY IF EXISTS "{policy}" ON {table}'))
        connection.execute(text(f'CREATE POLICY "{policy}" ON {table} AS RESTRICTIVE FOR INSERT TO "{role}" '
                                f"WITH CHECK ({rows})"))


def run_grant_serving(args: argparse.Namespace) -> int:
    from sqlalchemy import text

    from workstation.centre.partitions import ensure_months

    from workstation.cli.centre_commands import open_registry

    registry = open_registry(args)
    role = args.role
    if not role.replace("_", "").isalnum():
        raise WorkstationError("ROLE is a plain PostgreSQL role name (letters, digits, _)")
    try:
        if registry.engine.dialect.name != "postgresql":
            raise WorkstationError("grant-serving is for PostgreSQL (SQLite has no roles; its trigger still "
                                   "refuses changes to the audit)")
        with registry.engine.begin() as connection:
            if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is None:
                raise WorkstationError(Message(f"Không có vai trò PostgreSQL {role} (CREATE ROLE trước).",
                                               f"role {role} does not exist (CREATE ROLE {role} LOGIN first)"))
            grants = INTAKE if args.intake else SERVING
            for table in SERVING:
                connection.execute(text(f'REVOKE ALL ON {table} FROM "{role}"'))
            for table, rights in grants.items():
                connection.execute(text(f'GRANT {rights} ON {table} TO "{role}"'))
            if args.intake:
                _only_received(connection, role)
            connection.execute(text(f'REVOKE ALL ON centre_intake_audit FROM "{role}"'))
            connection.execute(text(f'GRANT SELECT, INSERT ON centre_intake_audit TO "{role}"'))
            connection.execute(text(f'GRANT SELECT ON centre_alembic_version TO "{role}"'))
            connection.execute(text(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{role}"'))
        # the serving role may not create tables: the package index's months are made here, as the
        # owner, two years ahead (serve and worker only make them when they may)
        made = ensure_months(registry.engine, ahead=SERVING_MONTHS_AHEAD)
    finally:
        registry.close()
    print(f"role {role}: may read and append the audit, never change or delete it"
          + ("; an intake node's: adds packages as received, never changes a package or a workstation"
             if args.intake else ""))
    if made:
        last = made[-1].rsplit("_y", 1)[-1].replace("m", "-")
        print(f"package index months made through {last}: run grant-serving again before then")
    return 0
