"""Print preview of a PDF made off the UI thread: look, print on any printer, or
save it as a file."""

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
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.uow import UnitOfWork
from desk.documents.prints import Printed
from desk.ui.common.operations import Operations


class PdfPreview(QDialog):
    def __init__(self, printed: Printed, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.printed = printed
        self.setWindowTitle(printed.filename)
        self.resize(820, 900)
        self._bytes = QByteArray(printed.pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.doc = QPdfDocument(self)
        self.doc.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.doc)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        info = QLabel(self.tr("Copy %1").replace("%1", str(printed.copy_no))
                      + (f"  ·  {printed.mark}" if printed.mark else ""))
        print_button = QPushButton(self.tr("Print…"))
        print_button.setObjectName("primary")
        print_button.clicked.connect(self.print_it)
        save = QPushButton(self.tr("Save as PDF…"))
        save.clicked.connect(self.save)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(info, 1)
        for b in (print_button, save, close):
            row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

    def save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save as PDF"),
                                              str(Path.home() / self.printed.filename), "PDF (*.pdf)")
        if path:
            Path(path).write_bytes(self.printed.pdf)

    def print_it(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.printed.filename)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.paint_pages(printer)

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
    """Make the PDF through the runner (off the UI thread), then show the preview."""
    def show(p: Printed) -> None:
        PdfPreview(p, parent).exec()

    ops.write(parent, make, show)
