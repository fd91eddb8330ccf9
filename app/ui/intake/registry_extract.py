"""提取 on the intake screen: an ID number typed or scanned + Enter fills the applicant's details from the registry
(or the central one, outside this counter's replica); what is not on record is said on the field.

Mixed into IntakeScreen (app.ui.intake.screen); it uses the screen's ctx, item, work and task plumbing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.domain.errors import DomainError
from app.ui.intake.fields import registry_values


class RegistryExtract:
    def _extract(self, field: str, value: str) -> None:
        ctx, family = self.ctx, self.item.family.code

        def failed(exc: BaseException) -> None:
            editor = self.work.form.editors[field]
            if isinstance(exc, DomainError):
                editor.set_rule_problem("error", exc.message, exc.fix or "")
            else:
                editor.set_rule_problem("error", self.tr("提取失败：%1").replace("%1", str(exc)))
            self.work.set_status(self.tr("提取失败"), error=True)

        self.work.set_status(self.tr("正在提取…"))
        self._db(
            lambda: registry_values(ctx, family, field, value), self._extracted(field), failed, name="extract"
        )

    def _extracted(self, field: str) -> Callable[[tuple[dict[str, Any], bool, bool]], None]:
        def done(result: tuple[dict[str, Any], bool, bool]) -> None:
            values, found, from_centre = result
            form = self.work.form
            editor = form.editors[field]
            had_focus = editor.input.hasFocus()
            if not found:
                where = self.tr("中心登记库") if from_centre else self.tr("登记库")
                editor.set_info(
                    self.tr("%1中没有该身份证号的记录，请手工填写申请人信息").replace("%1", where)
                )
                self.work.set_status(self.tr("未提取到信息"))
                return
            filled = form.fill_from_registry(values)
            editor.set_info(self.tr("不在本窗口的登记库范围内，已向中心查询") if from_centre else "")
            self.work.set_status(self.tr("已提取 %1 项").replace("%1", str(len(filled))))
            if had_focus:
                nxt = form.first_empty(required_only=True)
                if nxt:
                    form.focus_field(nxt)
            self._touched()

        return done
