"""Invitations: slots filled household by household, never over capacity; slips as PDF read back
(text and QR), the SMS file without formulas."""
from __future__ import annotations

import csv
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.campaign.conftest import TODAY
from workstation.campaign.invitations import slips_for
from workstation.campaign.models import Invitation, Resident
from workstation.campaign.plan import make_plan, save_plan
from workstation.campaign.slips import Slip, write_pdf, write_sms_csv
from workstation.campaign.slots import invite, slot_grid
from workstation.campaign.store import CampaignStore
from workstation.campaign.text import safe_cell, strip_diacritics


@pytest.fixture
def planned(imported: CampaignStore):  # noqa: ANN201
    plan = make_plan(imported, quota=400, until=date(2026, 12, 31), start=TODAY, counters=2,
                     minutes_per_citizen=10, today=TODAY)
    save_plan(imported, plan)
    return imported, plan


def test_slots_are_filled_household_by_household_and_never_over_capacity(planned) -> None:  # noqa: ANN001
    store, plan = planned
    result = invite(store, plan, today=TODAY)
    assert result.invited > 300 and result.not_placed == 0 and result.mobile_team >= 1
    capacity = {slot.start: slot.capacity for slot in slot_grid(plan, TODAY)}
    with store.sessions() as session:
        rows = session.execute(select(Invitation, Resident).join(Resident, Invitation.resident_id == Resident.id)
                               .order_by(Invitation.start, Invitation.created_at)).all()
    used = Counter(inv.start for inv, _ in rows)
    assert all(used[start] <= capacity[start] for start in used)
    assert min(inv.day for inv, _ in rows) == date(2026, 12, 8)          # the day after the invitations
    # each household's members are in consecutive places; villages one after the other
    order = [(r.village, r.household_key) for _, r in rows]
    households_seen: list[tuple[str, str]] = []
    for key in order:
        if not households_seen or households_seen[-1] != key:
            assert key not in households_seen, "a household was split"
            households_seen.append(key)
    villages = [v for v, _ in households_seen]
    assert villages == sorted(villages)
    assert not any(r.bedridden for _, r in rows)
    # within a village, households with an elderly or disabled member first
    first_village = [r for _, r in rows if r.village == villages[0]]
    from workstation.campaign.roster import classify

    settings = store.require_settings()
    priority = [any(classify(m, settings, TODAY, set()).priority for m in first_village if m.household_key == h)
                for h in dict.fromkeys(r.household_key for r in first_village)]
    assert priority == sorted(priority, reverse=True)
    # inviting again invites nobody twice
    assert invite(store, plan, today=TODAY).invited == 0


def test_a_full_plan_leaves_the_rest_without_a_slot_and_says_so(imported: CampaignStore) -> None:
    plan = make_plan(imported, quota=400, until=date(2026, 12, 8), start=TODAY, counters=1, shifts="sáng",
                     minutes_per_citizen=10, today=TODAY)
    result = invite(imported, plan, today=TODAY)
    assert result.invited == 24 and result.not_placed > 300


def test_the_slips_pdf_reads_back_with_names_places_and_a_qr_that_checks_in(planned, tmp_path: Path) -> None:  # noqa: ANN001
    store, plan = planned
    invite(store, plan, village="Thôn Đông", today=TODAY)
    slips = slips_for(store, "thon dong")
    assert slips and all(s.village == "Thôn Đông" for s in slips)
    # a citizen without a phone of their own is told through the household's
    through_family = [s for s in slips if s.household_phone]
    assert through_family and all(s.phone for s in through_family)
    pages = write_pdf(slips[:9], tmp_path / "slips.pdf", "Xã Minh Khai", "Trụ sở Công an xã Minh Khai")
    assert pages == 2
    text = subprocess.run(["pdftotext", str(tmp_path / "slips.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert slips[0].full_name in text and "GIẤY MỜI" in text and "SIM đứng tên chính mình" in text
    assert "Trụ sở Công an xã Minh Khai" in text and "thẻ Căn cước" in text
    with store.sessions() as session:
        first = store.person(session.get(Resident, session.get(Invitation, slips[0].ref).resident_id))
    assert first.id_number not in text
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(tmp_path / "slips.pdf"),
                    str(tmp_path / "page")], check=True)
    import zxingcpp
    from PIL import Image

    decoded = {r.text for r in zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("page*.png"))))}
    assert {s.qr_text for s in slips[:8]} == decoded
    assert not any(first.id_number in d for d in decoded)
    from workstation.campaign.checkin import check_in

    arrived = check_in(store, slips[0].qr_text, today=date(2026, 12, 8))
    assert (arrived.status, arrived.full_name) == ("arrived", slips[0].full_name)


