"""What the centre decides about a workstation's signed daily progress report.

Checks, in order, each refusal audited with a machine-readable reason (no 500):
  caller_unknown / caller_revoked   the TLS client is not an active onboarded workstation
  wrong_commune     the commune in the path is not the one the centre registered (and certified)
                    for the calling workstation
  bad_day           the day is not a date, is before 2020 or after tomorrow (the centre's clock)
  format            not a signed-report envelope (core/signed_report.py), or not canonical
  signature         not signed by the calling workstation's REGISTERED key (the report brings no key)
  mismatch          the signed report names another workstation, commune or day than the request
  schema            a field missing, of the wrong type, out of range, or lists too long
  stale             a report of that day made later than this one is already here
A new report is "accepted"; the same bytes again are "already_here" (idempotent); a report of
the same (workstation, day) made later replaces the older ("replaced", the older's hash in the
audit detail)."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from workstation.centre.campaign_models import CampaignReport
from workstation.centre.registry import Registry
from workstation.core.package.canonical import canonical_json
from workstation.core.signed_report import ReportRefused, open_report

MAX_REPORT = 256 * 1024
MAX_ROWS = 500                      # villages, officers or shifts in one report
MAX_COUNT = 10_000_000
ACCEPTED, REPLACED, ALREADY_HERE, REJECTED = "accepted", "replaced", "already_here", "rejected"
COUNT_KEYS = ("eligible", "invited", "came", "enrolled", "refused", "no_show", "still_due")
DAY_KEYS = COUNT_KEYS[1:]
PACE = re.compile(r"[0-9]{1,7}\.[0-9]")


@dataclass(frozen=True)
class ReportDecision:
    commune: str
    day: str
    status: str          # accepted | replaced | already_here | rejected
    reason: str = ""
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"commune": self.commune, "day": self.day, "status": self.status, "reason": self.reason,
                "detail": self.detail}

    @property
    def http_status(self) -> int:
        return {"": 200, "caller_unknown": 403, "caller_revoked": 403, "wrong_commune": 403, "bad_day": 400,
                "stale": 409, "conflict": 409, "format": 400, "too_large": 413}.get(self.reason, 200 if self.status != REJECTED else 422)


class _Schema(ValueError):
    pass


def _count(value: Any, where: str, nullable: bool = False) -> int | None:
    if value is None and nullable:
        return None
    if type(value) is not int or not 0 <= value <= MAX_COUNT:
        raise _Schema(f"{where}: a count from 0 to {MAX_COUNT}")
    return value


def _text(value: Any, where: str, limit: int = 100, nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise _Schema(f"{where}: a text of at most {limit} characters")
    return value


def _date(value: Any, where: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(_text(value, where, 10) or "")
    except ValueError:
        raise _Schema(f"{where}: a date YYYY-MM-DD") from None


def _rows(value: Any, where: str, label: str, keys: tuple[str, ...], quota: bool) -> None:
    if not isinstance(value, list) or len(value) > MAX_ROWS:
        raise _Schema(f"{where}: a list of at most {MAX_ROWS}")
    for i, row in enumerate(value):
        if not isinstance(row, dict):
            raise _Schema(f"{where}[{i}]: an object")
        expected = {label, *keys} | ({"quota"} if quota else set()) | ({"officer"} if label == "village" else set())
        if set(row) != expected:
            raise _Schema(f"{where}[{i}]: keys {sorted(expected)}")
        _text(row[label], f"{where}[{i}].{label}")
        if label == "village":
            _text(row["officer"], f"{where}[{i}].officer", nullable=True)
        if quota:
            _count(row["quota"], f"{where}[{i}].quota", nullable=True)
        for key in keys:
            _count(row[key], f"{where}[{i}].{key}")


REPORT_KEYS = {"workstation_id", "commune", "commune_name", "day", "made_at", "quota", "totals", "today", "shifts",
               "villages", "officers", "pace_per_day", "forecast_date", "planned_date"}


def check_report(report: dict[str, Any]) -> datetime:
    """Raises _Schema naming the first field that is wrong; the time the report was made."""
    if set(report) != REPORT_KEYS:
        raise _Schema(f"the report's keys are {sorted(REPORT_KEYS)}")
    _text(report["commune_name"], "commune_name")
    _count(report["quota"], "quota", nullable=True)
    for name, keys in (("totals", COUNT_KEYS), ("today", DAY_KEYS)):
        block = report[name]
        if not isinstance(block, dict) or set(block) != set(keys):
            raise _Schema(f"{name}: the keys {list(keys)}")
        for key in keys:
            _count(block[key], f"{name}.{key}")
    _rows(report["shifts"], "shifts", "shift", DAY_KEYS, quota=False)
    _rows(report["villages"], "villages", "village", COUNT_KEYS, quota=True)
    _rows(report["officers"], "officers", "officer", COUNT_KEYS, quota=True)
    if not isinstance(report["pace_per_day"], str) or not PACE.fullmatch(report["pace_per_day"]):
        raise _Schema("pace_per_day: a decimal like 12.5")
    _date(report["forecast_date"], "forecast_date")
    _date(report["planned_date"], "planned_date")
    try:
        made_at = datetime.fromisoformat(_text(report["made_at"], "made_at", 40) or "")
    except ValueError:
        raise _Schema("made_at: an ISO 8601 time") from None
    if made_at.tzinfo is None:
        raise _Schema("made_at: a time with its UTC offset")
    return made_at.astimezone(UTC)


@dataclass
class CampaignReports:
    registry: Registry

    def decide(self, caller: str, commune: str, day_text: str, body: bytes, source: str = "") -> ReportDecision:
        digest = hashlib.sha256(body).hexdigest()
        decision = self._decide(caller, commune, day_text, body, digest, source)
        if decision.status == REJECTED:
            self._audit(decision, caller, source, {"sha256": digest, "size": len(body), "detail": decision.detail})
        return decision

    def _audit(self, decision: ReportDecision, caller: str, source: str, detail: dict[str, object]) -> None:
        self.registry.audit(f"report:{decision.commune}:{decision.day}", caller, "https", decision.status,
                            decision.reason or "campaign_report", source=source, **detail)

    def _decide(self, caller: str, commune: str, day_text: str, body: bytes, digest: str,
                source: str) -> ReportDecision:
        def refuse(reason: str, detail: str) -> ReportDecision:
            return ReportDecision(commune, day_text, REJECTED, reason, detail)

        record = self.registry.workstation(caller)
        if record is None or record.status != "active":
            return refuse("caller_unknown" if record is None else "caller_revoked",
                          "the client is not an active onboarded workstation")
        if commune != record.commune:
            return refuse("wrong_commune", "this workstation is registered for another commune")
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            return refuse("bad_day", "the day is not a date YYYY-MM-DD")
        if not date(2020, 1, 1) <= day <= datetime.now(UTC).date() + timedelta(days=1):
            return refuse("bad_day", "the day is not within the campaign's time (2020 to tomorrow)")
        if len(body) > MAX_REPORT:
            return refuse("too_large", f"{len(body)} bytes (at most {MAX_REPORT})")
        signer = self.registry.signer_of(record)
        if signer is None:
            return refuse("signature", "the registered certificate holds no Ed25519 key")
        try:
            report = open_report(body, signer.key)
        except ReportRefused as exc:
            return refuse(exc.reason, exc.detail)
        if (report.get("workstation_id"), report.get("commune"), report.get("day")) != (caller, commune, day_text):
            return refuse("mismatch", "the signed report names another workstation, commune or day")
        try:
            made_at = check_report(report)
        except _Schema as exc:
            return refuse("schema", str(exc))
        signature = json.loads(body)["signature"]
        row = CampaignReport(workstation_id=caller, day=day, commune=commune, commune_name=report["commune_name"],
                             made_at=made_at, received_at=datetime.now(UTC), quota=report["quota"],
                             eligible=report["totals"]["eligible"], enrolled=report["totals"]["enrolled"],
                             still_due=report["totals"]["still_due"], pace_per_day=report["pace_per_day"],
                             forecast_date=_date(report["forecast_date"], "forecast_date"),
                             sha256=digest, report=canonical_json(report).decode(), signature=signature)
        for _attempt in range(2):        # two first reports of a day racing: the loser replaces or is stale
            try:
                return self._store(row, source)
            except IntegrityError:
                continue
        return refuse("conflict", "another report of this day was being stored at the same time")

    def _store(self, row: CampaignReport, source: str) -> ReportDecision:
        day = row.day.isoformat()
        with self.registry.sessions.begin() as session:
            existing = session.get(CampaignReport, (row.workstation_id, row.day), with_for_update=True)
            older = ""
            if existing is not None:
                if existing.sha256 == row.sha256:
                    decision = ReportDecision(row.commune, day, ALREADY_HERE)
                    self.registry.add_audit(session, f"report:{row.commune}:{day}", row.workstation_id, "https",
                                            ALREADY_HERE, "campaign_report", json.dumps({"sha256": row.sha256}), source)
                    return decision
                previous = existing.made_at if existing.made_at.tzinfo else existing.made_at.replace(tzinfo=UTC)
                if previous >= row.made_at:
                    return ReportDecision(row.commune, day, REJECTED, "stale",
                                          "a report of this day made later is already here")
                older = existing.sha256
                session.delete(existing)
                session.flush()
            session.add(row)
            status = REPLACED if older else ACCEPTED
            self.registry.add_audit(session, f"report:{row.commune}:{day}", row.workstation_id, "https", status,
                                    "campaign_report", json.dumps({"sha256": row.sha256, "replaced": older,
                                                                   "enrolled": row.enrolled, "quota": row.quota}), source)
            return ReportDecision(row.commune, day, status)

    # -- what the console reads ---------------------------------------------------------------
    def latest_by_commune(self) -> list[CampaignReport]:
        """Each commune's newest report (latest day, then latest made)."""
        from sqlalchemy import select

        newest: dict[str, CampaignReport] = {}
        with self.registry.sessions() as session:
            for r in session.scalars(select(CampaignReport).order_by(CampaignReport.day, CampaignReport.made_at)):
                newest[r.commune] = r
        return [newest[c] for c in sorted(newest)]

