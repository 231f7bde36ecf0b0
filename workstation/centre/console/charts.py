"""The geometry of the console's small bar charts, drawn as inline SVG by templates/charts.html:
no JavaScript, nothing fetched, readable without colour (every bar carries its number, and the
table beside it holds the same figures)."""
from __future__ import annotations

from dataclasses import dataclass

KINDS = ("accepted", "duplicate", "rejected")


@dataclass(frozen=True)
class Segment:
    kind: str
    value: int
    start: float        # x (rows) or y (columns), in SVG units
    size: float


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    offset: float       # y of a row, x of a column
    segments: tuple[Segment, ...]
    end: float          # where the bar stops (x of a row's end, y of a column's top)


@dataclass(frozen=True)
class Chart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int = 0


ROW, LABEL, AREA = 24, 130, 340
COLUMN, PLOT = 64, 150


def rows(items: list[tuple[str, dict[str, int]]], kinds: tuple[str, ...] = KINDS, label_width: int = LABEL,
         area: int = AREA) -> Chart:
    """Horizontal stacked bars, one per item, scaled to the largest total; a label longer than
    its room (about 6.5 units a character) is shortened with an ellipsis."""
    fits = max(int((label_width - 8) / 6.5), 4)
    items = [(text if len(text) <= fits else text[:fits - 1].rstrip() + "…", values) for text, values in items]
    largest = max((sum(v.get(k, 0) for k in kinds) for _label, v in items), default=0) or 1
    bars = []
    for index, (label, values) in enumerate(items):
        x, segments = float(label_width), []
        for kind in kinds:
            value = values.get(kind, 0)
            if value:
                size = max(area * value / largest, 1.0)
                segments.append(Segment(kind, value, x, size))
                x += size
        bars.append(Bar(label, sum(values.get(k, 0) for k in kinds), index * ROW, tuple(segments), x))
    return Chart(tuple(bars), label_width + area + 60, max(len(items), 1) * ROW, label_width)


def columns(items: list[tuple[str, dict[str, int]]], kinds: tuple[str, ...] = KINDS) -> Chart:
    """Vertical stacked columns (days), scaled to the largest total; room above for the number
    and below for the label."""
    largest = max((sum(v.get(k, 0) for k in kinds) for _label, v in items), default=0) or 1
    top = 20
    bars = []
    for index, (label, values) in enumerate(items):
        y, segments = float(top + PLOT), []
        for kind in kinds:
            value = values.get(kind, 0)
            if value:
                size = max(PLOT * value / largest, 1.0)
                y -= size
                segments.append(Segment(kind, value, y, size))
        bars.append(Bar(label, sum(values.get(k, 0) for k in kinds), index * COLUMN, tuple(segments), y))
    return Chart(tuple(bars), max(len(items), 1) * COLUMN, top + PLOT + 24)
