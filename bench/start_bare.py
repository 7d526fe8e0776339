"""The baseline: a bare PySide6 program that opens one empty window."""

import sys

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMainWindow


class Painted(QObject):
    def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
        if event.type() == event.Type.Paint:
            print("READY", flush=True)
            sys.exit(0)
        return False


app = QApplication(sys.argv)
win = QMainWindow()
win.resize(1366, 800)
f = Painted()
win.installEventFilter(f)
win.show()
app.exec()
