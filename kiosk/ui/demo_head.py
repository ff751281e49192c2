"""The demo's head-of-service morning: the next working day from 08.00 to 11.00 at a busy branch.

Counters 1–4 are staffed (5 and 6 are not), JHT claims pile up, a participant is recalled,
another does not come, one JHT visit is transferred to JKM, counter 2 takes a break; most
participants rate their visit (at counter 1 on its real rating screen), some fill in the full
SKM questionnaire, paper questionnaires are imported, the front desk answers quick questions
and the kiosk sends some visitors online. The monitor window follows it all live from the event
feed; at 11.00 it says JHT will not clear by closing and suggests a ranger counter. The report of
both demo days is then written as `report.xlsx` and `report.pdf`, with screenshots of the
monitor (both languages, live and report tab), the rating screen and the PDF's first page.
"""
from __future__ import annotations

import random
import shutil
import subprocess
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from types import SimpleNamespace

from kiosk.domain.catalog import tr
from kiosk.domain.formatting import time_id
from kiosk.domain.nik import make_nik
from kiosk.domain.participant import Status

SEED = 11
STAFFED = (1, 2, 3, 4)
# service → (first arrival minute after 08.00, minutes between arrivals)
ARRIVALS = {"JHT": (0, 6), "INFO": (3, 5), "DATA": (7, 15), "JKM": (20, 45), "ADUAN": (40, 70)}
# who comes for each service: status, segment, age range (a few JHT claimants are 60 or over: priority)
CROWD = {"JHT": (Status.INACTIVE, "PU", (38, 61)), "INFO": (Status.ACTIVE, "PU", (22, 55)),
         "DATA": (Status.ACTIVE, "PU", (22, 55)), "JKM": (Status.DECEASED, "PU", (45, 58)),
         "ADUAN": (Status.ACTIVE, "BPU", (25, 50))}
LAST_ARRIVAL_MIN = 160
SERVICE_MIN = {"JHT": (25, 34), "JKM": (28, 34), "INFO": (6, 10), "DATA": (9, 14), "ADUAN": (12, 18), "JP": (20, 25)}
SCORES = (1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4)


