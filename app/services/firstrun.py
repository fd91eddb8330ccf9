"""First start (首次启动): default accounts and, on request, demo data, so that `make run` works at once."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.models import User
from app.services import demo, settings, users
from app.services.context import ServiceContext

# Demo accounts are created only on an empty store; must_change_password is off so a trial works at once.
DEMO_ACCOUNTS = (
    ("admin", "系统管理员", "admin", "Admin1234"),
    ("clerk01", "张敏", "clerk", "Clerk1234"),
    ("clerk02", "王磊", "clerk", "Clerk1234"),
    ("sup01", "李静", "supervisor", "Super1234"),
    ("sup02", "赵强", "supervisor", "Super1234"),
)
# The demo workstation's certificate signing key; a real unit's administrator creates its own (系统管理 → 签章密钥).
DEMO_SIGNING_KEY = ("HN-DEMO-01", "Sign12345")


@dataclass(frozen=True)
class FirstRun:
    created_accounts: bool
    demo: demo.DemoSummary | None
    demo_applications: int = 0


def ensure_first_run(
    ctx: ServiceContext, *, with_demo: bool = True, persons: int = 3000, applications: int = 0
) -> FirstRun:
    """Accounts on an empty store; with demo data, the demo registry and (on the store's very first start only)
    `applications` applications that clerk01 received, in the statuses of a normal day, so that a supervisor
    trying the program finds a review queue."""
    with ctx.store.read() as s:
        has_users = bool(s.execute(select(func.count()).select_from(User)).scalar())
    created = False
    if not has_users:
        for username, name, role, password in DEMO_ACCOUNTS:
            users.create_user(ctx, None, username, name, role, password)
        settings.put(ctx, "system", "workstation", settings.get(ctx, "workstation"))
        created = True
        from app.services import signing_keys  # loads the printing package: only on a first start

        if with_demo and signing_keys.active_key_id(ctx) is None:
            admin = users.authenticate(ctx, "admin", DEMO_ACCOUNTS[0][3]).actor()
            signing_keys.create_key(ctx, admin, *DEMO_SIGNING_KEY)
    summary = None
    if with_demo and not demo.has_registry(ctx):
        summary = demo.generate(ctx, persons=persons, companies=max(50, persons // 10))
    made = 0
    if created and with_demo and applications > 0:
        from app.services.demo_workload import add_demo_applications

        clerk = users.authenticate(ctx, "clerk01", DEMO_ACCOUNTS[1][3]).actor()
        made = sum(len(refs) for refs in vars(add_demo_applications(ctx, clerk, count=applications)).values())
    return FirstRun(created, summary, made)
