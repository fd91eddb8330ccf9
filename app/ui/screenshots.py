"""`python -m app.ui.screenshots OUT_DIR`: every main screen rendered with demo data to PNG files.

Builds a demo store in a temporary directory, signs in as a clerk, a supervisor and an administrator, and saves
`grab()` images (offscreen works: QT_QPA_PLATFORM=offscreen).
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from app.bootstrap import open_context
from app.domain.workflow import Action
from app.services.context import Actor, ServiceContext
from app.services.demo_workload import DemoApplications, add_attention_cases, add_demo_applications
from app.services.firstrun import ensure_first_run
from app.ui.main import create_application
from app.ui.main_window import MainWindow
from app.ui.papers.screenshots import render_papers
from app.ui.tasks import TaskRunner

CLERK = Actor("clerk01", "clerk", "张敏")
SUPERVISOR = Actor("sup01", "supervisor", "李静")
ADMIN = Actor("admin", "admin", "系统管理员")
SIZE = (1366, 800)


def settle(runner: TaskRunner, app: QApplication, *, extra_ms: int = 150, timeout_s: float = 20.0) -> None:
    """Process events until the runner is idle, then a little longer for layouts and repaints."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        app.processEvents()
        if runner.pending == 0:
            break
        time.sleep(0.005)
    end = time.monotonic() + extra_ms / 1000
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def prepare_demo_store(root: Path, *, persons: int = 600) -> tuple[ServiceContext, DemoApplications]:
    """A store with the demo registry, applications in every common status, one overdue, one rejected change."""
    ctx = open_context(root)
    ensure_first_run(ctx, persons=persons)
    demo = add_demo_applications(ctx, CLERK, SUPERVISOR, count=24)
    add_attention_cases(ctx, demo)
    return ctx, demo


def _surname(ctx: ServiceContext, demo: DemoApplications) -> str:
    from app.services import intake

    refs = demo.received or demo.accepted
    return intake.get(ctx, refs[0]).applicant_name[:1] if refs else "张"


def _window(ctx: ServiceContext, actor: Actor, runner: TaskRunner) -> MainWindow:
    win = MainWindow(ctx, actor, runner, idle_lock_ms=3_600_000)
    win.resize(*SIZE)
    win.show()
    return win


def render_all(out_dir: str | Path, *, persons: int = 600) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = create_application()
    saved: list[Path] = []
    runner = TaskRunner()

    def shot(name: str, widget: QWidget, before: Callable[[], object] | None = None) -> None:
        if before is not None:
            before()
        settle(runner, app)
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        saved.append(path)

    with tempfile.TemporaryDirectory(prefix="counterdesk-shots-") as tmp:
        ctx, demo = prepare_demo_store(Path(tmp), persons=persons)
        try:
            _render_login(ctx, runner, shot)
            _render_clerk(ctx, demo, runner, shot, app)
            _render_supervisor(ctx, demo, runner, shot)
            render_papers(ctx, demo, SUPERVISOR, runner, shot)
            _render_admin(ctx, runner, shot)
            _render_applicant(shot)
        finally:
            runner.shutdown()
            ctx.store.dispose()
    return saved


def _render_login(ctx: ServiceContext, runner: TaskRunner, shot: Callable[..., None]) -> None:
    from app.ui.login import LoginDialog

    login = LoginDialog(runner, lambda u, p: None)  # type: ignore[arg-type, return-value]
    login.username.setText("clerk01")
    login.password.setText("Clerk1234")
    login.show()
    shot("01_login", login)
    login.set_preparing("")
    login._show_problem("用户名或密码错误\n请重新输入；忘记密码请联系管理员重置。", login.password)
    shot("01b_login_error", login)
    login.close()


def _render_clerk(
    ctx: ServiceContext,
    demo: DemoApplications,
    runner: TaskRunner,
    shot: Callable[..., None],
    app: QApplication,
) -> None:
    win = _window(ctx, CLERK, runner)
    shot("02_today", win)
    win.show_screen("applications")
    shot("03_applications", win)
    win.show_applications(_surname(ctx, demo))
    shot("03b_applications_search", win)
    if demo.received:
        win.open_application(demo.received[-1])
        shot("04_detail_received", win)
        detail = win.detail
        assert detail is not None
        if Action.REFUSE in detail.action_buttons:
            detail.start_action(Action.REFUSE)
            if detail.dialog is not None:
                shot("05_refuse_dialog", detail.dialog)
                detail.dialog.close()
        if Action.REQUEST_CORRECTION in detail.action_buttons:
            detail.start_action(Action.REQUEST_CORRECTION)
            if detail.dialog is not None:
                shot("05b_correction_dialog", detail.dialog)
                detail.dialog.close()
    if demo.corrections:
        win.open_application(demo.corrections[0])
        shot("04b_detail_correction", win)
    if importlib.util.find_spec("app.ui.intake") is not None and win.intake_available():
        intake = win.open_intake()
        if intake is not None:
            shot("06_intake", win)
    win.lock()
    if win.lock_dialog is not None:
        shot("07_lock", win.lock_dialog)
        win.lock_dialog.done(0)
    win.close()


def _render_supervisor(
    ctx: ServiceContext, demo: DemoApplications, runner: TaskRunner, shot: Callable[..., None]
) -> None:
    if not demo.accepted:
        return
    from app.ui.desktop_services import add_back_office_screens

    win = _window(ctx, SUPERVISOR, runner)
    add_back_office_screens(win, ctx, runner)
    win.open_application(demo.accepted[-1])
    shot("08_detail_supervisor", win)
    win.show_screen("review")
    shot("11_review", win)
    win.show_screen("verify")
    shot("12_verify", win)
    win.close()


def _render_admin(ctx: ServiceContext, runner: TaskRunner, shot: Callable[..., None]) -> None:
    win = _window(ctx, ADMIN, runner)
    win.show_screen("admin_users")
    shot("09_admin_users", win)
    win.show_screen("admin_settings")
    shot("10_admin_settings", win)
    from app.ui.desktop_services import add_back_office_screens

    add_back_office_screens(win, ctx, runner)  # the administrator's central screens (offline here)
    win.show_screen("admin_catalogue")
    shot("14_admin_catalogue", win)
    win.close()


def _render_applicant(shot: Callable[..., None]) -> None:
    """The applicant's screen (second monitor) at the two common counter sizes, each of its steps."""
    from app.ui.applicant.screen import ApplicantScreen

    labels = {"id_number": "身份证号", "name": "姓名", "mobile": "手机号码", "company_name": "企业名称"}
    form = {
        "id_number": "41010519860517002X",
        "name": "张敏",
        "mobile": "13838012345",
        "company_name": "河南建工集团有限公司",
    }
    for width, height in ((1366, 768), (1600, 1000)):
        screen = ApplicantScreen()
        screen.resize(width, height)
        screen.show_form(
            "建筑施工企业主要负责人、项目负责人和专职安全生产管理人员安全生产考核合格认定延续", form, labels
        )
        screen.show()
        shot(f"30_applicant_confirm_{width}x{height}", screen, screen.ask_confirmation)
        shot(f"31_applicant_sign_{width}x{height}", screen, screen.ask_signature)
        shot(
            f"32_applicant_rating_{width}x{height}",
            screen,
            lambda s=screen: (s.ask_rating(), s.choose_rating(2)),
        )
        screen.close()


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("用法：python -m app.ui.screenshots 输出目录", file=sys.stderr)
        return 2
    for path in render_all(args[0]):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
