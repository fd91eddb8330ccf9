"""What a capture source shows when it cannot work on this machine: why (in the source's own words) and buttons
that switch to the sources that can."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class SourceNotice(QFrame):
    switch_requested = Signal(str)  # the key of another source

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("source_notice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#source_notice { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 4px; }"
        )
        self.title = QLabel()
        self.title.setObjectName("notice_title")
        self.title.setStyleSheet("font-weight: bold; color: #8a5a00;")
        self.reason = QLabel()
        self.reason.setObjectName("notice_reason")
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.reason)
        layout.addLayout(self.buttons)
        self.hide()

    def show_unavailable(self, source_name: str, reason: str, others: list[tuple[str, str]]) -> None:
        """Say that source_name cannot be used and why; offer each (key, name) in others."""
        self.title.setText(self.tr("{name}不可用").format(name=source_name))
        self.reason.setText(reason)
        while self.buttons.count():
            item = self.buttons.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        for key, name in others:
            button = QPushButton(self.tr("改用{name}").format(name=name))
            button.setObjectName(f"switch_{key}")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _=False, key=key: self.switch_requested.emit(key))
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        self.show()
