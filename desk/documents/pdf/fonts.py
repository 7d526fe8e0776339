"""The shipped CJK TrueType font, registered with ReportLab and embedded (subset)
in every PDF. ReportLab cannot embed CFF/OTF outlines, hence TrueType."""

from __future__ import annotations

from functools import cache

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desk.core import config
from desk.core.errors import InvalidInput

FONT = "WQYMicroHei"


@cache
def register() -> str:
    # Binary (not ASCII85) streams: smaller files, faster to write; PDF readers
    # and printers have taken binary streams for decades.
    rl_config.useA85 = 0
    font = TTFont(FONT, str(config.FONT_FILE), subfontIndex=0)
    pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    return FONT


@cache
def _covered() -> frozenset[int]:
    register()
    font = pdfmetrics.getFont(FONT)
    assert isinstance(font, TTFont)  # register() registers a TrueType font
    return frozenset(font.face.charToGlyph)


def missing_chars(*texts: str) -> list[str]:
    """Characters the font cannot draw (rare characters in names), in order."""
    covered = _covered()
    seen: list[str] = []
    for text in texts:
        for ch in text or "":
            if ord(ch) not in covered and not ch.isspace() and ch not in seen:
                seen.append(ch)
    return seen


def check_printable(fields: dict[str, str]) -> None:
    """Refuse, naming the field and the characters, rather than print empty boxes."""
    for name, text in fields.items():
        bad = missing_chars(text)
        if bad:
            chars = "".join(bad)
            raise InvalidInput(
                f"“{text}”中的字“{chars}”（U+{ord(bad[0]):04X}）字库里没有，打印会是空框。"
                "请改用常用写法，或手写补填。",
                f"The font has no glyph for '{chars}' (U+{ord(bad[0]):04X}) in '{text}'; "
                "it would print as an empty box. Use a common form or write it in by hand.",
                field=name,
            )
