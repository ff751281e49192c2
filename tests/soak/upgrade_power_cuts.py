"""Power cuts during `db upgrade` of a SQLite store holding a year of a branch (250 service days of
400 visits: 100,000 tickets and 300,000 events at the first schema revision).

    .venv/bin/python -m tests.soak.upgrade_power_cuts [--days 250] [--visits 400] [--every 1] [--random 20]

Cuts before every `--every`-th statement of every migration (each run starts where the cut left
the store: the migrations before committed, the cut one rolled back), then `--random` cuts at
random moments of fresh upgrades from the first revision. After each cut: the recorded revision is
one the program knows, the store is shaped exactly as a store that reached that revision without
a cut, and every ticket and event is still there. Prints the number of cuts and of unusable
stores (must be 0) and exits 1 if any. Not part of `./run test` (minutes).
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.store import power_cut


SIDE_FILES = ("-wal", "-journal", "-shm")


def place(store: Path, where: Path) -> None:
    """The store as a cut left it, copied to `where`: its main file with the write-ahead log or
    journal beside it (what SQLite recovers from when it opens it), and nothing of what was at
    `where` before (another store's log would be read as this one's)."""
    for side in SIDE_FILES:
        Path(f"{where}{side}").unlink(missing_ok=True)
    shutil.copy(store, where)
    for side in SIDE_FILES[:2]:
        if Path(f"{store}{side}").exists():
            shutil.copy(f"{store}{side}", f"{where}{side}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--visits", type=int, default=400)
    parser.add_argument("--every", type=int, default=1, help="cut before every N-th statement of a migration")
    parser.add_argument("--random", type=int, default=20, help="cuts at random moments")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="anjungan-cuts-"))
    started = time.monotonic()
    try:
        shapes = power_cut.reference_shapes(folder)
        revisions = list(shapes)
        pristine = folder / "year.sqlite"
        kept = power_cut.first_revision_store(pristine, args.days, args.visits)
        print(f"store: {kept['tickets']:,} tickets, {kept['events']:,} events at revision {revisions[0]} "
              f"({pristine.stat().st_size / 1e6:.0f} MB)", flush=True)
        work = folder / "branch.sqlite"
        upgrader = power_cut.Upgrader()
        place(pristine, work)
        whole = upgrader.run(f"sqlite:///{work}")
        cuts = bad = 0

        def check(what: str) -> None:
            nonlocal bad
            revision = power_cut.revision_of(work)
            fine = (revision in shapes and power_cut.columns_by_table(work) == shapes[revision]
                    and power_cut.counts(work) == kept)
            if not fine:
                bad += 1
                print(f"UNUSABLE after {what}: revision {revision}", flush=True)

        # Cuts before statement 1, 1+every, … of each migration. Migration k+1 is cut as the first
        # of a run from the first revision (k = 0), else as the second of a run from revision k-1
        # (its statements then count from the stamp of the migration before it).
        url = f"sqlite:///{work}"
        lengths = [b - a for a, b in zip([0, *whole.stamps], whole.stamps)]
        at = [pristine]                                 # at[j]: the store at revisions[j]
        for k, length in enumerate(lengths):
            base = at[k - 1] if k else at[0]
            for offset in range(1, length + 1, args.every):
                place(base, work)
                run = upgrader.run(url, 1 if k else 0, offset)
                cuts += run.killed
                check(f"a cut before statement {offset} of migration {revisions[k + 1]}")
            if k >= 1:
                place(at[k - 1], work)
                upgrader.run(url, 1, 1)                 # commits revisions[k], cut before the next
                at.append(folder / f"at-{k}.sqlite")
                place(work, at[-1])
            print(f"migration {revisions[k + 1]}: cut before each of its {length} statements", flush=True)
        rnd = random.Random(args.seed)
        span = max(1.0, time.monotonic() - started) / max(1, cuts)
        for n in range(args.random):
            place(pristine, work)
            if power_cut.upgrade_killed_after(url, rnd.uniform(0.5, 2.0 + 30 * span)):
                cuts += 1
                check(f"random cut {n + 1}")
            upgrader.run(url)
            check(f"the upgrade after random cut {n + 1}")
        upgrader.close()
        print(f"cuts: {cuts}, unusable stores: {bad}, time: {time.monotonic() - started:.0f} s", flush=True)
        return 1 if bad else 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
