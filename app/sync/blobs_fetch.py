"""Material files on demand (按需下载材料): a page pulled from another workstation is fetched when first viewed.

The loader first reads the local material store; a page that is not there (or is damaged) is fetched from the
central store (GET /blobs/{sha256}), checked against its SHA-256, and kept locally, encrypted again when any
page row citing it is personal data (ID cards, photos) or when no page row says otherwise. The next read is
local. It returns None when the file can be had from neither, and the viewer says so.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.domain.errors import DomainError
from app.models import MaterialPage
from app.services import materials
from app.services.context import ServiceContext
from app.sync.client import SyncClient, SyncError

if TYPE_CHECKING:
    from app.sync.worker import SyncWorker

log = logging.getLogger(__name__)
ClientFactory = Callable[[], SyncClient | None]
PageLoader = Callable[[str], bytes | None]
# Not here, or here but damaged: the central copy replaces it (BlobStore.put rewrites a damaged file).
REFETCHABLE = frozenset({"MATERIAL_MISSING", "MATERIAL_CORRUPT", "MATERIAL_TAMPERED"})


def _storage_of(ctx: ServiceContext, sha256: str) -> tuple[bool, str | None]:
    """(encrypt, mime) for a fetched file, from the page rows that cite it; unknown files are encrypted."""
    with ctx.store.read() as s:
        rows = s.execute(
            select(MaterialPage.encrypted, MaterialPage.mime).where(MaterialPage.sha256 == sha256)
        ).all()
    if not rows:
        return True, None
    return any(bool(r.encrypted) for r in rows), rows[0].mime


def fetch_page(ctx: ServiceContext, client: SyncClient, sha256: str) -> bytes | None:
    """Fetch one file from the central store, verify it and store it locally; None if that fails."""
    try:
        data = client.get_blob(sha256)
    except SyncError as err:
        log.info("material %s not fetched from the central store: %s", sha256[:12], err)
        return None
    if hashlib.sha256(data).hexdigest() != sha256:
        log.warning("material %s from the central store does not match its hash; discarded", sha256[:12])
        return None
    encrypt, mime = _storage_of(ctx, sha256)
    try:
        materials.store(ctx).put(data, encrypt=encrypt, mime=mime)
    except DomainError as err:  # e.g. the disk is full: show the verified page, fetch it again next time
        log.warning("material %s fetched but not stored: %s", sha256[:12], err.message)
    return data


def make_page_loader(ctx: ServiceContext, client_factory: ClientFactory) -> PageLoader:
    """A viewer loader: local store first, then the central store. `client_factory` gives a signed-in client
    that the loader owns and closes (None when there is no central session, e.g. offline before login)."""

    def load(sha256: str) -> bytes | None:
        try:
            return materials.read_page(ctx, sha256)
        except DomainError as err:
            if err.code not in REFETCHABLE:
                log.warning("material %s unreadable: %s", sha256[:12], err.message)
                return None
        except OSError as err:
            log.warning("material %s unreadable: %s", sha256[:12], err)
            return None
        client = client_factory()
        if client is None:
            return None
        try:
            return fetch_page(ctx, client, sha256)
        finally:
            client.close()

    return load


def session_clients(worker: SyncWorker | None) -> ClientFactory:
    """Clients that use the sync worker's current central session (its address and token), one per fetch, so
    a fetch never shares the worker thread's connection pool."""

    def factory() -> SyncClient | None:
        client = worker.client if worker is not None else None
        if client is None or not client.token:
            return None
        return SyncClient(client.base_url, token=client.token, verify=client.verify)

    return factory
