"""Render every screen with the demo data to PNG files under screenshots/.

Run with `make screenshots` (offscreen Qt): each screen in Chinese and English at
the common showroom screen sizes, 1024x768 and 1366x768, one folder each
(screenshots/zh_CN-1024x768/ …), and the printed documents. Open the files and
look: empty boxes instead of Chinese, clipped labels or cramped forms are bugs;
text that tools/fit.py finds clipped is listed as it goes.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "screenshots"
SIZES = [(1024, 768), (1366, 768)]
LANGS = ["zh_CN", "en"]
_WALKIN: dict[str, Any] = {}


def _settle(win: Any) -> None:
    """Let the window's reads and writes (off the UI thread) finish and show."""
    for _ in range(200):
        win.ctx.ops.wait()
        QApplication.processEvents()
        if not win.ctx.ops.busy and not any(s.loading for s in win.screens.values()):
            return


class Shots:
    """Where the pictures of one language and screen size go."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def grab(self, widget: QWidget, name: str, size: tuple[int, int] | None = None,
             win: Any = None) -> Path:
        from tools.fit import clipped

        if size:
            widget.resize(*size)
        widget.show()
        for _ in range(5):
            QApplication.processEvents()
        if win is not None:
            _settle(win)
        path = self.folder / f"{name}.png"
        widget.grab().save(str(path))
        print(path.relative_to(ROOT))
        for what in clipped(widget):
            print(f"    clipped: {what}")
        return path


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tmp = Path(tempfile.mkdtemp(prefix="desk-shots-"))
    os.environ["DESK_DATA_DIR"] = str(tmp)
    shutil.rmtree(OUT, ignore_errors=True)  # no stale pictures of screens that changed
    OUT.mkdir()

    from desk.app import create_app
    from desk.core.db import Database
    from desk.demo import showroom as demo
    from desk.ui.common.resources import switch_language

    langs = sys.argv[1:] or LANGS
    create_app(langs[0])
    empty = Database(f"sqlite:///{tmp / 'empty.sqlite3'}")
    empty.migrate()
    db = Database(f"sqlite:///{tmp / 'demo.sqlite3'}")
    db.migrate()
    with db.begin() as s:
        demo.load(s)
    for lang in langs:
        switch_language(lang)
        for width, height in SIZES:
            shoot(Shots(OUT / f"{lang}-{width}x{height}"), db, empty, lang, (width, height))
    documents(db)
    db.dispose()
    empty.dispose()
    return 0


def shoot(shots: Shots, db: Any, empty: Any, lang: str, size: tuple[int, int]) -> None:
    """Every screen of the demo showroom in one language at one window size."""
    from desk.app import build_main_window
    from desk.demo import showroom as demo
    from desk.ui.admin.login_dialog import LoginDialog
    from desk.ui.admin.setup_dialog import SetupDialog
    from desk.ui.main_window import MainWindow

    shots.grab(SetupDialog(empty), "00_setup")

    login = LoginDialog(lambda: db, project_name=demo.DEMO_PROJECT, login="lina")
    shots.grab(login, "01_login")
    login.password_edit.setText("wrong12")
    login.try_login()
    if login.ops is not None:
        login.ops.wait()
    shots.grab(login, "01_login_error")

    from desk.admin import auth

    def window_for(login_name: str) -> MainWindow:
        with db.read() as s:
            actor = auth.get_actor(s, login_name)
        win = build_main_window(db, actor, lang)
        win.resize(*size)
        return win

    def open_first(status: str) -> Callable[[MainWindow], None]:
        def prepare(win: MainWindow) -> None:
            from desk.ui.sales.unit_dialog import UnitDialog

            screen = win.screens["sales"]
            unit = next(r for r in screen.rows if r.status == status)
            dlg = UnitDialog(win.ctx, screen.project_id, unit.code, win)
            shots.grab(dlg, f"21_unit_{status}", win=win)
            dlg.close()
        return prepare

    def busy_day(win: MainWindow) -> None:
        """The demo's morning at the desk, and one more walk-in."""
        from desk.reception import rotation

        if "walkin" not in _WALKIN:  # once: every language and size shows the same day
            with db.begin() as s:
                _WALKIN["walkin"] = rotation.walkin(s, win.ctx.actor, party_size=3)
        last = _WALKIN["walkin"]
        screen = win.screens["reception"]
        screen.refresh()
        _settle(win)
        screen._assigned(last)
        from desk.ui.reception.board import QueueBoard

        board = QueueBoard(win.ctx.ops)
        shots.grab(board, "31_hall_board", size, win=win)
        board.close()

    def form_with_errors(win: MainWindow) -> None:
        screen = win.screens["visitors"]
        form = screen.form
        form.phone.setText("1381234")
        form.name.setText("欧阳")
        form.id_number.setText("110101199003074478")
        form.save()
        _settle(win)

    def return_visit(win: MainWindow) -> None:
        form = win.screens["visitors"].form
        form.phone.setText("13923456789")
        _settle(win)

    def tab(index: int) -> Callable[[MainWindow], None]:
        def prepare(win: MainWindow) -> None:
            win.screens["visitors"].tabs.setCurrentIndex(index)
        return prepare

    plan: list[tuple[str, str, Callable[[MainWindow], None] | None]] = [
        ("visitors", "frontdesk", None),
        ("visitors", "frontdesk", form_with_errors),
        ("visitors", "lina", return_visit),
        ("visitors", "manager", tab(1)),
        ("visitors", "manager", tab(2)),
        ("visitors", "manager", tab(3)),
        ("reception", "frontdesk", busy_day),
        ("sales", "assistant", None),
        ("deals", "assistant", None),
        ("reports", "manager", None),
        ("targets", "manager", None),
        ("sales", "manager", open_first("subscribed")),
        ("sales", "lina", open_first("held")),
        ("sales", "assistant", open_first("available")),
        ("admin", "admin", None),
        ("admin", "manager", None),
        ("audit", "manager", None),
        ("payments", "assistant", None),
        ("commission", "manager", None),
        ("commission", "lina", None),
    ]
    for i, (key, who, prepare) in enumerate(plan):
        win = window_for(who)
        win.show_screen(key)
        win.show()
        _settle(win)
        if prepare:
            prepare(win)
        shots.grab(win, f"{10 + i:02d}_{key}_{who}", win=win)
        if key == "admin":
            screen = win.screens["admin"]
            for t in range(screen.tabs.count()):
                screen.tabs.setCurrentIndex(t)
                shots.grab(win, f"{10 + i:02d}_{key}_{who}_tab{t}", win=win)
        win.close()
    reports(shots, window_for)


