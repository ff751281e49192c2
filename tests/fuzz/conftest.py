"""The long run asks for the tally of what the checks saw (`ANJUNGAN_FUZZ_TALLY=FILE`)."""
from __future__ import annotations

import json
import os


def pytest_sessionfinish(session, exitstatus):
    target = os.environ.get("ANJUNGAN_FUZZ_TALLY")
    if target:
        from tests.fuzz.checks import TALLY

        with open(target, "w", encoding="utf-8") as f:
            json.dump({"exit_status": int(exitstatus), **TALLY}, f)
