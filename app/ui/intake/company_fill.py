"""A company code typed in the form (统一社会信用代码 or 组织机构代码) + Enter: the registered company's name is
filled beside it; an unknown code says so on the name field and leaves it for the clerk to type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.domain.facts import CompanyFacts
from app.services import lookup
from app.ui.intake.form_page import COMPANY_NAME_OF

if TYPE_CHECKING:
    from app.ui.intake.screen import IntakeScreen


def fill_company(screen: IntakeScreen, field: str, code: str) -> None:
    ctx, target = screen.ctx, COMPANY_NAME_OF[field]

    def done(company: CompanyFacts | None) -> None:
        work = screen.work
        if work is None or target not in work.form.editors:
            return
        editor = work.form.editors[target]
        if company is None:
            editor.set_info(
                QCoreApplication.translate(
                    "IntakeScreen", "企业库中没有代码为 %1 的企业，请手工填写单位名称"
                ).replace("%1", code)
            )
            return
        editor.set_info("")
        if editor.value() != company.name:
            editor.set_value(company.name)
            work.form.autofilled.add(target)
        work.set_status(
            QCoreApplication.translate("IntakeScreen", "已按企业代码填入：%1").replace("%1", company.name)
        )
        screen.form_changed()

    screen.run_db(lambda: lookup.company_by_code(ctx, code), done, name="company")
