"""Windows that fit the counter's screen: 1366×768 is the commonest, and a button below the screen's edge cannot
be pressed. The main window opens maximised on screens that small; a dialog never asks for more than the screen
it opens on (its content scrolls instead), and `clipped_widgets` finds what a layout pushed out of sight."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

# Below this the main window opens maximised: the side bar, the form and the action row need the whole screen.
ROOMY_WIDTH, ROOMY_HEIGHT = 1500, 940
MAIN_SIZE = (1280, 800)
# Room left for the title bar and the frame of a dialog.
FRAME_W, FRAME_H = 16, 48


def available_area(widget: QWidget | None = None) -> QRect:
    """The usable area (without task bar) of the screen the widget is on, or of the primary screen."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = QWidget.screen(parent.window() if parent is not None else widget)  # MainWindow.screen(key)
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def show_main_window(window: QWidget) -> None:
    """Show the main window: maximised on a small screen, 1280×800 centred on a roomy one."""
    area = available_area(window)
    if area.width() < ROOMY_WIDTH or area.height() < ROOMY_HEIGHT:
        window.showMaximized()
        return
    window.resize(*MAIN_SIZE)
    window.move(area.center() - QPoint(MAIN_SIZE[0] // 2, MAIN_SIZE[1] // 2))
    window.show()


def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    """Resize a dialog to its preferred size, but never beyond the screen it opens on."""
    area = available_area(dialog)
    max_w, max_h = area.width() - FRAME_W, area.height() - FRAME_H
    dialog.setMaximumSize(max_w, max_h)
    dialog.resize(min(width, max_w), min(height, max_h))


def clipped_widgets(window: QWidget) -> list[str]:
    """Visible widgets that a too-small window cut off: outside the window, outside their parent (except inside a
    scroll area, whose job that is), or squeezed below their minimum size."""
    problems: list[str] = []
    frame = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or widget.width() <= 0:
            continue
        if _inside_scroll_area(widget, window):
            continue
        name = f"{type(widget).__name__} {widget.objectName()!r} {_text(widget)!r}"
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not frame.contains(rect):
            problems.append(f"{name} 超出窗口：{_rect(rect)} 不在 {_rect(frame)} 内")
            continue
        parent = widget.parentWidget()
        if parent is not None and parent is not window and not parent.rect().contains(widget.geometry()):
            problems.append(f"{name} 超出上级控件：{_rect(widget.geometry())} 不在 {_rect(parent.rect())} 内")
            continue
        hint = widget.minimumSizeHint()
        small_w = hint.isValid() and widget.width() < min(hint.width(), widget.minimumWidth() or hint.width())
        small_h = hint.isValid() and widget.height() < min(
            hint.height(), widget.minimumHeight() or hint.height()
        )
        if (small_w or small_h) and _text(widget) and not widget.objectName().startswith("qt_"):
            problems.append(
                f"{name} 被压缩：{widget.width()}×{widget.height()} 小于 {hint.width()}×{hint.height()}"
            )
    return problems


def _inside_scroll_area(widget: QWidget, window: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return True
        parent = parent.parentWidget()
    return False


def _text(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    if callable(text):
        try:
            value = text()
        except TypeError:  # a widget's own text(row, column) and the like: no caption to name it by
            return ""
        return value if isinstance(value, str) else ""
    return ""


def _rect(rect: QRect) -> str:
    return f"({rect.x()},{rect.y()} {rect.width()}×{rect.height()})"
