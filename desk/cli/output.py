"""How commands print: JSON for scripts, aligned columns for people."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from typing import Any

# ANSI/VT escape sequences: CSI (colours, cursor moves), OSC (window titles,
# links) and the two-character ones.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
                      r"|\x9b[0-?]*[ -/]*[@-~]")


def clean(text: str) -> str:
    """A message safe to print on one terminal line: escape sequences and control
    characters (line breaks, bidi overrides, undecodable bytes) taken out, so what
    a user typed cannot recolour, move or rewrite the terminal. CJK is kept."""
    text = _ESCAPES.sub("", text)
    out = []
    for c in text:
        cat = unicodedata.category(c)
        if c in "\n\r\t":
            out.append(" ")
        elif cat in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            continue
        else:
            out.append(c)
    return "".join(out).strip()


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
