"""First start (首次启动): a demo store gets the demo accounts and data of resources/demo.yaml so that `make run`
works at once; a real store gets one administrator with the password that person chose, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from app.domain.errors import DomainError
from app.models import User
from app.paths import load_yaml, resource_path
from app.services import settings, users
from app.services.context import ServiceContext

if TYPE_CHECKING:  # the demo generator (numbering, issuance, the signing code) loads only for a demo store
    from app.services.demo import DemoSummary

ADMIN_USERNAME = "admin"
ADMIN_DISPLAY_NAME = "系统管理员"
STORE_KEY = "store"  # setting {"demo": bool}: what the first start made of this store


@dataclass(frozen=True)
class DemoAccount:
    username: str
    name: str
    role: str
    password: str


@dataclass(frozen=True)
class DemoConfig:
    accounts: tuple[DemoAccount, ...]
    signing_key: tuple[str, str]  # key id, passphrase
    workstation: dict[str, Any]

    def password(self, username: str) -> str:
        return next(a.password for a in self.accounts if a.username == username)


@lru_cache(maxsize=1)
def demo_config() -> DemoConfig:
    """resources/demo.yaml: the demo store's accounts, signing key and workstation settings."""
    raw = load_yaml(resource_path("demo.yaml").read_text(encoding="utf-8"))
    key = raw["signing_key"]
    return DemoConfig(
        accounts=tuple(DemoAccount(**a) for a in raw["accounts"]),
        signing_key=(str(key["key_id"]), str(key["passphrase"])),
        workstation=dict(raw.get("workstation") or {}),
    )


@dataclass(frozen=True)
class FirstRun:
    created_accounts: bool
    demo: DemoSummary | None
    demo_applications: int = 0


def is_empty(ctx: ServiceContext) -> bool:
    """No account yet: the store's first start has not happened."""
    with ctx.store.read() as s:
        return not s.execute(select(func.count()).select_from(User)).scalar()


def is_demo_store(ctx: ServiceContext) -> bool:
    return bool(settings.get(ctx, STORE_KEY).get("demo"))


def ensure_first_run(
    ctx: ServiceContext,
    *,
    with_demo: bool = True,
    persons: int = 3000,
    applications: int = 0,
    admin_password: str | None = None,
) -> FirstRun:
    """On an empty store: with demo, the demo accounts, signing key and workstation settings, the demo registry
    and `applications` applications that clerk01 received, in the statuses of a normal day (so that a supervisor
    trying the program finds a review queue); without demo, only the administrator, whose own password
    `admin_password` is required (never a built-in one). A store that has accounts is left as it is, except that
    a demo store gets its registry if it has none."""
    created = False
    if is_empty(ctx):
        if with_demo:
            _create_demo_accounts(ctx)
        else:
            if not admin_password:
                raise DomainError(
                    "ADMIN_PASSWORD_REQUIRED",
                    "正式使用的首次启动须设置管理员密码",
                    field="admin_password",
                    fix="请输入管理员自己的密码（至少8位，含字母和数字）；演示请改用演示数据。",
                )
            users.create_user(ctx, None, ADMIN_USERNAME, ADMIN_DISPLAY_NAME, "admin", admin_password)
            settings.put(ctx, "system", STORE_KEY, {"demo": False})
        created = True
    elif not is_demo_store(ctx):
        with_demo = False  # demo data never goes into a real store
    summary = None
    if with_demo:
        from app.services import demo

        if not demo.has_registry(ctx):
            summary = demo.generate(ctx, persons=persons, companies=max(50, persons // 10))
    made = 0
    if created and with_demo and applications > 0:
        from app.services.demo_workload import add_demo_applications

        config = demo_config()
        clerk = users.authenticate(ctx, "clerk01", config.password("clerk01")).actor()
        made = sum(len(refs) for refs in vars(add_demo_applications(ctx, clerk, count=applications)).values())
    return FirstRun(created, summary, made)


def _create_demo_accounts(ctx: ServiceContext) -> None:
    config = demo_config()
    for account in config.accounts:
        users.create_user(ctx, None, account.username, account.name, account.role, account.password)
    settings.put_all(
        ctx,
        "system",
        {
            "workstation": {**settings.get(ctx, "workstation"), **config.workstation},
            STORE_KEY: {"demo": True},
        },
    )
    from app.services import signing_keys  # loads the printing package: only on a first start

    if signing_keys.active_key_id(ctx) is None:
        admin = users.authenticate(ctx, ADMIN_USERNAME, config.password(ADMIN_USERNAME)).actor()
        signing_keys.create_key(ctx, admin, *config.signing_key)
