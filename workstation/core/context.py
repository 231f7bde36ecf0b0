"""Everything a face of the program (window or CLI) needs, assembled from the settings once."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workstation.config import DeviceMode, Settings, load_settings
from workstation.core.device_manager import DeviceManager, DeviceSelection, select_devices
from workstation.devices.driver_config import default_drivers_dir, load_declarations
from workstation.devices.registry import DriverRegistry
from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.paths import AppPaths, app_paths

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    from workstation.storage.database import Database
    from workstation.storage.key_protection import KeyProtection
    from workstation.storage.enrollments import EnrollmentStore

log = logging.getLogger(__name__)


@dataclass
class AppContext:
    paths: AppPaths
    settings: Settings
    drivers_dir: Path
    registry: DriverRegistry

    @classmethod
    def load(cls, settings_file: Path | None = None, mode: DeviceMode | None = None) -> "AppContext":
        paths = app_paths()
        settings = load_settings(settings_file, paths)
        if mode is not None:
            settings = settings.with_device_mode(mode)
        drivers_dir = default_drivers_dir(paths, settings.devices.drivers_config)
        registry = DriverRegistry.discover(load_declarations(drivers_dir))
        return cls(paths, settings, drivers_dir, registry)

    @property
    def database_url(self) -> str:
        return self.settings.storage.database_url or f"sqlite:///{self.paths.database_file}"

    def open_database(self) -> "Database":
        from workstation.storage.database import open_database  # SQLAlchemy only when needed

        self.paths.ensure()
        return open_database(self.database_url)

    def enrollment_store(self, database: "Database") -> "EnrollmentStore":
        """The enrollments of this workstation, captures encrypted with its data key."""
        from workstation.storage.at_rest import BlobCipher
        from workstation.storage.enrollments import EnrollmentStore

        storage = self.settings.storage
        store = EnrollmentStore(database.sessions, BlobCipher.from_folder(self.keys_dir, storage.data_key_protection),
                                free_space_mb=(storage.warn_free_mb, storage.min_free_mb))
        protected = store.protect_clear_rows()
        if protected:
            log.info("%d enrollment(s) from before encryption of the citizen's details: now encrypted", protected)
        return store

    @property
    def keys_dir(self) -> Path:
        """The workstation's own keys: data-at-rest key, signing identity."""
        return self.paths.data_dir / "keys"

    def key_protection(self) -> KeyProtection:
        """How the keys are kept and, when a copied folder would open them, the notice to show
        (Qt-free: the window and `workstation info` say the same words)."""
        from workstation.storage.key_protection import key_protection

        return key_protection(self.keys_dir, self.settings.storage.data_key_protection)

    def server_key(self, simulated: bool) -> "X25519PublicKey":
        """Whom packages are encrypted for: the configured server, or the simulated test server
        for simulated enrollments only (a real enrollment must never be sealed for a test key)."""
        from workstation.core.package.keys import load_server_public, simulated_server_keys

        if self.settings.storage.server_key:
            return load_server_public(Path(self.settings.storage.server_key))
        if not simulated:
            from workstation.core.centre_client import load_link

            link = load_link(self.keys_dir)
            if link is not None:                     # onboarded: packages are sealed for the centre
                return load_server_public(link.package_key_file)
        if simulated:
            return simulated_server_keys()[1]
        raise WorkstationError(Message(
            "Chưa cấu hình khoá máy chủ (storage.server_key): chưa thể lưu hồ sơ đăng ký.",
            "No server key is configured (storage.server_key): packages cannot be sealed."))

    def select_devices(self) -> DeviceSelection:
        selection = select_devices(self.registry, self.settings.devices.mode)
        log.info("device mode: %s (%s)", "simulated" if selection.simulated else "real", selection.reason)
        return selection

    def device_manager(self, selection: DeviceSelection | None = None) -> DeviceManager:
        return DeviceManager(selection or self.select_devices(), self.settings.devices.poll_seconds)
