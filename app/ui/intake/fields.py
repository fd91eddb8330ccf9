"""One form field of the intake form: the input built from the catalogue's field type, checked as the clerk
types, with what is wrong and how to fix it shown at the field (red border, message line and tooltip)."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QIntValidator, QPainter, QPaintEvent
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from app.domain.catalogue import FieldDef, Item
from app.domain.errors import DomainError
from app.domain.identifiers import parse_company_code, parse_mobile, parse_resident_id
from app.domain.numbering import normalise_certificate_text
from app.services import lookup
from app.services.context import ServiceContext

ERROR_STYLE = "border: 2px solid #d32f2f; border-radius: 3px; background: #fff5f5;"
WARNING_STYLE = "border: 2px solid #e69500; border-radius: 3px; background: #fffaf0;"
_COLOURS = {"error": "#c62828", "warning": "#a86400", "info": "#1565c0"}
# Length at which a partly typed identifier is complete enough to check while typing.
_CHECK_AT = {"id_number": (18,), "mobile": (11,), "company_code": (18,)}


def normalise_date(text: str) -> str:
    """'1986-5-7', '1986/05/07', '19860507' and '1986.5.7' all become '1986-05-07'; ValueError otherwise."""
    t = text.strip().replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    if len(t) == 8 and t.isdigit():
        t = f"{t[:4]}-{t[4:6]}-{t[6:]}"
    y, m, d = (int(p) for p in t.split("-"))
    return date(y, m, d).isoformat()


def registry_values(
    ctx: ServiceContext, family: str, field: str, value: str
) -> tuple[dict[str, Any], bool, bool]:
    """提取: what the registry knows for the form, from an ID number or a certificate number, whether it knew
    the person at all, and whether the central store was asked (the person is outside this counter's replica).
    Reads the database, and for such a person the central store: run it on the task runner."""
    from app.sync.central_lookup import CentreLookup

    centre = CentreLookup(ctx, timeout=5.0)
    if field == "certificate_number":
        number = normalise_certificate_text(value)
        found = lookup.extract_by_certificate(ctx, number, centre=centre)
        return found.form_values(certificate_number=number), True, found.from_centre
    ex = lookup.extract(ctx, value, centre=centre)
    return ex.form_values(family), ex.person is not None or bool(ex.certificates), ex.from_centre


def check_value(ftype: str, text: str, *, final: bool) -> tuple[str, str] | None:
    """(message, fix) when `text` is wrong for the field type; while typing, only complete values are checked."""
    t = text.strip()
    if not t:
        return None
    if not final and len(t.replace(" ", "")) not in _CHECK_AT.get(ftype, ()):
        return None
    try:
        if ftype == "id_number":
            parse_resident_id(t)
        elif ftype == "mobile":
            parse_mobile(t)
        elif ftype == "company_code":
            parse_company_code(t)
        elif ftype == "date":
            normalise_date(t)
    except DomainError as err:
        return err.message, err.fix or ""
    except ValueError:
        return QCoreApplication.translate("FieldEditor", "日期“%1”不正确").replace(
            "%1", t
        ), QCoreApplication.translate("FieldEditor", "请按“年-月-日”录入，例如 1986-05-17 或 19860517。")
    return None


class MessageLine(QLabel):
    """The line under a field that says what is wrong: always one line high, also while empty, so that a message
    appearing never pushes the fields below it away from under the clerk's mouse. A longer text is cut with "…";
    the whole of it is in the field's tooltip and in the rule panel."""

    def __init__(self) -> None:
        super().__init__()
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.setSizePolicy(policy)
        self.setFixedHeight(self.fontMetrics().height() + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(0, self.fontMetrics().height() + 2)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, self.width())
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)


