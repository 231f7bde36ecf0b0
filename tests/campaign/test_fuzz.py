"""The campaign's parsers of outside data, fuzzed: a resident list (.xlsx and .csv), a scanned QR
text at check-in. Each input is imported or refused in words (WorkstationError), never another
exception; nothing half-imported stays behind a refusal."""
from __future__ import annotations

import io
import random
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from tests.campaign.conftest import KEY, TODAY
from tests.support.fuzz_targets import FuzzTarget, mutate, run_one
from workstation.campaign.checkin import check_in
from workstation.campaign.importer import read_list
from workstation.campaign.store import CampaignStore
from workstation.errors import WorkstationError

ROWS = [["STT", "Họ và tên", "Số định danh cá nhân", "Ngày sinh", "Giới tính", "Thôn", "Số điện thoại"],
        [1, "Lê Văn Đạt", "001085012345", "02/03/1985", "Nam", "Thôn Đông", "0912345678"],
        [2, "Trần Thị Mai", 1185012346, 31108, "Nữ", "Thôn Tây", ""]]


@cache
def _xlsx_sample() -> bytes:
    book = Workbook()
    book.active.append(["DANH SÁCH"])
    for row in ROWS:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv_sample() -> bytes:
    return "\n".join(";".join(str(c) for c in row) for row in ROWS).encode("utf-8")


def _read(suffix: str):  # noqa: ANN202
    folder = Path(__import__("tempfile").mkdtemp(prefix="fuzz-campaign-"))

    def run(data: bytes) -> object:
        path = folder / f"list{suffix}"
        path.write_bytes(data)
        return read_list(path, today=TODAY)
    return run


TARGETS = {
    "resident_xlsx": FuzzTarget("resident_xlsx", (_xlsx_sample(),), _read(".xlsx"), (WorkstationError,),
                                mutate_head=0),
    "resident_csv": FuzzTarget("resident_csv", (_csv_sample(),), _read(".csv"), (WorkstationError,)),
}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_the_genuine_sample_is_read(name: str) -> None:
    report, good = TARGETS[name].run(TARGETS[name].samples[0])
    assert len(good) == 2 and not report.bad


@pytest.mark.parametrize("name", sorted(TARGETS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
@example(seed=788)        # .xlsx: a damaged deflate stream escaped as zlib.error
@example(seed=2095 * 7 + 1)  # .xlsx: a compression method zipfile does not know (NotImplementedError)
def test_fuzz_resident_lists(name: str, seed: int) -> None:
    target = TARGETS[name]
    data = mutate(random.Random(seed), target.samples[0])
    escaped = run_one(target, data)
    assert escaped is None, f"{type(escaped).__name__}: {escaped}"


@pytest.fixture(scope="module")
def planned_store(tmp_path_factory: pytest.TempPathFactory) -> CampaignStore:
    from datetime import date

    from workstation.campaign.importer import import_list
    from workstation.campaign.plan import make_plan, save_plan
    from workstation.campaign.slots import invite
    from workstation.storage.at_rest import BlobCipher
    from workstation.storage.database import open_database, sqlite_url

    folder = tmp_path_factory.mktemp("fuzz-store")
    (folder / "l.xlsx").write_bytes(_xlsx_sample())
    store = CampaignStore.open(open_database(sqlite_url(folder / "ws.sqlite3")), BlobCipher(KEY))
    import_list(store, folder / "l.xlsx", commune="Xã Minh Khai", today=TODAY)
    plan = make_plan(store, quota=2, until=date(2026, 12, 31), start=TODAY, minutes_per_citizen=10, today=TODAY)
    save_plan(store, plan)
    invite(store, plan, today=TODAY)
    return store


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=120),
                      st.lists(st.text(max_size=20), min_size=4, max_size=9).map("|".join),
                      st.lists(st.text(alphabet="L2C1|ABCDEFGHJKMNPQRSTUVWXYZ234567890-", max_size=16),
                               min_size=5, max_size=5).map(lambda p: "L2C1|" + "|".join(p[1:]))))
def test_fuzz_checkin_text(planned_store: CampaignStore, text: str) -> None:
    """Checked in, or refused in words; never another exception."""
    try:
        check_in(planned_store, text, today=TODAY)
    except WorkstationError as refused:
        assert refused.one_line()
