"""Timing helpers shared by the benchmark sections.

Each section's run() returns a list of result dicts (`report()` makes one per
figure). A figure measured at several sizes to show how it scales adds one
`scaling(section, label, size, ms)` dict per size to that list, smallest size
first: rows with the same section and label form one line of the scaling table
`python -m bench` prints at the end of a run, each size's time and the change of
every size against the first. The rows carry the key "scaling"; the table
prints whatever rows carry it, so nothing else needs registering.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def median_time(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def interleaved(a: Callable[[], float], b: Callable[[], float], rounds: int) -> tuple[float, float]:
    """Median of each of two measurements taken in turns, so that machine noise
    hits both alike."""
    xs, ys = [], []
    for _ in range(rounds):
        xs.append(a())
        ys.append(b())
    return statistics.median(xs), statistics.median(ys)


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def time_process(args: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Seconds from spawning a Python process until each marker line it prints
    (the last one being READY)."""
    marks: dict[str, float] = {}
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, env=env, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        marks[line.strip()] = time.perf_counter() - t
        if line.strip() == "READY":
            break
    else:
        raise RuntimeError(f"{args} never printed READY")
    proc.wait()
    return marks


def report(name: str, ours: float, base: float, target: float | None, unit: str = "s",
           extra: str = "") -> dict:
    ratio = ours / base if base else float("inf")
    verdict = "" if target is None else ("  OK" if ratio <= target else "  OVER TARGET")
    tgt = "" if target is None else f" (target ≤ {target})"
    scale = 1000 if unit == "ms" else 1
    print(f"{name}: {ours * scale:.2f}{unit} vs baseline {base * scale:.2f}{unit} → "
          f"ratio {ratio:.2f}{tgt}{verdict}{extra}")
    return {"name": name, "ours": ours, "baseline": base, "ratio": ratio, "target": target}


SCALING = "scaling"  # the key that marks a row of the scaling table


def scaling(section: str, label: str, size: str | int, ms: float) -> dict:
    """One size of a figure for the scaling table: `label` names the figure in
    its section (the same label at every size), `size` what was measured at (a
    count, or words such as "3 years"), `ms` its time in milliseconds."""
    shown = f"{size:,}" if isinstance(size, int) else size
    return {SCALING: section, "name": f"{section}: {label} at {shown}", "label": label,
            "size": shown, "ms": ms}


def scaling_table(results: list[dict]) -> list[str]:
    """The lines of the scaling table for the rows of `results` that carry the
    key: one line per figure, its sizes in the order they came, each size's
    change against the first."""
    figures: dict[tuple[str, str], list[dict]] = {}
    for row in results:
        if SCALING in row:
            figures.setdefault((row[SCALING], row["label"]), []).append(row)
    if not figures:
        return []
    width = max(len(f"{section}: {label}") for section, label in figures)
    lines = []
    for (section, label), rows in figures.items():
        first = rows[0]["ms"]
        cells = []
        for row in rows:
            change = f" {row['ms'] / first - 1:+.0%}" if first and row is not rows[0] else ""
            cells.append(f"{row['size']} {row['ms']:.2f}ms{change}")
        lines.append(f"{section + ': ' + label:<{width}}  " + " | ".join(cells))
    return lines
