"""The signed daily progress report at a real centre (`workstation centre serve` in a subprocess,
mutual TLS, SQLite and PostgreSQL): `workstation campaign report --day D --send` after a real
registration; the centre keeps it as signed, counts only; the same report again, a newer one, an
older one; and every refusal (forged signature, another commune, another workstation's name in
the report, bad fields, too large, not JSON, no certificate, revoked) audited, never a 500."""
from __future__ import annotations

import contextlib
import json
import ssl
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.campaign.conftest import fresh_postgres_url
from tests.support.centre_process import running_centre
from workstation.campaign import synthetic
from workstation.centre.campaign_models import CampaignReport
from workstation.cli.main import main
from workstation.core.context import AppContext
from workstation.core import centre_client
from workstation.core.campaign_sync import send_report
from workstation.core.centre_client import _request
from workstation.core.package.keys import load_or_create_identity
from workstation.core.signed_report import open_report, seal_report

pytestmark = pytest.mark.timeout(240)
TODAY = date.today()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def centre(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    folder = tmp_path_factory.mktemp(f"centre-{request.param}")
    db = None if request.param == "sqlite" else fresh_postgres_url(request.getfixturevalue("postgres"))
    with running_centre(folder, db) as running:
        yield running


def _json(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> dict:
    assert main(list(argv)) == code
    return json.loads(capsys.readouterr().out)


def _registered_workstation(centre, tmp_path: Path, commune: str = "00001"):  # noqa: ANN001, ANN202
    keys = tmp_path / f"keys-{uuid.uuid4().hex[:6]}"
    identity = load_or_create_identity(keys, str(uuid.uuid4()))
    link = centre_client.register(centre.url, centre.token(commune), identity, keys)
    return identity, link, centre_client.client_context(link, identity)


def _report(workstation_id: str, commune: str = "00001", day: date = TODAY, **changes: object) -> dict:
    counts = dict.fromkeys(("eligible", "invited", "came", "enrolled", "refused", "no_show", "still_due"), 0)
    report = {"workstation_id": workstation_id, "commune": commune, "commune_name": "Xã Minh Khai",
              "day": day.isoformat(), "made_at": datetime.now(UTC).isoformat(timespec="microseconds"),
              "quota": 100, "totals": {**counts, "eligible": 150, "enrolled": 12, "still_due": 138},
              "today": {k: v for k, v in counts.items() if k != "eligible"}, "shifts": [],
              "villages": [{"village": "Thôn Đông", "officer": "ca_binh", "quota": 50, **counts}],
              "officers": [], "pace_per_day": "4.0", "forecast_date": None, "planned_date": None}
    report.update(changes)
    return report


def _put(link, context, path: str, body: bytes) -> tuple[int, dict]:  # noqa: ANN001
    status, answer = _request(f"{link.url}{path}", context, "PUT", body, "application/json")
    return status, json.loads(answer)


def _audited(centre, commune: str, day: str) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(d.status, d.reason) for d in centre.registry.decisions(f"report:{commune}:{day}")]


def test_the_cli_sends_the_day_s_counts_signed_and_the_centre_keeps_them(
        centre, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: ANN001
    with contextlib.redirect_stdout(None):
        assert main(["register", "--centre", centre.url, f"--token={centre.token('00001')}"]) == 0
    people = synthetic.generate(120, seed=9, villages=3)
    synthetic.write_xlsx(people, tmp_path / "c.xlsx", seed=9)
    assert main(["campaign", "import", str(tmp_path / "c.xlsx"), "--commune", "Xã Minh Khai"]) == 0
    until = (TODAY + timedelta(days=30)).isoformat()
    assert main(["campaign", "plan", "--quota", "60", "--until", until, "--counters", "2"]) == 0
    capsys.readouterr()
    seen = _json(capsys, "campaign", "progress", "--day", TODAY.isoformat(), "--json")
    sent = _json(capsys, "campaign", "report", "--day", TODAY.isoformat(), "--send", "--json")
    assert sent["centre"]["status"] == "accepted" and sent["centre"]["sent"] and sent["out"] is None
    with centre.registry.sessions() as session:
        rows = list(session.query(CampaignReport))
    mine = [r for r in rows if r.day == TODAY and r.commune == "00001" and r.commune_name == "Xã Minh Khai"]
    assert len(mine) == 1 and mine[0].quota == 60
    assert (mine[0].eligible, mine[0].enrolled, mine[0].still_due) == (seen["eligible"], seen["enrolled"],
                                                                       seen["still_due"])
    assert mine[0].eligible > 50
    stored = mine[0]
    # counts only: no resident's name or ID number travels
    assert not any(p.id_number in stored.report or p.full_name in stored.report for p in people)
    # kept as signed: it verifies against the workstation's registered certificate, again
    signer = centre.registry.signer(stored.workstation_id)
    envelope = json.dumps({"format": "workstation-campaign-report/1", "report": json.loads(stored.report),
                           "signature": stored.signature}).encode()
    assert open_report(envelope, signer.key)["totals"]["eligible"] == seen["eligible"]
    # a later report of the same day replaces it; audited both times
    again = _json(capsys, "campaign", "report", "--day", TODAY.isoformat(), "--send", "--out",
                  str(tmp_path / "r.xlsx"), "--json")
    assert again["centre"]["status"] == "replaced" and (tmp_path / "r.xlsx").stat().st_size > 0
    assert _audited(centre, "00001", TODAY.isoformat())[-2:] == [("accepted", "campaign_report"),
                                                                 ("replaced", "campaign_report")]
    # neither --out nor --send: one line, non-zero
    assert main(["campaign", "report", "--day", TODAY.isoformat()]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    # the text output: an English line on stdout like every command
    assert main(["campaign", "report", "--day", TODAY.isoformat(), "--send"]) == 0
    said = capsys.readouterr()
    assert said.out == f"The centre has the report of {TODAY.isoformat()} (replaced).\n" and not said.err
    # a day outside a sane range is not sent
    assert main(["campaign", "report", "--day", "2019-12-31", "--send"]) == 1
    assert capsys.readouterr().err == ("workstation: error: 2019-12-31 is too long ago: reports start on "
                                       "2020-01-01.\n")
    # refused by the centre: the CLI's one error line, non-zero
    link = centre_client.load_link(AppContext.load().keys_dir)
    assert link is not None
    centre.registry.revoke(link.workstation_id, "test-admin")
    assert main(["campaign", "report", "--day", TODAY.isoformat(), "--send"]) == 1
    said = capsys.readouterr()
    assert not said.out and said.err.count("\n") == 1
    assert said.err.startswith(f"workstation: error: The centre refused the report of {TODAY.isoformat()}: ")
    # the centre out of reach: each command says what stays here, not the packages' words
    link_file = link.folder / centre_client.LINK_FILE
    data = json.loads(link_file.read_text(encoding="utf-8"))
    link_file.write_text(json.dumps({**data, "url": "https://127.0.0.1:9"}), encoding="utf-8")
    assert main(["campaign", "invite"]) == 0
    for argv, kept in ((["report", "--day", TODAY.isoformat(), "--send"], "the report stays here"),
                       (["publish"], "the plan stays here, not published yet"),
                       (["fetch"], "the plan already here and the check-ins are kept here")):
        assert main(["campaign", *argv]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"workstation: error: The centre cannot be reached: {kept}") and "packages" not in err


def test_same_report_again_is_idempotent_an_older_one_is_stale(centre, tmp_path: Path) -> None:  # noqa: ANN001
    identity, link, context = _registered_workstation(centre, tmp_path)
    day = TODAY - timedelta(days=1)
    report = _report(identity.workstation_id, day=day)
    assert send_report(link, context, identity, report).status == "accepted"
    assert send_report(link, context, identity, report).status == "already_here"
    older = _report(identity.workstation_id, day=day, made_at=(datetime.now(UTC) - timedelta(hours=2)).isoformat())
    stale = send_report(link, context, identity, older)
    assert (stale.status, stale.reason) == ("rejected", "stale") and "newer report" in stale.words().en
    with centre.registry.sessions() as session:
        row = session.get(CampaignReport, (identity.workstation_id, day))
    assert json.loads(row.report)["made_at"] == report["made_at"]          # the newer stays
    assert [s for s, _ in _audited(centre, "00001", day.isoformat())][-3:] == ["accepted", "already_here",
                                                                                 "rejected"]


def test_every_refusal_is_audited_and_never_a_500(centre, tmp_path: Path) -> None:  # noqa: ANN001
    identity, link, context = _registered_workstation(centre, tmp_path, commune="00002")
    other, _, _ = _registered_workstation(centre, tmp_path, commune="00002")
    ws, day = identity.workstation_id, TODAY.isoformat()
    path = f"/campaign/reports/00002/{day}"
    forged_key = ed25519.Ed25519PrivateKey.generate()
    cases = [
        # signed by a key the report brings, not the registered one
        (path, seal_report(_report(ws, "00002"), forged_key), 422, "signature"),
        # the workstation's certificate says 00002: it cannot report for 00001
        (f"/campaign/reports/00001/{day}", seal_report(_report(ws, "00001"), identity.key), 403, "wrong_commune"),
        # another workstation named inside, signed by this one
        (path, seal_report(_report(other.workstation_id, "00002"), identity.key), 422, "mismatch"),
        (path, seal_report(_report(ws, "00002", day=TODAY - timedelta(days=3)), identity.key), 422, "mismatch"),
        (path, seal_report(_report(ws, "00002", totals={"enrolled": -1}), identity.key), 422, "schema"),
        (path, seal_report(_report(ws, "00002", villages=[{"village": "x" * 5000}]), identity.key), 422, "schema"),
        (path, seal_report(_report(ws, "00002", made_at="yesterday"), identity.key), 422, "schema"),
        (path, b"not json at all", 400, "format"),
        (path, json.dumps({"format": "workstation-campaign-report/1", "report": _report(ws, "00002"),
                           "signature": "!!"}).encode(), 422, "signature"),
        ("/campaign/reports/00002/2026-13-40", seal_report(_report(ws, "00002"), identity.key), 400, "bad_day"),
        (f"/campaign/reports/00002/{TODAY + timedelta(days=9)}",
         seal_report(_report(ws, "00002", day=TODAY + timedelta(days=9)), identity.key), 400, "bad_day"),
        (path, b"{" + b" " * (300 * 1024) + b"}", 413, "too_large"),
    ]
    for route, body, code, reason in cases:
        status, answer = _put(link, context, route, body)
        assert (status, answer["status"], answer["reason"]) == (code, "rejected", reason), (route, reason)
    assert ("rejected", "signature") in _audited(centre, "00002", day)
    assert ("rejected", "wrong_commune") in _audited(centre, "00001", day)
    reasons = {r for _, r in _audited(centre, "00002", day)}
    assert {"signature", "mismatch", "schema", "format", "too_large"} <= reasons
    assert not any(d.status == "accepted" for d in centre.registry.decisions(f"report:00002:{day}"))
    # no client certificate at all
    anonymous = ssl.create_default_context(cafile=str(link.ca_file))
    status, answer = _put(link, anonymous, path, seal_report(_report(ws, "00002"), identity.key))
    assert (status, answer["reason"]) == (401, "no_client_certificate")
    # revoked: refused with its registered key and certificate
    centre.registry.revoke(ws, "test-admin")
    answer = send_report(link, context, identity, _report(ws, "00002"))
    assert (answer.status, answer.reason) == ("rejected", "caller_revoked")
    assert ("rejected", "caller_revoked") in _audited(centre, "00002", day)
