"""A workstation's first registry load in a process of its own, held at a chosen point so that the test can kill it.

    python -m tests.sync.load_child DATA_DIR CENTRAL_URL TOKEN USERNAME ROLE PAGE_SIZE KIND NTH WHERE

The child opens the counter's store as the program does (app.bootstrap.open_context) and runs one sync round of
the real worker, whose first load pages through the snapshot `PAGE_SIZE` rows at a time. At the NTH page of KIND
it prints "held N" and waits for a line on stdin: WHERE "between" holds it before that page is asked for (the
pages before it are committed; N is 0), WHERE "inside" after that page's N rows were written in its local
transaction and before that transaction commits. The test kills it there with SIGKILL (a person closing the program, or the power going);
a line "go" lets it finish instead, and it prints "done" after the round.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any

from app.bootstrap import open_context
from app.sync import snapshot
from app.sync.worker import SyncWorker


def _hold(written: int) -> None:
    print(f"held {written}", flush=True)
    if sys.stdin.readline().strip() != "go":
        sys.exit(3)


def main(argv: list[str]) -> int:
    data_dir, url, token, username, role, page_size, kind, nth, where = argv
    ctx = open_context(Path(data_dir))
    worker = SyncWorker(ctx, url, interval=3600, stock=None)
    worker.set_session(token, username, role)
    snapshot.load_snapshot = functools.partial(snapshot.load_snapshot, page_size=int(page_size))  # type: ignore[assignment]
    seen = 0

    def counted(held_kind: str) -> bool:
        nonlocal seen
        if held_kind != kind:
            return False
        seen += 1
        return seen == int(nth)

    if where == "between":
        ask = worker.client.snapshot_page

        def page(held_kind: str, after: int, limit: int, cities: str = "") -> dict[str, Any]:
            if counted(held_kind):
                _hold(0)
            return ask(held_kind, after, limit, cities)

        worker.client.snapshot_page = page  # type: ignore[method-assign]
    elif where == "inside":
        write = snapshot._write_page

        def written(s: Any, held_kind: str, data: dict[str, Any], now: Any) -> int:
            n = write(s, held_kind, data, now)
            if counted(held_kind):
                _hold(n)
            return n

        snapshot._write_page = written  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown hold point {where!r}")
    result = worker.run_once()
    print(f"done {result.error}", flush=True)
    return 0 if result.error is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