def reports(shots: Shots, window_for: Callable[[str], Any]) -> None:
    """Each report of the registry for the demo's month, at the top and at its chart."""
    from desk.ui.reporting.screen import MONTH

    win = window_for("manager")
    win.show_screen("reports")
    win.show()
    _settle(win)
    screen = win.screens["reports"]
    screen.modes.button(MONTH).click()
    _settle(win)
    for i in range(screen.chooser.count()):
        screen.chooser.setCurrentIndex(i)
        _settle(win)
        name = f"50_report_{i}_{screen.name}"
        shots.grab(win, name, win=win)
        if screen.charts:
            screen.pane.ensureWidgetVisible(screen.charts[0])
            shots.grab(win, f"{name}_chart", win=win)
    win.close()


def documents(db) -> None:  # type: ignore[no-untyped-def]
    """Every printed document, page by page (pdftoppm), to look at like the others."""
    import subprocess

    from desk.admin import auth, projects
    from desk.documents import prints
    from desk.sales import units

    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found (Debian: poppler-utils): documents not rendered")
        return
    with db.begin() as s:
        pid = projects.find_project(s, None).id
        rows = units.rows(s, pid)
        actor = auth.get_actor(s, "assistant")
        held = next(r for r in rows if r.status == "held")
        sub = next(r for r in rows if r.status == "subscribed")
        signed = next(r for r in rows if r.status == "signed")
        docs = [
            ("40_slip", prints.render(s, actor, "slip", pid, held.code)),
            ("41_subscription", prints.render(s, actor, "subscription", pid, sub.code)),
            ("42_contract", prints.issue(s, prints.PrintRequest(actor, "contract", pid,
                                                                signed.contract_number))),
            ("43_contract_copy", prints.render(s, actor, "contract", pid,
                                               signed.contract_number)),
            ("44_visitor_form_blank", prints.render(s, actor, "visitor_form", pid, "")),
        ]
    for name, printed in docs:
        pdf = OUT / f"{name}.pdf"
        pdf.write_bytes(printed.pdf)
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(OUT / name)], check=True)
        pdf.unlink()
        for png in sorted(OUT.glob(f"{name}*.png")):
            print(png.relative_to(ROOT))


if __name__ == "__main__":
    sys.exit(main())
