"""Showing a service's refusal next to the field it names, or in a message box."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from desk.core.errors import DeskError, FieldErrors


class FieldErrorsView:
    """Error labels under form fields. The fields keep what the user typed."""

    def __init__(self) -> None:
        self.fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add(self, name: str, widget: QWidget) -> QLabel:
        label = QLabel()
        label.setObjectName("fieldError")
        label.setWordWrap(True)
        label.hide()
        self.fields[name] = (widget, label)
        return label

    def clear(self) -> None:
        for name in self.fields:
            self.clear_field(name)

    def clear_field(self, name: str) -> None:
        """One field's message gone (as soon as the field is edited)."""
        widget, label = self.fields[name]
        if label.isHidden():
            return
        label.hide()
        label.clear()
        widget.setProperty("invalid", False)
        widget.style().polish(widget)

    def show(self, error: DeskError) -> bool:
        """Put the message by its field; False when no field of this form fits."""
        errors = error.errors if isinstance(error, FieldErrors) else {error.field or "": error}
        shown = False
        for name, err in errors.items():
            if name in self.fields:
                widget, label = self.fields[name]
                label.setText(str(err))
                label.show()
                widget.setProperty("invalid", True)
                widget.style().polish(widget)
                if not shown:
                    widget.setFocus()
                shown = True
        return shown


def show_error(parent: QWidget | None, error: DeskError, title: str | None = None) -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or QCoreApplication.translate("feedback", "Not done"))
    box.setText(str(error))
    box.exec()
