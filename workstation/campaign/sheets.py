"""Reading a resident list as rows, streaming: .xlsx through openpyxl in read-only mode (a million
rows never sit in memory; formulas are read as formulas, never evaluated) and .csv (UTF-8, or the
Windows Vietnamese code page 1258, comma, semicolon or tab).

A cell is (value, is_formula). The header row is the one among the first rows whose cells name the
most known columns (a title row and a commune row usually sit above it)."""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

from defusedxml.ElementTree import iterparse as safe_iterparse   # no DTD, no entities: a sheet is outside input
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workstation.campaign.columns import score
from workstation.campaign.errors import CampaignError

HEADER_SEARCH_ROWS = 30
MAX_ROWS = 200_000          # ~8× the largest commune: a bigger file is the province's list, or not a list
Cell = tuple[object, bool]
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


@dataclass(frozen=True)
class Table:
    sheet: str
    header_row: int                       # 1-based, as the officer sees it
    headers: tuple[object, ...]
    rows: Iterator[tuple[int, tuple[Cell, ...]]]      # (row number, cells) after the header
    merged_from_row: int | None = None    # first row at or below the header holding a merged range


# what a damaged .xlsx raises on the way (a cut or altered archive, broken XML, a bad string index)
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, ET.ParseError, KeyError, IndexError, ValueError, TypeError,
           AttributeError, OSError, NotImplementedError)        # zipfile: an unknown method or version


def _damaged(path: Path, exc: BaseException) -> CampaignError:
    return _not_a_list(path, "không phải bảng tính Excel (.xlsx) đọc được (tệp hỏng?)",
                       f"is not a readable Excel (.xlsx) workbook (damaged? {type(exc).__name__})")


def _not_a_list(path: Path, why_vi: str, why_en: str) -> CampaignError:
    return CampaignError(f"Tệp {path.name} {why_vi}.", f"{path.name} {why_en}.")


class NoHeaderRow(CampaignError):
    """No row in the first ones looks like the list's header."""


@contextmanager
def open_table(path: Path, sheet: str | None = None, mapped: tuple[str, ...] = ()) -> Iterator[Table]:
    """The list's table; `mapped`: the header texts the officer named with --map (so a list whose
    header is not recognised is told that the mapped column was not found, not "no header row")."""
    if path.is_dir():
        raise CampaignError(f"{path} là một thư mục, không phải tệp: chọn tệp .xlsx hoặc .csv trong đó.",
                            f"{path} is a folder, not a file: give the .xlsx or .csv file in it.")
    if not path.is_file():
        raise CampaignError(f"Không có tệp {path}.", f"There is no file {path}.")
    try:
        with _open(path, sheet) as table:
            yield table
    except NoHeaderRow:
        if not mapped:
            raise
        names = ", ".join(f"'{m}'" for m in mapped)
        raise CampaignError(f"--map: không tìm thấy cột {names} trong {path.name} (không nhận ra dòng tiêu đề nào).",
                            f"--map: the column {names} was not found in {path.name} (no header row "
                            "recognised).") from None


@contextmanager
def _open(path: Path, sheet: str | None) -> Iterator[Table]:
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise _not_a_list(path, "là định dạng Excel cũ (.xls): mở bằng Excel và lưu lại thành .xlsx",
                          "is in the old Excel format (.xls): open it in Excel and save it as .xlsx")
    if magic.startswith(b"PK"):
        with _xlsx(path, sheet) as table:
            yield table
        return
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise _not_a_list(path, "không phải bảng tính Excel (.xlsx) đọc được", "is not a readable Excel (.xlsx) workbook")
    yield _csv(path)


def _find_header(rows: Iterator[tuple[int, tuple[Cell, ...]]]) -> tuple[int, tuple[object, ...], list] | None:
    """(row number, header values, rows read after it) or None when no header in the first rows."""
    seen: list[tuple[int, tuple[Cell, ...]]] = []
    best: tuple[int, int] = (0, -1)
    for number, cells in rows:
        seen.append((number, cells))
        points = score(tuple(v for v, _ in cells))
        if points > best[0]:
            best = (points, len(seen) - 1)
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if best[0] < 2:
        return None
    number, cells = seen[best[1]]
    return number, tuple(v for v, _ in cells), seen[best[1] + 1:]


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _merged_rows(ws) -> list[int]:  # noqa: ANN001 - openpyxl's read-only sheet
    """First rows of the sheet's merged ranges, read from the end of its XML without parsing the
    rows (openpyxl's read-only mode does not expose them)."""
    starts: list[int] = []
    tail = b""
    with ws._get_source() as source:  # noqa: SLF001 - openpyxl exposes no public reader of the sheet's XML
        while chunk := source.read(1 << 20):
            data = tail + chunk
            starts.extend(int(m.group(2)) for m in _MERGE.finditer(data))
            tail = data[-200:]                # a tag cut by the chunk's end is found whole next time
    return sorted(set(starts))


