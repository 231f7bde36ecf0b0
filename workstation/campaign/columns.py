"""Which column is which: the resident list's headers, compared without diacritics, with the
synonyms seen in exports of the population database's tools, and the officer's overrides
(`--map "Cột X=id"`)."""
from __future__ import annotations

from dataclasses import dataclass

from workstation.campaign.errors import CampaignError
from workstation.campaign.text import fold

# field -> (Vietnamese label, synonyms folded)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("Họ và tên", ("ho va ten", "ho ten", "ho va ten cong dan", "ho ten cong dan", "ten cong dan",
                           "ho ten nguoi dan")),
    "id": ("Số định danh cá nhân", ("so dinh danh ca nhan", "so dinh danh", "ma dinh danh", "so cccd",
                                    "cccd", "so can cuoc", "so can cuoc cong dan", "can cuoc cong dan",
                                    "so cmnd cccd", "so cccd cmnd", "so ddcn", "ddcn", "so dinh danh cccd")),
    "birth": ("Ngày sinh", ("ngay sinh", "ngay thang nam sinh", "ngay sinh dd mm yyyy", "sinh ngay")),
    "gender": ("Giới tính", ("gioi tinh", "gioi", "nam nu")),
    "village": ("Thôn/Tổ dân phố", ("thon to dan pho", "thon", "to dan pho", "thon xom", "xom", "ap", "ban",
                                    "thon xom ap ban", "thon ap", "dia ban", "to dan pho thon", "khu pho",
                                    "thon to")),
    "household": ("Mã hộ", ("ma ho", "so ho", "ma ho gia dinh", "so ho khau", "ma ho khau", "ma so ho")),
    "phone": ("Số điện thoại", ("so dien thoai", "dien thoai", "sdt", "so dt", "dien thoai di dong")),
    "note": ("Ghi chú", ("ghi chu",)),
    "relation": ("Quan hệ với chủ hộ", ("quan he voi chu ho", "quan he chu ho", "quan he", "qh voi chu ho")),
    "level2": ("Đã có mức 2", ("da co muc 2", "muc 2", "tai khoan muc 2", "dinh danh muc 2", "da kich hoat muc 2",
                               "vneid muc 2")),
    "disability": ("Khuyết tật", ("khuyet tat", "doi tuong", "tinh trang suc khoe", "hoan canh")),
}
REQUIRED = ("name", "id", "birth", "village")
_BY_SYNONYM = {synonym: field for field, (_, synonyms) in FIELDS.items() for synonym in synonyms}


@dataclass(frozen=True)
class ColumnMap:
    """field -> column index (0-based), and the header text each came from."""

    columns: dict[str, int]
    headers: tuple[str, ...]

    def missing(self, required: tuple[str, ...] = REQUIRED) -> list[str]:
        return [field for field in required if field not in self.columns]

    def describe(self) -> list[dict[str, object]]:
        return [{"field": field, "label": FIELDS[field][0], "column": _letter(index),
                 "header": self.headers[index] if index < len(self.headers) else ""}
                for field, index in sorted(self.columns.items(), key=lambda item: item[1])]


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _index_of_letter(text: str) -> int | None:
    if not text.isalpha() or not text.isascii() or len(text) > 3:
        return None
    index = 0
    for ch in text.upper():
        index = index * 26 + ord(ch) - 64
    return index - 1


def field_of(header: object) -> str | None:
    if not isinstance(header, str):
        return None
    return _BY_SYNONYM.get(fold(header))


def score(row: tuple[object, ...]) -> int:
    """How many cells of a row are headers we know: the header row scores highest."""
    return len({f for f in map(field_of, row) if f})


def parse_overrides(items: list[str] | None) -> list[tuple[str, str]]:
    """`--map "Cột X=id"` (a header text, or a column letter, = a field name)."""
    out = []
    for item in items or []:
        left, sep, right = item.rpartition("=")
        field = right.strip().lower()
        if not sep or not left.strip() or field not in FIELDS:
            raise CampaignError(
                f"--map '{item}': hãy viết 'TÊN CỘT=trường', trường là một trong {', '.join(FIELDS)}.",
                f"--map '{item}': write 'HEADER=field' with field one of {', '.join(FIELDS)}.")
        out.append((left.strip(), field))
    return out


def map_columns(headers: tuple[object, ...], overrides: list[tuple[str, str]] | None = None) -> ColumnMap:
    texts = tuple("" if h is None else str(h).strip() for h in headers)
    columns: dict[str, int] = {}
    for index, header in enumerate(texts):
        field = field_of(header)
        if field and field not in columns:
            columns[field] = index
    folded = [fold(t) for t in texts]
    for left, field in overrides or []:
        target = fold(left)
        index = folded.index(target) if target in folded else _index_of_letter(left)
        if index is None:
            raise CampaignError(f"--map: không có cột '{left}' trong dòng tiêu đề.",
                                f"--map: there is no column '{left}' in the header row.")
        columns = {f: i for f, i in columns.items() if i != index and f != field}
        columns[field] = index
    return ColumnMap(columns, texts)


def require(mapping: ColumnMap, required: tuple[str, ...] = REQUIRED) -> None:
    missing = mapping.missing(required)
    if missing:
        labels = ", ".join(f"{FIELDS[f][0]} ({f})" for f in missing)
        found = ", ".join(h for h in mapping.headers if h) or "none"
        raise CampaignError(
            f"Không tìm thấy cột: {labels}. Các cột có: {found}. Chỉ định bằng --map \"TÊN CỘT=trường\".",
            f"No column for: {labels}. Columns found: {found}. Name it with --map \"HEADER=field\".")
