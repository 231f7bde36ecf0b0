"""Reading the chip: access control, then every file, resuming after a lost session.

The flow, chosen for few APDUs and a chip proved genuine as early as possible:
EF.CardAccess (plain) → PACE (or SELECT + BAC) → DG14 → Chip Authentication (the rest is read
under its keys) → DG15 → Active Authentication → COM, SOD → every data group the SOD lists (DG1,
DG13 and DG2 always), so that passive authentication can tell a complete chip from one that hides
a file it was signed with. DG3/DG4 are not asked for: they need Terminal Authentication
(ICAO 9303-11 §7), which only the state's terminals can do.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from workstation.devices.card_reader.base import CardConnection, CardRemovedError, NoCardError
from workstation.verify.access_keys import AccessKey
from workstation.verify.apdu import CommandApdu
from workstation.verify.bac import perform_bac
from workstation.verify.card_access import CardAccessInfo, parse_card_access
from workstation.verify.channel import ApduChannel, ChannelStats, ReadLimits
from workstation.verify.errors import AccessDeniedError, CardProtocolError, ChipDataError, SecureMessagingError
from workstation.verify.files import FileNotReadable, PartialFile, read_file
from workstation.verify.lds import CCCD_CARD_ACCESS, DG_FILE_IDS, EMRTD_AID, FID_CARD_ACCESS, FID_COM, FID_SOD, SFI
from workstation.verify.pace import PaceNotSupported, perform_pace
from workstation.verify.passive_auth import TERMINAL_AUTH_ONLY, sod_data_groups

log = logging.getLogger(__name__)
MAX_RECOVERIES = 3

FIRST_FILES = ("dg14", "dg15", "com", "sod")
ALWAYS = ("dg1", "dg13", "dg2")             # what the enrollment needs, listed or not
FILE_IDS = {"com": FID_COM, "sod": FID_SOD, **{f"dg{n}": fid for n, fid in DG_FILE_IDS.items()}}


@dataclass(frozen=True)
class AuthOutcome:
    """Result of active or chip authentication: performed or not, and whether it passed."""

    status: str            # "passed" | "failed" | "not_supported" | "not_performed"
    detail: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass(frozen=True)
class ChipRead:
    access: str                          # "PACE" or "BAC"
    access_key: str                      # label of the key that opened the chip
    files: dict[str, bytes]              # raw files: card_access, com, dg1, dg2, dg13, dg14, dg15, sod
    not_readable: dict[str, str]         # e.g. dg3: "needs Terminal Authentication"
    refused: dict[str, int]              # files the chip would not give (status word), DG3/DG4 aside
    card_access_from_chip: bool
    active_auth: AuthOutcome
    chip_auth: AuthOutcome
    stats: ChannelStats
    seconds: float
    recoveries: int = 0


@dataclass
class _Progress:
    partial: dict[str, PartialFile] = field(default_factory=dict)
    done: dict[str, bytes] = field(default_factory=dict)
    not_readable: dict[str, str] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)
    listed: tuple[int, ...] | None = None        # the data groups the SOD lists, once it is read
    chip_auth: AuthOutcome = AuthOutcome("not_performed")
    active_auth: AuthOutcome = AuthOutcome("not_performed")
    ca_attempts: int = 0


Authenticator = Callable[[ApduChannel, dict[str, bytes]], AuthOutcome]


class ChipReader:
    def __init__(self, connect: Callable[[], CardConnection], keys: list[AccessKey], *,
                 extended_length: bool = True, chip_authentication: Authenticator | None = None,
                 active_authentication: Authenticator | None = None,
                 progress: Callable[[str], None] | None = None, reinsert_timeout: float = 3.0,
                 limits: ReadLimits | None = None) -> None:
        if not keys:
            raise ValueError("at least one access key is needed")
        self.connect = connect
        self.keys = keys
        self.extended_length = extended_length
        self.chip_authentication = chip_authentication
        self.active_authentication = active_authentication
        self.progress = progress or (lambda _step: None)
        self.reinsert_timeout = reinsert_timeout
        self.limits = limits or ReadLimits()
        self.sfi_supported = True

    def _connect(self, after_loss: bool) -> CardConnection:
        """Connect; after a lost session, wait a little for the card to be put back."""
        deadline = time.monotonic() + (self.reinsert_timeout if after_loss else 0.0)
        while True:
            try:
                return self.connect()
            except (NoCardError, CardRemovedError):
                if not after_loss:
                    raise
                if time.monotonic() >= deadline:
                    raise CardRemovedError("the card did not come back after it was moved") from None
                time.sleep(0.05)

    # -- access control ------------------------------------------------------------------------
    def _select_applet(self, channel: ApduChannel) -> None:
        response = channel.send(CommandApdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID))
        if not response.ok:
            raise CardProtocolError("SELECT of the eMRTD application", response.sw)
        channel.selected = None

    def _read_card_access(self, channel: ApduChannel) -> tuple[bytes, bool]:
        try:
            data = read_file(channel, PartialFile(SFI[FID_CARD_ACCESS], FID_CARD_ACCESS))
            return data, True
        except (FileNotReadable, CardProtocolError, ChipDataError) as exc:
            log.info("EF.CardAccess not readable (%s): using the published CCCD value", exc)
            return CCCD_CARD_ACCESS, False

    def _authenticate(self, channel: ApduChannel, info: CardAccessInfo,
                      preferred: tuple[AccessKey, str] | None) -> tuple[AccessKey, str]:
        """Open the chip with the first key it accepts; returns the key and "PACE" or "BAC"."""
        if preferred is not None:
            keys, pace_usable = [preferred[0]], preferred[1] == "PACE"
        else:
            keys, pace_usable = self.keys, info.pace is not None
        denied: AccessDeniedError | None = None
        for key in keys:
            if pace_usable and info.pace is not None:
                try:
                    perform_pace(channel, info.pace, key)
                    self._select_applet(channel)
                    return key, "PACE"
                except PaceNotSupported as exc:
                    log.info("PACE not supported (%s): falling back to BAC", exc)
                    pace_usable = False
                except AccessDeniedError as exc:
                    denied = exc
                    if exc.tries_left == 0:
                        raise
                    continue
            if key.is_can:
                continue  # BAC needs the MRZ
            self._select_applet(channel)
            try:
                perform_bac(channel, key.secret)
                return key, "BAC"
            except AccessDeniedError as exc:
                denied = exc
        raise denied or AccessDeniedError("no key was accepted")

    # -- the read ------------------------------------------------------------------------------
    @staticmethod
    def _file_order(state: _Progress) -> list[str]:
        names = list(FIRST_FILES)
        if state.done.get("sod"):
            if state.listed is None:
                state.listed = sod_data_groups(state.done["sod"])
            listed = state.listed
            for n in listed:
                if n in TERMINAL_AUTH_ONLY:
                    state.not_readable.setdefault(f"dg{n}", "needs Terminal Authentication (state terminals only)")
            names += list(ALWAYS) + [f"dg{n}" for n in listed
                                     if n not in TERMINAL_AUTH_ONLY and f"dg{n}" not in names + list(ALWAYS)]
        return names

    def _read_files(self, channel: ApduChannel, state: _Progress) -> None:
        index = 0
        while index < len(order := self._file_order(state)):
            name = order[index]
            index += 1
            if name not in state.done:
                self.progress(name)
                partial = state.partial.setdefault(name, PartialFile(SFI[FILE_IDS[name]], FILE_IDS[name]))
                try:
                    state.done[name] = read_file(channel, partial)
                except SecureMessagingError:
                    if state.chip_auth.status == "pending" and state.ca_attempts >= 2:
                        # twice the chip could not speak under the keys its DG14 key implies:
                        # not the chip that DG14 was issued for (a moved card fails only once)
                        state.chip_auth = AuthOutcome(
                            "failed", "the chip could not continue under the chip-authentication keys")
                    raise
                except FileNotReadable as exc:
                    state.done[name] = b""
                    if name == "sod":
                        raise ChipDataError("EF.SOD", f"the chip refused to give it ({exc.sw:04X})") from None
                    if name != "com":
                        state.refused[name] = exc.sw
                    state.not_readable[name] = f"refused by the chip ({exc.sw:04X})"
                    if name == "dg14":
                        state.chip_auth = AuthOutcome("not_supported", "no DG14 on the chip")
                    if name == "dg15":
                        state.active_auth = AuthOutcome("not_supported", "no DG15 on the chip")
                    continue
                if state.chip_auth.status == "pending":
                    state.chip_auth = AuthOutcome("passed", state.chip_auth.detail)
            if name == "dg14" and state.chip_auth.status == "not_performed" and state.done["dg14"]:
                if self.chip_authentication is not None:
                    self.progress("chip_auth")
                    state.ca_attempts += 1
                    state.chip_auth = self.chip_authentication(channel, state.done)
            if name == "dg15" and state.active_auth.status == "not_performed" and state.done["dg15"]:
                if self.active_authentication is not None:
                    self.progress("active_auth")
                    state.active_auth = self.active_authentication(channel, state.done)

    def read(self) -> ChipRead:
        started = time.perf_counter()
        started_monotonic = time.monotonic()
        state = _Progress()
        stats = ChannelStats()
        recoveries = 0
        opened: tuple[AccessKey, str] | None = None
        card_access, from_chip = b"", False
        while True:
            connection = self._connect(after_loss=recoveries > 0)
            channel = ApduChannel(connection, self.extended_length, self.limits, started_monotonic)
            channel.sfi_supported = self.sfi_supported
            channel.stats = stats
            try:
                if not card_access:
                    self.progress("card_access")
                    card_access, from_chip = self._read_card_access(channel)
                    self.extended_length = channel.extended_length
                info = parse_card_access(card_access)
                self.progress("access")
                opened = self._authenticate(channel, info, opened)
                if state.chip_auth.status in ("passed", "pending") and self.chip_authentication is not None:
                    # a new session: switch to chip-authentication keys again before reading on
                    state.ca_attempts += 1
                    state.chip_auth = self.chip_authentication(channel, state.done)
                try:
                    self._read_files(channel, state)
                finally:
                    self.sfi_supported = channel.sfi_supported
                break
            except (CardRemovedError, SecureMessagingError) as exc:
                recoveries += 1
                log.info("session lost (%s), recovery %d", exc.detail or exc, recoveries)
                if recoveries > MAX_RECOVERIES:
                    raise
            except AccessDeniedError as exc:
                if recoveries == 0:
                    raise
                # the key opened this card a moment ago: a refusal now means the card did not come
                # back (or another one is on the reader), not that the officer typed it wrong
                log.info("access refused after a lost session (%s)", exc.detail)
                raise CardRemovedError("the card did not come back after it was moved") from None
            finally:
                connection.close()
        files = dict(state.done)
        files["card_access"] = card_access
        assert opened is not None
        return ChipRead(
            access=opened[1],
            access_key=opened[0].label,
            files={k: v for k, v in files.items() if v},
            not_readable=state.not_readable,
            refused=dict(state.refused),
            card_access_from_chip=from_chip,
            active_auth=state.active_auth,
            chip_auth=state.chip_auth,
            stats=stats,
            seconds=time.perf_counter() - started,
            recoveries=recoveries,
        )
