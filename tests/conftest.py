"""Shared fixtures: every test gets a fresh store in its own temporary directory."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.bootstrap import DB_NAME, open_context  # noqa: E402
from app.services.context import Actor, ServiceContext  # noqa: E402
from app.services.firstrun import demo_config, ensure_first_run  # noqa: E402
from tests.store_templates import fresh_local_store  # noqa: E402

TEST_ISSUER_USCC = str(demo_config().workstation["issuer_uscc"])

CLERK = Actor("clerk01", "clerk", "张敏")
CLERK2 = Actor("clerk02", "clerk", "王磊")
SUPERVISOR = Actor("sup01", "supervisor", "李静")
ADMIN = Actor("admin", "admin", "系统管理员")


@pytest.fixture
def ctx(tmp_path: Path) -> ServiceContext:
    """An empty, migrated store; its workstation (in memory only) has the demo issuing unit's code, which every
    approval of an 安管 or 特种作业 certificate needs for the e-certificate identifier. The store is a copy of one
    migrated once per session (tests/store_templates.py)."""
    context = open_context(fresh_local_store(tmp_path / "data"))
    context.workstation = replace(context.workstation, issuer_uscc=TEST_ISSUER_USCC)
    yield context
    context.store.dispose()


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo-template")
    context = open_context(root)
    ensure_first_run(context, persons=600)
    context.store.dispose()
    return root


@pytest.fixture
def demo_ctx(tmp_path: Path, _demo_template: Path) -> ServiceContext:
    """A store with the demo accounts and registry data (a copy of one generated per session)."""
    target = tmp_path / "data"
    target.mkdir()
    shutil.copy2(_demo_template / DB_NAME, target / DB_NAME)
    context = open_context(target)
    yield context
    context.store.dispose()


@pytest.fixture
def clerk() -> Actor:
    return CLERK


@pytest.fixture
def clerk2() -> Actor:
    return CLERK2


@pytest.fixture
def supervisor() -> Actor:
    return SUPERVISOR


@pytest.fixture
def admin() -> Actor:
    return ADMIN
