"""The receipt on paper or as PDF, through Qt's text layout (core/receipt.py decides what it says).

A5 portrait, the size of a counter receipt; DejaVu Sans (installed with the workstation) for the
Vietnamese diacritics. The PDF is written to memory and then atomically to its file, so a full
stick never leaves half a receipt.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF
from PySide6.QtGui import QPageLayout, QPageSize, QPagedPaintDevice, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QWidget

from workstation.core.receipt import Receipt, receipt_html

RESOLUTION = 300
QR_MM = 32                 # the QR code's side on paper: read by a phone camera at arm's length


def _paint(receipt: Receipt, device: QPagedPaintDevice) -> None:
    """Lay the receipt out for this device (fonts measured at its resolution, so 10 pt is 10 pt on
    paper) and paint it on its one page."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.documentLayout().setPaintDevice(device)
    document.setHtml(receipt_html(receipt, qr_pixels=round(QR_MM / 25.4 * 96)))   # CSS pixels: Qt scales them
    page = QRectF(0, 0, device.width(), device.height())
    document.setPageSize(page.size())
    painter = QPainter(device)
    try:
        document.drawContents(painter, page)
    finally:
        painter.end()


def pdf_bytes(receipt: Receipt) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A5), QPageLayout.Orientation.Portrait,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    writer.setTitle(f"Giấy xác nhận {receipt.reference}")
    writer.setCreator("workstation")
    _paint(receipt, writer)
    del writer                                   # ends the PDF
    buffer.close()
    return bytes(data.data())


def write_pdf(receipt: Receipt, path: Path) -> Path:
    """Raises WorkstationError in the officer's words when the file cannot be written."""
    from workstation.atomic_file import write_atomically
    from workstation.disk_space import write_error

    data = pdf_bytes(receipt)
    try:
        write_atomically(path, data)
    except OSError as exc:
        raise write_error(exc, path.parent) from None
    return path


def default_printer_name() -> str:
    """The system's default printer ("" when none is set)."""
    from PySide6.QtPrintSupport import QPrinterInfo

    info = QPrinterInfo.defaultPrinter()
    return "" if info.isNull() else info.printerName()


def print_receipt(receipt: Receipt, parent: QWidget | None = None) -> bool:
    """Straight to the default printer when one is set (no dialog at the counter); otherwise the
    system print dialog, then the chosen printer. False when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    printer.setDocName(f"Giấy xác nhận {receipt.reference}")
    default = default_printer_name()
    if default:
        printer.setPrinterName(default)
        _paint(receipt, printer)
        return True
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _paint(receipt, printer)
    return True
