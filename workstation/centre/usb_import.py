"""The USB path: an export folder brought from a village, put through exactly the intake checks.

The folder is hostile until proved otherwise. An export manifest may name only plain file names
inside the folder, `<package id>.wspkg`; absolute paths, `..`, path separators, symlinks, entries
named twice, ids that are not UUIDs and files whose hash differs from the manifest are refused with
the reason, and the rest go on. A missing or empty folder is an error.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from workstation.centre.intake import MAX_PACKAGE, REJECTED, UNAVAILABLE, Decision, Intake
from workstation.errors import WorkstationError
from workstation.messages import Message

MAX_MANIFEST = 4 * 1024 * 1024


@dataclass
class ImportReport:
    decisions: list[Decision] = field(default_factory=list)
    refused: list[dict[str, str]] = field(default_factory=list)     # entries never sent to intake

    @property
    def clean(self) -> bool:
        return not self.refused and all(d.status not in (REJECTED, UNAVAILABLE) for d in self.decisions)

    def as_dict(self) -> dict[str, object]:
        counts: dict[str, int] = {}
        for d in self.decisions:
            counts[d.status] = counts.get(d.status, 0) + 1
        return {"counts": counts, "decisions": [d.as_dict() for d in self.decisions], "refused": self.refused}


def _refuse(report: ImportReport, where: str, reason: str, detail: str, intake: Intake | None = None,
            package_id: str = "-") -> None:
    """A pre-check refusal: reported, and audited (channel usb) when the intake is at hand."""
    report.refused.append({"entry": where[:200], "reason": reason, "detail": detail})
    if intake is not None:
        intake.registry.audit(package_id, "-", "usb", REJECTED, reason, entry=where[:200], detail=detail)


def read_no_follow(path: Path, limit: int) -> bytes:
    """The bytes of `path`, opened without following a symbolic link (O_NOFOLLOW) and checked on
    the descriptor actually opened: a regular file of at most `limit` bytes. A file swapped for a
    link or a device between the listing and the reading is refused here (OSError/ValueError)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > limit:
            raise ValueError(f"{info.st_size} bytes (at most {limit})")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise ValueError(f"grew past {limit} bytes while being read")
        return data
    finally:
        os.close(fd)


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
    """Every entry of every export manifest through the intake; one entry's failure (even one the
    verifier did not foresee) is reported and audited, and the next entry goes on."""
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
        entries = _entries(manifest_file, report, intake)
        for i, entry in enumerate(entries):
            where = f"{manifest_file.name} #{i + 1}"
            try:
                _one(folder, where, entry, intake, report, seen_ids, seen_files)
            except Exception as exc:  # noqa: BLE001 - one entry never stops the others
                _refuse(report, where, "internal_error", f"this entry could not be checked ({type(exc).__name__})",
                        intake)
    return report


def _one(folder: Path, where: str, entry: object, intake: Intake, report: ImportReport, seen_ids: set[str],
         seen_files: set[str]) -> None:
    if not isinstance(entry, dict):
        _refuse(report, where, "bad_entry", "an entry is not a JSON object", intake)
        return
    try:
        package_id = str(uuid.UUID(str(entry.get("package_id"))))
    except ValueError:
        _refuse(report, where, "bad_id", "the package id is not a UUID", intake)
        return
    name = entry.get("file")
    if package_id in seen_ids or str(name) in seen_files:
        _refuse(report, where, "duplicate_entry", "this package or file is listed twice", intake, package_id)
        return
    seen_ids.add(package_id)
    seen_files.add(str(name))
    path, reason, detail = _regular_file(folder, name)
    if path is None:
        _refuse(report, where, reason, detail, intake, package_id)
        return
    if path.name != f"{package_id}.wspkg":
        _refuse(report, where, "name_mismatch", "the file is not named after its package id", intake, package_id)
        return
    try:
        data = read_no_follow(path, MAX_PACKAGE)
    except OSError as exc:        # ELOOP: swapped for a symbolic link since it was listed
        _refuse(report, where, "symlink" if exc.errno == errno.ELOOP else "unreadable",
                "a symbolic link is never followed" if exc.errno == errno.ELOOP else str(exc.strerror),
                intake, package_id)
        return
    except ValueError as exc:
        _refuse(report, where, "not_a_file", str(exc), intake, package_id)
        return
    if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
        _refuse(report, where, "hash_mismatch", "the file does not match its export manifest", intake, package_id)
        return
    report.decisions.append(intake.decide(package_id, data, None, "usb"))


def _entries(manifest_file: Path, report: ImportReport, intake: Intake) -> list[object]:
    try:
        raw = read_no_follow(manifest_file, MAX_MANIFEST)
    except OSError as exc:
        _refuse(report, manifest_file.name, "bad_manifest", f"cannot be read ({exc.strerror})", intake)
        return []
    except ValueError as exc:                      # not a regular file, or larger than any export manifest
        _refuse(report, manifest_file.name, "bad_manifest", str(exc), intake)
        return []
    try:
        manifest = json.loads(raw)
    except (ValueError, RecursionError):
        _refuse(report, manifest_file.name, "bad_manifest", "not JSON", intake)
        return []
    packages = manifest.get("packages") if isinstance(manifest, dict) else None
    if not isinstance(packages, list):
        _refuse(report, manifest_file.name, "bad_manifest", "no list of packages", intake)
        return []
    return packages
