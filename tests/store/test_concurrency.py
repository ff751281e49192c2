"""Eight processes issuing at once: every number distinct, contiguous per service, nothing lost."""
from __future__ import annotations

import multiprocessing as mp
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

PROCESSES = 8
PER_PROCESS = 200
SERVICES = ("INFO", "ADUAN")


def monday_morning() -> datetime:
    return datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def issue_batch(url: str, worker: int, start, results) -> None:
    from kiosk.domain import errors
    from kiosk.services import open_services

    try:
        svc = open_services(db_url=url, clock=monday_morning, upgrade=False)
        start.wait()
        numbers = []
        for i in range(PER_PROCESS):
            service = SERVICES[(worker + i) % len(SERVICES)]
            person = worker * PER_PROCESS + i + 1                 # 1600 people, each a ticket of their own
            for _attempt in range(20):
                try:
                    ticket = svc.issue(f"317101290200{person:04d}", service, kiosk_id=f"kiosk-{worker}")
                    break
                except errors.StoreUnavailable:
                    continue      # "busy, try again": what the kiosk tells the participant
            numbers.append((ticket.ticket_id, ticket.service, ticket.number))
        svc.close()
        results.put(numbers)
    except Exception as exc:      # reported to the test at once instead of a silent wait
        results.put(repr(exc))


@pytest.mark.timeout(300)
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_eight_processes_issue_1600_distinct_contiguous_numbers(backend, request, tmp_path):
    from kiosk.services import open_services

    url = f"sqlite:///{tmp_path / 'race.sqlite'}" if backend == "sqlite" else request.getfixturevalue("pg_db")
    open_services(db_url=url, clock=monday_morning).close()     # schema in place before the race
    ctx = mp.get_context("spawn")
    start = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    workers = [ctx.Process(target=issue_batch, args=(url, w, start, results)) for w in range(PROCESSES)]
    for w in workers:
        w.start()
    collected = [results.get(timeout=240) for _ in workers]
    assert not [c for c in collected if isinstance(c, str)], collected
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    tickets = [t for batch in collected for t in batch]
    assert len(tickets) == PROCESSES * PER_PROCESS
    assert len({t[0] for t in tickets}) == len(tickets)
    per_service = defaultdict(list)
    for _, service, number in tickets:
        per_service[service].append(int(number.split("-")[1]))
    for service, seqs in per_service.items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), service
    svc = open_services(db_url=url, clock=monday_morning, upgrade=False)
    assert sum(len(svc.waiting([s])) for s in SERVICES) == len(tickets)
    svc.close()