@contextmanager
def _xlsx(path: Path, sheet: str | None) -> Iterator[Table]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, *DAMAGED) as exc:
        raise _damaged(path, exc) from None
    try:
        names = book.sheetnames
        if sheet is not None and sheet not in names:
            raise CampaignError(f"Không có trang '{sheet}'. Các trang: {', '.join(names)}.",
                                f"There is no sheet '{sheet}'. Sheets: {', '.join(names)}.")
        for name in [sheet] if sheet else names:
            try:
                ws = book[name]
                rows = _guarded(path, _xlsx_rows(ws))
                found = _find_header(rows)
                if found is None:
                    continue
                number, headers, after = found
                if (ws.max_row or 0) > MAX_ROWS + number:
                    raise _too_many(path, ws.max_row)
                merged = [row for row in _merged_rows(ws) if row >= number]
            except DAMAGED as exc:
                raise _damaged(path, exc) from None
            yield Table(name, number, headers, _bounded(path, _chain(after, rows)), merged[0] if merged else None)
            return
        raise NoHeaderRow(
            f"Không tìm thấy dòng tiêu đề (Họ và tên, Số định danh cá nhân, ...) trong {path.name}"
            + (f", trang '{sheet}'" if sheet else "") + ".",
            f"No header row (Họ và tên, Số định danh cá nhân, ...) found in {path.name}"
            + (f", sheet '{sheet}'" if sheet else f" (sheets: {', '.join(names)})") + ".")
    finally:
        book.close()


def _column(ref: str) -> int:
    index = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            index = index * 26 + ord(ch) - 64
        else:
            break
    return index - 1


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def _guarded(path: Path, rows: Iterator) -> Iterator:
    """The rows, a damage found half-way through the file becoming the officer's sentence."""
    try:
        yield from rows
    except DAMAGED as exc:
        raise _damaged(path, exc) from None


def _xlsx_rows(ws) -> Iterator[tuple[int, tuple[Cell, ...]]]:  # noqa: ANN001 - openpyxl's read-only sheet
    """The sheet's rows straight from its XML (SpreadsheetML, ECMA-376 part 1 §18.3.1: row, c, v, f,
    is), streamed with expat and each row cleared once read: openpyxl found the sheet and its shared
    strings, but its per-cell objects made the 24,000-row import take twice as long. Numbers stay
    numbers (a date stored as a number is an Excel serial: rows.birth_date reads it); a cell with a
    formula (<f>) is flagged, its formula never evaluated."""
    strings = ws._shared_strings  # noqa: SLF001 - read-only sheets share the workbook's strings only here
    with ws._get_source() as source:  # noqa: SLF001
        cells: dict[int, Cell] = {}
        number = 0
        value: object = None
        formula = False
        inline: list[str] = []
        parent = None
        for event, element in safe_iterparse(source, events=("start", "end")):
            tag = element.tag.rpartition("}")[2]
            if event == "start":
                if tag == "c":
                    value, formula, inline = None, False, []
                elif tag == "sheetData":
                    parent = element
                continue
            if tag == "v":
                value = element.text
            elif tag == "f":
                formula = True
            elif tag == "t":
                inline.append(element.text or "")
            elif tag == "c":
                kind = element.get("t", "n")
                ref = element.get("r")
                column = _column(ref) if ref else (max(cells) + 1 if cells else 0)
                if kind == "s" and value is not None:
                    text = strings[int(str(value))]
                    value = text if isinstance(text, str) else str(text)
                elif kind == "inlineStr":
                    value = "".join(inline)
                elif kind == "b" and value is not None:
                    value = value == "1"
                elif kind == "n" and value is not None:
                    value = _number(str(value))
                elif kind == "e":
                    value = f"#{value}"
                if formula and value is None:
                    value = ""
                cells[column] = (value, formula)
                element.clear()
            elif tag == "row":
                number = int(element.get("r") or number + 1)
                width = max(cells) + 1 if cells else 0
                yield number, tuple(cells.get(i, (None, False)) for i in range(width))
                cells = {}
                if parent is not None:
                    parent.clear()            # rows read are dropped: memory stays bounded for any length


def _too_many(path: Path, rows: int) -> CampaignError:
    return CampaignError(
        f"Tệp {path.name} có {rows} dòng, quá {MAX_ROWS} dòng của một xã: có phải danh sách của cả tỉnh? "
        "Hãy lọc theo xã rồi nhập lại.",
        f"{path.name} has {rows} rows, more than a commune's {MAX_ROWS}: is it a whole province's list? "
        "Filter it to the commune and import again.")


def _bounded(path: Path, rows: Iterator) -> Iterator:
    for count, item in enumerate(rows, start=1):
        if count > MAX_ROWS:
            raise _too_many(path, count)
        yield item


def _csv(path: Path) -> Table:
    limit = 64 << 20                          # 64 MB: far more than a commune's list, bounded in memory
    with path.open("rb") as handle:
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise _too_many(path, MAX_ROWS + 1)
    if b"\x00" in raw[:4096]:
        raise _not_a_list(path, "không phải bảng tính (.xlsx) hay tệp CSV", "is neither a spreadsheet (.xlsx) nor a CSV file")
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _not_a_list(path, "không đọc được như CSV", "cannot be read as CSV")
    sample = text[:8192]
    delimiter = max((",", ";", "\t"), key=sample.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = ((number, tuple((v, False) for v in row)) for number, row in enumerate(reader, start=1))
    found = _find_header(rows)
    if found is None:
        raise NoHeaderRow(f"Không tìm thấy dòng tiêu đề (Họ và tên, Số định danh cá nhân, ...) trong {path.name}.",
                            f"No header row (Họ và tên, Số định danh cá nhân, ...) found in {path.name}.")
    number, headers, after = found
    return Table("csv", number, headers, _bounded(path, _chain(after, rows)))
