"""提取 at the central store for a person outside this counter's replica (app.services.lookup.Centre).

Asks `POST /registry/lookup` with the workstation's credential and keeps the answer in the local store the way
a pull would (registry rows through app.core.records, certificates as the certificates stream carries them), in
one local transaction, so the form and the rules read them as any other row. Rows kept this way are outside the
replica's scope, so the feed does not follow them: every later 提取 of the person asks the centre again while
online (app.services.lookup.extract).
"""

from __future__ import annotations

from typing import Any

from app.services import settings
from app.services.central_address import tls_verify
from app.services.context import ServiceContext
from app.services.lookup import CentreOffline
from app.sync import enrolment
from app.sync.client import Refused, SyncClient, Unauthorized, Unavailable
from app.sync.pull import apply_change


class CentreLookup:
    def __init__(self, ctx: ServiceContext, *, timeout: float = 10.0) -> None:
        self.ctx = ctx
        self.timeout = timeout

    def _client(self) -> SyncClient:
        conf = settings.get(self.ctx, "client")
        url = str(conf.get("central_url") or "").strip()
        if not url:
            raise CentreOffline("本窗口未设置中心服务地址")
        credential = enrolment.credential(self.ctx, url)
        if not credential:
            raise CentreOffline("本窗口尚未在中心登记，请管理员在“工作站设置”中登记本机")
        verify = tls_verify(str(conf.get("central_ca_file") or ""))
        return SyncClient(url, timeout=self.timeout, token=credential, verify=verify)

    def fetch(self, *, id_number: str | None = None, certificate_number: str | None = None) -> str | None:
        client = self._client()
        body = {"id_number": id_number} if id_number else {"certificate_number": certificate_number}
        try:
            answer: dict[str, Any] = client._request("POST", "/registry/lookup", json=body).json()
        except Unavailable as err:
            raise CentreOffline(str(err)) from err
        except Unauthorized as err:
            raise CentreOffline(f"中心拒绝了本窗口的登记凭据：{err.message}") from err
        except Refused as err:
            raise CentreOffline(f"中心未受理查询：{err.message}") from err
        finally:
            client.close()
        if not answer.get("found"):
            return None
        self._keep(answer)
        return str(answer["id_number"])

    def _keep(self, answer: dict[str, Any]) -> None:
        now = self.ctx.now()
        changes: list[tuple[str, dict[str, Any]]] = []
        if answer.get("person"):
            changes.append(("registry", {"entity": "person", "op": "upsert", "data": answer["person"]}))
        for kind, key in (("company", "companies"), ("score", "scores"), ("constructor", "constructors")):
            changes.extend(
                ("registry", {"entity": kind, "op": "upsert", "data": r}) for r in answer.get(key, [])
            )
        changes.extend(
            ("registry", {"entity": "blacklist", "op": "upsert", "data": r})
            for r in answer.get("blacklist", [])
        )
        changes.extend(
            ("certificates", {"entity": "certificate", "entity_id": c["number"], "op": "lookup", "data": c})
            for c in answer.get("certificates", [])
        )
        with self.ctx.store.write() as s:
            for stream, change in changes:
                apply_change(s, stream, change, now)
