"""Reading the citizen's card for the window: the chip read runs on the card reader's own thread,
progress and the result come back through callbacks (the window turns them into Qt signals)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from workstation.config import Settings
from workstation.core.card_reading import CardRead, read_card
from workstation.core.device_manager import DeviceManager
from workstation.devices.base import DeviceKind
from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.verify.access_keys import AccessKey
from workstation.verify.qr import QrData
from workstation.verify.trust_store import TrustStore, TrustStoreError

log = logging.getLogger(__name__)


def trust_store_for(settings: Settings, simulated: bool) -> TrustStore:
    """The configured CSCAs; in simulated mode without any, the emulator's test CSCA."""
    if settings.verify.trust_store:
        try:
            return TrustStore.load([Path(settings.verify.trust_store).expanduser()])
        except TrustStoreError as exc:
            # fail closed: with nothing installed every chip is "issuer not verified", which blocks
            log.error("%s: no CSCA is trusted until this is fixed", exc.detail or exc)
            return TrustStore()
    if simulated:
        from workstation.emulator.simulated_trust import simulated_trust_store

        return simulated_trust_store()
    return TrustStore()


class CardSession:
    def __init__(self, devices: DeviceManager, trust: TrustStore, on_progress: Callable[[str], None],
                 on_result: Callable[[CardRead], None], on_error: Callable[[WorkstationError], None]) -> None:
        self.devices = devices
        self.trust = trust
        self.on_progress = on_progress
        self.on_result = on_result
        self.on_error = on_error
        self.future: Future[CardRead] | None = None

    @property
    def busy(self) -> bool:
        return self.future is not None and not self.future.done()

    def read(self, keys: list[AccessKey], qr: QrData | None) -> None:
        if self.busy:
            return
        self.future = self.devices.submit(
            DeviceKind.CARD_READER,
            lambda reader: read_card(reader.connect, keys, self.trust, progress=self.on_progress, qr=qr))
        self.future.add_done_callback(self._done)

    def _done(self, future: "Future[CardRead]") -> None:
        try:
            self.on_result(future.result())
        except WorkstationError as exc:
            self.on_error(exc)
        except Exception as exc:  # noqa: BLE001 - a bug must still reach the officer as a message
            self.on_error(WorkstationError(Message("Lỗi khi đọc thẻ. Hãy thử lại.", "The card could not be read."),
                                           repr(exc)))
