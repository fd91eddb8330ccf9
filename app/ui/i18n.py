"""Translations: Simplified Chinese is the source language; another language is a .qm file in resources/i18n/."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.paths import resource_path

I18N_DIR = resource_path("i18n")
APP_PREFIX = "counterdesk_"


def install_translators(app: QApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Load counterdesk_<locale>.qm when one exists, and Qt's own strings (standard buttons) to match.

    Without an application .qm the UI stays in its Chinese source text, so Qt's own dialogs are loaded in
    Simplified Chinese too, whatever the system locale is.
    """
    locale = locale or QLocale.system()
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    if ours.load(locale, "counterdesk", "_", str(I18N_DIR)):
        app.installTranslator(ours)
        installed.append(ours)
        qt_locale = locale
    else:
        qt_locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(qt_locale, "qtbase", "_", qt_dir):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
