"""The commune's published campaign plan and who checked each invitation in first.

  publish   PUT  /campaign/{commune}/plan       a plan signed by the caller's registered key
  plan      GET  /campaign/{commune}/plan       the plan and its publisher's certificate
  check_in  POST /campaign/{commune}/checkins   {"checkins": [{"ref", "at"}]} → first or already
  checkins  GET  /campaign/{commune}/checkins   every first check-in of the commune

Only an active workstation registered (and certified) for `commune` gets anything: the caller's
commune is the registry's, never the request's. A plan is checked as a report is (signature
against the registered key, the commune inside equal to the path, exact keys and bounded values);
a plan made later replaces the commune's plan ("replaced", audited); check-ins are first wins per
(commune, reference), decided by one INSERT .. ON CONFLICT DO NOTHING, so two counters racing
for one citizen get one winner. Every decision is audited (package_id "plan:{commune}" or
"checkins:{commune}")."""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from workstation.centre.campaign_models import CampaignCheckin, CampaignPlan
from workstation.centre.campaign_reports import REJECTED, _Schema, _text
from workstation.centre.registry import Registry
from workstation.core.signed_report import PLAN_FORMAT, ReportRefused, open_report

MAX_PLAN = 16 * 1024 * 1024
MAX_INVITATIONS = 50_000
MAX_CHECKINS = 1000
REF = re.compile(r"[A-HJ-NP-Z2-9]{8}")
HEX64 = re.compile(r"[0-9a-f]{64}")
PLAN_KEYS = {"commune", "commune_name", "place", "valid_days", "made_at", "key", "invitations"}
INVITATION_KEYS = {"ref", "citizen", "household", "village", "day", "shift", "start", "minutes"}


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, object]


def _refused(commune: str, reason: str, detail: str, status: int) -> Answer:
    return Answer(status, {"commune": commune, "status": REJECTED, "reason": reason, "detail": detail})


def _when(value: Any, where: str) -> datetime:
    try:
        at = datetime.fromisoformat(_text(value, where, 40) or "")
    except ValueError:
        raise _Schema(f"{where}: an ISO 8601 time") from None
    if at.tzinfo is None:
        raise _Schema(f"{where}: a time with its UTC offset")
    return at.astimezone(UTC)


def check_plan(plan: dict[str, Any]) -> datetime:
    if set(plan) != PLAN_KEYS:
        raise _Schema(f"the plan's keys are {sorted(PLAN_KEYS)}")
    _text(plan["commune_name"], "commune_name")
    _text(plan["place"], "place", 200)
    if type(plan["valid_days"]) is not int or not 0 <= plan["valid_days"] <= 365:
        raise _Schema("valid_days: 0 to 365")
    try:
        if len(base64.b64decode(str(plan["key"]), validate=True)) != 32:
            raise _Schema("key: base64 of 32 bytes")
    except binascii.Error:
        raise _Schema("key: base64 of 32 bytes") from None
    items = plan["invitations"]
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_INVITATIONS:
        raise _Schema(f"invitations: a list of 1 to {MAX_INVITATIONS}")
    refs = set()
    for i, item in enumerate(items):
        if not isinstance(item, dict) or set(item) != INVITATION_KEYS:
            raise _Schema(f"invitations[{i}]: the keys {sorted(INVITATION_KEYS)}")
        if not isinstance(item["ref"], str) or not REF.fullmatch(item["ref"]) or item["ref"] in refs:
            raise _Schema(f"invitations[{i}].ref: 8 letters and digits, once")
        refs.add(item["ref"])
        for key in ("citizen", "household"):
            if not isinstance(item[key], str) or not HEX64.fullmatch(item[key]):
                raise _Schema(f"invitations[{i}].{key}: a keyed hash (64 hex digits)")
        _text(item["village"], f"invitations[{i}].village")
        _text(item["shift"], f"invitations[{i}].shift", 16)
        try:
            date.fromisoformat(_text(item["day"], f"invitations[{i}].day", 10) or "")
            datetime.fromisoformat(_text(item["start"], f"invitations[{i}].start", 20) or "")
        except ValueError:
            raise _Schema(f"invitations[{i}]: day YYYY-MM-DD and start YYYY-MM-DDTHH:MM") from None
        if type(item["minutes"]) is not int or not 0 <= item["minutes"] <= 24 * 60:
            raise _Schema(f"invitations[{i}].minutes: 0 to 1440")
    return _when(plan["made_at"], "made_at")


