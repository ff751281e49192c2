"""The long fuzz run: the checks of tests/fuzz on at least 100,000 inputs, then the tally.

    .venv/bin/python -m tests.bench.soak_fuzz                 # ≥ 100,000 inputs (about 30 min on 2 cores)
    .venv/bin/python -m tests.bench.soak_fuzz --scale 10      # a shortened run (about 3 min)

Inputs: participant files (read, and imported into SQLite), configuration files, command lines
(run in-process on a SQLite queue), printer addresses. Reported: inputs of each kind, tracebacks
(any exception that is not one of the product's own sentences, or a traceback on stderr), hangs
(an input not done within 10 s), half-written changes (an import that kept part of a file, a
number handed out without its ticket or event, a file changed by a printer address) and escapes
(a preview folder outside its place). Each of those must be 0; the exit status says so.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PER_SCALE = 300 + 60 + 150 + 300 + 120          # examples of tests/fuzz/test_fuzz.py at scale 1
BAD = ("tracebacks", "hangs", "half_written", "escapes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=110.0, help="examples × this (110: ≥ 100,000 inputs)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="anjungan-soak-fuzz-") as tmp:
        tally_file = Path(tmp) / "tally.json"
        env = {**os.environ, "ANJUNGAN_FUZZ_SCALE": str(args.scale), "ANJUNGAN_FUZZ_TALLY": str(tally_file),
               "ANJUNGAN_DATA_DIR": str(Path(tmp) / "data"), "QT_QPA_PLATFORM": "offscreen"}
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--timeout", "0",
                               "tests/fuzz"], cwd=ROOT, env=env)
        took = time.monotonic() - started
        tally = json.loads(tally_file.read_text()) if tally_file.exists() else {}
    inputs = sum(v for k, v in tally.items() if k not in BAD and k != "exit_status")
    print(f"\nfuzz: {inputs:,} inputs in {took / 60:.1f} min (target ≈ {int(PER_SCALE * args.scale):,})")
    for kind in ("csv", "csv_import", "config", "cli", "printer_url"):
        print(f"  {kind:12} {tally.get(kind, 0):>9,}")
    for kind in BAD:
        print(f"  {kind:12} {tally.get(kind, 0):>9,}")
    ok = done.returncode == 0 and all(tally.get(k, 0) == 0 for k in BAD)
    print("result:", "all 0" if ok else "FAILURES")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
