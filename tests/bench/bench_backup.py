"""How long a backup and a restore take, and what a backup costs a kiosk issuing meanwhile.

    .venv/bin/python -m tests.bench.bench_backup [--participants 100000] [--tickets 1000] [--pg URL]

Builds a store (SQLite in a temporary folder, or a fresh schema of the PostgreSQL URL), then times
`Services.backup` while a thread issues tickets (issue p50/p95 during the backup and without it),
and `restore_backup` onto a new data folder. Prints one JSON document.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL (a schema of its own is made and dropped)")
    args = parser.parse_args()
    os.environ.setdefault("ANJUNGAN_NOW", "2026-11-23T09:00:00+07:00")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        os.environ["ANJUNGAN_DATA_DIR"] = str(tmp_path / "data")
        from kiosk.services import demo_config, open_services, restore_backup
        from tests.conftest import drop_pg_schema, fresh_nik, fresh_pg_schema

        url, schema = (fresh_pg_schema(args.pg) if args.pg else (f"sqlite:///{tmp_path / 'data' / 'anjungan.sqlite'}",
                                                                   None))
        try:
            svc = open_services(db_url=url, config=demo_config())
            svc.add_demo_participants(args.participants)
            for _ in range(args.tickets):
                svc.issue(fresh_nik(), "INFO", assisted=True)
            kiosk = open_services(db_url=url, config=demo_config())
            idle = [_timed(lambda: kiosk.issue(fresh_nik(), "INFO", assisted=True)) for _ in range(50)]
            during: list[float] = []
            stop = threading.Event()

            def issue_on() -> None:
                while not stop.is_set():
                    during.append(_timed(lambda: kiosk.issue(fresh_nik(), "INFO", assisted=True)))

            worker = threading.Thread(target=issue_on)
            worker.start()
            started = time.perf_counter()
            made = svc.backup(tmp_path / "backups")
            backup_s = time.perf_counter() - started
            stop.set()
            worker.join()
            svc.close()
            kiosk.close()
            if not args.pg:
                os.environ["ANJUNGAN_DATA_DIR"] = str(tmp_path / "new-pc")
                url = f"sqlite:///{tmp_path / 'new-pc' / 'anjungan.sqlite'}"
            started = time.perf_counter()
            restore_backup(db_url=url, path=made.path, config=demo_config(), force=True)
            restore_s = time.perf_counter() - started
        finally:
            if schema:
                drop_pg_schema(args.pg, schema)
    print(json.dumps({"store": "postgresql" if args.pg else "sqlite", "participants": args.participants,
                      "tickets": made.tickets, "backup_bytes": made.bytes, "backup_s": round(backup_s, 2),
                      "restore_s": round(restore_s, 2), "issued_during_backup": len(during),
                      "issue_ms_idle": _ms(idle), "issue_ms_during_backup": _ms(during)}))
    return 0


def _timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _ms(samples: list[float]) -> dict:
    if not samples:
        return {}
    ordered = sorted(samples)
    return {"p50": round(statistics.median(ordered) * 1000, 1),
            "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000, 1)}


if __name__ == "__main__":
    raise SystemExit(main())
