"""Where the workstation keeps its files, through platformdirs so Windows and Linux both work.

WORKSTATION_HOME puts every directory under one folder (tests, a portable USB install).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "workstation"
APP_AUTHOR = "DeAn06"
SOURCE_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def database_file(self) -> Path:
        return self.data_dir / "workstation.sqlite3"

    def ensure(self) -> "AppPaths":
        """Make the folders, the data and log folders the owner's only. A folder that cannot be made
        or restricted (a read-only or full disk) raises the officer's error naming it; one that is
        already as it should be is not touched (a read-only data folder is still readable)."""
        from workstation.disk_space import write_error

        for d in (self.config_dir, self.data_dir, self.cache_dir, self.log_dir):
            try:
                d.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise write_error(exc, d) from exc
        # citizens' data and the keys live here: the owner only (on POSIX; Windows uses ACLs)
        if os.name == "posix":
            for d in (self.data_dir, self.log_dir):
                try:
                    if d.stat().st_mode & 0o777 != 0o700:
                        os.chmod(d, 0o700)
                except OSError as exc:
                    raise write_error(exc, d) from exc
        return self


def app_paths() -> AppPaths:
    home = os.environ.get("WORKSTATION_HOME")
    if home:
        root = Path(home)
        return AppPaths(root / "config", root / "data", root / "cache", root / "log")
    return AppPaths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
    )