def test_the_sms_file_has_phone_and_message_and_never_a_formula(tmp_path: Path) -> None:
    from datetime import datetime

    slips = [Slip("ABCDEFGH", "q", "=HYPERLINK(\"http://x\")", "Thôn Đông", datetime(2026, 12, 8, 7, 30), 15,
                  "sáng", "0912345678"),
             Slip("ABCDEFGJ", "q", "Lê Văn Đạt", "Thôn Đông", datetime(2026, 12, 8, 7, 45), 15, "sáng", "")]
    written, missing = write_sms_csv(slips, tmp_path / "sms.csv", "Xã Minh Khai", "@Trụ sở")
    assert (written, missing) == (1, 1)
    with (tmp_path / "sms.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["phone", "message"] and rows[1][0] == "0912345678"
    assert not rows[1][1].startswith(("=", "+", "-", "@")) and "07:30 08/12" in rows[1][1]
    from workstation.campaign.slips import sms_text

    assert "(nho gia dinh bao giup)" in sms_text(Slip("ABCDEFGK", "q", "Bé Na", "x", datetime(2026, 12, 8, 8, 0), 15,
                                                      "sáng", "0912345678", household_phone=True), "Xã A", "B")
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("-2") == "'-2" and safe_cell(5) == 5
    assert safe_cell("\t=cmd") == "'\t=cmd"


GSM7 = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
           "¿abcdefghijklmnopqrstuvwxyzäöñüà")


@pytest.mark.parametrize("household_phone", [False, True])
def test_an_sms_fits_one_gsm7_message_even_for_the_longest_synthetic_name(household_phone: bool) -> None:
    from datetime import datetime

    from workstation.campaign import synthetic
    from workstation.campaign.slips import sms_text

    names = [p.full_name for p in synthetic.generate(3000, seed=5, villages=8)]
    longest = max(names, key=len)
    built = " ".join(max(part, key=len) for part in (synthetic.FAMILY, synthetic.MIDDLE_M + synthetic.MIDDLE_F,
                                                         synthetic.GIVEN_M + synthetic.GIVEN_F))
    for name in (longest, built, "Lê An"):
        slip = Slip("ABCDEFGH", "q", name, "Thôn Đông", datetime(2026, 12, 8, 13, 45), 15, "chiều", "0912345678",
                    household_phone=household_phone)
        text = sms_text(slip, "Phường Hoàn Kiếm", "Trụ sở Công an xã")
        assert len(text) <= 160 and set(text) <= GSM7, (len(text), text)
        assert "13:45 08/12" in text and "Ma ABCDEFGH" in text and "CCCD gan chip" in text
        assert strip_diacritics(name) in text and ("bao giup" in text) == household_phone
    typical = sms_text(Slip("ABCDEFGH", "q", "Nguyễn Thị Hương", "x", datetime(2026, 12, 8, 7, 30), 15, "sáng",
                            "0912345678"), "Xã Minh Khai", "Trụ sở Công an xã")
    assert typical.startswith("CA Xa Minh Khai moi Nguyen Thi Huong lam dinh danh muc 2 luc 07:30 08/12 tai ")


@pytest.mark.parametrize("encoder", ["zxing-cpp", "segno"])
def test_the_slip_qr_matrix_decodes_with_either_encoder(encoder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import zxingcpp
    from PIL import Image

    from workstation.campaign.slips import qr_matrix

    if encoder == "segno":
        monkeypatch.delattr(zxingcpp, "create_barcode")
    text = "L2C1|XA-MINH-KHAI|ABCD2345|20270101|ABCDEFGHIJKLM"
    matrix = qr_matrix(text)
    size = len(matrix) + 8
    image = Image.new("L", (size, size), 255)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                image.putpixel((c + 4, r + 4), 0)
    monkeypatch.undo()
    decoded = zxingcpp.read_barcodes(image.resize((size * 8, size * 8), Image.NEAREST))
    assert [d.text for d in decoded] == [text]
