"""The centre's configuration file, `centre.toml` in its folder: where its database is, where it
listens, the names workstations reach it by, where packages are kept. `centre init` writes it, so
no later command needs `--db` again, and a command never falls back to another database: a folder
without the file is an error that says so.

The database URL never holds a password: it comes from `password_file` (a file only the centre's
user can read) or from libpq itself (a `~/.pgpass` / `PGPASSFILE` password file, or a
`pg_service.conf` service: `postgresql+psycopg:///?service=centre`).
"""
from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from workstation.atomic_file import write_atomically
from workstation.errors import WorkstationError
from workstation.messages import Message

if TYPE_CHECKING:
    from workstation.centre.object_store import ObjectStore

SETTINGS = "centre.toml"
DEFAULT_LISTEN = "127.0.0.1:8443"
# [limits]: what `centre serve` takes when its command line does not say (docs/cli.md)
LIMITS = {"upload_per_minute": 600,     # PUT /packages per workstation and minute, all processes and nodes
          "register_per_source": 20}    # POST /register per source address and minute, likewise


@dataclass(frozen=True)
class CentreSettings:
    database: str                          # SQLAlchemy URL, without a password
    password_file: str = ""                # the database password, when libpq does not provide it
    listen: str = DEFAULT_LISTEN
    names: tuple[str, ...] = field(default_factory=tuple)
    # the [storage] table (docs/centre-storage.md): empty = the folder store in the centre's folder
    storage: Mapping[str, object] = field(default_factory=dict)
    # the [limits] table: request limits every process and node counts together in the database
    limits: Mapping[str, int] = field(default_factory=dict)
    # [server] intake_url: where workstations send packages when that is not where they register
    # (intake nodes behind one name); told to each workstation at registration
    intake_url: str = ""

    def package_store(self, folder: Path) -> "ObjectStore":
        """The package store these settings name (not contacted: call `health()`)."""
        from workstation.centre.object_store import from_settings

        return from_settings(self.storage, folder)

    def database_url(self) -> URL | str:
        """The URL to connect with: the password read from `password_file` when one is named."""
        url = parse_url(self.database)
        if not self.password_file:
            return self.database
        try:
            password = Path(self.password_file).read_text().strip()
        except OSError as exc:
            raise WorkstationError(Message(f"Không đọc được tệp mật khẩu CSDL {self.password_file}.",
                                           f"The database password file {self.password_file} cannot be read "
                                           f"({exc.strerror}).")) from None
        return url.set(password=password)


def on_command_line(saved: CentreSettings | None, db: str | None, password_file: str = "") -> CentreSettings:
    """centre.toml's settings with the command line's database. centre.toml's password_file
    belongs to centre.toml's URL (the owner's role): a `--db` given on the command line (say, the
    restricted serving role of `grant-serving`, its password from PGPASSFILE or a service) does not
    take it; `--db-password-file` names the password for either."""
    if db:
        return replace(saved or CentreSettings(db), database=db, password_file=password_file)
    if saved is None:
        raise WorkstationError(Message("Chưa có cấu hình trung tâm.", "No centre configuration."))
    if password_file:
        return replace(saved, password_file=password_file)
    return saved


def parse_url(text: str) -> URL:
    """A database URL, refused when it carries a password (it would sit in shell histories, in
    `ps` output and in this file)."""
    try:
        url = make_url(text)
    except ArgumentError:
        raise WorkstationError(Message(f"Địa chỉ CSDL không hợp lệ: {text[:80]}",
                                       f"Not a database URL: {text[:80]}")) from None
    if url.password:
        raise WorkstationError(Message(
            "Không ghi mật khẩu CSDL vào dòng lệnh: dùng --db-password-file, ~/.pgpass hoặc dịch vụ libpq.",
            "A database password is never given on the command line or in the URL: use --db-password-file, "
            "a libpq password file (~/.pgpass, PGPASSFILE) or a libpq service (?service=NAME)."))
    return url


def default_database(folder: Path) -> str:
    return f"sqlite:///{folder / 'centre.sqlite3'}"


