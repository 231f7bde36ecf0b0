"""PC/SC card readers through pyscard (pcscd on Linux, WinSCard on Windows)."""
from __future__ import annotations

import logging
from typing import Any

from workstation.devices.base import DeviceState, DeviceStatus, DriverParams, Param
from workstation.devices.card_reader.base import (
    CardConnection,
    CardReaderDriver,
    CardRemovedError,
    NoCardError,
    NoReaderError,
    ReaderServiceError,
)

log = logging.getLogger(__name__)


class PcscConnection:
    """One exclusive connection; maps pyscard's exceptions to the workstation's typed errors."""

    def __init__(self, reader: str, connection: Any) -> None:
        self.reader = reader
        self._connection = connection

    def atr(self) -> bytes:
        return bytes(self._connection.getATR())

    def transmit(self, apdu: bytes) -> bytes:
        from smartcard.Exceptions import CardConnectionException

        try:
            data, sw1, sw2 = self._connection.transmit(list(apdu))
        except CardConnectionException as exc:
            raise CardRemovedError(str(exc)) from exc
        return bytes(data) + bytes((sw1, sw2))

    def close(self) -> None:
        _release(self._connection)


def _release(connection: Any) -> None:
    """Disconnect and free the PC/SC context now, not whenever the garbage collector runs."""
    for step in ("disconnect", "release"):
        method = getattr(connection, step, None)
        if method is None:
            continue
        try:
            method()
        except Exception:  # noqa: BLE001 - the card or the service may already be gone
            log.debug("%s failed", step, exc_info=True)


class PcscCardReaderDriver(CardReaderDriver):
    name = "pcsc"
    parameters = {"reader": Param((str,), "")}
    title = "PC/SC card reader"

    @classmethod
    def missing_library(cls, params: DriverParams | None = None) -> str | None:
        try:
            import smartcard.System  # noqa: F401
        except ImportError as exc:
            return f"pyscard is not installed ({exc})"
        return None

    def readers(self) -> list[str]:
        from smartcard.pcsc.PCSCExceptions import EstablishContextException, ListReadersException
        from smartcard.System import readers

        try:
            found = [str(r) for r in readers()]
        except EstablishContextException as exc:
            raise ReaderServiceError(str(exc)) from exc
        except ListReadersException:
            return []
        wanted = str(self.params.get("reader", "") or "")
        return [r for r in found if wanted.lower() in r.lower()]

    def cards_present(self, names: list[str]) -> list[str]:
        """Readers among `names` that hold a card, asked without connecting (SCardGetStatusChange)."""
        from smartcard import scard

        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            return []
        try:
            hresult, states = scard.SCardGetStatusChange(
                context, 0, [(name, scard.SCARD_STATE_UNAWARE) for name in names])
            if hresult != scard.SCARD_S_SUCCESS:
                return []
            return [name for name, state, _atr in states if state & scard.SCARD_STATE_PRESENT]
        finally:
            scard.SCardReleaseContext(context)

    def probe(self) -> DeviceStatus:
        try:
            names = self.readers()
        except ReaderServiceError:
            return self.status(DeviceState.MISSING, "PC/SC service (pcscd) not running")
        if not names:
            return self.status(DeviceState.MISSING, "no reader attached")
        present = self.cards_present(names)
        detail = ", ".join(f"{n} (card)" if n in present else n for n in names)
        return self.status(DeviceState.CONNECTED, detail, card_present=bool(present))

    def connect(self, reader: str | None = None) -> CardConnection:
        from smartcard.Exceptions import CardConnectionException, NoCardException
        from smartcard.scard import SCARD_SHARE_EXCLUSIVE
        from smartcard.System import readers

        candidates = [r for r in readers() if reader is None or str(r) == reader]
        if not candidates:
            raise NoReaderError(f"reader {reader!r} not found" if reader else "no reader")
        last: Exception | None = None
        for r in candidates:
            connection = r.createConnection()
            try:
                connection.connect(mode=SCARD_SHARE_EXCLUSIVE)
            except (NoCardException, CardConnectionException) as exc:
                last = exc
                _release(connection)
                continue
            return PcscConnection(str(r), connection)
        raise NoCardError(str(last) if last else "")
