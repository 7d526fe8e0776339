"""Print preview of a PDF made off the UI thread: look, print on any printer, or
save it as a file.

Looking is not printing: the preview is a read and logs nothing; it shows the
copy number the next print would get. Print and Save issue the document (the
print log records it then) and send the issued PDF, with the number recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import DeskError
from desk.core.uow import UnitOfWork
from desk.documents import prints
from desk.documents.prints import Printed
from desk.ui.common.feedback import show_error
from desk.ui.common.files import save_file
from desk.ui.common.operations import Operations


class PdfPreview(QDialog):
    def __init__(self, printed: Printed, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        # an A4 page's proportions, but never taller than the screen (its buttons
        # are at the bottom): a 1024x768 desk PC shows it whole
        room = self.screen().availableGeometry()
        self.resize(min(820, room.width() - 40), min(900, room.height() - 60))
        self.doc = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.doc)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.info = QLabel()
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("primary")
        self.print_button.clicked.connect(self.print_it)
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.info, 1)
        for b in (self.print_button, self.save_button, close):
            row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.show_document(printed)

    def show_document(self, printed: Printed) -> None:
        """The preview, or (once printed or saved) what went out."""
        self.printed = printed
        self.setWindowTitle(printed.filename)
        shown = getattr(self, "_buffer", None)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(printed.pdf))  # the buffer's own copy
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.doc.load(self._buffer)
        if shown is not None:
            shown.deleteLater()
        copy = (self.tr("Copy %1, recorded in the print log") if printed.issued
                else self.tr("Copy %1 when printed")).replace("%1", str(printed.copy_no))
        self.info.setText(copy + (f"  ·  {printed.mark}" if printed.mark else ""))

    def save(self) -> None:
        path = save_file(self, self.tr("Save as PDF"), self.printed.filename, "PDF (*.pdf)")
        if not path:
            return
        request = self.printed.request

        # In the transaction: a file that cannot be written leaves no log entry.
        self._issue(lambda uow: prints.issue_to_file(uow, request, Path(path)), lambda _p: None)

    def print_it(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.printed.filename)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        request = self.printed.request
        self._issue(lambda uow: prints.issue(uow, request), lambda _p: self.paint_pages(printer))

    def _issue(self, work: Callable[[UnitOfWork], Printed], then: Callable[[Printed], None]
               ) -> None:
        """Log the print (off the UI thread), then show and send the issued PDF."""
        self._enable(False)

        def done(issued: Printed) -> None:
            self._enable(True)
            self.show_document(issued)
            then(issued)

        def failed(e: DeskError) -> None:
            self._enable(True)
            show_error(self, e)

        self.ops.write(self, work, done, failed=failed)

    def _enable(self, on: bool) -> None:
        self.print_button.setEnabled(on)
        self.save_button.setEnabled(on)

    def paint_pages(self, printer: QPrinter) -> None:
        """Each page rendered at the printer's resolution and drawn on it."""
        painter = QPainter(printer)
        try:
            for i in range(self.doc.pageCount()):
                if i:
                    printer.newPage()
                target = painter.viewport()
                size = self.doc.pagePointSize(i)
                dpi = printer.resolution()
                image = self.doc.render(i, QSize(int(size.width() / 72 * dpi),
                                                 int(size.height() / 72 * dpi)))
                page = image.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                    Qt.TransformationMode.SmoothTransformation)
                painter.drawImage(target.topLeft(), page)
        finally:
            painter.end()


def preview_in_background(parent: QWidget, ops: Operations,
                          make: Callable[[UnitOfWork], Printed]) -> None:
    """Make the preview through the runner (off the UI thread) as a read, then
    show it; `make` is `prints.render`, which logs nothing."""
    def show(p: Printed) -> None:
        dlg = PdfPreview(p, ops, parent)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()

    ops.read(parent, make, show)
