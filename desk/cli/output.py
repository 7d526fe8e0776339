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


_ENCODE = json.JSONEncoder(ensure_ascii=False, default=str).encode


def json_out(rows: Any) -> None:
    """One line per item of a list (as `grep` and `head` want it), each written
    by json's C encoder (an indent would make json fall back to pure Python,
    which takes most of a 10,000-unit listing's time)."""
    if isinstance(rows, list) and rows:
        sys.stdout.write("[\n" + ",\n".join(map(_ENCODE, rows)) + "\n]\n")
    else:
        sys.stdout.write(_ENCODE(rows) + "\n")


def table(rows: list[list[str]], headers: list[str]) -> None:
    widths = [max(_width(str(x)) for x in col) for col in zip(headers, *rows, strict=False)]
    for line in [headers, *rows]:
        cells = [str(c) + " " * (w - _width(str(c))) for c, w in zip(line, widths, strict=False)]
        print("  ".join(cells).rstrip())


def _width(s: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
