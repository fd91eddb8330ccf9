"""Demo accounts only in a demo store; a real store's first start asks for the administrator's own password
(issue 10, item 8)."""

from __future__ import annotations

import pytest

from app.cli import main
from app.domain.errors import DomainError
from app.services import users
from app.services.firstrun import demo_config, ensure_first_run, is_demo_store


def _names(ctx) -> set[str]:
    return {u.username for u in users.list_users(ctx)}


def test_a_real_store_gets_only_the_administrator_with_the_chosen_password(ctx):
    with pytest.raises(DomainError) as err:
        ensure_first_run(ctx, with_demo=False)
    assert err.value.field == "admin_password"
    assert _names(ctx) == set()
    with pytest.raises(DomainError):
        ensure_first_run(ctx, with_demo=False, admin_password="short")  # the password rules apply
    result = ensure_first_run(ctx, with_demo=False, admin_password="Own98765pass")
    assert result.created_accounts and result.demo is None
    assert _names(ctx) == {"admin"}
    assert users.authenticate(ctx, "admin", "Own98765pass").role == "admin"
    for account in demo_config().accounts:  # no built-in password opens anything
        with pytest.raises(DomainError):
            users.authenticate(ctx, account.username, account.password)
    assert not is_demo_store(ctx)
    # A later `init` with demo on that store adds neither demo accounts nor demo data.
    again = ensure_first_run(ctx, with_demo=True, persons=20)
    assert not again.created_accounts and again.demo is None and _names(ctx) == {"admin"}


def test_a_demo_store_gets_the_demo_accounts_and_the_demo_issuer(ctx):
    ensure_first_run(ctx, with_demo=True, persons=20)
    config = demo_config()
    assert _names(ctx) == {a.username for a in config.accounts}
    assert users.authenticate(ctx, "sup01", config.password("sup01")).role == "supervisor"
    assert is_demo_store(ctx)
    assert ctx.workstation.issuer_uscc == config.workstation["issuer_uscc"]


def test_cli_init_no_demo_takes_the_password_from_a_file_or_refuses(tmp_path, capsys):
    root = tmp_path / "real"
    assert main(["--data-dir", str(root), "init", "--no-demo"]) == 2  # no terminal, no file: nothing made
    assert "管理员密码" in capsys.readouterr().err
    secret = tmp_path / "pw.txt"
    secret.write_text("Own98765pass\n", encoding="utf-8")
    assert main(["--data-dir", str(root), "init", "--no-demo", "--admin-password-file", str(secret)]) == 0
    out = capsys.readouterr().out
    assert "Clerk1234" not in out and "Admin1234" not in out and "admin" in out
    from app.bootstrap import open_context

    ctx = open_context(root)
    assert _names(ctx) == {"admin"}
    assert users.authenticate(ctx, "admin", "Own98765pass").must_change_password is False
    ctx.store.dispose()
