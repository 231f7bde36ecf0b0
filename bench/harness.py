"""A small benchmark harness: median and spread per benchmark, ratio to a named baseline, JSON out.

A benchmark is a setup function decorated with @benchmark; it returns the callable to time (setup
is not timed). The callable may return a dict of counters (APDUs, bytes, ...) that are recorded
beside the timings. Timings are wall-clock medians over `repeat` runs after `warmup` runs: medians
and ratios stay comparable on a shared, noisy machine where single timings do not.
"""
from __future__ import annotations

import json
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

Timed = Callable[[], Any]


@dataclass(frozen=True)
class Benchmark:
    name: str
    setup: Callable[[], Timed]
    baseline: str | None = None
    repeat: int = 20
    warmup: int = 2
    description: str = ""


@dataclass
class Result:
    name: str
    description: str
    runs: int
    median_ms: float
    p10_ms: float
    p90_ms: float
    min_ms: float
    baseline: str | None = None
    ratio: float | None = None
    counters: dict[str, Any] = field(default_factory=dict)


REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str, *, baseline: str | None = None, repeat: int = 20, warmup: int = 2,
              description: str = "") -> Callable[[Callable[[], Timed]], Callable[[], Timed]]:
    def register(setup: Callable[[], Timed]) -> Callable[[], Timed]:
        REGISTRY[name] = Benchmark(name, setup, baseline, repeat, warmup, description or (setup.__doc__ or "").strip())
        return setup
    return register


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run_one(bench: Benchmark, repeat: int | None = None) -> Result:
    fn = bench.setup()
    counters: dict[str, Any] = {}
    for _ in range(bench.warmup):
        fn()
    samples = []
    for _ in range(repeat or bench.repeat):
        start = time.perf_counter()
        out = fn()
        samples.append((time.perf_counter() - start) * 1000)
        if isinstance(out, dict):
            counters = out
    return Result(bench.name, bench.description, len(samples), statistics.median(samples),
                  _quantile(samples, 0.1), _quantile(samples, 0.9), min(samples), bench.baseline, counters=counters)


def run(names: list[str], repeat: int | None = None) -> list[Result]:
    selected = [b for n, b in REGISTRY.items() if not names or any(n.startswith(p) for p in names)]
    results = {b.name: run_one(b, repeat) for b in selected}
    for r in results.values():
        base = results.get(r.baseline) if r.baseline else None
        if base and base.median_ms > 0:
            r.ratio = r.median_ms / base.median_ms
    return list(results.values())


def table(results: list[Result], previous: dict[str, float] | None = None) -> str:
    head = ["benchmark", "median ms", "p10–p90 ms", "n", "ratio", "vs previous", "counters"]
    rows = [head]
    for r in results:
        ratio = f"{r.ratio:.2f}× {r.baseline}" if r.ratio is not None else ""
        before = (previous or {}).get(r.name)
        change = f"{r.median_ms / before:.2f}×" if before else ""
        counters = " ".join(f"{k}={v}" for k, v in r.counters.items())
        rows.append([r.name, f"{r.median_ms:.3f}", f"{r.p10_ms:.3f}–{r.p90_ms:.3f}", str(r.runs), ratio, change, counters])
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(widths[i]) for i, c in enumerate(row)).rstrip() for row in rows)


def write_json(results: list[Result], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    payload = {
        "when": stamp,
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "processor": platform.processor(), "cpus": __import__("os").cpu_count()},
        "results": [asdict(r) for r in results],
    }
    target = folder / f"bench-{stamp}.json"
    text = json.dumps(payload, indent=2, ensure_ascii=False)
    target.write_text(text, encoding="utf-8")
    (folder / "latest.json").write_text(text, encoding="utf-8")
    return target


def load_medians(file: Path) -> dict[str, float]:
    data = json.loads(file.read_text(encoding="utf-8"))
    return {r["name"]: r["median_ms"] for r in data["results"]}