class FieldEditor(QWidget):
    """The input of one catalogue field and the line under it that says what is wrong."""

    edited = Signal(str)  # field name; only for changes the clerk made, never for filled-in values
    submitted = Signal(str)  # Enter pressed in the field

    def __init__(self, item: Item, fdef: FieldDef, required: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fdef, self.name, self.required = fdef, fdef.name, required
        self._filling = False
        self._instant: tuple[str, str, str] | None = None
        self._rule: tuple[str, str, str] | None = None
        self.insist = False  # set after a submit try: show every rule failure at once
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        if fdef.type == "choice":
            self.input: QLineEdit | QComboBox = self._combo(item, fdef)
        else:
            self.input = self._line(fdef)
        self.input.setObjectName(f"field_{fdef.name}")
        # The red or amber frame must not change the row's height either.
        self.input.setFixedHeight(max(self.input.sizeHint().height(), 26))
        self.input.setAccessibleName(fdef.label)
        layout.addWidget(self.input)
        self.message = MessageLine()
        self.message.setObjectName(f"message_{fdef.name}")
        self.message.hide()
        layout.addWidget(self.message)
        self.setFocusProxy(self.input)

    def _line(self, fdef: FieldDef) -> QLineEdit:
        edit = QLineEdit()
        placeholder = {
            "id_number": QCoreApplication.translate(
                "FieldEditor", "18位身份证号，输入、扫码或按 F4 读卡后自动提取"
            ),
            "certificate_number": QCoreApplication.translate("FieldEditor", "证书编号，回车提取"),
            "mobile": QCoreApplication.translate("FieldEditor", "11位手机号"),
            "company_code": QCoreApplication.translate(
                "FieldEditor", "统一社会信用代码（18位）或组织机构代码"
            ),
            "date": QCoreApplication.translate("FieldEditor", "年-月-日，如 1986-05-17"),
        }.get(fdef.type, "")
        edit.setPlaceholderText(placeholder)
        if fdef.type == "id_number":
            edit.setMaxLength(18)
        elif fdef.type == "mobile":
            edit.setMaxLength(16)
        elif fdef.type == "int":
            edit.setValidator(QIntValidator(0, 100000, edit))
        edit.textEdited.connect(self._on_text_edited)
        edit.editingFinished.connect(self._on_finished)
        edit.returnPressed.connect(lambda: self.submitted.emit(self.name))
        return edit

    def _combo(self, item: Item, fdef: FieldDef) -> QComboBox:
        combo = QComboBox()
        combo.addItem(QCoreApplication.translate("FieldEditor", "（请选择）"), "")
        names = item.family.categories if fdef.choices_from_categories else fdef.choice_names
        for choice in item.choices_for(fdef):
            combo.addItem(f"{choice} {names[choice]}" if choice in names else choice, choice)
        combo.currentIndexChanged.connect(self._on_index_changed)
        return combo

    # ------------------------------------------------------------------ value

    def value(self) -> str:
        if isinstance(self.input, QComboBox):
            return str(self.input.currentData() or "")
        return self.input.text().strip()

    def set_value(self, value: object) -> None:
        """Put a value in without counting it as the clerk's edit."""
        text = "" if value is None else str(value)
        self._filling = True
        try:
            if isinstance(self.input, QComboBox):
                index = self.input.findData(text)
                if index < 0 and text:
                    self.input.addItem(text, text)  # a value the catalogue no longer offers is kept, not lost
                    index = self.input.count() - 1
                self.input.setCurrentIndex(max(index, 0))
            else:
                self.input.setText(text)
                self.input.setCursorPosition(0)
        finally:
            self._filling = False
        self.check(final=True)

    # ------------------------------------------------------------------ checks

    def _on_text_edited(self, _text: str) -> None:
        self.check(final=False)
        self.edited.emit(self.name)

    def _on_index_changed(self, _index: int) -> None:
        if not self._filling:
            self.edited.emit(self.name)

    def _on_finished(self) -> None:
        if not isinstance(self.input, QLineEdit):
            return
        text = self.input.text()
        fixed = text
        if self.fdef.type == "date" and text.strip():
            with contextlib.suppress(ValueError):
                fixed = normalise_date(text)
        elif self.fdef.type == "certificate_number":
            fixed = normalise_certificate_text(text)
        elif self.fdef.type in ("id_number", "company_code"):
            fixed = text.strip().upper()
        if fixed != text:
            self.input.setText(fixed)
            self.edited.emit(self.name)
        self.check(final=True)

    def check(self, *, final: bool) -> bool:
        """Run the instant check; True when the value is acceptable (or not complete yet)."""
        problem = check_value(
            self.fdef.type, self.input.text() if isinstance(self.input, QLineEdit) else "", final=final
        )
        self._instant = ("error", problem[0], problem[1]) if problem else None
        self._show()
        return problem is None

    def is_complete_and_valid(self) -> bool:
        text = self.value()
        return bool(text) and check_value(self.fdef.type, text, final=True) is None

    def set_rule_problem(self, severity: str | None, message: str = "", fix: str = "") -> None:
        """A rule-panel failure about this field; an instant-check problem takes precedence."""
        self._rule = (severity, message, fix) if severity else None
        self._show()

    def set_info(self, message: str) -> None:
        self._rule = ("info", message, "") if message else None
        self._show()

    @property
    def problem(self) -> tuple[str, str, str] | None:
        """What the field shows: its own check first; a rule failure only once the clerk has left a filled-in
        field (or after a submit try, `insist`), so that nothing turns red while it is still being typed."""
        if self._instant:
            return self._instant
        if self._rule is None or self._rule[0] == "info" or self.insist:
            return self._rule
        typing = isinstance(self.input, QLineEdit) and self.input.hasFocus()
        return None if typing or not self.value() else self._rule

    def _show(self) -> None:
        problem = self.problem
        if problem is None:
            self.input.setStyleSheet("")
            self.input.setToolTip("")
            self.message.hide()
            return
        severity, message, fix = problem
        self.input.setStyleSheet({"error": ERROR_STYLE, "warning": WARNING_STYLE}.get(severity, ""))
        mark = {"error": "✖", "warning": "⚠", "info": "ℹ"}[severity]
        text = f"{mark} {message}" + (
            QCoreApplication.translate("FieldEditor", "　处理办法：") + fix if fix else ""
        )
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {_COLOURS[severity]};")
        self.message.show()
        self.input.setToolTip(
            message + ("\n" + QCoreApplication.translate("FieldEditor", "处理办法：") + fix if fix else "")
        )
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft)
