"""`make bench`: run every benchmark module's run() and print its figures (ratios against same-run baselines)."""

from __future__ import annotations

import importlib
import json
import sys
import time
import traceback
from pathlib import Path

MODULES = [
    "bench_core",
    "bench_capture",
    "bench_printing",
    "bench_sync",
    "bench_excel",
    "bench_ui",
    "bench_register",
    "bench_snapshot",
]


def main(argv: list[str]) -> int:
    wanted = argv or MODULES
    results: dict[str, object] = {}
    failed = False
    for name in wanted:
        if not (Path(__file__).parent / f"{name}.py").exists():
            continue
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        try:
            results[name] = importlib.import_module(f"bench.{name}").run()
        except Exception:
            traceback.print_exc()
            failed = True
        print(f"({name}: {time.perf_counter() - started:.1f} s)", flush=True)
    out = Path("bench/results")
    out.mkdir(parents=True, exist_ok=True)
    (out / "latest.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    print(f"\nfigures written to {out / 'latest.json'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
