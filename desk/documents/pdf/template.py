"""The page template of every document: header (project, title, number), footer
(page x of y, printed by and at), and the 副本 / 作废 marks."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from desk.documents.pdf.fonts import register
from desk.documents.pdf.styles import GREY, LINE

MARGIN = 18 * mm
PADDING = 6.0  # the body frame's own padding, each side (ReportLab's default)


def body_frame(pagesize: tuple[float, float]) -> Frame:
    """Where a document's flowables go: inside the margins."""
    width, height = pagesize
    return Frame(MARGIN, MARGIN, width - 2 * MARGIN, height - 2 * MARGIN, id="body",
                 leftPadding=PADDING, rightPadding=PADDING, topPadding=PADDING,
                 bottomPadding=PADDING)


def content_width(pagesize: tuple[float, float]) -> float:
    """The width a flowable may take: the body frame's, inside its padding. Every
    table is sized from this, so none runs past the right margin."""
    return pagesize[0] - 2 * MARGIN - 2 * PADDING


@dataclass(frozen=True)
class Header:
    project: str
    title: str
    number: str
    printed_by: str
    printed_at: str  # local time, as text
    mark: str = ""  # "" | 副本 | 作废
    copy_no: int = 1


class PagedCanvas(Canvas):
    """Holds the pages back until the end, so each can say 'page x of y':
    `_decorate(total)` draws a page's header or footer."""

    _pagesize: tuple[float, float]  # Canvas's own, private (not in reportlab's stubs)

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._pages: list[dict[str, Any]] = []

    def _decorate(self, total: int) -> None:
        raise NotImplementedError

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        # Canvas's private page reset, as in ReportLab's page-x-of-y recipe.
        self._startPage()  # type: ignore[attr-defined]  # private: not in reportlab's stubs

    def save(self) -> None:
        total = len(self._pages)
        for page in self._pages:
            self.__dict__.update(page)
            self._decorate(total)
            super().showPage()
        super().save()


class _NumberedCanvas(PagedCanvas):
    """The documents' header on every page, with 'page x of y'."""

    def __init__(self, *args: Any, header: Header, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.header = header

    def _decorate(self, total: int) -> None:
        h, font = self.header, register()
        width, height = self._pagesize
        left, right = MARGIN, width - MARGIN
        self.saveState()
        self.setFont(font, 8.5)
        self.setFillColor(GREY)
        self.drawString(left, height - 12 * mm, h.project)
        self.drawRightString(right, height - 12 * mm, f"{h.title}  编号 {h.number}")
        self.setStrokeColor(LINE)
        self.setLineWidth(0.5)
        self.line(left, height - 13.5 * mm, right, height - 13.5 * mm)
        self.line(left, 13.5 * mm, right, 13.5 * mm)
        self.drawString(left, 9 * mm, f"打印：{h.printed_by}  {h.printed_at}  第 {h.copy_no} 份")
        self.drawRightString(right, 9 * mm, f"第 {self.getPageNumber()} 页 / 共 {total} 页")
        if h.mark:
            self.setFont(font, 64)
            self.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.22))
            self.translate(width / 2, height / 2)
            self.rotate(30)
            self.drawCentredString(0, 0, h.mark)
        self.restoreState()


def build(flowables: list[Flowable], header: Header, pagesize: tuple[float, float] = A4,
          invariant: bool = False) -> bytes:
    """The PDF bytes. `invariant` makes the same data give the same bytes (tests)."""
    register()
    out = BytesIO()
    doc = BaseDocTemplate(
        out, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=f"{header.title} {header.number}", author=header.project,
        creator="Showroom Desk", invariant=int(invariant),
        initialFontName=register(),  # no stray non-embedded Helvetica in the file
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[body_frame(pagesize)])])
    doc.build(flowables, canvasmaker=lambda *a, **k: _NumberedCanvas(*a, header=header, **k))
    return out.getvalue()
