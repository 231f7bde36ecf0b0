"""Settings: a TOML file in the user's config directory, every key with a documented default.

The file is optional; a missing key takes its default. A wrong value never starts the program in
a half-configured state: it raises ConfigError naming the file, the key and what is wrong.
`workstation config init` writes the documented defaults (rendered from the fields below).
"""
from __future__ import annotations

import tomllib
import typing
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from workstation.errors import ConfigError
from workstation.paths import AppPaths, app_paths

DeviceMode = Literal["auto", "real", "simulated"]


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@dataclass(frozen=True)
class UiSettings:
    language: Literal["vi", "en"] = field(
        default="vi", metadata=_doc('Language of the window: "vi" (Tiếng Việt) or "en" (English).'))
    idle_lock_minutes: float = field(default=5.0, metadata=_doc(
        "Lock the window after this many minutes without keyboard or mouse (0 = never). The "
        "officer's password unlocks it; personal data is hidden meanwhile."))
    large_text: bool = field(default=False, metadata=_doc(
        "Everything a quarter larger (text, buttons, photos), for a counter screen read from a distance. "
        "Takes effect at the next start."))
    police_unit: str = field(default="", metadata=_doc(
        'The police unit printed on citizens\' receipts, e.g. "Công an xã Đông Hội". Empty: "Công an cấp xã".'))


@dataclass(frozen=True)
class DeviceSettings:
    mode: DeviceMode = field(default="auto", metadata=_doc(
        '"real" uses the attached hardware; "simulated" the built-in simulators (for testers and '
        'training); "auto" uses hardware when any is found, otherwise the simulators with a banner.'))
    drivers_config: str = field(default="", metadata=_doc(
        "Folder of driver declarations (*.toml). Empty: the drivers_config folder in the config "
        "directory if it exists, otherwise the one shipped with the program."))
    poll_seconds: float = field(default=1.0, metadata=_doc(
        "How often each device is checked for being plugged in or out, in seconds (0.1 to 60)."))


@dataclass(frozen=True)
class StorageSettings:
    database_url: str = field(default="", metadata=_doc(
        "SQLAlchemy URL of the database. Empty: SQLite file workstation.sqlite3 in the data "
        "directory. A central server uses postgresql://user@host/dbname."))
    central_url: str = field(default="", metadata=_doc(
        "No longer used: workstations do not write into the central database. Register with the "
        "centre (workstation register --centre URL --token TOKEN); 'Sync now' then uploads over HTTPS."))
    server_key: str = field(default="", metadata=_doc(
        "The central server's X25519 public key (PEM): packages are encrypted for it. Empty: only "
        "simulated enrollments can be saved (for the simulated test server)."))
    draft_days: float = field(default=7.0, metadata=_doc(
        "A draft untouched for this many days is discarded when the window starts (its photos and "
        "fingerprints deleted, audited). 0: drafts stay until an officer discards them."))
    data_key_protection: Literal["auto", "keyring", "file"] = field(default="auto", metadata=_doc(
        "How the data key (drafts, citizens' details) is protected: auto = by the OS keyring (Secret "
        "Service, Windows Credential Manager) when there is one, else a file readable by this user only; "
        "keyring = refuse to run without an OS keyring; file = the file only (see the README's limits)."))
    repeat_days: float = field(default=30.0, metadata=_doc(
        "The same citizen enrolled again within this many days is flagged in the history and on the "
        "supervisor's end-of-day list (0: never)."))
    warn_free_mb: float = field(default=1000.0, metadata=_doc(
        "Below this many MB free where the database is, the status bar turns amber."))
    min_free_mb: float = field(default=200.0, metadata=_doc(
        "Below this many MB free, no new enrollment starts (a citizen would be half enrolled when the "
        "disk fills); drafts under way can still be finished."))


@dataclass(frozen=True)
class VerifySettings:
    trust_store: str = field(default="", metadata=_doc(
        "Trusted CSCA certificates for passive authentication: a file or folder of PEM/DER "
        "certificates, ICAO master lists (.ml) or LDIF, and CRLs. Empty: no CSCA is installed and "
        "the chain cannot be verified (see require_trusted_chain)."))
    require_trusted_chain: bool = field(default=True, metadata=_doc(
        "A chip whose Document Signer cannot be chained to an installed CSCA of the card's country "
        "(none installed) blocks the enrollment. Only a supervisor turns it off (audited); then "
        "each such enrollment needs a supervisor's approval with a reason, kept in the package."))
    face_match_below: float = field(default=0.50, metadata=_doc(
        "Face distance (dlib) at or below which the live face matches the chip photo. Chosen from "
        "measured error rates; only a supervisor changes it."))
    face_no_match_above: float = field(default=0.60, metadata=_doc(
        "Face distance above which it is not the same person; between the two: uncertain."))
    finger_min_quality: int = field(default=50, metadata=_doc(
        "Lowest NFIQ 2 score (0-100) a fingerprint must reach (Circular 110/2020/TT-BCA names 50)."))
    min_eye_opening: float = field(default=0.22, metadata=_doc(
        "Eyes-open check of the face photo: lowest lid gap / eye width of the less open eye (open "
        "eyes measured 0.25-0.37, shut 0.06-0.21 on the test photos). 0 turns the check off."))


