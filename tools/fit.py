"""Find text that does not fit its widget: what a person sees as clipped.

`clipped(window)` walks every visible label, button, check box, combo box, tab and
table header of a window and names each one whose text is wider (or, wrapped,
taller) than the room it has, a table whose columns do not all show, and any
widget cut off by the window's right or bottom edge. tests/ui/test_fit.py runs it
on every screen at the common showroom screen sizes in both languages; `make
screenshots` prints what it finds.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTabBar,
    QTableView,
    QWidget,
)

_MNEMONIC = re.compile(r"&(?!&)")
# What a button's frame and padding take from its width in our style sheet.
_BUTTON_PADDING = 10
_COMBO_ARROW = 22
_HEADER_PADDING = 8


def _plain(text: str) -> str:
    return _MNEMONIC.sub("", text).replace("&&", "&")


def _name(w: QWidget) -> str:
    text = ""
    for attr in ("text", "title", "currentText"):
        f = getattr(w, attr, None)
        if callable(f):
            try:
                value = f()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                text = value
                break
    if not text:  # a table: named by the box it sits in
        parent = w.parentWidget()
        while parent is not None and not isinstance(parent, QGroupBox):
            parent = parent.parentWidget()
        text = parent.title() if parent is not None else ""
    return f"{type(w).__name__} “{_plain(text)[:40]}”"


def _width(fm: QFontMetrics, text: str) -> int:
    return max((fm.horizontalAdvance(line) for line in _plain(text).splitlines()), default=0)


def _label(label: QLabel) -> bool:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return False
    room = label.contentsRect().width() - 2 * label.margin() - max(label.indent(), 0)
    if label.wordWrap():
        return label.heightForWidth(label.width()) > label.height() + 1
    if label.textFormat() != label.textFormat().PlainText and ("<" in text):
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setHtml(text)
        doc.setDocumentMargin(0)
        return doc.idealWidth() > room + 1
    return _width(label.fontMetrics(), text) > room


def _button(button: QAbstractButton) -> bool:
    text = button.text()
    if not text:
        return False
    if isinstance(button, (QCheckBox, QRadioButton, QPushButton)):
        # the style's own measure: text, icon, padding and frame
        return button.sizeHint().width() > button.width()
    icon = button.iconSize().width() + 4 if not button.icon().isNull() else 0
    return _width(button.fontMetrics(), text) + icon + _BUTTON_PADDING > button.width()


def _combo(combo: QComboBox) -> bool:
    if combo.isEditable():
        return False  # a typed value scrolls, as in any line edit
    return _width(combo.fontMetrics(), combo.currentText()) + _COMBO_ARROW > combo.width()


def _header(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None:
        return []
    out = []
    fm = QFontMetrics(header.font())
    orientation = header.orientation()
    for i in range(header.count()):
        if header.isSectionHidden(i) or header.sectionSize(i) <= 0:
            continue
        if orientation.name != "Horizontal":
            continue
        text = model.headerData(i, orientation)
        if not isinstance(text, str) or not text:
            continue
        if _width(fm, text) + _HEADER_PADDING > header.sectionSize(i):
            out.append(f"column “{text}” of {type(header.parent()).__name__}")
    return out


def _tabs(bar: QTabBar) -> list[str]:
    fm = bar.fontMetrics()
    return [f"tab “{_plain(bar.tabText(i))}”" for i in range(bar.count())
            if bar.isTabVisible(i) and _width(fm, bar.tabText(i)) > bar.tabRect(i).width() - 8]


def _in_scroll_area(w: QWidget) -> bool:
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _too_narrow(w: QWidget) -> bool:
    if isinstance(w, QLabel):
        return _label(w)
    if isinstance(w, QAbstractButton):
        return not isinstance(w.parentWidget(), QTabBar) and _button(w)
    if isinstance(w, QComboBox):
        return _combo(w)
    if isinstance(w, QGroupBox):
        return bool(w.title()) and _width(w.fontMetrics(), w.title()) + 16 > w.width()
    return False


def clipped(window: QWidget) -> list[str]:
    """What a person would see cut off in `window` as it is shown now."""
    found: list[str] = []
    frame = QRect(0, 0, window.width(), window.height())
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window) or w.width() <= 0:
            continue
        if _too_narrow(w):
            found.append(_name(w))
        elif isinstance(w, QHeaderView) and isinstance(w.parentWidget(), QAbstractItemView):
            found.extend(_header(w))
        elif (isinstance(w, QTableView) and w.horizontalScrollBar().isVisibleTo(window)
              and not w.property("namesStay")):  # a wide table whose row names stay in view
            found.append(f"columns of {_name(w)} wider than the table (scrolls sideways)")
        elif isinstance(w, QTabBar):
            found.extend(_tabs(w))
        if isinstance(w, (QLabel, QAbstractButton, QComboBox)) \
                and not isinstance(w.parentWidget(), QAbstractScrollArea) \
                and not _in_scroll_area(w):
            box = QRect(w.mapTo(window, w.rect().topLeft()), w.size())
            if not frame.contains(box):
                found.append(f"{_name(w)} past the window's edge")
    return found
