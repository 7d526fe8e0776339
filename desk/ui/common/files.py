"""File choosers that start where office staff keep their files.

The first time, the user's documents folder (文档); after that, the folder they
last chose, remembered per PC.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from desk.ui.common.context import ui_settings

_KEY = "files/last_folder"


def start_folder() -> Path:
    last = ui_settings().value(_KEY)
    if isinstance(last, str) and last and Path(last).is_dir():
        return Path(last)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def _remember(path: str) -> str:
    if path:
        ui_settings().setValue(_KEY, str(Path(path).parent))
    return path


def save_file(parent: QWidget, title: str, name: str, filters: str) -> str:
    """The path to save to ("" when cancelled); `name` is the suggested file name."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder() / name), filters)
    return _remember(path)


def open_file(parent: QWidget, title: str, filters: str) -> str:
    """The file to open ("" when cancelled)."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), filters)
    return _remember(path)
