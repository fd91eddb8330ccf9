"""PDF pages as images for the preview and for painting onto a printer: QtPdf when this PySide6 carries it,
otherwise pypdfium2 (always installed)."""

from __future__ import annotations

from PySide6.QtGui import QImage


def pdf_images(pdf: bytes, dpi: float) -> list[QImage]:
    try:
        from PySide6.QtCore import QBuffer, QByteArray, QSize
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return _pdfium_images(pdf, dpi)
    doc = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    doc.load(buffer)
    out = []
    for i in range(doc.pageCount()):
        size = doc.pagePointSize(i)
        out.append(doc.render(i, QSize(round(size.width() * dpi / 72), round(size.height() * dpi / 72))))
    return out


def _pdfium_images(pdf: bytes, dpi: float) -> list[QImage]:
    import pypdfium2 as pdfium

    from app.capture.pdfpages import PDFIUM_LOCK

    with PDFIUM_LOCK:  # PDFium is not thread-safe: previews render on the pool while capture may read PDFs
        doc = pdfium.PdfDocument(pdf)
        try:
            out = []
            for i in range(len(doc)):
                pil = doc[i].render(scale=dpi / 72).to_pil().convert("RGB")
                image = QImage(
                    pil.tobytes(), pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888
                )
                out.append(image.copy())  # detach from the Python buffer
            return out
        finally:
            doc.close()


def page_sizes_pt(pdf: bytes) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium

    from app.capture.pdfpages import PDFIUM_LOCK

    with PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            return [tuple(doc[i].get_size()) for i in range(len(doc))]  # type: ignore[misc]
        finally:
            doc.close()
