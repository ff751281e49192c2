"""`python -m kiosk.demo`: the headless demo into $ANJUNGAN_DEMO_OUT (default ./demo-out)."""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from kiosk.demo.headless import run_headless

if __name__ == "__main__":  # pragma: no cover
    logging.basicConfig(level=logging.WARNING)
    sys.exit(run_headless(Path(os.environ.get("ANJUNGAN_DEMO_OUT", "demo-out"))))
