"""What a person has typed or chosen on a screen, kept across a rebuild.

Switching the language makes each screen again in the new language; whatever
was in its fields comes back. Fields are matched by type and order (the same
screen class builds the same fields in the same order), and a screen whose
fields differ in number gets nothing back rather than values in wrong fields.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTabWidget,
    QTextEdit,
    QWidget,
)

Snapshot = dict[str, list[Any]]


def _own(w: QWidget) -> bool:
    """A field of the screen, not a part of another widget (a combo's or a
    spin box's line edit)."""
    parent = w.parentWidget()
    return not isinstance(parent, (QComboBox, QAbstractSpinBox))


def _fields(root: QWidget) -> dict[str, list[QWidget]]:
    kinds: dict[str, list[QWidget]] = {}
    for w in root.findChildren(QWidget):
        if not _own(w):
            continue
        if isinstance(w, QLineEdit) and not w.isReadOnly():
            kinds.setdefault("line", []).append(w)
        elif isinstance(w, (QPlainTextEdit, QTextEdit)) and not w.isReadOnly():
            kinds.setdefault("text", []).append(w)
        elif isinstance(w, QComboBox):
            kinds.setdefault("combo", []).append(w)
        elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
            kinds.setdefault("spin", []).append(w)
        elif isinstance(w, QDateTimeEdit):
            kinds.setdefault("date", []).append(w)
        elif isinstance(w, QAbstractButton) and w.isCheckable():
            kinds.setdefault("check", []).append(w)
        elif isinstance(w, QTabWidget):
            kinds.setdefault("tabs", []).append(w)
    return kinds


def _value(w: QWidget) -> Any:
    if isinstance(w, QLineEdit):
        return w.text()
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText()
    if isinstance(w, QTextEdit):
        return w.toHtml()
    if isinstance(w, QComboBox):
        data = w.currentData()
        return ("data", data) if data is not None else ("index", w.currentIndex())
    if isinstance(w, (QSpinBox, QDoubleSpinBox)):
        return w.value()
    if isinstance(w, QDateTimeEdit):
        return w.dateTime()
    if isinstance(w, QAbstractButton):
        return w.isChecked()
    if isinstance(w, QTabWidget):
        return w.currentIndex()
    return None


def _set(w: QWidget, value: Any) -> None:
    if isinstance(w, QLineEdit) and w.text() != value:
        w.setText(value)
    elif isinstance(w, QPlainTextEdit) and w.toPlainText() != value:
        w.setPlainText(value)
    elif isinstance(w, QTextEdit):
        w.setHtml(value)
    elif isinstance(w, QComboBox):
        how, what = value
        index = w.findData(what) if how == "data" else what
        if 0 <= index < w.count() and index != w.currentIndex():
            w.setCurrentIndex(index)
    elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
        w.setValue(value)
    elif isinstance(w, QDateTimeEdit) and isinstance(value, (QDateTime, QDate)):
        w.setDateTime(value)  # type: ignore[arg-type]
    elif isinstance(w, QAbstractButton) and w.isChecked() != value:
        w.setChecked(value)
    elif isinstance(w, QTabWidget):
        w.setCurrentIndex(value)


def snapshot(root: QWidget) -> Snapshot:
    return {kind: [_value(w) for w in ws] for kind, ws in _fields(root).items()}


def restore(root: QWidget, snap: Snapshot) -> int:
    """Put the values back where the fields match; returns how many were set."""
    now = _fields(root)
    done = 0
    for kind, values in snap.items():
        widgets = now.get(kind, [])
        if len(widgets) != len(values):
            continue  # a field built from data not read yet: no guessing
        for w, value in zip(widgets, values, strict=True):
            _set(w, value)
            done += 1
    return done
