"""``python -m triage.collect --base-url URL --model NAME``: the collect command alone."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
