"""An intake node's folder, made on the main centre (`centre intake-node`), and its TLS at start.

The folder holds what the node needs and nothing that opens a package or issues a certificate:
the CA certificate, the package key's public half, a TLS certificate for the node's names issued
by the CA with its key encrypted under the node's own passphrase, centre.toml (the same database
and package store as the main centre: the store must be one both reach, S3 when they are separate
machines) and the mark `intake-node.json`. docs/centre-storage.md says how the roles are laid out.
"""
from __future__ import annotations

import dataclasses
import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typing import TYPE_CHECKING

from cryptography import x509

from workstation.atomic_file import write_atomically
from workstation.centre.authority import (CA_CERT, NODE_MARK, PACKAGE_PUB, TLS_CERT, TLS_KEY, Centre, CentreError,
                                          IntakeNode, server_tls)
from workstation.centre.object_store.folder import FolderStore
from workstation.centre.settings import CentreSettings, write_settings
from workstation.messages import Message

if TYPE_CHECKING:
    from workstation.centre.registry import Registry


def make_intake_node(centre: Centre, settings: CentreSettings, out: Path, names: list[str],
                     node_passphrase: bytes, listen: str = "") -> Path:
    """Write the intake node's folder `out` (refused when it already holds anything)."""
    if len(node_passphrase) < 12:
        raise CentreError(Message("Mật khẩu của nút tiếp nhận cần ít nhất 12 ký tự.",
                                  "The intake node's passphrase needs at least 12 characters."))
    if not names:
        raise CentreError(Message("Cần --name: tên hoặc địa chỉ mà máy trạm dùng để gọi nút tiếp nhận.",
                                  "--name is needed: the name or address workstations reach the intake node by."))
    if out.exists() and any(out.iterdir()):
        raise CentreError(Message(f"Thư mục {out} không trống; không ghi đè.", f"{out} is not empty; nothing is overwritten."))
    out.mkdir(parents=True, exist_ok=True)
    os.chmod(out, 0o700)
    write_atomically(out / CA_CERT, centre.ca_pem)
    write_atomically(out / PACKAGE_PUB, centre.package_public_pem)
    server_tls(dataclasses.replace(centre, folder=out), names, node_passphrase)
    storage = dict(settings.storage) or {"kind": "folder", "path": "packages"}
    if storage.get("kind", "folder") == "folder":       # the main centre's folder store, by its absolute path
        path = Path(str(storage.get("path", "packages")))
        if not path.is_absolute():             # the main centre's own folder store: made and marked here
            path = (centre.folder / path).resolve()
            FolderStore(path)
        storage = {"kind": "folder", "path": str(path)}
    elif storage.get("kind") == "s3":
        credentials = Path(str(storage.get("credentials_file", "")))
        if not credentials.is_absolute():
            storage["credentials_file"] = str((centre.folder / credentials).resolve())
    write_settings(out, CentreSettings(settings.database, settings.password_file, listen or settings.listen,
                                       tuple(names), storage, settings.limits))
    mark = {"made_at": datetime.now(UTC).isoformat(), "names": names,
            "ca_sha256": centre.ca_fingerprint,
            "holds": ["CA certificate", "package public key", "TLS key for the names"]}
    write_atomically(out / NODE_MARK, json.dumps(mark, ensure_ascii=False, indent=2).encode())
    return out


def node_tls(node: IntakeNode, hosts: list[str]) -> tuple[Path, Path]:
    """The node's TLS certificate and key, made by the main centre: an intake node holds no CA key
    and cannot issue itself a new one, so a missing name or a certificate near its end is said."""
    cert_file, key_file = node.folder / TLS_CERT, node.folder / TLS_KEY
    try:
        cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
        alt = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, x509.ExtensionNotFound):
        raise CentreError(Message("Nút tiếp nhận thiếu chứng thư TLS: tạo lại thư mục bằng workstation centre "
                                  "intake-node trên máy chủ chính.",
                                  "The intake node has no TLS certificate: make its folder again with "
                                  "'workstation centre intake-node' on the main centre.")) from None
    named = {str(n) for n in alt.get_values_for_type(x509.DNSName)} | \
            {str(n) for n in alt.get_values_for_type(x509.IPAddress)}
    missing = [h for h in hosts if h not in named]
    if missing:
        raise CentreError(Message(
            f"Chứng thư TLS của nút tiếp nhận không có tên {', '.join(missing)}: tạo lại thư mục trên máy chủ chính "
            "với các --name cần dùng.",
            f"The intake node's TLS certificate does not name {', '.join(missing)}: make its folder again on the main "
            "centre with every --name it is reached by."))
    if cert.not_valid_after_utc < datetime.now(UTC) + timedelta(days=30):
        raise CentreError(Message("Chứng thư TLS của nút tiếp nhận sắp hết hạn: tạo lại trên máy chủ chính.",
                                  "The intake node's TLS certificate ends within 30 days: make it again on the main "
                                  "centre."))
    return cert_file, key_file


def refuse_a_deciding_role(registry: "Registry") -> None:
    """An intake node does not start with a database role that could decide: one that may change
    a package or add a workstation (the owner, a superuser, the main centre's serving role). Its
    own role comes from `centre grant-serving ROLE --intake`. SQLite has no roles (one machine)."""
    from sqlalchemy import text

    if registry.engine.dialect.name != "postgresql":
        return
    with registry.engine.connect() as connection:
        may = connection.execute(text(
            "SELECT current_user, has_table_privilege('centre_packages', 'UPDATE') "
            "OR has_table_privilege('centre_workstations', 'INSERT') "
            "OR has_table_privilege('centre_workstations', 'UPDATE')")).one()
    if may[1]:
        raise CentreError(Message(
            f"Vai trò CSDL {may[0]} của nút tiếp nhận có quyền sửa hồ sơ hoặc máy trạm: dùng vai trò của nút "
            "(workstation centre grant-serving VAI_TRO --intake).",
            f"The intake node's database role {may[0]} may change packages or workstations: a node runs as its own "
            "role ('workstation centre grant-serving ROLE --intake' on the main centre), never the owner's."))
