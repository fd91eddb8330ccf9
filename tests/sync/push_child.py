"""Counter processes for the SIGKILL test, forked from one pre-imported parent so each starts in milliseconds.

    python -m tests.sync.push_child DATA_DIR CENTRAL_URL TOKEN USERNAME ROLE

For each line "go" on stdin the parent forks a child that opens the counter's store afresh, prints
"ready PID", pushes the outbox in small batches until nothing is pending and exits; the parent then prints
"reaped PID STATUS". The test kills children with SIGKILL at random moments of their push.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.bootstrap import DB_NAME
from app.domain.catalogue import load_catalogue
from app.models.db import Store, make_engine
from app.services.context import ServiceContext, Workstation
from app.sync.worker import SyncWorker


def _child(data_dir: Path, url: str, token: str, username: str, role: str, catalogue: object) -> None:
    ctx = ServiceContext(
        store=Store(make_engine(data_dir / DB_NAME)), data_dir=data_dir, workstation=Workstation()
    )
    ctx.catalogue = catalogue  # type: ignore[assignment]
    worker = SyncWorker(ctx, url, streams=(), stock=None, batch_size=2, interval=3600)
    worker.set_session(token, username, role)
    print(f"ready {os.getpid()}", flush=True)
    worker.run_once()


def main(argv: list[str]) -> int:
    data_dir, url, token, username, role = argv
    catalogue = load_catalogue()
    for line in sys.stdin:
        if line.strip() != "go":
            break
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _child(Path(data_dir), url, token, username, role, catalogue)
            except BaseException:
                code = 1
            finally:
                sys.stdout.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        print(f"reaped {pid} {status}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
