"""One campaign, several workstations, at a real centre (`workstation centre serve`, mutual TLS,
SQLite and PostgreSQL): workstation A publishes the commune's plan (no names, no ID numbers),
workstation B of the same commune fetches it (verified against the centre CA it pinned), a slip
printed at A checks in at B, and the same slip at A is answered "already checked in at B"
(first wins at the centre); another commune's workstation gets nothing; a forged plan is refused
and audited."""
from __future__ import annotations

import argparse
import contextlib
import json
import ssl
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.campaign.conftest import fresh_postgres_url
from tests.campaign.test_counter import _card_qr
from tests.support.centre_process import running_centre
from workstation.campaign import synthetic
from workstation.campaign.invitations import slips_for
from workstation.campaign.models import Invitation, Resident
from workstation.centre.campaign_models import CampaignCheckin, CampaignPlan
from workstation.cli.campaign_commands import open_store
from workstation.cli.main import main
from workstation.core.centre_client import _request, load_link
from workstation.core.context import AppContext
from workstation.core.signed_report import PLAN_FORMAT, seal_report

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def centre(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    folder = tmp_path_factory.mktemp(f"centre-{request.param}")
    db = None if request.param == "sqlite" else fresh_postgres_url(request.getfixturevalue("postgres"))
    with running_centre(folder, db) as running:
        yield running


def _at(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    monkeypatch.setenv("WORKSTATION_HOME", str(home))


def _json(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 0) -> dict:
    assert main(list(argv)) == code
    return json.loads(capsys.readouterr().out)


def _register(centre, commune: str) -> str:  # noqa: ANN001
    with contextlib.redirect_stdout(None):
        assert main(["register", "--centre", centre.url, f"--token={centre.token(commune)}"]) == 0
    link = load_link(AppContext.load().keys_dir)
    assert link is not None and link.commune == commune
    return link.workstation_id


def test_publish_fetch_and_a_citizen_served_once(centre, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _at(monkeypatch, tmp_path / "a")
    ws_a = _register(centre, "00003")
    people = synthetic.generate(120, seed=3, villages=3)
    synthetic.write_xlsx(people, tmp_path / "c.xlsx", seed=3)
    assert main(["campaign", "import", str(tmp_path / "c.xlsx"), "--commune", "Xã Minh Khai"]) == 0
    until = (date.today() + timedelta(days=30)).isoformat()
    assert main(["campaign", "plan", "--quota", "60", "--until", until, "--counters", "2"]) == 0
    assert main(["campaign", "invite"]) == 0
    capsys.readouterr()
    assert main(["campaign", "invitations", "--out", str(tmp_path / "before.pdf")]) == 0
    assert ("warning: no published plan yet: these slips will check in only on this workstation until the plan is "
            "published (workstation campaign publish)\n") in capsys.readouterr().err
    published = _json(capsys, "campaign", "publish", "--json")
    assert main(["campaign", "invitations", "--out", str(tmp_path / "after.pdf")]) == 0
    assert "warning" not in capsys.readouterr().err                              # the plan is published now
    assert published["status"] == "accepted" and published["invitations"] > 20 and published["publisher"] == ws_a
    _, store_a = open_store(argparse.Namespace(config=None, mode=None))
    slip, other, third = slips_for(store_a)[:3]               # printed after publishing: the commune's key
    with store_a.sessions() as session:
        card = _card_qr(store_a, session.get(Resident, session.get(Invitation, other.ref).resident_id))
    with centre.registry.sessions() as session:
        stored = session.get(CampaignPlan, "00003")
        assert stored is not None and stored.publisher == ws_a and stored.invitations == published["invitations"]
    assert not any(p.id_number in stored.envelope or p.full_name in stored.envelope for p in people)

    _at(monkeypatch, tmp_path / "b")
    ws_b = _register(centre, "00003")
    fetched = _json(capsys, "campaign", "fetch", "--json")
    assert (fetched["invitations"], fetched["publisher"], fetched["role"]) == (published["invitations"], ws_a, "fetched")
    here = _json(capsys, "campaign", "checkin", slip.qr_text, "--json")
    assert (here["status"], here["ref"], here["shared"], here["by"]) == ("arrived", slip.ref, True, ws_b)
    assert here["full_name"] == "" and here["village"] == slip.village          # no names travelled
    assert main(["campaign", "checkin", third.qr_text]) == 0
    assert capsys.readouterr().out.startswith(f"checked in: (name not shared on this workstation) ({third.village})")
    again = _json(capsys, "campaign", "checkin", slip.qr_text, "--json")
    assert again["status"] == "already" and again["by"] == ws_b
    # the card of another invited citizen finds their invitation by the commune-keyed hash
    by_card = _json(capsys, "campaign", "checkin", card, "--json")
    assert (by_card["status"], by_card["ref"], by_card["via"], by_card["shared"]) == ("arrived", other.ref, "card", True)
    forged = slip.qr_text[:-2] + ("AA" if not slip.qr_text.endswith("AA") else "BB")
    assert main(["campaign", "checkin", forged]) == 1
    assert "printed before the plan was published (or on another workstation)" in capsys.readouterr().err

    _at(monkeypatch, tmp_path / "a")
    there = _json(capsys, "campaign", "checkin", slip.qr_text, "--json")
    assert (there["status"], there["by"]) == ("already", ws_b)
    assert main(["campaign", "checkin", slip.qr_text]) == 0
    assert f"already checked in at {ws_b}" in capsys.readouterr().out
    with store_a.sessions() as session:
        assert session.get(Invitation, slip.ref).state == "invited"            # served at B, once
    with centre.registry.sessions() as session:
        first = session.get(CampaignCheckin, ("00003", slip.ref))
    assert first.workstation_id == ws_b
    statuses = [(d.status, d.reason) for d in centre.registry.decisions("plan:00003")]
    assert ("accepted", "campaign_plan") in statuses
    assert [d.detail for d in centre.registry.decisions("checkins:00003")][-1] == json.dumps({"first": 0, "already": 1})
    # a later publication replaces the plan; B's fetch keeps what it knew of check-ins
    _at(monkeypatch, tmp_path / "a")
    assert _json(capsys, "campaign", "publish", "--json")["status"] == "replaced"

    # a workstation of another commune gets nothing, in one line
    _at(monkeypatch, tmp_path / "c")
    _register(centre, "00004")
    assert main(["campaign", "fetch"]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def test_a_plan_not_signed_by_the_registered_key_is_refused(centre, tmp_path: Path,  # noqa: ANN001
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from workstation.core.centre_client import client_context
    from workstation.core.package.keys import load_or_create_identity

    _at(monkeypatch, tmp_path / "d")
    ws = _register(centre, "00005")
    ctx = AppContext.load()
    link = load_link(ctx.keys_dir)
    identity = load_or_create_identity(ctx.keys_dir, ws)
    context = client_context(link, identity)
    plan = {"commune": "00005", "commune_name": "X", "place": "Y", "valid_days": 14,
            "made_at": "2026-12-04T08:00:00+00:00", "key": "A" * 43 + "=",
            "invitations": [{"ref": "ABCDEFGH", "citizen": "a" * 64, "household": "b" * 64, "village": "V",
                             "day": "2026-12-07", "shift": "sáng", "start": "2026-12-07T07:30", "minutes": 15}]}
    cases = [(seal_report(plan, ed25519.Ed25519PrivateKey.generate(), PLAN_FORMAT), 422, "signature"),
             (seal_report({**plan, "commune": "00001"}, identity.key, PLAN_FORMAT), 422, "mismatch"),
             (seal_report({**plan, "invitations": [{**plan["invitations"][0], "name": "Nguyễn Văn An"}]},
                          identity.key, PLAN_FORMAT), 422, "schema"),
             (seal_report(plan, identity.key), 400, "format")]                # a report's envelope, not a plan's
    for body, code, reason in cases:
        status, answer = _request(f"{link.url}/campaign/00005/plan", context, "PUT", body, "application/json")
        assert (status, json.loads(answer)["reason"]) == (code, reason)
    status, answer = _request(f"{link.url}/campaign/00001/plan", context)
    assert (status, json.loads(answer)["reason"]) == (403, "wrong_commune")
    status, answer = _request(f"{link.url}/campaign/00005/plan", context)
    assert (status, json.loads(answer)["reason"]) == (404, "no_plan")
    # check-ins: bad bodies and another commune, in words, audited, never a 500
    for path, body, code, reason in [
            ("/campaign/00005/checkins", b"[]", 422, "schema"),
            ("/campaign/00005/checkins", b"\xff\xfe", 422, "schema"),
            ("/campaign/00005/checkins", json.dumps({"checkins": [{"ref": "ABCDEFGH", "at": "2026-12-04T08:00"}]}).encode(),
             422, "schema"),                                                     # a time without its offset
            ("/campaign/00001/checkins", json.dumps({"checkins": [{"ref": "ABCDEFGH",
                                                                   "at": "2026-12-04T08:00+07:00"}]}).encode(), 403,
             "wrong_commune")]:
        status, answer = _request(f"{link.url}{path}", context, "POST", body, "application/json")
        assert (status, json.loads(answer)["reason"]) == (code, reason)
    assert {"schema"} <= {d.reason for d in centre.registry.decisions("checkins:00005")}
    anonymous = ssl.create_default_context(cafile=str(link.ca_file))
    status, answer = _request(f"{link.url}/campaign/00005/plan", anonymous)
    assert (status, json.loads(answer)["reason"]) == (401, "no_client_certificate")
    reasons = {d.reason for d in centre.registry.decisions("plan:00005") if d.status == "rejected"}
    assert {"signature", "mismatch", "schema", "format"} <= reasons
    status, _ = _request(f"{link.url}/campaign/00005/plan", context, "PUT", seal_report(plan, identity.key, PLAN_FORMAT),
                         "application/json")
    assert status == 200


def test_a_mobile_team_s_day_offline_merged_back_by_usb(centre, tmp_path: Path,  # noqa: ANN001
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from tests.support.postgres import free_port

    _at(monkeypatch, tmp_path / "office")
    _register(centre, "00006")
    people = synthetic.generate(80, seed=6, villages=2)
    synthetic.write_xlsx(people, tmp_path / "c.xlsx", seed=6)
    assert main(["campaign", "import", str(tmp_path / "c.xlsx"), "--commune", "Xã Tân Lập"]) == 0
    until = (date.today() + timedelta(days=30)).isoformat()
    assert main(["campaign", "plan", "--quota", "40", "--until", until, "--counters", "1"]) == 0
    assert main(["campaign", "invite"]) == 0
    assert main(["campaign", "publish"]) == 0
    _, office = open_store(argparse.Namespace(config=None, mode=None))
    slips = slips_for(office)[:3]

    _at(monkeypatch, tmp_path / "laptop")                     # the team's laptop takes the plan in the morning
    ws_laptop = _register(centre, "00006")
    assert main(["campaign", "fetch"]) == 0
    # meanwhile the office checks one of them in at its counter (online), before the team does
    _at(monkeypatch, tmp_path / "office")
    capsys.readouterr()
    assert _json(capsys, "campaign", "checkin", slips[1].qr_text, "--json")["status"] == "arrived"
    _at(monkeypatch, tmp_path / "laptop")
    # in the village: no network (the centre's address answers nothing)
    link_file = AppContext.load().keys_dir / "centre" / "centre.json"
    link = json.loads(link_file.read_text())
    link_file.write_text(json.dumps({**link, "url": f"https://127.0.0.1:{free_port()}"}))
    capsys.readouterr()
    for slip in slips:
        assert _json(capsys, "campaign", "checkin", slip.qr_text, "--json")["status"] == "arrived"
    exported = _json(capsys, "campaign", "export", "--out", str(tmp_path / "usb"), "--team", "Tổ lưu động 1",
                     "--place", "Thôn Đông", "--json")
    assert exported["checkins"] == 3 and exported["invitations"] >= 3
    stick = Path(exported["file"]).read_text()
    assert '"key"' not in stick and not any(p.id_number in stick or p.full_name in stick for p in people)

    _at(monkeypatch, tmp_path / "office")
    assert main(["campaign", "import-checkins", str(tmp_path / "no-stick")]) == 1
    assert capsys.readouterr().err == f"workstation: error: The folder {tmp_path / 'no-stick'} does not exist.\n"
    merged = _json(capsys, "campaign", "import-checkins", str(tmp_path / "usb"), "--json")["files"][0]
    assert (merged["workstation"], merged["merged"], merged["kept"], merged["unknown"]) == (ws_laptop, 2, 1, 0)
    with office.sessions() as session:
        first = session.get(Invitation, slips[0].ref)
        assert (first.state, first.team) == ("arrived", "Tổ lưu động 1")
        assert session.get(Invitation, slips[1].ref).team is None                # the counter was first
    # the same stick imported again: nothing merged twice
    again = _json(capsys, "campaign", "import-checkins", str(tmp_path / "usb"), "--json")["files"][0]
    assert (again["merged"], again["already"], again["kept"], again["unknown"]) == (0, 2, 1, 0)
    assert main(["campaign", "import-checkins", str(tmp_path / "usb")]) == 0
    assert "0 check-ins merged, 2 already here (imported before), 1 checked in earlier here" in capsys.readouterr().out
    # altered on the stick: refused in one line, nothing merged
    path = Path(exported["file"])
    path.write_text(path.read_text().replace(slips[0].ref, slips[2].ref, 1).replace(slips[2].ref, slips[0].ref, 1)
                    .replace('"Thôn Đông"', '"Thôn Tây"'))
    assert main(["campaign", "import-checkins", str(tmp_path / "usb")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not validly signed" in err

    # a workstation of another commune cannot merge this commune's day
    _at(monkeypatch, tmp_path / "elsewhere")
    _register(centre, "00007")
    path.write_text(stick)
    assert main(["campaign", "import-checkins", str(tmp_path / "usb")]) == 1
    assert "another commune" in capsys.readouterr().err
