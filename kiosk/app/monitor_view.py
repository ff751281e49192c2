"""The monitor's figures and advice as one JSON document (`anjungan monitor --json`): a contract
for scripts and for the region.

    {"at", "services": [{"service", "waiting", "longest_wait_min", "wait_now_min", "quota_used",
     "quota_capacity", "clears_before_closing"}], "counters": [{"counter", "state", "since",
     "ticket"}], "advice": [{"text", "text_en", "counters": [N…], "services": [CODE…], "kind"}]}

Services come ranked by the wait of someone arriving now (longest first); the advice lists the
steps to take in order (idle counters, pauses that can end, rangers), then the outlook to closing.
"""
from __future__ import annotations

from datetime import datetime

from kiosk.app import reports
from kiosk.app.core import AppCore
from kiosk.domain.advice import AdviceKind
from kiosk.domain.catalog import tr
from kiosk.domain.monitor import MonitorFigures


def _iso(at: datetime | None) -> str | None:
    return at.isoformat(timespec="seconds") if at is not None else None


def figures_json(figures: MonitorFigures) -> dict:
    services = [{
        "service": s.code, "waiting": s.waiting, "longest_wait_min": s.longest_wait_min,
        "wait_now_min": s.wait_now_min, "quota_used": s.issued, "quota_capacity": s.quota_capacity,
        "clears_before_closing": s.left_at_close == 0,
    } for s in figures.ranked]
    counters = [{"counter": c.number, "state": c.state.value, "since": _iso(c.since), "ticket": c.ticket}
                for c in figures.counters]
    advice = [{"text": tr(step.key, "id", **step.params), "text_en": tr(step.key, "en", **step.params),
               "counters": list(step.counters), "services": list(step.services), "kind": step.kind.value}
              for step in figures.steps]
    outlook = figures.advice
    short = [o.service for o in figures.forecast.services if not o.clears]
    advice.append({"text": tr(outlook.key, "id", **outlook.params), "text_en": tr(outlook.key, "en", **outlook.params),
                   "counters": [], "services": short, "kind": AdviceKind.OUTLOOK.value})
    return {"at": _iso(figures.at), "services": services, "counters": counters, "advice": advice}


def monitor_json(app: AppCore) -> dict:
    return figures_json(reports.monitor_figures(app))
