"""The audit hash chain both stores keep: each event's hash covers the previous one's."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def event_hash(
    prev_hash: str, at: datetime, actor: str, action: str, entity: str, entity_id: str, detail: Any
) -> str:
    body = json.dumps(
        [at.isoformat(), actor, action, entity, entity_id, detail],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()
