"""Fonts, translations and the style sheet, installed once at start-up."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desk.core import config

log = logging.getLogger(__name__)
I18N = config.RESOURCES / "i18n"
_installed: list[QTranslator] = []  # the catalogues of the language in use


def install_font(app: QApplication, point_size: float = 10.5) -> str:
    """Register the shipped CJK font and make it the application font.

    The machine may have no Chinese font at all; without this every label
    would be empty boxes.
    """
    font_id = QFontDatabase.addApplicationFont(str(config.FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.error("could not load %s", config.FONT_FILE)
        return app.font().family()
    family = config.FONT_FAMILY if config.FONT_FAMILY in families else families[0]
    font = QFont(family)
    font.setPointSizeF(point_size)
    app.setFont(font)
    return family


def install_translations(app: QApplication, lang: str) -> list[QTranslator]:
    """Load our zh_CN catalogue and Qt's own (for standard buttons and dialogs).

    Qt's catalogue leaves a few labels of its file and print dialogs in English;
    qtextra_zh_CN fills them (a later translator is asked first).
    """
    for old in _installed:  # a switch of language replaces the catalogues in place
        app.removeTranslator(old)
    _installed.clear()
    translators = _installed
    if lang.startswith("en"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return list(translators)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (("qtbase_zh_CN", qt_dir), ("qtextra_zh_CN", str(I18N)),
                         ("desk_zh_CN", str(I18N))):
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
            translators.append(tr)
        else:
            log.warning("translation %s not found in %s", name, folder)
    return list(translators)


def switch_language(lang: str) -> str:
    """Use `lang` from now on, for the UI and the services' messages."""
    from desk.core import errors

    code = "en" if lang.startswith("en") else "zh_CN"
    app = QApplication.instance()
    if isinstance(app, QApplication):
        install_translations(app, code)
    errors.set_language(code)
    return code


STYLE = """
QMainWindow, QDialog { background: #f6f7f9; }
QListWidget#nav { background: #1f2a36; color: #dfe6ee; border: none; font-size: 12pt; }
QListWidget#nav::item { padding: 10px 14px; }
QListWidget#nav::item:selected { background: #2f80ed; color: white; }
QLabel#screenTitle { font-size: 16pt; font-weight: bold; color: #1f2a36; }
QLabel#fieldError { color: #c0392b; }
QLabel#hint { color: #5f6b7a; }
QPushButton { padding: 5px 14px; }
QPushButton#primary { background: #2f80ed; color: white; border: 1px solid #2369c7;
                      border-radius: 3px; padding: 6px 18px; }
QPushButton#primary:disabled { background: #9dbff0; }
QLineEdit[invalid="true"], QComboBox[invalid="true"] { border: 1px solid #c0392b; }
QTableView { background: white; gridline-color: #e3e6ea; }
QHeaderView::section { background: #eef1f4; padding: 4px; border: none;
                       border-right: 1px solid #dde1e6; border-bottom: 1px solid #dde1e6; }
"""
