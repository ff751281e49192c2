"""`GET /metrics`: the branch in the Prometheus text format, for the branch's existing monitoring.

Read fresh at every scrape, in one snapshot of the database (`Services.metrics`): tickets waiting
and the longest wait per service, calls, recalls and failed prints today, and every machine's
heartbeat and printer paper state (the same as `anjungan devices`), and how often the web service
lost its event-feed connection to the database and made it again. No token: nothing of a person
is in it.
"""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector

from kiosk.domain.devices import Paper
from kiosk.web.common import NO_STORE, hub_of, services

router = APIRouter()

PAPER_STATES = tuple(p.value for p in Paper)


class BranchCollector(Collector):
    """One scrape's figures as metric families."""

    def __init__(self, figures, hub=None):
        self.figures = figures
        self.hub = hub

    def collect(self):
        f = self.figures
        waiting = GaugeMetricFamily("anjungan_waiting_tickets", "Tickets waiting now, per service", labels=["service"])
        longest = GaugeMetricFamily("anjungan_longest_wait_seconds",
                                    "How long the longest-waiting ticket of the service has waited (0: none waits)",
                                    labels=["service"])
        for service, count in f.waiting.items():
            waiting.add_metric([service], count)
            longest.add_metric([service], round(f.longest_wait_s.get(service, 0.0), 1))
        yield waiting
        yield longest
        calls = GaugeMetricFamily("anjungan_calls_today", "Tickets called today (first calls and recalls)",
                                  labels=["kind"])
        calls.add_metric(["call"], f.calls_today)
        calls.add_metric(["recall"], f.recalls_today)
        yield calls
        yield GaugeMetricFamily("anjungan_print_failures_today", "Tickets whose printing failed today",
                                value=f.print_failures_today)
        yield from _device_families(f.devices)
        if self.hub is not None:        # the web service's own connection to the database's event feed
            yield CounterMetricFamily("anjungan_feed_lost", "Times the web service lost its event feed "
                                      "connection to the database", value=self.hub.feed_lost)
            yield CounterMetricFamily("anjungan_feed_reconnects", "Times the web service connected its event "
                                      "feed to the database again after losing it", value=self.hub.feed_reconnects)


def _device_families(states):
    up = GaugeMetricFamily("anjungan_device_up", "1 while the machine reports its heartbeat, 0 once it is silent "
                                                 "(no heartbeat for 2 minutes)", labels=["device", "kind"])
    seen = GaugeMetricFamily("anjungan_device_last_seen_timestamp_seconds", "When the machine last reported",
                             labels=["device", "kind"])
    paper = GaugeMetricFamily("anjungan_printer_paper", "The printer's paper state: 1 for the state it is in",
                              labels=["device", "state"])
    since = GaugeMetricFamily("anjungan_printer_state_since_timestamp_seconds",
                              "When the printer's present paper state began", labels=["device"])
    silent = out = 0
    for s in states:
        r = s.record
        up.add_metric([r.name, r.kind], 0 if s.silent else 1)
        seen.add_metric([r.name, r.kind], r.last_seen.timestamp())
        silent += s.silent
        if r.paper is not None:
            out += s.paper_out
            for state in PAPER_STATES:
                paper.add_metric([r.name, state], 1 if r.paper.value == state else 0)
            if r.paper_since is not None:
                since.add_metric([r.name], r.paper_since.timestamp())
    yield up
    yield seen
    yield paper
    yield since
    totals = GaugeMetricFamily("anjungan_devices", "Machines by state", labels=["state"])
    totals.add_metric(["reporting"], len(states) - silent)
    totals.add_metric(["silent"], silent)
    totals.add_metric(["paper_out"], out)
    yield totals


def render(figures, hub=None) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(BranchCollector(figures, hub))
    return generate_latest(registry)


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request):
    figures = await run_in_threadpool(services(request).metrics)
    return Response(render(figures, hub_of(request)), media_type=CONTENT_TYPE_LATEST, headers=NO_STORE)
