"""Step 4, the application form (申请表): the item's fields in the catalogue's order, change items with the
values before and after side by side, and the on-site signature notice for cross-province transfer out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.catalogue import Item
from app.domain.rules import RuleFailure
from app.domain.rules.idcard import ID_CARD_KEY
from app.ui.intake.fields import FieldEditor

# For change items: (row title, field before, field after). A "before" field that also identifies the
# applicant (name, ID number, sex) stays in the main list and is mirrored read-only here.
CHANGE_PAIRS: dict[str, list[tuple[str, str, str]]] = {
    "company_renamed": [("企业名称", "old_company_name", "company_name")],
    "employer_changed": [
        ("聘用企业名称", "old_company_name", "new_company_name"),
        ("企业代码", "company_code", "new_company_code"),
    ],
    "personal_changed": [
        ("姓名", "name", "new_name"),
        ("身份证号", "id_number", "new_id_number"),
        ("性别", "sex", "new_sex"),
    ],
}
_MIRRORED = {"name", "id_number", "sex"}
EXTRACT_FIELDS = ("id_number", "certificate_number")
COMPANY_NAME_OF = {"company_code": "company_name", "new_company_code": "new_company_name"}


class FormPage(QWidget):
    changed = Signal(str)  # a field the clerk edited
    extract_requested = Signal(str, str)  # (field, value): ID number or certificate number ready to look up
    company_requested = Signal(str, str)  # company code field, code: fill the company's name

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.editors: dict[str, FieldEditor] = {}
        self.autofilled: set[str] = set()
        self.registry: dict[str, Any] = {}
        self.card: dict[str, str] = {}  # what the ID card reader read, kept with the form
        self._mirrors: dict[str, QLabel] = {}
        self._extracted: dict[str, str] = {}
        self.show_required = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        body = QWidget()
        layout = QVBoxLayout(body)
        if item.onsite_signature:
            self.onsite_notice = QLabel(
                self.tr(
                    "⚠ 本事项须申请人本人到窗口现场签字、原聘用企业现场盖章（不接受事先签好的材料）。"
                    "请当面核对身份证原件，在“收取材料”中点“申请人现场签名”的“签名…”，由申请人当面签名。"
                )
            )
            self.onsite_notice.setObjectName("onsite_notice")
            self.onsite_notice.setWordWrap(True)
            self.onsite_notice.setStyleSheet(
                "background: #fff3cd; color: #7a4b00; border: 2px solid #e69500; border-radius: 4px;"
                " padding: 8px; font-size: 15px; font-weight: bold;"
            )
            layout.addWidget(self.onsite_notice)

        pairs = [p for p in CHANGE_PAIRS.get(item.change_type or "", []) if item.field(p[2])]
        in_pairs = {p[2] for p in pairs} | {p[1] for p in pairs if p[1] not in _MIRRORED}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setVerticalSpacing(6)
        order: list[FieldEditor] = []
        row = 0
        for f in item.fields:
            if f.name in in_pairs:
                continue
            editor = self._editor(f.name)
            grid.addWidget(self._label(f.name), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor, row, 1)
            order.append(editor)
            row += 1
        layout.addLayout(grid)

        if pairs:
            box = QGroupBox(self.tr("变更内容（左：变更前　右：变更后）"))
            box.setObjectName("change_pairs")
            pg = QGridLayout(box)
            pg.setColumnStretch(1, 1)
            pg.setColumnStretch(2, 1)
            for col, head in ((1, self.tr("变更前")), (2, self.tr("变更后"))):
                h = QLabel(f"<b>{head}</b>")
                pg.addWidget(h, 0, col)
            for r, (title, before, after) in enumerate(pairs, start=1):
                pg.addWidget(QLabel(title), r, 0, Qt.AlignmentFlag.AlignTop)
                if before in _MIRRORED or not item.field(before):
                    mirror = QLabel("—")
                    mirror.setObjectName(f"before_{before}")
                    mirror.setStyleSheet("background: #f2f2f2; border: 1px solid #ccc; padding: 3px;")
                    mirror.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                    self._mirrors[before] = mirror
                    pg.addWidget(mirror, r, 1, Qt.AlignmentFlag.AlignTop)
                else:
                    editor = self._editor(before)
                    pg.addWidget(editor, r, 1, Qt.AlignmentFlag.AlignTop)
                    order.append(editor)
                new_editor = self._editor(after)
                pg.addWidget(new_editor, r, 2, Qt.AlignmentFlag.AlignTop)
                order.append(new_editor)
            layout.addWidget(box)
        layout.addStretch(1)
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a.input, b.input)
        self.tab_order = [e.name for e in order]

        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)

    def _label(self, name: str) -> QLabel:
        f = self.item.field(name)
        assert f is not None
        star = "<span style='color:#c62828'>*</span>" if name in self.item.required_fields else ""
        label = QLabel(f"{star}{f.label}")
        label.setBuddy(self.editors[name].input)
        label.setContentsMargins(0, 4, 0, 0)  # level with the text in the input beside it
        return label

    def _editor(self, name: str) -> FieldEditor:
        f = self.item.field(name)
        assert f is not None
        editor = FieldEditor(self.item, f, name in self.item.required_fields)
        if name in self.item.required_fields:
            editor.input.setToolTip(self.tr("必填"))
        editor.edited.connect(self._on_edited)
        editor.submitted.connect(self._on_submitted)
        self.editors[name] = editor
        return editor

    # ------------------------------------------------------------------ values

    def values(self) -> dict[str, Any]:
        """The fields as entered, and what the ID card reader read (`id_card`), which the rules check."""
        out: dict[str, Any] = {name: e.value() for name, e in self.editors.items()}
        if self.card:
            out[ID_CARD_KEY] = dict(self.card)
        return out

    def fill_from_card(self, values: dict[str, str], card: dict[str, str]) -> list[str]:
        """读卡: the chip is the authority on who this is; its values replace what was there."""
        self.card = dict(card)
        filled = []
        for name, value in values.items():
            editor = self.editors.get(name)
            if editor is not None and value and editor.value() != value:
                editor.set_value(value)
                filled.append(name)
            if editor is not None and value:
                self.autofilled.add(name)
        self._refresh_mirrors()
        return filled

    def set_values(self, values: dict[str, Any], autofilled: list[str] | None = None) -> None:
        card = values.get(ID_CARD_KEY)
        self.card = dict(card) if isinstance(card, dict) else {}
        for name, value in values.items():
            if name in self.editors:
                self.editors[name].set_value(value)
        self.autofilled = set(autofilled or [])
        self._extracted = {n: self.editors[n].value() for n in EXTRACT_FIELDS if n in self.editors}
        self._refresh_mirrors()

    def fill_from_registry(self, values: dict[str, Any]) -> list[str]:
        """提取: fill every field the registry knows that is empty or was filled by an earlier extract;
        never what the clerk typed. Returns the names filled."""
        self.registry.update({k: v for k, v in values.items() if v})
        filled = []
        for name, editor in self.editors.items():
            value = values.get(name)
            if not value or name in EXTRACT_FIELDS and editor.value():
                continue
            if editor.value() and name not in self.autofilled:
                continue
            if editor.value() != str(value):
                editor.set_value(value)
                filled.append(name)
            self.autofilled.add(name)
        self._refresh_mirrors()
        return filled

    def _refresh_mirrors(self) -> None:
        for name, label in self._mirrors.items():
            value = self.editors[name].value() if name in self.editors else self.registry.get(name, "")
            label.setText(str(value) if value else "—")

    # ------------------------------------------------------------------ signals

    def _on_edited(self, name: str) -> None:
        self.autofilled.discard(name)
        editor = self.editors[name]
        if name == "id_number" and editor.is_complete_and_valid():
            self._request_extract(name)
        self._refresh_mirrors()
        self.changed.emit(name)

    def _on_submitted(self, name: str) -> None:
        editor = self.editors[name]
        if name in COMPANY_NAME_OF and editor.is_complete_and_valid():
            # A registered company's code + Enter fills its name (the clerk types 18 characters, not 20).
            self.company_requested.emit(name, editor.value())
            self.focusNextChild()
            return
        fresh = name in EXTRACT_FIELDS and editor.value() and self._extracted.get(name) != editor.value()
        if fresh and (name == "certificate_number" or editor.is_complete_and_valid()):
            self._request_extract(name)
            return
        self.focusNextChild()

    def _request_extract(self, name: str) -> None:
        value = self.editors[name].value()
        self._extracted[name] = value
        self.extract_requested.emit(name, value)

    # ------------------------------------------------------------------ focus and failures

    def focus_field(self, name: str) -> bool:
        editor = self.editors.get(name)
        if editor is None:
            return False
        editor.input.setFocus(Qt.FocusReason.OtherFocusReason)
        if hasattr(editor.input, "selectAll"):
            editor.input.selectAll()
        return True

    def first_empty(self, *, required_only: bool) -> str | None:
        for name in self.tab_order:
            if not self.editors[name].value() and (not required_only or name in self.item.required_fields):
                return name
        return None

    def show_rule_failures(self, failures: list[RuleFailure]) -> None:
        """Put each failure that names a field at that field too (the editor decides when to show it)."""
        by_field: dict[str, RuleFailure] = {}
        for f in failures:
            if not f.field or f.field not in self.editors:
                continue
            if f.field not in by_field or (f.blocking and not by_field[f.field].blocking):
                by_field[f.field] = f
        for name, editor in self.editors.items():
            editor.insist = self.show_required
            f = by_field.get(name)
            if f is None:
                editor.set_rule_problem(None)
            else:
                editor.set_rule_problem("error" if f.blocking else "warning", f.message, f.fix)
