"""Run every benchmark in tests/bench/ and print its figures: `python -m tests.bench [NAME…]`."""
from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = [m.name for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")]
    if argv:
        names = [n for n in names if any(a in n for a in argv)]
    for name in sorted(names):
        print(f"== {name}", flush=True)
        importlib.import_module(f"tests.bench.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
