"""Importing a resident list as officers receive it: header found under a title, columns mapped
without diacritics, every row checked, bad rows listed with their number, nothing in clear at rest."""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.campaign.conftest import TODAY
from workstation.campaign import sheets
from workstation.campaign.columns import parse_overrides
from workstation.campaign.errors import CampaignError
from workstation.campaign.importer import import_list
from workstation.campaign.roster import DUE, ENROLLED, LEVEL2, UNDER_AGE, roster
from workstation.campaign.store import CampaignStore
from workstation.campaign.visits import record_visit
from workstation.storage.enrollments import EnrollmentStore

HEADER = ["STT", "Ho va ten", "So dinh danh ca nhan", "Ngay sinh", "Gioi tinh", "Thon/To dan pho", "Ma ho",
          "So dien thoai", "Ghi chu"]


def _book(path: Path, rows: list[list[object]], header: list[str] = HEADER, title: bool = True) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "DS"
    if title:
        sheet.append(["DANH SÁCH CÔNG DÂN"])
        sheet.merge_cells("A1:I1")
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _store_ok(store: CampaignStore, path: Path, **kw: object):  # noqa: ANN202
    return import_list(store, path, commune="Xã Minh Khai", today=TODAY, **kw)


def test_the_synthetic_commune_imports_whole_with_its_flags(imported: CampaignStore) -> None:
    out = roster(imported, day=TODAY)
    counts = out["counts"]
    assert sum(counts[c] for c in (DUE, UNDER_AGE, LEVEL2)) == 600
    assert 0.15 < counts[UNDER_AGE] / 600 < 0.4          # an age pyramid, not a flat list
    assert counts[LEVEL2] > 10                            # "đã có mức 2" in the notes
    assert counts["home_visit"] >= 1                      # "nằm liệt giường"
    assert len(imported.villages()) == 4


def test_nothing_of_a_citizen_is_in_clear_in_the_database_file(sqlite_store: CampaignStore, tmp_path: Path) -> None:
    path = _book(tmp_path / "l.xlsx", [[1, "Nguyễn Văn Bình", "001085012345", "02/03/1985", "Nam", "Thôn Đông",
                                        "H1", "0912345678", ""]])
    _store_ok(sqlite_store, path)
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("ws.sqlite3*"))
    for secret in ("001085012345", "Nguyễn Văn Bình", "0912345678", "1985-03-02"):
        assert secret.encode() not in raw
    person = sqlite_store.person(sqlite_store.find("001085012345"))
    assert (person.full_name, person.birth, person.phone) == ("Nguyễn Văn Bình", date(1985, 3, 2), "0912345678")


def test_each_bad_row_is_listed_with_its_number_and_reason(sqlite_store: CampaignStore, tmp_path: Path) -> None:
    rows = [
        [1, "Ok Text", "001085012345", "02/03/1985", "Nam", "Thôn Đông", "H1", "", ""],
        [2, "Zeros Lost", 1190012346, 33000, "Nữ", "thon dong", "H1", 912345678, ""],  # number id, serial date
        [3, "Too Long", "0010850123456", "02/03/1985", "Nam", "Thôn Đông", "", "", ""],
        [4, "Letters", "00108501234A", "02/03/1985", "Nam", "Thôn Đông", "", "", ""],
        [5, "No Such Day", "001085012347", "31/02/1985", "Nam", "Thôn Đông", "", "", ""],
        [6, "Formula", "=1+1", "02/03/1985", "Nam", "Thôn Đông", "", "", ""],
        [7, "Twice", "001085012345", "02/03/1985", "Nam", "Thôn Đông", "", "", ""],
        [8, "Wrong Year", "001099012348", "02/03/1985", "Nam", "Thôn Đông", "", "", ""],
        [],
        [10, "No Village", "001085012349", "02/03/1985", "Nam", "", "", "", ""],
    ]
    report = _store_ok(sqlite_store, _book(tmp_path / "l.xlsx", rows))
    reasons = {bad.row: bad.en for bad in report.bad}
    assert report.imported == 2 and report.empty_rows == 1 and report.duplicates == 1
    assert "13 digits" in reasons[6]
    assert "other than digits" in reasons[7]
    assert "does not exist" in reasons[8]
    assert "formula" in reasons[9]
    assert "row 4" in reasons[10]                       # the same id as the first data row
    assert "year of birth" in reasons[11]
    assert "no village" in reasons[13]
    restored = sqlite_store.person(sqlite_store.find("001190012346"))
    assert restored.birth == date(1990, 5, 7) and restored.phone == "0912345678"     # Excel serial 33000


