"""业务事项目录 (administrators only): one item's conditions, material list and the rule limits, published centrally.

Henan's lists change by notice. The administrator picks a family and an item, edits the conditions (one a line),
the material list (add, remove, reorder; name, kind, source, required) and, on their own tab, the rule limits. 检查
runs the loader's own validation here; 发布到中心库 sends the edit (`submit`, wired by the desktop services to the sync
session) and the central store checks it again. The new version comes back to this and every other counter through
the change feed; an application already taken keeps the version it was taken under. Offline the screen says so and
keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.catalogue import LIMIT_NAMES, Catalogue
from app.domain.catalogue_versions import MaterialLine, item_lines, limits_document, users_of
from app.domain.errors import DomainError
from app.services.catalogue import VersionView, check_item_edit, history
from app.services.context import Actor, ServiceContext
from app.ui.dialog_parts import error_label
from app.ui.material_table import MaterialTable
from app.ui.screen_parts import screen_heading, show_failure
from app.ui.tasks import TaskRunner

COLUMNS = ("编码", "材料名称", "类型", "来源", "必交", "说明")
_INT_LIMITS = (
    "tz_min_age",
    "tz_max_age",
    "tz_min_training_hours_per_year",
    "tz_max_violations_two_years",
    "exam_score_valid_years",
)


@dataclass(frozen=True)
class ItemEdit:
    """What 发布 sends: one item's conditions and material list, the limits when they changed, and the notice."""

    base_version: int
    item_code: str
    conditions: list[str]
    materials: list[MaterialLine]
    limits: dict[str, Any] | None
    note: str | None


Submit = Callable[[ItemEdit], dict[str, Any]]


