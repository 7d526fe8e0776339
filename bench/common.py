"""Timing helpers shared by the benchmark sections."""

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