def test_villages_are_known_after_the_first_list_and_diacritics_do_not_matter(sqlite_store: CampaignStore,
                                                                              tmp_path: Path) -> None:
    _store_ok(sqlite_store, _book(tmp_path / "a.xlsx", [[1, "A", "001085012345", "02/03/1985", "Nam", "Thôn Đông",
                                                          "", "", ""]]))
    report = _store_ok(sqlite_store, _book(tmp_path / "b.xlsx", [
        [1, "A again", "001085012345", "02/03/1985", "Nam", "THON DONG", "", "", ""],
        [2, "B", "001085012346", "02/03/1985", "Nam", "Thôn Tây", "", "", ""]]))
    assert (report.imported, report.updated) == (0, 1)
    assert "not one of the commune's villages" in report.bad[0].en
    assert [v.name for v in sqlite_store.villages()] == ["Thôn Đông"]
    assert _store_ok(sqlite_store, tmp_path / "b.xlsx", learn_villages=True).imported == 1


def test_a_dry_run_shows_the_mapping_and_stores_nothing(sqlite_store: CampaignStore, commune_file: Path) -> None:
    report = _store_ok(sqlite_store, commune_file, dry_run=True)
    assert report.header_row == 4 and report.dry_run
    assert {m["field"] for m in report.mapping} >= {"name", "id", "birth", "village", "household", "phone"}
    assert sqlite_store.count() == 0 and sqlite_store.settings() is None


def test_an_unknown_header_is_named_and_mapped_by_hand(sqlite_store: CampaignStore, tmp_path: Path) -> None:
    header = ["Họ và tên", "Cột X", "Ngày sinh", "Thôn"]
    path = _book(tmp_path / "x.xlsx", [["A", "001085012345", "02/03/1985", "Thôn Đông"]], header=header)
    with pytest.raises(CampaignError, match="No column for: Số định danh cá nhân"):
        _store_ok(sqlite_store, path)
    assert _store_ok(sqlite_store, path, overrides=parse_overrides(["Cột X=id"])).imported == 1
    with pytest.raises(CampaignError, match="HEADER=field"):
        parse_overrides(["Cột X=idnumber"])


def test_the_sheet_with_the_header_is_chosen_or_named(sqlite_store: CampaignStore, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Bia"
    book.active.append(["Báo cáo"])
    data = book.create_sheet("Du lieu")
    data.append(HEADER)
    data.append([1, "A", "001085012345", "02/03/1985", "Nam", "Thôn Đông", "", "", ""])
    book.save(tmp_path / "s.xlsx")
    assert _store_ok(sqlite_store, tmp_path / "s.xlsx").sheet == "Du lieu"
    with pytest.raises(CampaignError, match="No header row"):
        _store_ok(sqlite_store, tmp_path / "s.xlsx", sheet="Bia")
    with pytest.raises(CampaignError, match="no sheet 'Nope'"):
        _store_ok(sqlite_store, tmp_path / "s.xlsx", sheet="Nope")


def test_merged_cells_below_the_header_are_refused_in_one_line(sqlite_store: CampaignStore, tmp_path: Path) -> None:
    path = tmp_path / "m.xlsx"
    _book(path, [[1, "A", "001085012345", "02/03/1985", "Nam", "Thôn Đông", "", "", ""],
                 [2, "B", "001085012346", "02/03/1985", "Nam", None, "", "", ""]])
    from openpyxl import load_workbook

    book = load_workbook(path)
    book.active.merge_cells("F4:F5")
    book.save(path)
    with pytest.raises(CampaignError, match="merged cells at row 4") as caught:
        _store_ok(sqlite_store, path)
    assert "\n" not in caught.value.one_line() and sqlite_store.count() == 0


@pytest.mark.parametrize("content, words", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Excel format"),
    (b"PK\x03\x04 not really a zip", "not a readable Excel"),
    (bytes(range(256)) * 20, "neither a spreadsheet"),
])
def test_a_file_that_is_not_a_list_is_one_line(sqlite_store: CampaignStore, tmp_path: Path, content: bytes,
                                               words: str) -> None:
    path = tmp_path / "list.xlsx" if content.startswith(b"PK") else tmp_path / "list.dat"
    path.write_bytes(content)
    with pytest.raises(CampaignError, match=words):
        _store_ok(sqlite_store, path)


