"""Step 3, the materials checklist (材料分类，收取材料): each material of the item with its state — collected on
paper, scanned, or fetched electronically (shown, never changed here) — and the page count for the receipt.

Keyboard: Up/Down choose a material, Space cycles 未收取 → 收取纸质 → 已扫描, a digit sets the page count,
Ctrl+A marks every required paper material collected and moves on, Enter moves on. "扫描…" (F9 on the chosen
material) asks the capture screen to scan.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.catalogue import Item, MaterialRequirement

CYCLE = ("missing", "paper", "scanned")
COL_NAME, COL_STATE, COL_PAGES, COL_SCAN = range(4)


def state_label(state: str) -> str:
    from PySide6.QtCore import QCoreApplication

    labels = {
        "missing": QCoreApplication.translate("MaterialsPage", "未收取"),
        "paper": QCoreApplication.translate("MaterialsPage", "收取纸质"),
        "scanned": QCoreApplication.translate("MaterialsPage", "已扫描"),
        "electronic": QCoreApplication.translate("MaterialsPage", "电子获取（自动）"),
    }
    return labels.get(state, state)


def _signs(req: MaterialRequirement) -> bool:
    return req.material.kind == "signature"


class _MaterialTable(QTableWidget):
    key_action = Signal(str, int)  # ("cycle" | "pages" | "advance", value)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Space and not mods:
            self.key_action.emit("cycle", 0)
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and not mods:
            self.key_action.emit("pages", key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods:
            self.key_action.emit("advance", 0)
        elif key == Qt.Key.Key_F9 and not mods:
            self.key_action.emit("scan", 0)
        else:
            super().keyPressEvent(event)


class MaterialsPage(QWidget):
    changed = Signal()
    done = Signal()
    scan_requested = Signal(str)  # material code: the capture screen scans it and reports back

    def __init__(self, item: Item, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.states: dict[str, str] = {
            r.code: ("electronic" if r.electronic else "missing") for r in item.materials
        }
        self.pages: dict[str, int] = {r.code: 1 for r in item.materials if not r.electronic}
        layout = QVBoxLayout(self)
        hint = QLabel(
            self.tr(
                "空格键切换“未收取 / 收取纸质 / 已扫描”，数字键设置页数，F9 扫描选中的材料，"
                "Ctrl+A 必交材料全部已收取并进入下一步。"
                "电子获取的材料由系统自动核验，无需收取。"
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.table = _MaterialTable(len(item.materials), 4)
        self.table.setObjectName("materials")
        self.table.setAccessibleName(self.tr("材料清单"))
        self.table.setHorizontalHeaderLabels([self.tr("材料"), self.tr("状态"), self.tr("页数"), ""])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col in (COL_STATE, COL_PAGES, COL_SCAN):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.scan_buttons: dict[str, QPushButton] = {}
        for row, req in enumerate(item.materials):
            mark = self.tr("【必交】") if req.required else self.tr("【选交】")
            note = f"（{req.note}）" if req.note else ""
            name = QTableWidgetItem(f"{mark}{req.material.name}{note}")
            name.setData(Qt.ItemDataRole.UserRole, req.code)
            if req.required:
                name.setForeground(QBrush(QColor("#000000")))
            else:
                name.setForeground(QBrush(QColor("#555555")))
            self.table.setItem(row, COL_NAME, name)
            self.table.setItem(row, COL_STATE, QTableWidgetItem())
            self.table.setItem(row, COL_PAGES, QTableWidgetItem())
            if not req.electronic:
                signature = req.material.kind == "signature"
                button = QPushButton(self.tr("签名…") if signature else self.tr("扫描…"))
                button.setToolTip(
                    self.tr("由申请人在签字板上（或用鼠标）当面签名")
                    if signature
                    else self.tr("扫描或拍摄这份材料（选中后按 F9）")
                )
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.clicked.connect(lambda _=False, code=req.code: self.scan_requested.emit(code))
                self.table.setCellWidget(row, COL_SCAN, button)
                self.scan_buttons[req.code] = button
            self._paint(row)
        self.table.resizeRowsToContents()
        self.table.setCurrentCell(0, COL_NAME)
        self.table.key_action.connect(self._on_key)
        layout.addWidget(self.table, 1)
        self.all_button = QPushButton(self.tr("必交材料全部已收取(&A)"))
        self.all_button.setToolTip(
            self.tr("所有必交的纸质材料标为“收取纸质”并进入下一步（Ctrl+A）；选交材料请逐项用空格键标记")
        )
        self.all_button.clicked.connect(self.collect_all_and_advance)
        layout.addWidget(self.all_button, 0, Qt.AlignmentFlag.AlignLeft)
        shortcut = QShortcut(QKeySequence.StandardKey.SelectAll, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.collect_all_and_advance)
        self.setFocusProxy(self.table)

    def _paint(self, row: int) -> None:
        req = self.item.materials[row]
        state = self.states[req.code]
        cell = self.table.item(row, COL_STATE)
        cell.setText(state_label(state))
        colour = {"missing": "#c62828" if req.required else "#777777", "electronic": "#1565c0"}.get(
            state, "#2e7d32"
        )
        cell.setForeground(QBrush(QColor(colour)))
        self.table.item(row, COL_PAGES).setText("" if req.electronic else str(self.pages.get(req.code, 1)))

    def set_state(self, code: str, state: str) -> None:
        """Set one material's state; electronic materials keep theirs (the capture screen calls this too)."""
        row = next(i for i, r in enumerate(self.item.materials) if r.code == code)
        if self.item.materials[row].electronic:
            return
        self.states[code] = state
        self._paint(row)
        self.changed.emit()

    def set_states(self, states: dict[str, str], pages: dict[str, int] | None = None) -> None:
        for row, req in enumerate(self.item.materials):
            if not req.electronic and states.get(req.code) in CYCLE:
                self.states[req.code] = states[req.code]
            if pages and req.code in pages:
                self.pages[req.code] = max(1, int(pages[req.code]))
            self._paint(row)

    def apply_scan(self, code: str, count: int) -> None:
        """The capture dialog stored or removed pages: the checklist, the step title and the rules follow at once
        (they used to wait for the next change of tab)."""
        self.set_states({code: "scanned" if count else "missing"}, {code: count} if count else None)
        self.changed.emit()

    def collect_all_and_advance(self) -> None:
        for row, req in enumerate(self.item.materials):
            # Optional materials (only some applicants bring them) stay as the clerk marked them.
            # A signature is never "collected on paper": it counts once drawn and stored.
            if req.required and not req.electronic and self.states[req.code] == "missing" and not _signs(req):
                self.states[req.code] = "paper"
            self._paint(row)
        self.changed.emit()
        self.done.emit()

    def _on_key(self, action: str, value: int) -> None:
        row = self.table.currentRow()
        if action == "advance":
            self.done.emit()
            return
        if row < 0 or self.item.materials[row].electronic:
            return
        code = self.item.materials[row].code
        if action == "scan" or (action == "cycle" and _signs(self.item.materials[row])):
            self.scan_requested.emit(code)  # F9 scans; Space on the signature row opens the pad
        elif action == "cycle":
            self.set_state(code, CYCLE[(CYCLE.index(self.states[code]) + 1) % len(CYCLE)])
        elif action == "pages":
            self.pages[code] = value
            self._paint(row)
            self.changed.emit()

    def received_count(self) -> tuple[int, int]:
        """(required materials in hand, required materials) for the step title."""
        required = [r for r in self.item.materials if r.required and not r.electronic]
        return sum(1 for r in required if self.states[r.code] != "missing"), len(required)
