"""Small things that were seen at the counter: the signing-key passphrase error is shown in full."""

from __future__ import annotations

from app.domain.errors import DomainError
from app.ui.printing.signer import UnlockDialog
from app.ui.tasks import TaskRunner


def test_passphrase_error_and_fix_are_not_clipped(qtbot, ctx, supervisor):
    runner = TaskRunner()
    dialog = UnlockDialog(ctx, supervisor, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog._failed(
        DomainError(
            "SIGNING_KEY_PASSPHRASE",
            "签章密钥口令不正确，密钥仍保持锁定。连续输错口令会被记录在审计日志中。",
            fix="请核对口令的大小写和输入法状态后重新输入；忘记口令请联系管理员重新创建签章密钥并重新登记。",
        )
    )
    qtbot.wait(20)
    label = dialog.message
    assert label.height() >= label.heightForWidth(label.width())  # every wrapped line is visible
    assert label.geometry().bottom() < dialog.ok_button.mapTo(dialog, dialog.ok_button.rect().topLeft()).y()
    runner.shutdown()


def test_history_names_the_material_and_the_person(qtbot, demo_ctx, clerk):
    from app.services import materials
    from tests.capture.conftest import document_scene, jpeg_bytes
    from tests.ui.shell_support import close_window, make_window, received_application, wait_idle

    app = received_application(demo_ctx, clerk)
    data = jpeg_bytes(document_scene((900, 600), seed=1))
    materials.attach(
        demo_ctx, clerk, app.uuid, "id_card_front", materials.prepare("id_card_front", "front.jpg", data)
    )
    win, runner = make_window(qtbot, demo_ctx, clerk)
    win.open_application(app.uuid)
    wait_idle(qtbot, runner)
    table = win.detail.timeline
    rows = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    scan = next(r for r in rows if r[2] == "扫描材料")
    assert "居民身份证（人像面）" in scan[3] and "1页" in scan[3]
    assert {r[1] for r in rows} == {"张敏"}  # 办理人: the person, not the login name clerk01
    close_window(win, runner)


def test_city_code_is_a_list_in_the_form_and_the_settings(qtbot, demo_ctx, admin):
    from PySide6.QtWidgets import QComboBox

    from app.services import settings
    from app.ui.intake.workspace import Workspace
    from tests.ui.shell_support import close_window, make_window, wait_idle

    work = Workspace(demo_ctx.catalogue.item("TZ-FIRST"))
    qtbot.addWidget(work)
    city = work.form.editors["city"].input
    assert isinstance(city, QComboBox)
    assert "A 郑州" in [city.itemText(i) for i in range(city.count())]
    win, runner = make_window(qtbot, demo_ctx, admin)
    screen = win.show_screen("admin_settings")
    wait_idle(qtbot, runner)
    assert isinstance(screen.city_letter, QComboBox)
    screen.city_letter.setCurrentIndex(screen.city_letter.findData("C"))
    assert screen.values()[0]["city_letter"] == "C"  # the code, with the name only shown
    assert settings.get(demo_ctx, "workstation").get("city_letter", "A") == "A"
    close_window(win, runner)