def write_settings(folder: Path, settings: CentreSettings) -> Path:
    parse_url(settings.database)
    q = json.dumps             # a JSON string is a TOML basic string
    text = ("# The centre's configuration (workstation centre init); docs/cli.md \"The centre\".\n"
            "[database]\n"
            f"url = {q(settings.database)}\n"
            f"password_file = {q(settings.password_file)}\n"
            "\n[server]\n"
            f"listen = {q(settings.listen)}\n"
            f"names = [{', '.join(q(n) for n in settings.names)}]\n"
            f"intake_url = {q(settings.intake_url)}  # where workstations send packages, if not here (intake nodes)\n"
            "\n[storage]  # docs/centre-storage.md: kind = \"folder\" (path) or \"s3\" (endpoint, bucket, ...)\n"
            + "".join(f"{key} = {_toml_value(value)}\n"
                      for key, value in (settings.storage or {"kind": "folder", "path": "packages"}).items())
            + "\n[limits]  # per minute, counted in the database by every process and node (defaults: "
            + ", ".join(f"{key} = {value}" for key, value in LIMITS.items()) + ")\n"
            + "".join(f"{key} = {int(value)}\n" for key, value in settings.limits.items()))
    path = folder / SETTINGS
    write_atomically(path, text.encode(), mode=0o600)
    return path


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value))


def load_settings(folder: Path) -> CentreSettings:
    path = folder / SETTINGS
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WorkstationError(Message(
            f"Thư mục {folder} không có tệp cấu hình {SETTINGS} (workstation centre init, hoặc --db).",
            f"No centre configuration {path}: run 'workstation centre init' there, or give --db.")) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WorkstationError(Message(f"Tệp cấu hình {path} bị hỏng.", f"{path} cannot be read ({exc}).")) from None
    tables: list[dict[str, Any]] = [data[k] if isinstance(data.get(k), dict) else {}
                                    for k in ("database", "server", "storage", "limits")]
    database, server, storage, limits = tables
    url = database.get("url")
    if not isinstance(url, str) or not url:
        raise WorkstationError(Message(f"{path} thiếu địa chỉ CSDL ([database] url).",
                                       f"{path} names no database ([database] url)."))
    names = server.get("names", [])
    return CentreSettings(url, str(database.get("password_file", "")), str(server.get("listen", DEFAULT_LISTEN)),
                          tuple(str(n) for n in names) if isinstance(names, list) else (),
                          _storage_table(storage), _limits_table(path, limits),
                          intake_url(path, server.get("intake_url", "")))


def intake_url(path: Path | str, value: object) -> str:
    """[server] intake_url: empty, or an https:// address without a path (the workstation adds
    /packages/...)."""
    text = value if isinstance(value, str) else None
    if text is None or (text and not re.fullmatch(r"https://[A-Za-z0-9.\-\[\]:]+", text.rstrip("/"))):
        raise WorkstationError(Message(f"{path}: [server] intake_url phải là https://TÊN[:CỔNG].",
                                       f"{path}: [server] intake_url must be https://HOST[:PORT] (got {str(value)[:80]!r})."))
    return text.rstrip("/") if text else ""


def _limits_table(path: Path, limits: dict[str, Any]) -> dict[str, int]:
    """The [limits] table: known keys only, each a whole number from 1 (a typo must not silently
    leave a limit at its default)."""
    for key, value in limits.items():
        if key not in LIMITS:
            raise WorkstationError(Message(f"{path}: [limits] {key} không có nghĩa (có: {', '.join(LIMITS)}).",
                                           f"{path}: [limits] {key} is not a limit (known: {', '.join(LIMITS)})."))
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise WorkstationError(Message(f"{path}: [limits] {key} phải là số nguyên dương.",
                                           f"{path}: [limits] {key} must be a whole number of at least 1."))
    return dict(limits)


def _storage_table(storage: dict[str, Any]) -> dict[str, object]:
    """The [storage] table for `from_settings`. A centre made before the object store wrote
    `packages = "database"` there: its old rows stay readable from the database column, its new
    packages go to the default folder store."""
    table = dict(storage)
    if table.get("packages") == "database":
        del table["packages"]
    return table


def database_exists(url: str | URL) -> bool:
    """SQLite: the file is there (a missing one would be created empty, hiding a wrong path)."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return True
    return os.path.exists(parsed.database)
