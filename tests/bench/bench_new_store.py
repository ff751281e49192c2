"""`anjungan db upgrade` of a new, empty store, on SQLite and PostgreSQL: every migration from the
first, as a branch's first install does and as each test's own store does.

The first upgrade in a process reads the migration scripts; each later one reuses them
(kiosk/store/schema.py). Medians over the repeats, the first upgrade apart.

    .venv/bin/python -m tests.bench.bench_new_store [--repeats 15] [--pg URL]
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import uuid

os.environ.setdefault("ANJUNGAN_NIK_KEY", "5a" * 32)

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _upgrade_s(url: str) -> float:
    from kiosk.store.db import make_engine
    from kiosk.store.schema import upgrade

    engine = make_engine(url)
    started = time.perf_counter()
    upgrade(engine)
    took = time.perf_counter() - started
    engine.dispose()
    return took


def _sqlite(folder: str) -> float:
    return _upgrade_s(f"sqlite:///{folder}/{uuid.uuid4().hex}.sqlite")


def _postgresql(base: str) -> float:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    plain = base.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        return _upgrade_s(f"{base}?options=-csearch_path%3D{schema}")
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--pg", default=os.environ.get("ANJUNGAN_TEST_PG", PG))
    args = parser.parse_args(argv if argv is not None else [])
    with tempfile.TemporaryDirectory() as folder:
        for engine, once in (("sqlite", lambda: _sqlite(folder)), ("postgresql", lambda: _postgresql(args.pg))):
            first = once()
            rest = [once() for _ in range(args.repeats)]
            print(f"{engine:10} new store: first {first * 1000:5.0f} ms, then median "
                  f"{statistics.median(rest) * 1000:5.0f} ms, max {max(rest) * 1000:5.0f} ms ({args.repeats} stores)",
                  flush=True)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
