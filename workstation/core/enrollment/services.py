"""What the window needs to run enrollments: the store, the workstation's signing identity, the
server's key, who is at the counter. Assembled once from the context; Qt-free."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from workstation.core.enrollment.workflow import EnrollmentWorkflow, SavedPackage
from workstation.errors import WorkstationError

if TYPE_CHECKING:
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

    from workstation.core.campaign_desk import CampaignDesk
    from workstation.core.context import AppContext
    from workstation.core.package.keys import WorkstationIdentity
    from workstation.storage.database import Database
    from workstation.storage.enrollments import EnrollmentStore
    from workstation.verify.face.quality import QualityLimits

log = logging.getLogger(__name__)


@dataclass
class EnrollmentServices:
    store: "EnrollmentStore"
    identity: "WorkstationIdentity"
    server: "X25519PublicKey | None"     # None: saving is refused with server_problem
    server_problem: WorkstationError | None
    workstation_id: str
    simulated: bool
    officer: str = ""
    central_url: str = ""                 # the old direct-database setting: only to say it is no longer used
    face_thresholds: tuple[float, float] = (0.50, 0.60)   # match at or below, no match above
    finger_min_quality: int = 50
    min_eye_opening: float = 0.22                         # 0: the eyes-open check is off
    require_trusted_chain: bool = True                    # a chip no installed CSCA vouches for is red
    keys_dir: "Path | None" = None                        # the signing key and the centre link (keys/centre)
    police_unit: str = ""                                 # printed on receipts (ui.police_unit)
    repeat_days: float = 30.0                             # the same citizen again within: flagged
    campaign: "CampaignDesk | None" = None                # a campaign loaded: check-in, close, refuse

    @classmethod
    def from_context(cls, context: "AppContext", database: "Database", simulated: bool,
                     officer: str = "") -> "EnrollmentServices":
        from workstation.core.package.keys import load_or_create_identity

        store = context.enrollment_store(database)
        identity = load_or_create_identity(context.keys_dir, database.workstation_id,
                                           context.settings.storage.data_key_protection)
        try:
            server, problem = context.server_key(simulated), None
        except WorkstationError as exc:
            server, problem = None, exc
        verify = context.settings.verify
        return cls(store, identity, server, problem, database.workstation_id, simulated, officer,
                   context.settings.storage.central_url, (verify.face_match_below, verify.face_no_match_above),
                   verify.finger_min_quality, verify.min_eye_opening, verify.require_trusted_chain, context.keys_dir,
                   context.settings.ui.police_unit, context.settings.storage.repeat_days)

    @property
    def acting_officer(self) -> str:
        """Whom the records name: the officer logged in, or "officer" where accounts are not used."""
        return self.officer or "officer"

    def new_workflow(self) -> EnrollmentWorkflow:
        return EnrollmentWorkflow(self.acting_officer, self.simulated, self.workstation_id, self.store,
                                  require_trusted_chain=self.require_trusted_chain,
                                  officer_of=lambda: self.officer, repeat_days=self.repeat_days,
                                  place=self.police_unit or self.commune())

    def expire_drafts(self, days: float) -> int:
        """At start: drafts untouched for `days` days are discarded (0: never). Returns how many."""
        if days <= 0:
            return 0
        from datetime import UTC, datetime, timedelta

        count = self.store.expire_drafts(datetime.now(UTC) - timedelta(days=days), self.officer or "workstation")
        if count:
            log.info("%d draft(s) untouched for %g days discarded", count, days)
        return count

    def discard_draft(self, enrollment_id: str, reason: str) -> None:
        """The officer discards a draft the citizen will not finish (see EnrollmentStore.discard)."""
        self.store.discard(enrollment_id, self.acting_officer, reason)

    def record_incident(self, read) -> int | None:  # noqa: ANN001 - CardRead
        """A forged, cloned or withholding chip: recorded for the supervisor (core.incidents)."""
        from workstation.core.incidents import record

        return record(self.store, self.acting_officer, self.workstation_id, read)

    def quality_limits(self) -> "QualityLimits":
        """The face quality gate with this workstation's eyes-open setting."""
        from workstation.verify.face.quality import QualityLimits

        return QualityLimits(min_eye_opening=self.min_eye_opening or None)

    def sync_to_centre(self):  # noqa: ANN201 - centre_client.CentreSyncReport
        """Upload the sealed packages to the centre this workstation is registered with."""
        from workstation.core.centre_client import load_link, sync
        from workstation.messages import Message

        link = load_link(self.keys_dir) if self.keys_dir is not None else None
        if link is None and self.central_url:
            raise WorkstationError(Message(
                "Cài đặt storage.central_url không còn dùng (máy trạm không ghi trực tiếp vào cơ sở dữ liệu trung "
                "tâm): nhờ quản trị viên đăng ký máy trạm với trung tâm (workstation register), hoặc xuất ra USB.",
                "The setting storage.central_url is no longer used (workstations do not write into the central "
                "database): have the administrator register this workstation (workstation register), or export "
                "to a USB stick."))
        if link is None:
            raise WorkstationError(Message(
                "Máy trạm chưa đăng ký với trung tâm: hãy xuất hồ sơ ra USB, hoặc nhờ quản trị viên đăng ký "
                "(workstation register).",
                "This workstation is not registered with a centre: export to a USB stick, or ask the "
                "administrator to register it (workstation register)."))
        return sync(self.store, link, self.identity, self.acting_officer)

    def centre_link(self):  # noqa: ANN201 - centre_client.CentreLink | None
        """This workstation's registration with the centre, or None (not registered, or a damaged
        link file: the screens then say "not registered"; sync says why)."""
        from workstation.core.centre_client import load_link

        try:
            return load_link(self.keys_dir) if self.keys_dir is not None else None
        except WorkstationError:
            return None

    def commune(self) -> str:
        """The commune code of this workstation's registration with the centre ("" when not registered)."""
        link = self.centre_link()
        return link.commune if link is not None else ""

    def server_key(self) -> "X25519PublicKey":
        """Whom packages are sealed for; raises, in the officer's words, when none is configured."""
        if self.server is None:
            assert self.server_problem is not None
            raise self.server_problem
        return self.server

    def save(self, workflow: EnrollmentWorkflow) -> SavedPackage:
        """Sealed and stored; then, with a campaign, the citizen's invitation is closed (here, not in
        a widget, so every way of saving closes it)."""
        saved = workflow.save(self.identity, self.server_key())
        if self.campaign is not None and workflow.card is not None:
            self.campaign.enrolled(workflow.card.dg13.id_number, self.acting_officer)
        return saved

    def refuse(self, workflow: EnrollmentWorkflow, reason: str) -> None:
        """The enrollment refused (kept as refused); with a campaign, the citizen's outcome says why."""
        workflow.refuse(reason)
        if self.campaign is not None and workflow.card is not None:
            self.campaign.refused(workflow.card.dg13.id_number, reason, self.acting_officer)

    def _authenticate(self, username: str, password: str):  # noqa: ANN202 - Officer
        """Credentials checked; every failure and every lockout goes into the audit log."""
        from workstation.storage.officers import AccountLocked, LoginFailed, authenticate

        try:
            return authenticate(self.store.sessions, username.strip(), password)
        except AccountLocked as exc:
            self.store.audit(username.strip()[:64] or "?", "account_locked", until=exc.until.isoformat())
            raise
        except LoginFailed:
            self.store.audit(username.strip()[:64] or "?", "login_failed")
            raise

    def approve_supervisor(self, username: str, password: str) -> str:
        """The supervisor's name when these credentials are a supervisor's; raises otherwise."""
        from workstation.messages import Message

        officer = self._authenticate(username, password)
        if officer.role != "supervisor":
            raise WorkstationError(Message("Tài khoản này không phải của lãnh đạo.",
                                           "This account is not a supervisor's."))
        return officer.username

    def has_officers(self) -> bool:
        from workstation.storage.officers import has_active_officers

        return has_active_officers(self.store.sessions)

    def log_in(self, username: str, password: str) -> str:
        """The officer's name when the credentials are right (any role); raises LoginFailed."""
        officer = self._authenticate(username, password)
        self.officer = officer.username
        self.store.audit(officer.username, "login")
        return officer.username

    def log_out(self) -> None:
        """The officer leaves the counter: audited; the next one logs in (a draft under way stays)."""
        if self.officer:
            self.store.audit(self.officer, "logout")
        self.officer = ""

    def unlock(self, username: str, password: str) -> str:
        """Unlocking the idle lock: the officer at the counter, or a supervisor."""
        from workstation.messages import Message

        officer = self._authenticate(username, password)
        if officer.username != self.officer and officer.role != "supervisor":
            raise WorkstationError(Message("Chỉ cán bộ đang làm việc hoặc lãnh đạo mới mở khoá được.",
                                           "Only the officer at the counter or a supervisor can unlock."))
        self.store.audit(officer.username, "unlocked")
        return officer.username
