"""python -m engine → the triage command."""

import sys

from engine.cli import main

sys.exit(main())
