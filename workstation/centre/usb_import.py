"""The USB path: an export folder brought from a village, put through exactly the intake checks.

The folder is hostile until proved otherwise. An export manifest may name only plain file names
inside the folder, `<package id>.wspkg`; absolute paths, `..`, path separators, symlinks, entries
named twice, ids that are not UUIDs and files whose hash differs from the manifest are refused with
the reason, and the rest go on. A missing or empty folder is an error.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from workstation.centre.intake import MAX_PACKAGE, REJECTED, Decision, Intake
from workstation.errors import WorkstationError
from workstation.messages import Message

MAX_MANIFEST = 4 * 1024 * 1024


@dataclass
class ImportReport:
    decisions: list[Decision] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)     # entries never sent to intake

    @property
    def clean(self) -> bool:
        return not self.refused and all(d.status != REJECTED for d in self.decisions)

    def as_dict(self) -> dict[str, object]:
        counts: dict[str, int] = {}
        for d in self.decisions:
            counts[d.status] = counts.get(d.status, 0) + 1
        return {"counts": counts, "decisions": [d.as_dict() for d in self.decisions], "refused": self.refused}


def _refuse(report: ImportReport, where: str, reason: str, detail: str) -> None:
    report.refused.append({"entry": where[:200], "reason": reason, "detail": detail})


def _regular_file(folder: Path, name: object) -> tuple[Path | None, str, str]:
    """(path, "", "") for a plain regular file directly in `folder`, else (None, reason, detail)."""
    if not isinstance(name, str) or not name:
        return None, "bad_entry", "the file name is not text"
    if name != os.path.basename(name) or "/" in name or "\\" in name or name in (".", "..") or Path(name).is_absolute():
        return None, "path_outside_folder", "only plain file names inside the export folder are allowed"
    path = folder / name
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None, "missing_file", "the file named by the manifest is not in the folder"
    if stat.S_ISLNK(info.st_mode):
        return None, "symlink", "a symbolic link is never followed"
    if not stat.S_ISREG(info.st_mode):
        return None, "not_a_file", "not a regular file"
    if info.st_size > MAX_PACKAGE:
        return None, "too_large", f"{info.st_size} bytes"
    return path, "", ""


def import_folder(folder: Path, intake: Intake) -> ImportReport:
    if not folder.is_dir():
        raise WorkstationError(Message(f"Không có thư mục {folder}.", f"No folder {folder}."))
    manifests = sorted(p for p in folder.glob("export-*.json") if p.is_file() and not p.is_symlink())
    if not manifests:
        raise WorkstationError(Message(f"Thư mục {folder} không có tệp xuất hồ sơ (export-*.json).",
                                       f"{folder} holds no export manifest (export-*.json)."))
    report = ImportReport()
    seen_ids: set[str] = set()
    seen_files: set[str] = set()
    for manifest_file in manifests:
        entries = _entries(manifest_file, report)
        for i, entry in enumerate(entries):
            where = f"{manifest_file.name} #{i + 1}"
            if not isinstance(entry, dict):
                _refuse(report, where, "bad_entry", "an entry is not a JSON object")
                continue
            try:
                package_id = str(uuid.UUID(str(entry.get("package_id"))))
            except ValueError:
                _refuse(report, where, "bad_id", "the package id is not a UUID")
                continue
            name = entry.get("file")
            if package_id in seen_ids or name in seen_files:
                _refuse(report, where, "duplicate_entry", "this package or file is listed twice")
                continue
            seen_ids.add(package_id)
            seen_files.add(str(name))
            path, reason, detail = _regular_file(folder, name)
            if path is None:
                _refuse(report, where, reason, detail)
                continue
            if path.name != f"{package_id}.wspkg":
                _refuse(report, where, "name_mismatch", "the file is not named after its package id")
                continue
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
                _refuse(report, where, "hash_mismatch", "the file does not match its export manifest")
                continue
            report.decisions.append(intake.decide(package_id, data, None, "usb"))
    return report


def _entries(manifest_file: Path, report: ImportReport) -> list[object]:
    if manifest_file.stat().st_size > MAX_MANIFEST:
        _refuse(report, manifest_file.name, "bad_manifest", "larger than any export manifest")
        return []
    try:
        manifest = json.loads(manifest_file.read_bytes())
    except (ValueError, UnicodeDecodeError, RecursionError):
        _refuse(report, manifest_file.name, "bad_manifest", "not JSON")
        return []
    packages = manifest.get("packages") if isinstance(manifest, dict) else None
    if not isinstance(packages, list):
        _refuse(report, manifest_file.name, "bad_manifest", "no list of packages")
        return []
    return packages
