"""How commands print: JSON for scripts, aligned columns for people."""

from __future__ import annotations

import json
import sys
import unicodedata
from typing import Any


def json_out(rows: Any) -> None:
    json.dump(rows, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def table(rows: list[list[str]], headers: list[str]) -> None:
    widths = [max(_width(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    for line in [headers, *rows]:
        cells = [str(c) + " " * (w - _width(str(c))) for c, w in zip(line, widths, strict=False)]
        print("  ".join(cells).rstrip())


def _width(s: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
