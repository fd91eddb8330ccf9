"""The central store embedded in the desktop process (single machine): SQLite under data_dir/central/.

`start_embedded` returns at once with the URL; migration and server start run in the background thread, and
`wait_ready()` blocks only a caller that needs the service to be up. Accounts and this workstation are copied
from the local store (same Argon2 hashes), so the user who logged in locally can log in centrally too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from app.central.api import create_app
from app.central.auth import utcnow
from app.central.server import ServerThread
from app.central.store import open_store
from app.central.units import set_issuer
from app.domain.identifiers import is_valid_uscc
from app.models import Setting, User, Workstation
from app.models.db import Store, make_engine

CENTRAL_DB = "central.sqlite3"
LOCAL_DB = "counterdesk.sqlite3"  # app.bootstrap.DB_NAME, not imported to keep start-up light


def copy_accounts(local_db: Path, central: Store) -> int:
    """Upsert the local accounts and workstation into the embedded central store; returns accounts copied."""
    if not local_db.exists():
        return 0
    engine = make_engine(local_db)
    try:
        with engine.connect() as conn:
            users = conn.execute(
                select(
                    User.username,
                    User.display_name,
                    User.role,
                    User.unit_code,
                    User.password_hash,
                    User.active,
                    User.sign_public_keys,
                    User.sign_private,
                )
            ).all()
            ws = conn.execute(select(Setting.value).where(Setting.key == "workstation")).scalar()
    except OperationalError:
        return 0  # the local store is not migrated yet; the caller may copy again later
    finally:
        engine.dispose()
    now = utcnow()
    with central.write() as s:
        have = {u.username: u for u in s.execute(select(User)).scalars()}
        for username, display_name, role, unit, pw_hash, active, keys, sealed in users:
            user = have.get(username)
            if user is None:
                s.add(
                    User(
                        username=username,
                        display_name=display_name,
                        role=role,
                        unit_code=unit,
                        password_hash=pw_hash,
                        active=active,
                        must_change_password=False,
                        created_at=now,
                        updated_at=now,
                        sign_public_keys=list(keys or []),
                        sign_private=sealed,
                    )
                )
            else:
                user.display_name, user.role, user.unit_code = display_name, role, unit
                user.password_hash, user.active, user.updated_at = pw_hash, active, now
                if keys:
                    user.sign_public_keys = [
                        *keys,
                        *[k for k in user.sign_public_keys or [] if k not in keys],
                    ]
                    user.sign_private = sealed
        if ws:
            code = str(ws.get("code", "WS-01"))
            row = s.execute(select(Workstation).where(Workstation.code == code)).scalar_one_or_none()
            if row is None:
                s.add(
                    Workstation(
                        code=code,
                        name=str(ws.get("unit_name", code))[:64],
                        unit_code=str(ws.get("unit_code", "410000")),
                        counter_no=str(ws.get("counter_no", "01")),
                        created_at=now,
                    )
                )
            else:
                row.unit_code, row.counter_no = (
                    str(ws.get("unit_code", row.unit_code)),
                    str(ws.get("counter_no")),
                )
            # On one machine the administrator's issuer code (工作站设置) is also the embedded centre's.
            issuer = str(ws.get("issuer_uscc") or "")
            if is_valid_uscc(issuer):
                set_issuer(s, str(ws.get("unit_code", "410000")), issuer, None, "system")
    return len(users)


@dataclass
class EmbeddedCentral:
    url: str
    db_path: Path
    local_db: Path
    _server: ServerThread
    _store: list[Store] = field(default_factory=list)

    def wait_ready(self, timeout: float = 30.0) -> str:
        """Block until the service answers; the URL is valid before that (connections wait in the backlog)."""
        return self._server.wait_ready(timeout)

    @property
    def ready(self) -> bool:
        return self._server.ready

    def copy_accounts(self) -> int:
        """Copy local accounts again, e.g. after the first run created them or an administrator changed one."""
        self.wait_ready()
        return copy_accounts(self.local_db, self._store[0])

    def enrol(self, code: str, name: str, counter_no: str, unit_code: str) -> str:
        """Enrol this machine's own workstation with its embedded store (the single-machine setup has no
        separate administrator at a central office); returns the workstation credential."""
        from app.central.auth import Principal
        from app.central.schemas import EnrolRequest
        from app.central.workstations import enrol

        self.wait_ready()
        admin = Principal("system", "admin", unit_code, "本机", code, "")
        return enrol(
            self._store[0], admin, EnrolRequest(code=code, name=name[:64], counter_no=counter_no)
        ).credential

    def stop(self) -> None:
        self._server.stop()
        for store in self._store:
            store.dispose()


def start_embedded(data_dir: Path) -> EmbeddedCentral:
    """Start the central service on 127.0.0.1 with a free port and a SQLite file under data_dir/central/."""
    folder = Path(data_dir) / "central"
    folder.mkdir(parents=True, exist_ok=True)
    db_path = folder / CENTRAL_DB
    local_db = Path(data_dir) / LOCAL_DB
    stores: list[Store] = []

    def factory() -> FastAPI:
        store = open_store(str(db_path))
        stores.append(store)
        copy_accounts(local_db, store)
        return create_app(store)

    server = ServerThread(factory).start()
    return EmbeddedCentral(server.url, db_path, local_db, server, stores)
