"""`anjungan monitor --json`: the monitor's figures and advice once, as one JSON document, without
loading Qt (the contract for scripts and for the region)."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.app.test_monitor_advice import eleven_o_clock
from tests.events.helpers import ROOT

ELEVEN = "2026-11-23T11:00:00+07:00"
PROBE = ("import sys; from kiosk.cli import main; code = main(sys.argv[1:]); "
         "sys.stderr.write('qt loaded' if any(m.startswith('PySide6') for m in sys.modules) else ''); "
         "sys.exit(code)")


def test_monitor_json_prints_the_figures_and_the_advice_once(make_services, clock, tmp_path):
    url = f"sqlite:///{tmp_path / 'hall.sqlite'}"
    svc = make_services(url)
    eleven_o_clock(svc, clock)
    done = subprocess.run([sys.executable, "-c", PROBE, "--db", url, "monitor", "--json"], cwd=ROOT,
                          env={**__import__("os").environ, "ANJUNGAN_NOW": ELEVEN},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "qt loaded" not in done.stderr
    doc = json.loads(done.stdout)                       # exactly one document
    assert set(doc) == {"at", "services", "counters", "advice"} and doc["at"].startswith("2026-11-23T11:00:00")
    services = {s["service"]: s for s in doc["services"]}
    assert [s["service"] for s in doc["services"]][:2] == ["INFO", "ADUAN"]     # ranked by the wait now
    assert services["INFO"] == {"service": "INFO", "waiting": 19, "longest_wait_min": 55, "wait_now_min": 203,
                                "quota_used": 21, "quota_capacity": None, "clears_before_closing": False}
    assert services["JHT"]["quota_used"] == 2 and services["JHT"]["quota_capacity"] == 32
    counters = {c["counter"]: c for c in doc["counters"]}
    assert counters[3] == {"counter": 3, "state": "idle", "since": "2026-11-23T10:46:00+07:00", "ticket": None}
    assert counters[2]["state"] == "serving" and counters[2]["ticket"] == "A-002"
    assert counters[1]["state"] == "paused" and counters[5]["state"] == "off"
    first = doc["advice"][0]
    assert first["kind"] == "idle" and first["counters"] == [3, 4] and first["services"] == ["INFO"]
    assert first["text"].startswith("Loket 3 dan 4 kosong 14 menit — layani INFO")
    assert first["text_en"].startswith("Counter 3 and 4 idle for 14 min — serve INFO")
    assert [a["kind"] for a in doc["advice"]] == ["idle", "pause", "ranger", "ranger", "outlook"]
    assert set(doc["advice"][-1]) == {"text", "text_en", "counters", "services", "kind"}
