"""Step 1, choosing the business item (选择事项): type Chinese, pinyin initials ("agyx" → 安管人员延续) or
pinyin; this clerk's recent items come first, unfinished drafts are offered at the top; Enter picks."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.domain.catalogue import Catalogue
from app.ui.intake.drafts import RecoverableDraft
from app.ui.intake.search import ItemIndex

KIND_ITEM, KIND_DRAFT = "item", "draft"


class _SearchEdit(QLineEdit):
    """Up/Down/PageUp/PageDown move in the result list while the cursor stays in the search box."""

    def __init__(self, results: QListWidget) -> None:
        super().__init__()
        self._results = results

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            self._results.keyPressEvent(event)
            return
        super().keyPressEvent(event)


class ItemPicker(QWidget):
    item_chosen = Signal(str)
    draft_chosen = Signal(str)

    def __init__(self, catalogue: Catalogue, recent: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.index = ItemIndex(catalogue)
        self.recent = list(recent)
        self.drafts: list[RecoverableDraft] = []
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("<h3>新建办件 — 选择事项</h3>"))
        layout.addWidget(title)
        self.results = QListWidget()
        self.results.setObjectName("item_results")
        self.results.setAccessibleName(self.tr("事项"))
        self.search = _SearchEdit(self.results)
        self.search.setObjectName("item_search")
        self.search.setPlaceholderText(
            self.tr("输入事项名称或拼音首字母，如 agyx＝安管人员延续、tzsc＝特种作业首次申请；回车选定")
        )
        self.search.setAccessibleName(self.tr("查找事项"))
        self.search.textChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.pick_current)
        layout.addWidget(self.search)
        self.results.itemActivated.connect(self._pick)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setSpacing(2)
        layout.addWidget(self.results, 1)
        self.setFocusProxy(self.search)
        self.refresh()

    def set_drafts(self, drafts: list[RecoverableDraft]) -> None:
        self.drafts = list(drafts)
        self.refresh()

    def refresh(self) -> None:
        query = self.search.text()
        self.results.clear()
        if not query.strip():
            for d in self.drafts:
                row = QListWidgetItem(self.tr("▶ 继续未完成的草稿：") + d.label)
                row.setData(Qt.ItemDataRole.UserRole, (KIND_DRAFT, d.uuid))
                row.setForeground(QBrush(QColor("#1565c0")))
                self.results.addItem(row)
        for item in self.index.search(query, self.recent):
            recent = item.code in self.recent
            text = f"{item.short_name}　　{item.name}"
            if recent:
                text = self.tr("（最近）") + text
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, (KIND_ITEM, item.code))
            row.setToolTip(item.name)
            self.results.addItem(row)
        if self.results.count():
            self.results.setCurrentRow(0)

    def current_code(self) -> tuple[str, str] | None:
        row = self.results.currentItem()
        return tuple(row.data(Qt.ItemDataRole.UserRole)) if row else None  # type: ignore[return-value]

    def pick_current(self) -> None:
        row = self.results.currentItem()
        if row is not None:
            self._pick(row)

    def _pick(self, row: QListWidgetItem) -> None:
        kind, code = row.data(Qt.ItemDataRole.UserRole)
        if kind == KIND_DRAFT:
            self.draft_chosen.emit(code)
        else:
            self.item_chosen.emit(code)
