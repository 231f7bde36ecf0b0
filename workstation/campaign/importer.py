"""`workstation campaign import`: a resident list into the campaign, row by row checked.

Good rows are stored (a resident already imported is updated, keeping what the door-to-door visits
and the counter recorded); bad rows are listed with their row number and reason, never dropped
silently; the same id twice is reported (the second row is the bad one). One transaction: a failure
half-way leaves the campaign as it was. `dry_run` reads and checks everything and stores nothing:
the officer confirms the column mapping first.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select, update

from workstation.campaign import rows as check
from workstation.campaign.columns import ColumnMap, map_columns, require
from workstation.campaign.errors import CampaignError
from workstation.campaign.models import Resident, Village
from workstation.campaign.sheets import open_table
from workstation.campaign.store import CampaignSettings, CampaignStore, now
from workstation.campaign.text import fold


@dataclass(frozen=True)
class BadRow:
    row: int
    vi: str
    en: str

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "reason": self.en, "reason_vi": self.vi}


@dataclass(frozen=True)
class ImportReport:
    file: str
    sheet: str
    header_row: int
    mapping: list[dict[str, object]]
    rows: int                      # data rows read (not counting empty ones)
    imported: int                  # new residents
    updated: int                   # residents already in the campaign, updated
    empty_rows: int
    bad: tuple[BadRow, ...]
    duplicates: int                # rows whose id an earlier row already had (also in `bad`)
    villages: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "sheet": self.sheet, "header_row": self.header_row, "mapping": self.mapping,
                "rows": self.rows, "imported": self.imported, "updated": self.updated,
                "empty_rows": self.empty_rows, "bad_rows": [b.as_dict() for b in self.bad],
                "duplicates": self.duplicates, "villages": self.villages, "dry_run": self.dry_run}


def _cell(cells: tuple, mapping: ColumnMap, name: str) -> tuple[object, bool]:
    index = mapping.columns.get(name)
    if index is None or index >= len(cells):
        return None, False
    return cells[index]


class _Villages:
    """The commune's villages: those already in the campaign, else (first import, or `learn`) the
    spellings the list uses. Compared without diacritics; stored in the first spelling."""

    def __init__(self, known: list[str], learn: bool) -> None:
        self.names = {fold(n): n for n in known}
        self.learn = learn or not known

    def resolve(self, value: object) -> str:
        text = " ".join(str(value or "").split())
        if not text:
            raise check.RowProblem("thiếu thôn/tổ dân phố", "no village")
        key = fold(text)
        if key not in self.names:
            if not self.learn:
                raise check.RowProblem(f"thôn '{text}' không có trong danh sách thôn của xã",
                                       f"the village '{text}' is not one of the commune's villages")
            self.names[key] = text
        return self.names[key]


def _row(number: int, cells: tuple, mapping: ColumnMap, villages: _Villages, today: date) -> check.ResidentRow:
    for name, index in mapping.columns.items():
        if index < len(cells) and cells[index][1]:
            header = mapping.headers[index] or name
            raise check.RowProblem(f"cột '{header}' là công thức, không phải giá trị (Excel: sao chép, dán giá trị)",
                                   f"column '{header}' holds a formula, not a value (Excel: copy, paste values)")
    name = " ".join(str(_cell(cells, mapping, "name")[0] or "").split())
    if not name:
        raise check.RowProblem("thiếu họ và tên", "no name")
    number_id = check.id_number(_cell(cells, mapping, "id")[0])
    birth = check.birth_date(_cell(cells, mapping, "birth")[0], today)
    gender = check.gender(_cell(cells, mapping, "gender")[0])
    check.id_matches_birth(number_id, birth, gender)
    village = villages.resolve(_cell(cells, mapping, "village")[0])
    note = " ".join(str(_cell(cells, mapping, "note")[0] or "").split())
    disability = _cell(cells, mapping, "disability")[0]
    return check.ResidentRow(
        row=number, id_number=number_id, full_name=name, birth=birth, gender=gender, village=village,
        household=" ".join(str(_cell(cells, mapping, "household")[0] or "").split()),
        relation=" ".join(str(_cell(cells, mapping, "relation")[0] or "").split()),
        phone=check.phone(_cell(cells, mapping, "phone")[0]), note=note,
        disabled=check.flag(note, check.DISABLED_WORDS) or check.flag(disability, check.DISABLED_WORDS),
        bedridden=check.flag(note, check.BEDRIDDEN_WORDS) or check.flag(disability, check.BEDRIDDEN_WORDS),
        level2=check.flag(note, check.LEVEL2_WORDS) or check.flag(_cell(cells, mapping, "level2")[0], ()))


def read_list(path: Path, *, sheet: str | None = None, overrides: list[tuple[str, str]] | None = None,
              known_villages: list[str] | None = None, learn_villages: bool = False,
              today: date | None = None) -> tuple[ImportReport, list[check.ResidentRow]]:
    """Read and check every row; nothing is stored."""
    today = today or date.today()
    villages = _Villages(known_villages or [], learn_villages)
    good: list[check.ResidentRow] = []
    bad: list[BadRow] = []
    first_row: dict[str, int] = {}
    empty = duplicates = read = 0
    with open_table(path, sheet, tuple(left for left, _ in overrides or [])) as table:
        mapping = map_columns(table.headers, overrides)
        require(mapping)
        if table.merged_from_row is not None:
            raise CampaignError(
                f"Trang '{table.sheet}' có ô gộp ở dòng {table.merged_from_row} (từ dòng tiêu đề trở xuống): "
                "bỏ gộp ô (Merge & Center) rồi nhập lại.",
                f"Sheet '{table.sheet}' has merged cells at row {table.merged_from_row} (at or below the header "
                "row): unmerge them (Merge & Center) and import again.")
        last = table.header_row
        for number, cells in table.rows:
            empty += max(0, number - last - 1)         # rows absent from the file are empty rows
            last = number
            if all(value is None or (isinstance(value, str) and not value.strip()) for value, _ in cells):
                empty += 1
                continue
            read += 1
            try:
                resident = _row(number, cells, mapping, villages, today)
            except check.RowProblem as problem:
                bad.append(BadRow(number, problem.vi, problem.en))
                continue
            if resident.id_number in first_row:
                duplicates += 1
                earlier = first_row[resident.id_number]
                bad.append(BadRow(number, f"trùng số định danh với dòng {earlier}",
                                  f"the same ID number as row {earlier}"))
                continue
            first_row[resident.id_number] = number
            good.append(resident)
    counts: dict[str, int] = {}
    for resident in good:
        counts[resident.village] = counts.get(resident.village, 0) + 1
    report = ImportReport(str(path), table.sheet, table.header_row, mapping.describe(), read, 0, 0, empty,
                          tuple(bad), duplicates, dict(sorted(counts.items())), dry_run=True)
    return report, good


def import_list(store: CampaignStore, path: Path, *, commune: str | None = None, sheet: str | None = None,
                overrides: list[tuple[str, str]] | None = None, dry_run: bool = False, learn_villages: bool = False,
                today: date | None = None) -> ImportReport:
    settings = store.settings()
    if settings is None and not commune and not dry_run:
        raise CampaignError("Hãy cho biết xã/phường của chiến dịch: --commune TÊN (hoặc đăng ký máy với trung tâm).",
                            "Say which commune the campaign is for: --commune NAME (or register with a centre).")
    known = [v.name for v in store.villages()]
    report, good = read_list(path, sheet=sheet, overrides=overrides, known_villages=known,
                             learn_villages=learn_villages, today=today)
    if dry_run:
        return report
    imported, updated = _store(store, good, settings or CampaignSettings(commune=str(commune)), known)
    return ImportReport(report.file, report.sheet, report.header_row, report.mapping, report.rows, imported, updated,
                        report.empty_rows, report.bad, report.duplicates, report.villages, dry_run=False)


def _store(store: CampaignStore, good: list[check.ResidentRow], settings: CampaignSettings,
           known: list[str]) -> tuple[int, int]:
    cipher = store.cipher
    stamp = now()
    heads_seen: set[str] = set()
    new_rows: list[dict[str, object]] = []
    changed: list[dict[str, object]] = []
    with store.writing() as session:
        store.save_settings(settings, session)
        for name in sorted({r.village for r in good} - set(known)):
            session.add(Village(name=name))
        session.flush()
        existing = {key: rid for key, rid in session.execute(select(Resident.id_key, Resident.id))}
        for r in good:
            key = cipher.index(r.id_number)
            household = (cipher.index(f"household:{fold(r.village)}:{r.household}") if r.household
                         else cipher.index(f"alone:{r.id_number}"))
            is_head = fold(r.relation) == "chu ho" if r.relation else household not in heads_seen
            heads_seen.add(household)
            nonce, blob = store.seal_person(key, {"id": r.id_number, "name": r.full_name, "birth": r.birth.isoformat(),
                                                  "gender": r.gender, "phone": r.phone, "relation": r.relation,
                                                  "household": r.household})
            values = {"id_key": key, "household_key": household, "village": r.village, "nonce": nonce, "blob": blob,
                      "birth_year": r.birth.year, "birth_doy": r.birth.month * 100 + r.birth.day, "head": is_head,
                      "disabled": r.disabled, "bedridden": r.bedridden, "level2": r.level2}
            if key in existing:
                changed.append({"id": existing[key], **values})
            else:
                new_rows.append({**values, "misses": 0, "home_visit": False, "imported_at": stamp})
        if new_rows:
            session.execute(insert(Resident), new_rows)
        if changed:
            session.execute(update(Resident), changed)
    return len(new_rows), len(changed)