@dataclass(frozen=True)
class Settings:
    ui: UiSettings = field(default_factory=UiSettings)
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    verify: VerifySettings = field(default_factory=VerifySettings)
    source: Path | None = field(default=None, compare=False)

    def with_device_mode(self, mode: DeviceMode) -> "Settings":
        return replace(self, devices=replace(self.devices, mode=mode))


_SECTIONS: dict[str, type] = {"ui": UiSettings, "devices": DeviceSettings, "storage": StorageSettings,
                              "verify": VerifySettings}
_RANGES: dict[tuple[str, str], tuple[float, float]] = {("devices", "poll_seconds"): (0.1, 60.0),
                                                       ("ui", "idle_lock_minutes"): (0.0, 240.0),
                                                       ("storage", "draft_days"): (0.0, 365.0),
                                                       ("storage", "warn_free_mb"): (0.0, 1_000_000.0),
                                                       ("storage", "repeat_days"): (0.0, 3650.0),
                                                       ("storage", "min_free_mb"): (0.0, 1_000_000.0),
                                                       ("verify", "face_match_below"): (0.3, 0.7),
                                                       ("verify", "face_no_match_above"): (0.3, 0.8),
                                                       ("verify", "finger_min_quality"): (20, 90),
                                                       ("verify", "min_eye_opening"): (0.0, 0.35)}


def _check_value(file: Path, key: str, value: Any, annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is Literal:
        allowed = typing.get_args(annotation)
        if value not in allowed:
            choices = ", ".join(f'"{a}"' for a in allowed)
            raise ConfigError(file, key, f"must be one of {choices}, got {value!r}")
        return value
    if annotation is bool:
        if not isinstance(value, bool):
            raise ConfigError(file, key, f"must be true or false, got {value!r}")
        return value
    if annotation is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(file, key, f"must be a number, got {value!r}")
        return float(value)
    if annotation is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(file, key, f"must be a whole number, got {value!r}")
        return value
    if annotation is str:
        if not isinstance(value, str):
            raise ConfigError(file, key, f"must be text in quotes, got {value!r}")
        return value
    raise TypeError(f"unsupported settings type {annotation!r}")  # a programming error


def _build_section(file: Path, name: str, cls: type, table: Any) -> Any:
    if not isinstance(table, dict):
        raise ConfigError(file, name, "must be a table: write it as [" + name + "]")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in fields(cls)}
    for key in table:
        if key not in known:
            raise ConfigError(file, f"{name}.{key}", f"unknown setting (known: {', '.join(sorted(known))})")
    values = {}
    for key, value in table.items():
        dotted = f"{name}.{key}"
        checked = _check_value(file, dotted, value, hints[key])
        low_high = _RANGES.get((name, key))
        if low_high and not low_high[0] <= checked <= low_high[1]:
            raise ConfigError(file, dotted, f"must be between {low_high[0]:g} and {low_high[1]:g}, got {checked:g}")
        values[key] = checked
    return cls(**values)


def parse_settings(text: str, file: Path) -> Settings:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(file, None, f"not valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(file, None, "nested too deeply to be a settings file") from None
    for name in data:
        if name not in _SECTIONS:
            raise ConfigError(file, name, f"unknown section (known: {', '.join(_SECTIONS)})")
    sections = {name: _build_section(file, name, cls, data.get(name, {})) for name, cls in _SECTIONS.items()}
    verify = sections["verify"]
    if verify.face_match_below > verify.face_no_match_above:
        raise ConfigError(file, "verify.face_match_below", "must not be above verify.face_no_match_above "
                          f"({verify.face_match_below:g} > {verify.face_no_match_above:g})")
    return Settings(**sections, source=file)


def save_settings(settings: Settings, file: Path) -> None:
    """Write the settings file (documented, every key), atomically: a crash or a full disk leaves
    the old one. Raises WorkstationError in the officer's words."""
    from workstation.atomic_file import write_atomically
    from workstation.disk_space import write_error

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(file, render_settings(settings).encode("utf-8"))
    except OSError as exc:
        raise write_error(exc, file.parent) from None


def load_settings(file: Path | None = None, paths: AppPaths | None = None) -> Settings:
    """Read the settings file; a file named explicitly must exist, the default one may not."""
    if file is None:
        file = (paths or app_paths()).settings_file
        if not file.exists():
            return Settings()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(file, None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(file, None, f"cannot be read ({exc})") from None
    return parse_settings(text, file)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def render_settings(settings: Settings | None = None) -> str:
    """The settings as a commented TOML file: the documentation of every key and its default."""
    settings = settings or Settings()
    lines = ["# Workstation settings. Every key is optional; shown here with its default.", ""]
    for name, cls in _SECTIONS.items():
        section = getattr(settings, name)
        lines.append(f"[{name}]")
        for f in fields(cls):
            lines.extend(f"# {part}" for part in _wrap(f.metadata.get("doc", "")))
            value = getattr(section, f.name)
            lines.append(f"{f.name} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


def _wrap(text: str, width: int = 98) -> list[str]:
    words, out, line = text.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    if line:
        out.append(line)
    return out
