"""Capture screens (扫描材料): the capture dialog for one material of one application, and the read-only page viewer
the supervisor's review reuses."""

from app.ui.capture.dialog import CaptureDialog
from app.ui.capture.page_viewer import PageViewer

__all__ = ["CaptureDialog", "PageViewer"]
