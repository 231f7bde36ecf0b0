"""drivers_config/*.toml: which device drivers exist on this workstation and their parameters.

One file per driver, so a team adds or removes a scanner by dropping or deleting a file:

    kind = "fingerprint"      # card_reader | camera | fingerprint | qr_scanner
    driver = "libfprint"      # the name the driver registers under
    enabled = true
    [params]                  # handed to the driver as they are
    device_index = 0
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workstation.devices.base import DeviceKind, DriverParams
from workstation.errors import ConfigError
from workstation.paths import SOURCE_ROOT, AppPaths

_KEYS = {"kind", "driver", "enabled", "params", "title", "notes"}


@dataclass(frozen=True)
class DriverDeclaration:
    file: Path
    kind: DeviceKind
    driver: str
    enabled: bool = True
    params: DriverParams = field(default_factory=DriverParams)
    notes: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}.{self.driver}"


def parse_declaration(text: str, file: Path) -> DriverDeclaration:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(file, None, f"not valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(file, None, "nested too deeply to be a settings file") from None
    for key in data:
        if key not in _KEYS:
            raise ConfigError(file, key, f"unknown key (known: {', '.join(sorted(_KEYS))})")
    kind: Any = data.get("kind")
    if kind is None:
        raise ConfigError(file, "kind", "missing; one of " + ", ".join(k.value for k in DeviceKind))
    if kind not in {k.value for k in DeviceKind}:
        raise ConfigError(file, "kind", f"must be one of {', '.join(k.value for k in DeviceKind)}, got {kind!r}")
    driver = data.get("driver")
    if not isinstance(driver, str) or not driver.strip():
        raise ConfigError(file, "driver", f"must be the driver's name in quotes, got {driver!r}")
    enabled = data.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(file, "enabled", f"must be true or false, got {enabled!r}")
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise ConfigError(file, "params", "must be a table: write it as [params]")
    notes = data.get("notes", "")
    if not isinstance(notes, str):
        raise ConfigError(file, "notes", f"must be text in quotes, got {notes!r}")
    return DriverDeclaration(file, DeviceKind(kind), driver.strip(), enabled, DriverParams(params), notes)


def default_drivers_dir(paths: AppPaths, configured: str = "") -> Path:
    """The folder to read: settings > WORKSTATION_DRIVERS_CONFIG > user config > shipped folder."""
    if configured:
        return Path(configured).expanduser()
    env = os.environ.get("WORKSTATION_DRIVERS_CONFIG")
    if env:
        return Path(env)
    user = paths.config_dir / "drivers_config"
    if user.is_dir():
        return user
    return SOURCE_ROOT / "drivers_config"


def load_declarations(folder: Path) -> list[DriverDeclaration]:
    if not folder.is_dir():
        raise ConfigError(folder, None, "driver configuration folder not found")
    declarations: dict[str, DriverDeclaration] = {}
    for file in sorted(folder.glob("*.toml")):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(file, None, f"cannot be read ({exc})") from None
        decl = parse_declaration(text, file)
        if decl.key in declarations:
            other = declarations[decl.key].file.name
            raise ConfigError(file, "driver", f"{decl.key} is already declared in {other}")
        declarations[decl.key] = decl
    return list(declarations.values())
