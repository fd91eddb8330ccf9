"""The applicant's screen (申请人确认屏): on the second monitor that faces the hall, the applicant follows what the
clerk enters (ID number and mobile masked), confirms it, signs with a pen or the mouse, and at the end rates the
service (好差评). With one monitor the same pages open in a dialog the clerk turns toward the applicant.

The screen only shows and collects; the clerk's window stores what it hands back (`confirmed`, `signed(png)`,
`rated(rating, reason)`), so nothing here touches the database.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.evaluation import RATINGS, REASON_BELOW, applicant_view, check_evaluation
from app.ui.applicant.signature_pad import SignaturePad
from app.ui.dialog_parts import error_label

PAGE_REVIEW, PAGE_SIGN, PAGE_RATE, PAGE_THANKS = range(4)


def _big(widget: QWidget, size: float = 16) -> QWidget:
    font = QFont(widget.font())
    font.setPointSizeF(size)
    widget.setFont(font)
    return widget


class ApplicantScreen(QWidget):
    confirmed = Signal()
    corrections_wanted = Signal()
    signed = Signal(bytes)  # PNG
    rated = Signal(int, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("applicantScreen")
        self.setWindowTitle(self.tr("申请人确认"))
        self.setStyleSheet(
            "#applicantScreen { background: #f7f9fc; }"
            " QPushButton:checked { background: #1565c0; color: white; font-weight: bold; }"
        )
        self.title = _big(QLabel(self.tr("请核对您的申请信息")), 22)
        self.title.setObjectName("applicantTitle")
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.pages, 1)
        self.pages.addWidget(self._review_page())
        self.pages.addWidget(self._sign_page())
        self.pages.addWidget(self._rate_page())
        self.pages.addWidget(self._thanks_page())

    # -- pages ---------------------------------------------------------------------------------------------

    def _review_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.item_label = _big(QLabel(""), 15)
        self.item_label.setWordWrap(True)
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(24)
        self.rows.setVerticalSpacing(10)
        self.confirm_button = _big(QPushButton(self.tr("信息无误，确认")), 16)
        self.confirm_button.setObjectName("applicantConfirm")
        self.confirm_button.setMinimumHeight(56)
        self.confirm_button.clicked.connect(self._confirm)
        self.wrong_button = _big(QPushButton(self.tr("信息有误，请工作人员修改")), 14)
        self.wrong_button.setMinimumHeight(56)
        self.wrong_button.clicked.connect(self.corrections_wanted.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.wrong_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        box.addWidget(self.item_label)
        box.addLayout(self.rows)
        box.addStretch(1)
        box.addLayout(buttons)
        return page

    def _sign_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        hint = _big(QLabel(self.tr("请在下方框内用签字笔（或鼠标）签写您的姓名")), 15)
        self.pad = SignaturePad()
        self.sign_error = _big(error_label("signError"), 14)
        again = _big(QPushButton(self.tr("重写")), 14)
        again.setMinimumHeight(52)
        again.clicked.connect(self.pad.clear)
        self.sign_button = _big(QPushButton(self.tr("确认签名")), 16)
        self.sign_button.setObjectName("applicantSign")
        self.sign_button.setMinimumHeight(52)
        self.sign_button.clicked.connect(self._sign)
        row = QHBoxLayout()
        row.addWidget(again)
        row.addStretch(1)
        row.addWidget(self.sign_button)
        box.addWidget(hint)
        box.addWidget(self.pad, 1)
        box.addWidget(self.sign_error)
        box.addLayout(row)
        return page

    def _rate_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        hint = _big(QLabel(self.tr("请对本次服务作出评价")), 15)
        self.rating_group = QButtonGroup(self)
        self.rating_group.setExclusive(True)
        row = QHBoxLayout()
        for value, label in RATINGS.items():
            button = _big(QPushButton(f"{label}\n（{value}）"), 15)
            button.setObjectName(f"rating_{value}")
            button.setCheckable(True)
            button.setMinimumSize(140, 84)
            self.rating_group.addButton(button, value)
            row.addWidget(button)
            QShortcut(QKeySequence(str(value)), page, lambda v=value: self.choose_rating(v))
        self.rating_group.idClicked.connect(self.choose_rating)
        self.reason_label = _big(QLabel(self.tr("请告诉我们不满意的原因（必填）：")), 14)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("ratingReason")
        self.reason.setMaximumHeight(120)
        self.rate_error = _big(error_label("rateError"), 14)
        self.rate_button = _big(QPushButton(self.tr("提交评价")), 16)
        self.rate_button.setObjectName("applicantRate")
        self.rate_button.setMinimumHeight(52)
        self.rate_button.clicked.connect(self._rate)
        box.addWidget(hint)
        box.addLayout(row)
        box.addWidget(self.reason_label)
        box.addWidget(self.reason)
        box.addWidget(self.rate_error)
        box.addStretch(1)
        box.addWidget(self.rate_button, 0, Qt.AlignmentFlag.AlignRight)
        self._show_reason(False)
        return page

    def _thanks_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        thanks = _big(QLabel(self.tr("谢谢您的评价！")), 24)
        thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(thanks, 1)
        return page

    # -- what the clerk's window calls ---------------------------------------------------------------------

    def show_form(self, item_name: str, form: dict[str, object], labels: dict[str, str]) -> None:
        """Follow the clerk's entry: filled fields only, the ID number and mobile masked."""
        self.item_label.setText(self.tr("办理事项：%1").replace("%1", item_name))
        while self.rows.count():
            widget = self.rows.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        for r, (label, value) in enumerate(applicant_view(form, labels)):
            name = _big(QLabel(label + self.tr("：")), 15)
            name.setStyleSheet("color: #555;")
            shown = _big(QLabel(value), 16)
            shown.setWordWrap(True)
            self.rows.addWidget(name, r, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.rows.addWidget(shown, r, 1)
        self.rows.setColumnStretch(1, 1)

    def ask_confirmation(self) -> None:
        self._go(PAGE_REVIEW, self.tr("请核对您的申请信息"))

    def ask_signature(self) -> None:
        self.pad.clear()
        self.sign_error.setText("")
        self._go(PAGE_SIGN, self.tr("请签名确认"))

    def ask_rating(self) -> None:
        self.rating_group.setExclusive(False)
        for button in self.rating_group.buttons():
            button.setChecked(False)
        self.rating_group.setExclusive(True)
        self.reason.clear()
        self.rate_error.setText("")
        self._show_reason(False)
        self._go(PAGE_RATE, self.tr("服务评价（好差评）"))

    def _go(self, page: int, title: str) -> None:
        self.title.setText(title)
        self.pages.setCurrentIndex(page)

    # -- the applicant's answers -----------------------------------------------------------------------------

    def _confirm(self) -> None:
        self.confirmed.emit()
        self.ask_signature()

    def _sign(self) -> None:
        if self.pad.is_empty():
            self.sign_error.setText(self.tr("请先在框内签名，再按“确认签名”。"))
            return
        self.signed.emit(self.pad.png())
        self._go(PAGE_THANKS, self.tr("已签名，请稍候"))

    def choose_rating(self, value: int) -> None:
        button = self.rating_group.button(value)
        if button is not None:
            button.setChecked(True)
        self._show_reason(value < REASON_BELOW)

    def _show_reason(self, needed: bool) -> None:
        self.reason_label.setVisible(needed)
        self.reason.setVisible(needed)

    def _rate(self) -> None:
        value = self.rating_group.checkedId()
        try:
            rating, reason = check_evaluation(value, self.reason.toPlainText())
        except DomainError as err:
            self.rate_error.setText(f"{err.message}。{err.fix or ''}")
            return
        self.rated.emit(rating, reason)
        self._go(PAGE_THANKS, self.tr("谢谢"))


def applicant_screen_for(parent: QWidget) -> tuple[ApplicantScreen, QWidget]:
    """The applicant's screen and the window that holds it: full screen on a second monitor when there is one,
    otherwise a dialog over the clerk's window."""
    screens = QGuiApplication.screens()
    clerk_screen = QWidget.screen(parent.window())  # MainWindow.screen(key) shadows QWidget.screen()
    others = [s for s in screens if s is not clerk_screen]
    screen = ApplicantScreen()
    if others:
        target = others[0]
        screen.setScreen(target)
        screen.setGeometry(target.geometry())
        return screen, screen
    dialog = QDialog(parent)
    dialog.setObjectName("applicantDialog")
    dialog.setWindowTitle(screen.tr("请申请人确认（把屏幕转向申请人）"))
    box = QVBoxLayout(dialog)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(screen)
    from app.ui.screen_fit import fit_dialog

    fit_dialog(dialog, 1000, 700)
    return screen, dialog