def _spin(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def _next_working_day(svc, clock, after: date) -> datetime:
    day = after
    for _ in range(14):
        day += timedelta(days=1)
        clock.now = datetime.combine(day, datetime.min.time(), tzinfo=clock.now.tzinfo).replace(hour=8, minute=5)
        if svc.office_status().is_open:
            return clock.now.replace(minute=0)
    raise RuntimeError("no working day in the next two weeks")


def _crowd(svc, rng: random.Random, today: date, per_service: int = 40) -> dict[str, list[str]]:
    """Synthetic participants for the morning (no names), added to the directory; NIKs per service."""
    niks: dict[str, list[str]] = {}
    rows, serial = [], 5000
    for code, (status, segment, (young, old)) in CROWD.items():
        for _ in range(per_service):
            serial += 1
            age = rng.randint(young, old)
            birth = date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
            nik = make_nik("31", "74", "05", birth, rng.choice("MF"), serial)
            niks.setdefault(code, []).append(nik)
            rows.append(SimpleNamespace(nik=nik, name=None, status=status, status_text=status.label_id,
                                        segment=segment, programs=frozenset({"JHT", "JKK", "JKM", "JP"}),
                                        birth_date=birth, last_paid=None))
    svc.import_participants(rows)
    return niks


class _Counter:
    def __init__(self, number: int):
        self.number = number
        self.ticket = None
        self.start_at = self.end_at = self.recall_at = None
        self.outcome = "finish"


def run_head_of_service(app, svc, clock, feed, out: Path, shots: Path) -> tuple[list[str], list[str], list[str]]:
    """Plays the morning; returns (screenshot names, lines for report.txt, the visitors' NIKs)."""
    from kiosk.ui.monitor import MonitorWindow
    from kiosk.ui.rating import RatingWindow

    rng = random.Random(SEED)
    first_day = svc.today()
    start = _next_working_day(svc, clock, first_day)
    clock.now = start
    monitor = MonitorWindow(svc, feed)
    monitor.resize(1920, 1080)
    monitor.show()
    rating = RatingWindow(svc, 1, feed, timeout_s=600)
    rating.resize(1280, 800)
    rating.show()
    _spin(app, 0.3)
    saved: list[str] = []
    counters = {n: _Counter(n) for n in STAFFED}
    issued = ratings = refused = 0
    rating_shot = False
    crowd = _crowd(svc, rng, start.date())
    plan = []
    for code, (first, every) in ARRIVALS.items():
        for i, minute in enumerate(range(first, LAST_ARRIVAL_MIN + 1, every)):
            plan.append((minute, code, crowd[code][i]))
    plan.sort()
    front_desk = {12, 47, 95, 130, 150}
    online = {(30, "JKP"), (66, "DATA"), (101, "JKP"), (140, "DATA")}
    transferred = False

    def rate(ticket_id: str, counter: int) -> None:
        nonlocal ratings, rating_shot
        if rng.random() > 0.8:
            return                                  # not everybody rates
        score = rng.choice(SCORES)
        if counter == 1:
            _spin(app, 0.05)                        # the finish reaches the rating screen through the feed
            if rating.ticket_id == ticket_id:
                if not rating_shot:
                    rating.grab().save(str(shots / "rating-window.png"))
                    saved.append("rating-window.png")
                    rating_shot = True
                rating.faces[score - 1].click()
                _spin(app, 0.05)
                ratings += 1
                return
        svc.rate(ticket_id, score, source="counter")
        ratings += 1

    for minute in range(0, 181):
        clock.now = start + timedelta(minutes=minute)
        for m, code, nik in [p for p in plan if p[0] == minute]:
            try:
                svc.issue(nik, code, kiosk_id="kiosk-1")
                issued += 1
            except Exception:            # a refusal the kiosk would explain (quota, eligibility)
                refused += 1
        if minute in front_desk:
            svc.record_front_desk("CEK", assisted=minute % 2 == 0)
        for m, code in online:
            if m == minute:
                svc.record_online_redirect(code, kiosk_id="kiosk-1")
        if minute == 120:
            svc.pause(2)                            # a short break; the visit at the counter goes on
        if minute == 135:
            svc.resume(2)
        for c in counters.values():
            now = clock.now
            if c.ticket is not None:
                if c.recall_at is not None and now >= c.recall_at:
                    svc.recall(c.number)
                    c.recall_at = None
                if c.start_at is not None and now >= c.start_at:
                    svc.start_serving(c.number)
                    c.start_at = None
                if now >= c.end_at:
                    ticket_id = c.ticket.ticket_id
                    if c.outcome == "skip":
                        svc.skip(c.number)
                    elif c.outcome == "transfer":
                        svc.transfer(c.number, "JKM", "klaim ahli waris")
                    else:
                        svc.finish(c.number)
                        rate(ticket_id, c.number)
                    c.ticket = None
            if c.ticket is None and not (c.number == 2 and 120 <= minute < 135):
                view = svc.call_next(c.number)
                if view is None:
                    continue
                c.ticket = view
                lo, hi = SERVICE_MIN.get(view.service, (8, 12))
                walk = rng.choice((1, 1, 2))
                c.recall_at = c.start_at = None
                c.outcome = "finish"
                draw = rng.random()
                if draw < 0.07:
                    c.outcome, c.end_at = "skip", now + timedelta(minutes=3)
                else:
                    if draw < 0.17:
                        c.recall_at = now + timedelta(minutes=2)
                        walk = 3
                    c.start_at = now + timedelta(minutes=walk)
                    c.end_at = c.start_at + timedelta(minutes=rng.randint(lo, hi))
                    if view.service == "JHT" and c.number == 4 and not transferred and minute > 60:
                        c.outcome, transferred = "transfer", True
        if minute % 5 == 0:
            _spin(app, 0.01)

    # the full questionnaire at the rating screen and on paper
    survey_rng = random.Random(SEED + 1)
    for _ in range(6):
        answers = {f"u{i}": survey_rng.choice((3, 3, 4, 4, 4, 2)) for i in range(1, 10)}
        svc.submit_survey(answers, service=survey_rng.choice(("INFO", "JHT", "DATA")), source="rating",
                          respondent={"sex": survey_rng.choice(("Laki-laki", "Perempuan")), "education": "SMA"})
    paper = out / "skm-kertas.csv"
    rows = ["date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9,age_group,sex,education,occupation,suggestion"]
    for i in range(18):
        day = first_day if i % 2 else start.date()
        answers = ",".join(str(survey_rng.choice((2, 3, 3, 3, 4, 4, 4))) for _ in range(9))
        rows.append(f"{day.isoformat()},{('JHT', 'INFO', 'JKM')[i % 3]},{answers},30–39,Perempuan,S1,Swasta,"
                    + ("Antrean JHT terlalu lama" if i % 5 == 0 else ""))
    paper.write_text("\n".join(rows) + "\n", encoding="utf-8")
    imported = svc.import_skm_csv(paper)
    clock.now = start.replace(hour=11, minute=0)
    _spin(app, 0.3)
    monitor._tick()
    _spin(app, 0.1)

    kept = monitor.figures
    fresh = svc.monitor_figures()
    same = kept == fresh
    for name, lang in (("monitor-window.png", "id"), ("monitor-window-en.png", "en")):
        if monitor.lang != lang:
            monitor.toggle_language()
            _spin(app, 0.1)                     # the header lays its new words out
        monitor.grab().save(str(shots / name))
        saved.append(name)
    monitor.toggle_language()
    _spin(app, 0.1)
    monitor.tabs.setCurrentIndex(1)
    monitor.set_range(first_day, start.date())
    monitor.load_report()
    end = time.monotonic() + 30
    while (monitor.report is None or monitor.report_busy) and time.monotonic() < end:
        _spin(app, 0.02)
    _spin(app, 0.1)
    monitor.grab().save(str(shots / "monitor-report.png"))
    saved.append("monitor-report.png")
    monitor.save(out / "report.xlsx", "xlsx")
    monitor.save(out / "report.pdf", "pdf")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "80", "-png", str(out / "report.pdf"), str(shots / "report-pdf")],
                       check=False, timeout=120, capture_output=True)
        saved += sorted(p.name for p in shots.glob("report-pdf*.png"))
    rating.go_idle()

    advice = kept.advice
    report = monitor.report
    lines = [
        "",
        "Kepala bidang pelayanan (pantauan dan laporan)",
        "=" * 40,
        f"Hari kedua: {start.date().isoformat()} 08.00–{time_id(clock.now)}; loket dibuka: "
        f"{', '.join(str(n) for n in STAFFED)}.",
        f"Tiket diterbitkan: {issued} (ditolak: {refused}); rating 1 ketukan: {ratings}; kuesioner SKM: 6 di layar, "
        f"{imported.imported} dari kertas.",
        f"Pantauan pukul {time_id(clock.now)}: {tr(advice.key, 'id', **advice.params)}",
        f"Pantauan langsung (dari event) sama dengan hitung ulang dari database: {'ya' if same else 'TIDAK'}.",
        f"Laporan {first_day.isoformat()} – {start.date().isoformat()}: "
        f"IKM {report.ikm.value} ({report.ikm.grade}) dari {report.ikm.respondents} responden; "
        f"rating {report.ratings.value} dari {report.ratings.count}; "
        f"tunggu median {report.total['wait_p50_min']} menit, tepat waktu {report.total['service_level_pct']} %.",
        "Berkas: report.xlsx, report.pdf, skm-kertas.csv",
    ]
    for w in (monitor, rating):
        w.close()
    return saved, lines, [nik for niks in crowd.values() for nik in niks]


__all__ = ["run_head_of_service"]