@dataclass
class CampaignPlans:
    registry: Registry

    def _member(self, caller: str, commune: str) -> Answer | None:
        """None when `caller` is an active workstation of `commune`; the refusal otherwise."""
        record = self.registry.workstation(caller)
        if record is None or record.status != "active":
            reason = "caller_unknown" if record is None else "caller_revoked"
            return _refused(commune, reason, "the client is not an active onboarded workstation", 403)
        if record.commune != commune:
            return _refused(commune, "wrong_commune", "this workstation is registered for another commune", 403)
        return None

    def _audit(self, what: str, commune: str, caller: str, status: str, reason: str, source: str,
               **detail: object) -> None:
        self.registry.audit(f"{what}:{commune}", caller, "https", status, reason, source=source, **detail)

    def publish(self, caller: str, commune: str, body: bytes, source: str = "") -> Answer:
        answer = self._publish(caller, commune, body, source)
        if answer.body.get("status") == REJECTED:
            self._audit("plan", commune, caller, REJECTED, str(answer.body["reason"]), source,
                        size=len(body), detail=answer.body.get("detail", ""))
        return answer

    def _publish(self, caller: str, commune: str, body: bytes, source: str) -> Answer:
        refused = self._member(caller, commune)
        if refused is not None:
            return refused
        if len(body) > MAX_PLAN:
            return _refused(commune, "too_large", f"{len(body)} bytes (at most {MAX_PLAN})", 413)
        signer = self.registry.signer(caller)
        if signer is None:
            return _refused(commune, "signature", "the registered certificate holds no Ed25519 key", 422)
        try:
            plan = open_report(body, signer.key, PLAN_FORMAT)
        except ReportRefused as exc:
            return _refused(commune, exc.reason, exc.detail, 400 if exc.reason == "format" else 422)
        if plan.get("commune") != commune:
            return _refused(commune, "mismatch", "the signed plan is for another commune", 422)
        try:
            made_at = check_plan(plan)
        except _Schema as exc:
            return _refused(commune, "schema", str(exc), 422)
        digest = hashlib.sha256(body).hexdigest()
        with self.registry.sessions.begin() as session:
            existing = session.get(CampaignPlan, commune, with_for_update=True)
            if existing is not None and existing.sha256 == digest:
                status = "already_here"
            elif existing is not None and _aware(existing.made_at) >= made_at:
                return _refused(commune, "stale", "a plan made later is already published", 409)
            else:
                status = "replaced" if existing is not None else "accepted"
                if existing is not None:
                    session.delete(existing)
                    session.flush()
                session.add(CampaignPlan(commune=commune, publisher=caller, made_at=made_at,
                                         received_at=datetime.now(UTC), invitations=len(plan["invitations"]),
                                         sha256=digest, envelope=body.decode()))
            self.registry.add_audit(session, f"plan:{commune}", caller, "https", status, "campaign_plan",
                                    json.dumps({"sha256": digest, "invitations": len(plan["invitations"])}), source)
        return Answer(200, {"commune": commune, "status": status, "reason": "", "invitations": len(plan["invitations"])})

    def plan(self, caller: str, commune: str) -> Answer:
        refused = self._member(caller, commune)
        if refused is not None:
            self._audit("plan", commune, caller, REJECTED, str(refused.body["reason"]), "")
            return refused
        with self.registry.sessions() as session:
            row = session.get(CampaignPlan, commune)
        if row is None:
            return Answer(404, {"commune": commune, "status": "unknown", "reason": "no_plan"})
        publisher = self.registry.workstation(row.publisher)      # after the session: SQLite's one writer
        return Answer(200, {"commune": commune, "status": "published", "reason": "", "publisher": row.publisher,
                            "certificate": publisher.certificate if publisher else "",
                            "envelope": json.loads(row.envelope)})

    def check_in(self, caller: str, commune: str, body: bytes, source: str = "") -> Answer:
        refused = self._member(caller, commune)
        if refused is None:
            try:
                items = _checkins(body)
            except _Schema as exc:
                refused = _refused(commune, "schema", str(exc), 422)
        if refused is not None:
            self._audit("checkins", commune, caller, REJECTED, str(refused.body["reason"]), source,
                        detail=refused.body.get("detail", ""))
            return refused
        now = datetime.now(UTC)
        answers = []
        with self.registry.sessions.begin() as session:
            for ref, at in items:
                values = {"commune": commune, "ref": ref, "workstation_id": caller, "at": at, "received_at": now}
                if session.get_bind().dialect.name == "postgresql":
                    from sqlalchemy.dialects.postgresql import insert as pg_insert
                    session.execute(pg_insert(CampaignCheckin).values(**values).on_conflict_do_nothing())
                else:
                    from sqlalchemy.dialects.sqlite import insert as sqlite_insert
                    session.execute(sqlite_insert(CampaignCheckin).values(**values).on_conflict_do_nothing())
                first = session.get(CampaignCheckin, (commune, ref))
                assert first is not None
                answers.append({"ref": ref, "status": "first" if first.workstation_id == caller else "already",
                                "workstation": first.workstation_id,
                                "at": _aware(first.at).isoformat(timespec="microseconds")})
            self.registry.add_audit(session, f"checkins:{commune}", caller, "https", "accepted", "campaign_checkins",
                                    json.dumps({"first": sum(a["status"] == "first" for a in answers),
                                                "already": sum(a["status"] == "already" for a in answers)}), source)
        return Answer(200, {"commune": commune, "status": "decided", "reason": "", "checkins": answers})

    def checkins(self, caller: str, commune: str) -> Answer:
        refused = self._member(caller, commune)
        if refused is not None:
            self._audit("checkins", commune, caller, REJECTED, str(refused.body["reason"]), "")
            return refused
        with self.registry.sessions() as session:
            rows = list(session.scalars(select(CampaignCheckin).where(CampaignCheckin.commune == commune)
                                        .order_by(CampaignCheckin.ref)))
        return Answer(200, {"commune": commune, "status": "listed", "reason": "",
                            "checkins": [{"ref": r.ref, "workstation": r.workstation_id,
                                          "at": _aware(r.at).isoformat(timespec="microseconds")} for r in rows]})


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _checkins(body: bytes) -> list[tuple[str, datetime]]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeError):
        raise _Schema("the body is not JSON") from None
    items = data.get("checkins") if isinstance(data, dict) else None
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_CHECKINS:
        raise _Schema(f"checkins: a list of 1 to {MAX_CHECKINS}")
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or set(item) != {"ref", "at"} or not isinstance(item["ref"], str) \
                or not REF.fullmatch(item["ref"]):
            raise _Schema(f"checkins[{i}]: {{ref (8 letters and digits), at}}")
        out.append((item["ref"], _when(item["at"], f"checkins[{i}].at")))
    return out
