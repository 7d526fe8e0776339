"""Every paragraph and table style of the documents, in one factory."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.platypus import TableStyle

from desk.documents.pdf.fonts import register

INK = colors.HexColor("#1f2a36")
GREY = colors.HexColor("#5f6b7a")
LINE = colors.HexColor("#9aa3ad")


@cache
def stylesheet() -> StyleSheet1:
    font = register()
    sheet = StyleSheet1()
    base = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, textColor=INK,
                          wordWrap="CJK")
    sheet.add(base)
    sheet.add(ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER,
                             spaceAfter=4))
    sheet.add(ParagraphStyle("subtitle", parent=base, fontSize=9, textColor=GREY,
                             alignment=TA_CENTER, spaceAfter=10))
    sheet.add(ParagraphStyle("heading", parent=base, fontSize=12, leading=17, spaceBefore=6,
                             spaceAfter=3, keepWithNext=1))  # never last on a page
    sheet.add(ParagraphStyle("clause", parent=base, firstLineIndent=21, spaceAfter=3))
    sheet.add(ParagraphStyle("cell", parent=base, fontSize=9.5, leading=13))
    sheet.add(ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=GREY))
    sheet.add(ParagraphStyle("right", parent=base, alignment=TA_RIGHT))
    # A document code under its QR code: small, yet every character legible.
    sheet.add(ParagraphStyle("code", parent=base, fontSize=5.5, leading=7, alignment=TA_CENTER))
    return sheet


def grid(header_rows: int = 0) -> TableStyle:
    style = TableStyle([
        ("FONT", (0, 0), (-1, -1), register(), 9.5),
        ("GRID", (0, 0), (-1, -1), 0.6, LINE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ])
    if header_rows:
        style.add("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eef1f4"))
    return style


def label_grid() -> TableStyle:
    """Label / value pairs: labels shaded."""
    style = grid()
    style.add("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef1f4"))
    style.add("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#eef1f4"))
    return style
