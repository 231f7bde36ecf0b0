"""The campaign's command line: JSON keys as docs/cli.md says, one line and non-zero on failure."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workstation.cli.main import main


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_sim_commune_then_import_then_roster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = _json(capsys, "sim", "commune", "--out", str(tmp_path / "c.xlsx"), "--residents", "300", "--seed", "4",
                "--json")
    assert out["residents"] == 300 and len(out["villages"]) == 8
    dry = _json(capsys, "campaign", "import", str(tmp_path / "c.xlsx"), "--dry-run", "--json")
    assert dry["dry_run"] and dry["imported"] == 0 and dry["rows"] == 300
    assert {"file", "sheet", "header_row", "mapping", "bad_rows", "duplicates", "villages", "empty_rows"} <= set(dry)
    done = _json(capsys, "campaign", "import", str(tmp_path / "c.xlsx"), "--commune", "Xã Minh Khai", "--json")
    assert done["imported"] == 300 and not done["bad_rows"]
    # the fixture cards' holders live in the commune: a simulated enrollment of 'an-genuine' counts
    import argparse

    from workstation.cli.campaign_commands import open_store
    _, store = open_store(argparse.Namespace(config=None, mode=None))
    assert store.person(store.find("001099012345")).full_name == "Nguyễn Văn An"
    # every genuine fixture card's holder is there but the two the docs name (their ID breaks the layout)
    from workstation.emulator.fixtures import FIXTURES
    from workstation.verify.qr import parse_qr

    assert out["fixture_cards_left_out"] == ["cuong-no-expiry", "variant-expired-signer-card-for-life"]
    for card in (c for c in FIXTURES if c.kind == "genuine"):
        held = store.find(parse_qr(card.qr).id_number)
        assert (held is None) == (card.name in out["fixture_cards_left_out"]), card.name
        assert held is None or store.person(held).full_name == parse_qr(card.qr).full_name
    docs = (Path(__file__).parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in docs for name in out["fixture_cards_left_out"])
    villages = _json(capsys, "campaign", "villages", "--set", "thon dong", "--officer", "ca_binh", "--quota", "20",
                     "--json")["villages"]
    assert {"village": "Thôn Đông", "officer": "ca_binh", "quota": 20} == {
        k: v for k, v in next(v for v in villages if v["village"] == "Thôn Đông").items()
        if k in ("village", "officer", "quota")}
    counts = _json(capsys, "campaign", "roster", "--json")["counts"]
    assert sum(counts[c] for c in ("due", "under_age", "level2")) == 300
    # a quota of 0 is refused; one above the village's due residents is kept and warned about
    assert main(["campaign", "villages", "--set", "thon dong", "--quota", "0"]) == 1
    assert capsys.readouterr().err == "workstation: error: A village's quota must be more than 0 (given 0).\n"
    due = next(v for v in villages if v["village"] == "Thôn Đông")["due"]
    assert main(["campaign", "villages", "--set", "thon dong", "--quota", str(due + 1)]) == 0
    assert capsys.readouterr().err == (f"warning: the quota of Thôn Đông ({due + 1}) is more than its {due} due "
                                       "residents\n")
    assert main(["campaign", "villages", "--set", "thon dong", "--quota", str(due)]) == 0
    assert capsys.readouterr().err == ""
    # a past day for slips or a mobile team's day: one line
    from datetime import date, timedelta

    past = (date.today() - timedelta(days=2)).isoformat()
    assert main(["campaign", "invitations", "--day", past, "--out", str(tmp_path / "p.pdf")]) == 1
    assert capsys.readouterr().err == f"workstation: error: {past} has passed: slips are printed only for today or a later day.\n"
    assert main(["campaign", "mobile-day", "--village", "Thôn Đông", "--day", past, "--team", "T1"]) == 1
    assert capsys.readouterr().err == (f"workstation: error: {past} has passed: a mobile team's day is planned only "
                                       "for today or a later day.\n")
    assert not (tmp_path / "p.pdf").exists()


def test_import_without_a_commune_or_a_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["campaign", "import", str(tmp_path / "none.xlsx")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Say which commune" in err
    assert main(["campaign", "import", str(tmp_path / "none.xlsx"), "--commune", "X"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "There is no file" in err
    assert main(["campaign", "import", str(tmp_path), "--commune", "X"]) == 1
    assert capsys.readouterr().err == (f"workstation: error: {tmp_path} is a folder, not a file: give the .xlsx "
                                       "or .csv file in it.\n")
    (tmp_path / "noheader.csv").write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    assert main(["campaign", "import", str(tmp_path / "noheader.csv"), "--commune", "X", "--map", "foo=id"]) == 1
    assert capsys.readouterr().err == ("workstation: error: --map: the column 'foo' was not found in noheader.csv "
                                       "(no header row recognised).\n")
    assert main(["campaign", "import", str(tmp_path / "noheader.csv"), "--commune", "X"]) == 1
    assert "No header row" in capsys.readouterr().err
    assert main(["campaign", "roster"]) == 1
    assert "import one first" in capsys.readouterr().err


def test_plan_invitations_checkin_progress_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date, timedelta

    main(["sim", "commune", "--out", str(tmp_path / "c.xlsx"), "--residents", "300", "--seed", "4"])
    main(["campaign", "import", str(tmp_path / "c.xlsx"), "--commune", "Xã Minh Khai"])
    capsys.readouterr()
    until = (date.today() + timedelta(days=40)).isoformat()
    plan = _json(capsys, "campaign", "plan", "--quota", "150", "--until", until, "--counters", "2",
                 "--shifts", "sáng,chiều,tối", "--minutes-per-citizen", "12", "--json")
    assert plan["fits"] and plan["plan"]["minutes_source"] == "given" and plan["capacity_per_day"] == 2 * 630 // 12
    assert {"working_days", "capacity", "enrolled", "remaining", "due", "shortfall", "reached_on",
            "extra_days_needed", "villages", "officers"} <= set(plan)
    short = _json(capsys, "campaign", "plan", "--quota", "100000", "--until", until, "--json")
    assert not short["fits"] and short["shortfall"] > 0
    assert main(["campaign", "plan", "--quota", "10", "--until", until, "--counters", "0"]) == 1
    assert "capacity is zero" in capsys.readouterr().err
    _json(capsys, "campaign", "plan", "--quota", "150", "--until", until, "--counters", "2", "--json")
    slips = _json(capsys, "campaign", "invitations", "--village", "Thôn Đông", "--out", str(tmp_path / "s.pdf"),
                  "--sms", str(tmp_path / "s.csv"), "--json")
    assert slips["slips"] > 0 and slips["pages"] == -(-slips["slips"] // 8) and (tmp_path / "s.pdf").exists()
    from workstation.campaign.refs import PREFIX

    text = (tmp_path / "s.csv").read_text(encoding="utf-8")
    ref = text.splitlines()[1].rsplit("Ma ", 1)[1].strip("\"")
    # the QR text as the slip prints it (the test reads it from the store: decoding is in test_invitations)
    from workstation.campaign.invitations import slips_for
    from workstation.cli.campaign_commands import open_store
    import argparse

    _, store = open_store(argparse.Namespace(config=None, mode=None))
    qr = next(s.qr_text for s in slips_for(store) if s.ref == ref)
    assert qr.startswith(PREFIX)
    arrived = _json(capsys, "campaign", "checkin", qr, "--json")
    assert arrived["status"] == "arrived" and arrived["via"] == "invitation"
    assert _json(capsys, "campaign", "checkin", qr, "--json")["status"] == "already"
    assert main(["campaign", "checkin", qr[:-1] + ("A" if qr[-1] != "A" else "B")]) == 1
    assert "forged" in capsys.readouterr().err
    progress = _json(capsys, "campaign", "progress", "--json")
    assert progress["came"] == 1 and progress["quota"] == 150 and progress["invited"] == slips["slips"]
    assert progress["planned_date"] and main(["campaign", "progress"]) == 0                # the text says it too
    planned = date.fromisoformat(progress["planned_date"])
    assert f", planned {planned:%d/%m/%Y}" in capsys.readouterr().out.splitlines()[0]
    # every change is in the hash-chained audit log, named after the officer, without the citizen's ID
    from workstation.storage.enrollments import EnrollmentStore
    from workstation.storage.models import AuditEntry

    audit = EnrollmentStore(store.sessions, store.cipher)
    with store.sessions() as session:
        entries = [(e.action, e.officer, e.detail) for e in session.query(AuditEntry).order_by(AuditEntry.id)]
    actions = [a for a, _, _ in entries]
    assert {"campaign_import", "campaign_plan", "campaign_invite", "campaign_checkin"} <= set(actions)
    assert actions.count("campaign_checkin") == 2 and all(o for _, o, _ in entries)
    assert audit.verify_audit() is None
    assert not any(store.person(store.find("001099012345")).id_number in d for _, _, d in entries)
    report = _json(capsys, "campaign", "report", "--day", date.today().isoformat(), "--out",
                   str(tmp_path / "r.xlsx"), "--json")
    assert Path(report["out"]).exists()
    assert main(["campaign", "report", "--day", date.today().isoformat(), "--out", str(tmp_path / "r.txt")]) == 1
    assert ".pdf or .xlsx" in capsys.readouterr().err
    later = date.today() + timedelta(days=2)
    assert main(["campaign", "report", "--day", later.isoformat(), "--out", str(tmp_path / "later.pdf")]) == 1
    assert f"{later.isoformat()} has not come yet" in capsys.readouterr().err
    assert not (tmp_path / "later.pdf").exists()
