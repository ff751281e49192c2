"""Counters on different PCs calling at the same moment never get the same ticket.

Each counter is its own OS process (as on a branch floor: one PC per counter), all on one
SQLite file or one PostgreSQL database, and all serve JHT (counters 3–6 in the default
branch), so they fight over the same waiting line. Every waiting ticket is called exactly
once, by exactly one counter; nothing is lost and nothing is called twice.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import subprocess
import sys
from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.events.helpers import MONDAY_9, ROOT, issue

COUNTERS = (3, 4, 5, 6)                 # the default branch's counters that all serve JHT
# JHT is served by every counter above; JP, JKK and JKM by two or three of them each
SERVICES = ("JHT",) * 6 + ("JP", "JKK", "JKM")
TICKETS = 36


def monday_morning() -> datetime:
    return datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def counter_pc(url: str, counter: int, start, results) -> None:
    """One counter PC: call the next ticket again and again until nobody is waiting."""
    from kiosk.domain import errors
    from kiosk.services import open_services

    svc = open_services(db_url=url, clock=monday_morning, upgrade=False)
    called, busy = [], 0
    try:
        start.wait(timeout=60)
        while True:
            try:
                ticket = svc.call_next(counter, "done")
            except errors.StoreUnavailable:       # "try calling again": what the officer does
                busy += 1
                if busy > 200:
                    raise
                continue
            if ticket is None:
                break
            called.append((ticket.ticket_id, ticket.number, ticket.service, ticket.counter))
        results.put((counter, called, busy, None))
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails with it
        results.put((counter, called, busy, repr(exc)))
    finally:
        svc.close()


def db_for(backend: str, request, tmp_path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'floor.sqlite'}"
    return request.getfixturevalue("pg_db")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_counter_processes_calling_at_once_never_share_a_ticket(backend, request, tmp_path, make_services):
    url = db_for(backend, request, tmp_path)
    svc = make_services(url, clock=monday_morning)
    issued = issue(svc, *(SERVICES[i % len(SERVICES)] for i in range(TICKETS)))
    assert len({t.number for t in issued}) == TICKETS

    ctx = mp.get_context("spawn")
    start = ctx.Barrier(len(COUNTERS))
    results = ctx.Queue()
    pcs = [ctx.Process(target=counter_pc, args=(url, n, start, results)) for n in COUNTERS]
    for pc in pcs:
        pc.start()
    reports = [results.get(timeout=90) for _ in pcs]
    for pc in pcs:
        pc.join(timeout=30)
        assert pc.exitcode == 0
    assert [r[3] for r in reports if r[3]] == []

    calls = [(counter, *call) for counter, called, _busy, _error in reports for call in called]
    ids = Counter(ticket_id for _c, ticket_id, *_ in calls)
    assert [t for t, n in ids.items() if n > 1] == []                      # no ticket handed out twice
    numbers = Counter(number for _c, _t, number, *_ in calls)
    assert [n for n, k in numbers.items() if k > 1] == []
    assert set(ids) == {t.ticket_id for t in issued}                        # every ticket called once
    assert all(counter == on for counter, _t, _n, _s, on in calls)
    assert len({counter for counter, *_ in calls}) >= 2                    # the counters really raced

    # the store agrees: one "called" event per ticket, by the counter that got it, none waiting
    events = [e for e in svc.events_after(0) if e.kind == "called"]
    assert Counter(e.ticket_id for e in events) == Counter({t.ticket_id: 1 for t in issued})
    got = {ticket_id: counter for counter, ticket_id, *_ in calls}
    assert all(got[e.ticket_id] == e.counter for e in events)
    status = svc.status()
    assert sum(s["waiting"] for s in status.services) == 0
    # the last "call next" that found nobody finished the counter's ticket: each ticket once
    finished = Counter(e.ticket_id for e in svc.events_after(0) if e.kind == "finished")
    assert finished == Counter({t.ticket_id: 1 for t in issued})
    assert [c["ticket"] for c in status.counters if c["counter"] in COUNTERS] == [None] * len(COUNTERS)


def _call_command(url: str, counter: int) -> subprocess.Popen:
    import os

    env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9}
    return subprocess.Popen([sys.executable, "-m", "kiosk", "--db", url, "call", "--counter", str(counter), "--json"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_anjungan_call_commands_started_together_get_different_tickets(backend, request, tmp_path, make_services):
    """The same race through the `anjungan call` command, the way field scripts drive it."""
    url = db_for(backend, request, tmp_path)
    svc = make_services(url, clock=monday_morning)
    issued = issue(svc, *(["JHT"] * (len(COUNTERS) + 1)))
    commands = [_call_command(url, n) for n in COUNTERS]
    outputs = [(p.communicate(timeout=90), p.returncode) for p in commands]
    assert [err for (_out, err), code in outputs if code != 0] == []
    tickets = [json.loads(out)["ticket"] for (out, _err), _code in outputs]
    assert None not in tickets                                              # enough were waiting for all
    assert sorted(t["counter"] for t in tickets) == list(COUNTERS)
    assert len({t["ticket_id"] for t in tickets}) == len(COUNTERS)
    assert len({t["number"] for t in tickets}) == len(COUNTERS)
    # the oldest tickets went out, and the one left over is still waiting
    assert {t["number"] for t in tickets} == {t.number for t in issued[:len(COUNTERS)]}
    assert [w.number for w in svc.waiting(["JHT"])] == [issued[-1].number]
