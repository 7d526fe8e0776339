"""The month picker of the monthly screens (目标, 佣金)."""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit


def month_edit() -> QDateEdit:
    """Disabled until the first read brings the showroom's month (the database
    clock in the showroom's time zone, not this PC's)."""
    edit = QDateEdit()
    edit.setEnabled(False)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM")
    return edit
