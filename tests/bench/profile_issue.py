"""Where the time of `check` and `issue` goes (pyinstrument), on SQLite with N participants.

    .venv/bin/pip install pyinstrument
    .venv/bin/python -m tests.bench.profile_issue [--participants 1000000] [--samples 3000]

Prints pyinstrument's call tree for each, with the slowest frames first; not part of the tests.
"""
from __future__ import annotations

import argparse
import tempfile

from tests.bench.bench_queue import demo_csv, monday_morning, no_quota_config


def main(argv: list[str] | None = None) -> None:
    from pyinstrument import Profiler

    from kiosk.services import open_services

    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=3000)
    args = parser.parse_args(argv)
    csv = demo_csv(args.participants)
    with tempfile.TemporaryDirectory() as tmp:
        svc = open_services(db_url=f"sqlite:///{tmp}/profile.sqlite", clock=monday_morning, config=no_quota_config())
        svc.import_csv(csv)
        nik = "3171012902001234"
        for _ in range(50):
            svc.check(nik)
            svc.issue(nik, "INFO", assisted=True)          # staff: a new ticket each time
            svc.call_next(1)
        for label, work in (("check", lambda i: svc.check(nik)),
                            ("issue", lambda i: (svc.issue(nik, "INFO", assisted=True), i % 5 != 4 and svc.call_next(1)))):
            profiler = Profiler(interval=0.0002)
            profiler.start()
            for i in range(args.samples):
                if label == "issue":
                    svc.issue(nik, "INFO", assisted=True)
                    if i % 5 != 4:
                        profiler.stop()
                        svc.call_next(1)        # not profiled: keeps the queue short, as a lobby does
                        profiler.start()
                else:
                    work(i)
            profiler.stop()
            print(f"==== {label} x {args.samples}")
            print(profiler.output_text(unicode=False, color=False, show_all=False))
        svc.close()


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
