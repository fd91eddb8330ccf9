"""Local accounts (Argon2id), roles, lock-out; workstation settings; search and the today dashboard."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.errors import DomainError, PermissionDenied
from app.models import User
from app.services import intake, search, settings, users
from app.services.search import Filters
from tests.services.scenarios import Builder, all_conditions, all_materials, fixed_clock


def test_create_and_login(ctx, admin):
    users.create_user(ctx, None, "admin", "管理员", "admin", "Admin1234")
    u = users.create_user(ctx, admin, "clerk09", "孙丽", "clerk", "Secret123")
    with ctx.store.read() as s:
        assert (
            s.execute(select(User.password_hash).where(User.username == "clerk09"))
            .scalar()
            .startswith("$argon2id$")
        )
    assert u.must_change_password
    assert users.authenticate(ctx, "clerk09", "Secret123").role == "clerk"
    with pytest.raises(DomainError, match="用户名或密码错误"):
        users.authenticate(ctx, "clerk09", "wrong-pass1")


def test_lockout_after_repeated_failures_and_reset(ctx, admin):
    users.create_user(ctx, None, "admin", "管理员", "admin", "Admin1234")
    users.create_user(ctx, admin, "clerk09", "孙丽", "clerk", "Secret123")
    for _ in range(users.MAX_FAILED_LOGINS):
        with pytest.raises(DomainError):
            users.authenticate(ctx, "clerk09", "nope12345")
    with pytest.raises(DomainError) as err:
        users.authenticate(ctx, "clerk09", "Secret123")
    assert err.value.code == "USER_LOCKED"
    users.reset_password(ctx, admin, "clerk09", "NewPass123")
    assert users.authenticate(ctx, "clerk09", "NewPass123").username == "clerk09"


def test_only_admin_manages_users_and_no_self_lockout(ctx, admin, clerk):
    users.create_user(ctx, None, "admin", "管理员", "admin", "Admin1234")
    with pytest.raises(PermissionDenied):
        users.create_user(ctx, clerk, "x1", "某", "clerk", "Secret123")
    with pytest.raises(DomainError) as err:
        users.set_active(ctx, admin, "admin", False)
    assert err.value.code == "SELF_LOCKOUT"
    with pytest.raises(DomainError) as err:
        users.create_user(ctx, admin, "weak", "某", "clerk", "12345678")
    assert err.value.code == "PASSWORD_WEAK"


def test_disabled_user_cannot_log_in(ctx, admin):
    users.create_user(ctx, None, "admin", "管理员", "admin", "Admin1234")
    users.create_user(ctx, admin, "clerk09", "孙丽", "clerk", "Secret123")
    users.set_active(ctx, admin, "clerk09", False)
    with pytest.raises(DomainError) as err:
        users.authenticate(ctx, "clerk09", "Secret123")
    assert err.value.code == "USER_DISABLED"


def test_workstation_settings_validated_and_used_for_numbers(ctx, admin, clerk):
    fixed_clock(ctx)
    with pytest.raises(DomainError) as err:
        settings.put(ctx, admin, "workstation", {"unit_code": "41", "counter_no": "3"})
    assert err.value.field == "unit_code"
    settings.put(
        ctx,
        admin,
        "workstation",
        {"unit_code": "410100", "counter_no": "3", "unit_name": "郑州市政务服务中心"},
    )
    assert ctx.workstation.counter_no == "03"
    sc = Builder(ctx).scenario("TZ-CANCEL")
    d = intake.create_draft(
        ctx,
        clerk,
        sc.item_code,
        sc.form,
        conditions=all_conditions(ctx, sc.item_code),
        material_states=all_materials(ctx, sc.item_code),
    )
    assert intake.submit(ctx, clerk, d.uuid).number == "41010020261123030001"


def test_search_and_dashboard(ctx, clerk):
    fixed_clock(ctx)
    b = Builder(ctx)
    made = []
    for code in ("TZ-CANCEL", "AG-REISSUE", "JN-CANCEL"):
        sc = b.scenario(code)
        d = intake.create_draft(
            ctx,
            clerk,
            code,
            sc.form,
            conditions=all_conditions(ctx, code),
            material_states=all_materials(ctx, code),
        )
        made.append(intake.submit(ctx, clerk, d.uuid))
    intake.request_correction(ctx, clerk, made[0].uuid, ["居民身份证（国徽面）"])
    assert search.count(ctx, Filters()) == 3
    assert search.count(ctx, Filters(statuses=("received",))) == 2
    assert [r["number"] for r in search.page(ctx, Filters(text=made[1].number[:12]), offset=0, limit=10)] == [
        m.number for m in made
    ][::-1]
    assert search.page(ctx, Filters(text=made[2].id_number), offset=0, limit=10)[0]["uuid"] == made[2].uuid
    assert search.count(ctx, Filters(text="刘建")) == 3
    dash = search.dashboard(ctx, "clerk01")
    assert dash.by_status == {"received": 2, "correction_requested": 1}
    assert [r["uuid"] for r in dash.corrections] == [made[0].uuid]
