"""Showroom Desk's start-up path, as desk.app.main runs it, with this script
typing the password: it prints LOGIN when the login window is first painted,
ENTER when it presses Enter and READY when the main window is painted.

With a third argument (seconds) it waits that long after LOGIN before pressing
Enter, as a person typing the password does; without it, Enter comes at once."""

import sys

from PySide6.QtCore import QObject, QTimer

from desk.app import create_app, start_login


class FirstPaint(QObject):
    def __init__(self, then) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.then = then

    def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
        if event.type() == event.Type.Paint and self.then:
            then, self.then = self.then, None
            QTimer.singleShot(0, then)
        return False


def main() -> None:
    app, lang = create_app("zh_CN")
    opening, login = start_login(sys.argv[1])

    def type_password() -> None:
        login.login_edit.setText(sys.argv[2])
        login.password_edit.setText("demo123")
        print("ENTER", flush=True)
        login.try_login()

    def first_paint() -> None:
        print("LOGIN", flush=True)
        QTimer.singleShot(int(float(sys.argv[3]) * 1000) if len(sys.argv) > 3 else 0, type_password)

    f = FirstPaint(first_paint)
    login.installEventFilter(f)
    login.show()
    login.exec()
    from desk.ui.common.context import Context
    from desk.ui.main_window import MainWindow

    win = MainWindow(Context(opening.result().db, login.actor, lang))
    win.painted.connect(lambda: (print("READY", flush=True), win.shutdown(), sys.exit(0)))
    win.show()
    app.exec()


main()
