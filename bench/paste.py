"""python -m bench.paste → time `triage diagnose -` on hostile pasted text (the goal: an
answer, or exit 2, within a second; no traceback; keys masked). Prints one line per input."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-" + "Bn4" * 12      # key-shaped only at run time


def inputs() -> dict[str, bytes]:
    head = f"openai.RateLimitError: Error code: 429 - {{'error': {{'message': 'for {KEY}'}}}}\n"
    return {
        "10 MB log": (head + ("x" * 99 + "\n") * 100_000).encode(),
        "binary": os.urandom(1 << 20),
        "nested repr": ("Error code: 400 - " + "{'a': " * 200_000 + "1" + "}" * 200_000).encode(),
        "unterminated quotes": (head + "{'error': {'message': 'x" + "'abc" * 500_000).encode(),
        "brackets only": b"[" * (4 << 20),
    }


def main() -> int:
    worst = 0.0
    for name, data in inputs().items():
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "triage", "diagnose", "-"], input=data,
                              capture_output=True, cwd=ROOT, timeout=60, check=False)
        took = time.perf_counter() - start
        worst = max(worst, took)
        out = done.stdout + done.stderr
        print(f"{name:22} exit {done.returncode}  {took * 1000:7.0f} ms  "
              f"traceback={b'Traceback' in out}  key_shown={KEY.encode() in out}")
    print(f"worst {worst * 1000:.0f} ms (includes the CLI start)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
