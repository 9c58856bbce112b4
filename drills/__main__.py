"""Run every resilience drill in turn: `make drills` (or `python -m drills`).

Each drill runs in its own process with its own throwaway PostgreSQL and Redis,
so one drill's failure cannot leave the next with a broken service. Every drill
runs even if an earlier one failed; the exit status is non-zero if any did.
"""

from __future__ import annotations

import subprocess
import sys
import time

DRILLS = [
    "drills.postgres_restart",
    "drills.redis_outage",
    "drills.worker_kill",
    "drills.backup_restore",
]


def main(names: list[str]) -> int:
    chosen = [drill for drill in DRILLS if not names or drill.split(".")[-1] in names]
    results = {}
    for drill in chosen:
        started = time.monotonic()
        code = subprocess.run([sys.executable, "-m", drill], check=False).returncode
        results[drill] = (code, time.monotonic() - started)
    print("\n=== Drills")
    for drill, (code, seconds) in results.items():
        print(f"  {'passed' if code == 0 else 'FAILED'}  {drill}  ({seconds:.0f}s)")
    return 1 if any(code for code, _ in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
