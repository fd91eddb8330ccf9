"""Certificate printing: preview inside the application, a chosen printer or a PDF file, batch printing."""

from app.ui.printing.batch import BatchPrintDialog
from app.ui.printing.preview import CertificatePreviewDialog

__all__ = ["BatchPrintDialog", "CertificatePreviewDialog"]
