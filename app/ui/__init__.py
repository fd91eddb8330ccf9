"""The PySide6 desktop client: the only package that imports Qt."""

from app.ui.qt_import_hook import lighten_feature_scan

lighten_feature_scan()  # before any screen's module is imported (app/ui/qt_import_hook.py)