class AdminCatalogueScreen(QWidget):
    loaded = Signal(object)  # list[VersionView]
    published = Signal(dict)
    failed = Signal(str)

    def __init__(
        self,
        ctx: ServiceContext,
        actor: Actor,
        runner: TaskRunner,
        submit: Submit | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("adminCatalogueScreen")
        self._ctx, self._actor, self._runner, self._submit = ctx, actor, runner, submit
        self.catalogue: Catalogue = ctx.catalogue
        title, hint = screen_heading(
            self.tr("业务事项目录"),
            self.tr(
                "按省厅通知修改事项的受理条件、材料清单和规则限值。发布后由中心库下发到各窗口；"
                "此前已收件的办件仍按收件时的目录版本办理。"
            ),
        )
        self.family = QComboBox()
        self.family.setObjectName("family")
        self.item = QComboBox()
        self.item.setObjectName("item")
        self.item.setMinimumContentsLength(24)
        self.version = QLabel("")
        self.version.setObjectName("version")
        picker = QHBoxLayout()
        picker.addWidget(QLabel(self.tr("证书类别")))
        picker.addWidget(self.family)
        picker.addWidget(QLabel(self.tr("事项")))
        picker.addWidget(self.item, 1)
        picker.addWidget(self.version)

        self.conditions = QPlainTextEdit()
        self.conditions.setObjectName("conditions")
        self.conditions.setPlaceholderText(self.tr("每行一条受理条件"))
        self.conditions.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)  # a line is a condition
        self.table = MaterialTable([self.tr(c) for c in COLUMNS])
        self.shared = QLabel("")
        self.shared.setObjectName("sharedNote")
        self.shared.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._show_shared)
        rows = QHBoxLayout()
        for text, name, slot in (
            (self.tr("新增材料"), "addMaterial", self.add_row),
            (self.tr("删除"), "removeMaterial", self.remove_row),
            (self.tr("上移"), "moveUp", lambda: self.move_row(-1)),
            (self.tr("下移"), "moveDown", lambda: self.move_row(1)),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            rows.addWidget(button)
        rows.addWidget(self.shared, 1)
        self.conditions.setFixedHeight(6 * self.conditions.fontMetrics().lineSpacing())
        edit = QWidget()
        edit_layout = QVBoxLayout(edit)
        edit_layout.addWidget(QLabel(self.tr("受理条件（每行一条）")))
        edit_layout.addWidget(self.conditions)
        edit_layout.addWidget(QLabel(self.tr("材料清单（按收件时的显示顺序）")))
        edit_layout.addWidget(self.table, 1)
        edit_layout.addLayout(rows)

        self.limit_edits: dict[str, QSpinBox] = {}
        limits_form = QFormLayout()
        limits_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for key in _INT_LIMITS:
            spin = QSpinBox()
            spin.setObjectName(key)
            spin.setRange(0, 200)
            self.limit_edits[key] = spin
            limits_form.addRow(self.tr(LIMIT_NAMES[key]), spin)
        self.by_trade = QLineEdit()
        self.by_trade.setObjectName("tz_max_age_by_trade")
        self.by_trade.setPlaceholderText(self.tr("工种代码=年龄，以顿号分隔，如 05=55、06=55"))
        self.qualifications = QLineEdit()
        self.qualifications.setObjectName("company_qualifications")
        self.refuse_since = QLineEdit()
        self.refuse_since.setObjectName("transfer_in_refuse_plain_c_since")
        for line in (self.by_trade, self.qualifications, self.refuse_since):
            line.setMinimumWidth(420)
        limits_form.addRow(self.tr(LIMIT_NAMES["tz_max_age_by_trade"]), self.by_trade)
        limits_form.addRow(self.tr(LIMIT_NAMES["company_qualifications"]), self.qualifications)
        limits_form.addRow(self.tr(LIMIT_NAMES["transfer_in_refuse_plain_c_since"]), self.refuse_since)
        limits = QWidget()
        limits_box = QVBoxLayout(limits)
        limits_box.addWidget(QLabel(self.tr("规则限值全省通用，随本次发布一并生效。")))
        limits_box.addLayout(limits_form)
        limits_box.addStretch(1)

        self.history = QTableWidget(0, 5)
        self.history.setObjectName("history")
        self.history.setHorizontalHeaderLabels(
            [
                self.tr("版本"),
                self.tr("修改内容"),
                self.tr("依据通知"),
                self.tr("发布人"),
                self.tr("发布时间"),
            ]
        )
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for col in (1, 2):
            self.history.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget()
        self.tabs.addTab(edit, self.tr("受理条件与材料"))
        self.tabs.addTab(limits, self.tr("规则限值"))
        self.tabs.addTab(self.history, self.tr("版本记录"))

        self.note = QLineEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText(self.tr("依据的通知文号，如 豫建办〔2027〕X号"))
        self.error = error_label("catalogueError")
        self.message = QLabel("")
        self.message.setObjectName("catalogueMessage")
        self.message.setWordWrap(True)
        self.check_button = QPushButton(self.tr("检查"))
        self.check_button.setObjectName("checkCatalogue")
        self.check_button.clicked.connect(lambda _checked=False: self.check())
        self.publish_button = QPushButton(self.tr("发布到中心库"))
        self.publish_button.setObjectName("publishCatalogue")
        self.publish_button.clicked.connect(lambda _checked=False: self.publish())
        self.publish_button.setEnabled(submit is not None)
        if submit is None:
            self.message.setText(
                self.tr("未连接中心库：可以编辑和检查，不能发布；已填写的内容保留在屏幕上。")
            )
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel(self.tr("通知")))
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.check_button)
        bottom.addWidget(self.publish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(picker)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        for code, family in self.catalogue.families.items():
            self.family.addItem(f"{family.name}（{code}）", code)
        self.family.currentIndexChanged.connect(lambda _i: self._fill_items())
        self.item.currentIndexChanged.connect(lambda _i: self.show_item())
        self._fill_items()
        self.load()

    # ------------------------------------------------------------------ reading

    def refresh(self) -> None:
        """Shown again: a version may have arrived meanwhile; what the administrator typed is kept."""
        self.load()

    def load(self) -> None:
        ctx = self._ctx
        self._runner.run_db(
            lambda: (ctx.catalogue, history(ctx)),
            self._loaded,
            self._failed,
            name="catalogue.load",
            owner=self,
        )

    def _loaded(self, result: tuple[Catalogue, list[VersionView]]) -> None:
        catalogue, versions = result
        fresh = catalogue.version != self.catalogue.version
        self.catalogue = catalogue
        if fresh:
            self.show_item()  # the edit starts again from the version that arrived
        head = versions[0] if versions else None
        stamp = head.published_at.strftime("%Y-%m-%d %H:%M") if head and head.published_at else ""
        self.version.setText(
            self.tr("当前：第{n}版").format(n=catalogue.version)
            + (f"（{head.published_by}，{stamp}）" if head and stamp else "")
        )
        self.history.setRowCount(len(versions))
        for row, v in enumerate(versions):
            when = v.published_at.strftime("%Y-%m-%d %H:%M") if v.published_at else self.tr("程序随附")
            for col, text in enumerate(
                (self.tr("第{n}版").format(n=v.version), v.summary or "", v.note or "", v.published_by, when)
            ):
                self.history.setItem(row, col, QTableWidgetItem(text))
        self.loaded.emit(versions)

    def _fill_items(self) -> None:
        family = self.family.currentData()
        self.item.blockSignals(True)
        self.item.clear()
        for it in self.catalogue.items_of(family):
            self.item.addItem(f"{it.short_name}（{it.code}）", it.code)
        self.item.blockSignals(False)
        self.show_item()

    def show_item(self) -> None:
        code = self.item.currentData()
        if not code:
            return
        item = self.catalogue.item(code)
        self.conditions.setPlainText("\n".join(item.conditions))
        self.set_lines(item_lines(self.catalogue, code))
        limits = limits_document(self.catalogue)
        for key, spin in self.limit_edits.items():
            spin.setValue(int(limits[key]))
        self.by_trade.setText("、".join(f"{k}={v}" for k, v in limits["tz_max_age_by_trade"].items()))
        self.qualifications.setText("、".join(limits["company_qualifications"]))
        self.refuse_since.setText(str(limits["transfer_in_refuse_plain_c_since"]))
        self.error.setText("")

    # ------------------------------------------------------------------ the material table

    def set_lines(self, lines: list[MaterialLine]) -> None:
        self.table.set_lines(lines)

    def lines(self) -> list[MaterialLine]:
        return self.table.lines()

    def add_row(self) -> None:
        self.table.add_row()

    def remove_row(self) -> None:
        self.table.remove_row()

    def move_row(self, step: int) -> None:
        self.table.move_row(step)

    def _show_shared(self) -> None:
        row = self.table.currentRow()
        ref = self.table.cell_text(row, 0) if row >= 0 else ""
        others = [c for c in users_of(self.catalogue, ref) if c != self.item.currentData()]
        self.shared.setText(
            self.tr("该材料还用于 {n} 个事项，改名称、类型或来源将一并生效。").format(n=len(others))
            if others
            else ""
        )

    # ------------------------------------------------------------------ checking and publishing

    def _limits(self) -> dict[str, Any]:
        limits: dict[str, Any] = {key: spin.value() for key, spin in self.limit_edits.items()}
        by_trade: dict[str, Any] = {}
        for piece in self.by_trade.text().replace("，", "、").replace(",", "、").split("、"):
            if not piece.strip():
                continue
            trade, _, age = piece.partition("=")
            if not age.strip().isdigit():
                raise DomainError(
                    "CATALOGUE_INVALID",
                    self.tr("按工种的最高年龄中的“{p}”应写成 工种代码=年龄").format(p=piece.strip()),
                    field="tz_max_age_by_trade",
                    fix=self.tr("例如 05=55，多项以顿号分隔。"),
                )
            by_trade[trade.strip()] = int(age)
        limits["tz_max_age_by_trade"] = by_trade
        limits["company_qualifications"] = [
            q.strip() for q in self.qualifications.text().replace("，", "、").split("、") if q.strip()
        ]
        limits["transfer_in_refuse_plain_c_since"] = self.refuse_since.text().strip()
        return limits

    def edit(self) -> ItemEdit:
        """What is on screen, checked with the loader's own validation; raises DomainError naming the field."""
        code = str(self.item.currentData())
        conditions = [c.strip() for c in self.conditions.toPlainText().splitlines() if c.strip()]
        lines = self.lines()
        limits = self._limits()
        changed = limits if limits != limits_document(self.catalogue) else None
        check_item_edit(self._ctx, code, conditions, lines, changed)
        note = self.note.text().strip() or None
        return ItemEdit(self.catalogue.version, code, conditions, lines, changed, note)

    def check(self) -> ItemEdit | None:
        try:
            edit = self.edit()
        except DomainError as err:
            self._failed(err)
            return None
        self.error.setText("")
        self.message.setText(self.tr("检查通过：可以发布。"))
        return edit

    def publish(self) -> None:
        edit = self.check()
        submit = self._submit
        if edit is None or submit is None:
            return
        self.publish_button.setEnabled(False)
        self.message.setText(self.tr("正在发布到中心库…"))
        self._runner.run_io(lambda: submit(edit), self._published, self._failed, owner=self)

    def _published(self, answer: dict[str, Any]) -> None:
        self.publish_button.setEnabled(True)
        self.error.setText("")
        self.message.setText(
            self.tr("已发布为第{n}版，各窗口同步后生效；此前收件的办件仍按原版本办理。").format(
                n=answer.get("version")
            )
        )
        self.published.emit(answer)
        self.load()

    def _failed(self, exc: BaseException) -> None:
        self.publish_button.setEnabled(self._submit is not None)
        self.failed.emit(show_failure(exc, self.error, self.message))


__all__ = ["AdminCatalogueScreen", "ItemEdit"]