def test_a_list_longer_than_a_commune_stops_with_a_message(sqlite_store: CampaignStore, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_ROWS", 50)
    rows = [[i, "A", f"0010850{i:05d}", "02/03/1985", "Nam", "Thôn Đông", "", "", ""] for i in range(80)]
    with pytest.raises(CampaignError, match="more than a commune's 50"):
        _store_ok(sqlite_store, _book(tmp_path / "big.xlsx", rows))
    assert sqlite_store.count() == 0


def test_a_csv_list_with_semicolons(sqlite_store: CampaignStore, tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Danh sách"])
        writer.writerow(["Họ và tên", "Số định danh cá nhân", "Ngày sinh", "Thôn/Tổ dân phố", "Ghi chú"])
        writer.writerow(["Lê Thị Hoa", "001185012345", "2/3/1985", "Xóm Bến", "khuyết tật"])
    report = _store_ok(sqlite_store, path)
    assert report.imported == 1 and report.header_row == 2
    assert sqlite_store.find("001185012345").disabled


def test_door_to_door_outcomes_and_enrollments_move_people_out_of_due(imported: CampaignStore) -> None:
    due = [p for p in roster(imported, names=True, day=TODAY)["people"] if p["category"] == DUE]
    assert due
    with imported.sessions() as session:
        from sqlalchemy import select

        from workstation.campaign.models import Resident
        residents = list(session.scalars(select(Resident)))
    first = next(r for r in residents if imported.person(r).full_name == due[0]["name"])
    id_number = imported.person(first).id_number
    assert record_visit(imported, "can_bo_a", id_number, "moved", household=True) >= 1
    with pytest.raises(CampaignError, match="why"):
        record_visit(imported, "can_bo_a", id_number, "declined")
    counts = roster(imported, day=TODAY)["counts"]
    assert counts["gone"] >= 1
    # an enrollment saved on this workstation (matched by keyed hash) counts as enrolled
    other = next(r for r in residents if r.household_key != first.household_key and not r.level2
                 and imported.person(r).birth.year < 2000)
    enrollments = EnrollmentStore(imported.sessions, imported.cipher)
    draft = enrollments.new_draft("can_bo_a", imported.person(other).id_number, "x", simulated=True)
    enrollments.complete(draft, "00000000-0000-4000-8000-000000000001", b"sealed", "can_bo_a")
    assert roster(imported, day=TODAY)["counts"][ENROLLED] == 1


def _excel_like(path: Path) -> Path:
    """A workbook as Excel writes it (shared strings, a formula with its cached value, a rich-text
    inline string, a boolean), which openpyxl itself does not produce."""
    import zipfile

    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    strings = ["Họ và tên", "Số định danh cá nhân", "Ngày sinh", "Thôn/Tổ dân phố", "Trần Thị Mai", "Thôn Đông",
               "001185012345"]
    sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
    sheet = (f'<worksheet {ns}><sheetData>'
             '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c>'
             '<c r="D2" t="s"><v>3</v></c></row>'
             '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>6</v></c><c r="C3"><v>31108</v></c>'
             '<c r="D3" t="s"><v>5</v></c></row>'
             '<row r="4"><c r="A4" t="inlineStr"><is><r><t>Lê </t></r><r><t>Văn Nam</t></r></is></c>'
             '<c r="B4" t="str"><f>"0010"&amp;"85012346"</f><v>001085012346</v></c>'
             '<c r="C4" t="s"><v>2</v></c><c r="D4" t="s"><v>5</v></c></row>'
             '<row r="6"><c r="A6" t="inlineStr"><is><t>Phạm Văn Tú</t></is></c><c r="B6"><v>1085012347</v></c>'
             '<c r="C6" t="inlineStr"><is><t>02/03/1985</t></is></c><c r="D6" t="s"><v>5</v></c>'
             '<c r="E6" t="b"><v>1</v></c></row>'
             '</sheetData></worksheet>')
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
        '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {ns} {rel}><sheets><sheet name="Sheet1" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?>' + sheet,
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst {ns} count="{len(strings)}">{sst}</sst>',
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return path


def test_a_workbook_as_excel_writes_it(sqlite_store: CampaignStore, tmp_path: Path) -> None:
    report = _store_ok(sqlite_store, _excel_like(tmp_path / "excel.xlsx"))
    assert report.header_row == 2 and report.imported == 2 and report.empty_rows == 1
    assert [(b.row, "formula" in b.en) for b in report.bad] == [(4, True)]        # never its cached value
    mai = sqlite_store.person(sqlite_store.find("001185012345"))
    assert (mai.full_name, mai.birth) == ("Trần Thị Mai", date(1985, 3, 2))          # serial 31108
    assert sqlite_store.person(sqlite_store.find("001085012347")).full_name == "Phạm Văn Tú"


def test_progress_counts_in_sql_agree_with_the_roster_rules(imported: CampaignStore) -> None:
    from sqlalchemy import select

    from workstation.campaign.checkin import refuse
    from workstation.campaign.models import Resident
    from workstation.campaign.progress import progress

    with imported.sessions() as session:
        residents = list(session.scalars(select(Resident).where(Resident.level2.is_(False)).order_by(Resident.id)))
    adults = [r for r in residents if imported.person(r).birth.year < 2000]
    for resident, outcome in zip(adults, ("moved", "deceased", "declined", "no_card", "informed", "not_home")):
        record_visit(imported, "ca", imported.person(resident).id_number, outcome, reason="bận đi làm xa")
    refuse(imported, imported.person(adults[6]).id_number, "ảnh không khớp", "ca")
    enrollments = EnrollmentStore(imported.sessions, imported.cipher)
    draft = enrollments.new_draft("ca", imported.person(adults[7]).id_number, "x", simulated=True)
    enrollments.complete(draft, "00000000-0000-4000-8000-000000000009", b"p", "ca")
    counts = roster(imported, day=TODAY)["counts"]
    totals = progress(imported, TODAY).totals
    assert (totals["still_due"], totals["enrolled"], totals["refused"]) == (counts["due"], 1, 1)
    assert totals["eligible"] == sum(counts[c] for c in ("due", "enrolled", "declined", "no_card", "refused"))
    assert (counts["gone"], counts["declined"], counts["no_card"]) == (2, 1, 1)
