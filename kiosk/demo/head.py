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

from kiosk.demo.cast import Person, full_nik_leaks
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
FRONT_DESK_MINUTES = {12, 47, 95, 130, 150}
ONLINE_REDIRECTS = {(30, "JKP"), (66, "DATA"), (101, "JKP"), (140, "DATA")}
BREAK = (2, 120, 135)                   # counter 2 pauses from minute 120 to 135
SURVEYS_ON_SCREEN = 6
PAPER_SURVEYS = 18


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


def _arrival_plan(crowd: dict[str, list[str]]) -> dict[int, list[tuple[str, str]]]:
    """minute → the (service, NIK) of each visitor who takes a ticket then, in order."""
    plan = []
    for code, (first, every) in ARRIVALS.items():
        for i, minute in enumerate(range(first, LAST_ARRIVAL_MIN + 1, every)):
            plan.append((minute, code, crowd[code][i]))
    by_minute: dict[int, list[tuple[str, str]]] = {}
    for minute, code, nik in sorted(plan):
        by_minute.setdefault(minute, []).append((code, nik))
    return by_minute


class _Counter:
    def __init__(self, number: int):
        self.number = number
        self.ticket = None
        self.start_at = self.end_at = self.recall_at = None
        self.outcome = "finish"


class Morning:
    """The busy morning, minute by minute: arrivals, the front desk, counters calling and serving."""

    def __init__(self, app, svc, clock, rng: random.Random, start: datetime, rating, shots: Path):
        self.app, self.svc, self.clock, self.rng = app, svc, clock, rng
        self.start, self.rating, self.shots = start, rating, shots
        self.counters = {n: _Counter(n) for n in STAFFED}
        self.issued = self.ratings = self.refused = 0
        self.rating_shot = False
        self.transferred = False
        self.saved: list[str] = []
        self.plan: dict[int, list[tuple[str, str]]] = {}

    def play(self, crowd: dict[str, list[str]]) -> None:
        self.plan = _arrival_plan(crowd)
        for minute in range(0, 181):
            self.clock.now = self.start + timedelta(minutes=minute)
            self.arrivals(minute)
            self.front_desk(minute)
            for c in self.counters.values():
                self.counter_step(c, minute)
            if minute % 5 == 0:
                _spin(self.app, 0.01)

    def arrivals(self, minute: int) -> None:
        for code, nik in self.plan.get(minute, ()):
            try:
                self.svc.issue(nik, code, kiosk_id="kiosk-1")
                self.issued += 1
            except Exception:            # a refusal the kiosk would explain (quota, eligibility)
                self.refused += 1

    def front_desk(self, minute: int) -> None:
        """Quick questions at the front desk, visitors sent online, counter 2's break."""
        if minute in FRONT_DESK_MINUTES:
            self.svc.record_front_desk("CEK", assisted=minute % 2 == 0)
        for m, code in ONLINE_REDIRECTS:
            if m == minute:
                self.svc.record_online_redirect(code, kiosk_id="kiosk-1")
        counter, paused, resumed = BREAK
        if minute == paused:
            self.svc.pause(counter, "istirahat")    # a short break; the visit at the counter goes on
        if minute == resumed:
            self.svc.resume(counter)

    def counter_step(self, c: _Counter, minute: int) -> None:
        if c.ticket is not None:
            self.serve(c)
        counter, paused, resumed = BREAK
        if c.ticket is None and not (c.number == counter and paused <= minute < resumed):
            self.call(c, minute)

    def serve(self, c: _Counter) -> None:
        """The visit at the counter moves on: a recall, the participant arrives, the visit ends."""
        now = self.clock.now
        if c.recall_at is not None and now >= c.recall_at:
            self.svc.recall(c.number)
            c.recall_at = None
        if c.start_at is not None and now >= c.start_at:
            self.svc.start_serving(c.number)
            c.start_at = None
        if now < c.end_at:
            return
        ticket_id = c.ticket.ticket_id
        if c.outcome == "skip":
            self.svc.skip(c.number)
        elif c.outcome == "transfer":
            self.svc.transfer(c.number, "JKM", "klaim ahli waris")
        else:
            self.svc.finish(c.number)
            self.rate(ticket_id, c.number)
        c.ticket = None

    def call(self, c: _Counter, minute: int) -> None:
        """The next participant, and how the visit will go: no-show, a recall, or served (one JHT
        visit at counter 4 is transferred to JKM)."""
        view = self.svc.call_next(c.number)
        if view is None:
            return
        now = self.clock.now
        c.ticket = view
        lo, hi = SERVICE_MIN.get(view.service, (8, 12))
        walk = self.rng.choice((1, 1, 2))
        c.recall_at = c.start_at = None
        c.outcome = "finish"
        draw = self.rng.random()
        if draw < 0.07:             # called, recalled, and marked absent after the branch's grace
            c.outcome, c.recall_at, c.end_at = "skip", now + timedelta(minutes=1), now + timedelta(minutes=3)
            return
        if draw < 0.17:
            c.recall_at = now + timedelta(minutes=2)
            walk = 3
        c.start_at = now + timedelta(minutes=walk)
        c.end_at = c.start_at + timedelta(minutes=self.rng.randint(lo, hi))
        if view.service == "JHT" and c.number == 4 and not self.transferred and minute > 60:
            c.outcome, self.transferred = "transfer", True

    def rate(self, ticket_id: str, counter: int) -> None:
        """Most participants rate their visit: at counter 1 on its real rating screen."""
        if self.rng.random() > 0.8:
            return                                  # not everybody rates
        score = self.rng.choice(SCORES)
        if counter == 1:
            _spin(self.app, 0.05)                   # the finish reaches the rating screen through the feed
            if self.rating.ticket_id == ticket_id:
                if not self.rating_shot:
                    self.rating.grab().save(str(self.shots / "rating-window.png"))
                    self.saved.append("rating-window.png")
                    self.rating_shot = True
                self.rating.faces[score - 1].click()
                _spin(self.app, 0.05)
                self.ratings += 1
                return
        self.svc.rate(ticket_id, score, source="counter")
        self.ratings += 1


def _surveys(svc, out: Path, first_day: date, second_day: date):
    """The full questionnaire at the rating screen and on paper (imported from skm-kertas.csv)."""
    survey_rng = random.Random(SEED + 1)
    for _ in range(SURVEYS_ON_SCREEN):
        answers = {f"u{i}": survey_rng.choice((3, 3, 4, 4, 4, 2)) for i in range(1, 10)}
        svc.submit_survey(answers, service=survey_rng.choice(("INFO", "JHT", "DATA")), source="rating",
                          respondent={"sex": survey_rng.choice(("Laki-laki", "Perempuan")), "education": "SMA"})
    paper = out / "skm-kertas.csv"
    rows = ["date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9,age_group,sex,education,occupation,suggestion"]
    for i in range(PAPER_SURVEYS):
        day = first_day if i % 2 else second_day
        answers = ",".join(str(survey_rng.choice((2, 3, 3, 3, 4, 4, 4))) for _ in range(9))
        rows.append(f"{day.isoformat()},{('JHT', 'INFO', 'JKM')[i % 3]},{answers},30–39,Perempuan,S1,Swasta,"
                    + ("Antrean JHT terlalu lama" if i % 5 == 0 else ""))
    paper.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return svc.import_skm_csv(paper)


def _monitor_shots(app, monitor, first_day: date, second_day: date, out: Path, shots: Path) -> list[str]:
    """The monitor live in both languages, its report tab, and the report saved as XLSX and PDF
    (the PDF's pages as pictures when pdftoppm is there)."""
    saved = []
    for name, lang in (("monitor-window.png", "id"), ("monitor-window-en.png", "en")):
        if monitor.lang != lang:
            monitor.toggle_language()
            _spin(app, 0.1)                     # the header lays its new words out
        monitor.grab().save(str(shots / name))
        saved.append(name)
    monitor.toggle_language()
    _spin(app, 0.1)
    monitor.tabs.setCurrentIndex(1)
    monitor.set_range(first_day, second_day)
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
    return saved


def _lines(morning: Morning, clock, first_day: date, imported, kept, same: bool, report) -> list[str]:
    start = morning.start
    advice = kept.advice
    return [
        "",
        "Kepala bidang pelayanan (pantauan dan laporan)",
        "=" * 40,
        f"Hari kedua: {start.date().isoformat()} 08.00–{time_id(clock.now)}; loket dibuka: "
        f"{', '.join(str(n) for n in STAFFED)}.",
        f"Tiket diterbitkan: {morning.issued} (ditolak: {morning.refused}); penilaian sekali sentuh: {morning.ratings}; "
        f"kuesioner SKM: {SURVEYS_ON_SCREEN} di layar, {imported.imported} dari kertas.",
        f"Pantauan pukul {time_id(clock.now)}: {tr(advice.key, 'id', **advice.params)}",
        f"Pantauan langsung (dari event) sama dengan hitung ulang dari database: {'ya' if same else 'TIDAK'}.",
        f"Laporan {first_day.isoformat()} – {start.date().isoformat()}: "
        f"IKM {report.ikm.value} ({report.ikm.grade}) dari {report.ikm.respondents} responden; "
        f"rating {report.ratings.value} dari {report.ratings.count}; "
        f"tunggu median {report.total['wait_p50_min']} menit, tepat waktu {report.total['service_level_pct']} %.",
        "Berkas: report.xlsx, report.pdf, skm-kertas.csv",
    ]


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
    morning = Morning(app, svc, clock, rng, start, rating, shots)
    crowd = _crowd(svc, rng, start.date())
    morning.play(crowd)
    imported = _surveys(svc, out, first_day, start.date())
    clock.now = start.replace(hour=11, minute=0)
    _spin(app, 0.3)
    monitor._tick()
    _spin(app, 0.1)
    kept = monitor.figures
    same = kept == svc.monitor_figures()
    saved = morning.saved + _monitor_shots(app, monitor, first_day, start.date(), out, shots)
    rating.go_idle()
    lines = _lines(morning, clock, first_day, imported, kept, same, monitor.report)
    for w in (monitor, rating):
        w.close()
    return saved, lines, [nik for niks in crowd.values() for nik in niks]


def head_of_service(d, svc, clock, feed, people: dict[str, Person], out: Path, shots: Path) -> list[str]:
    """The head of service's morning after the kiosk's, its lines appended to report.txt; returns
    the files holding a full NIK (none is expected)."""
    names, lines, niks = run_head_of_service(d.app, svc, clock, feed, out, shots)
    d.saved.extend(names)
    leaks = full_nik_leaks(out, [p.nik for p in people.values()] + niks)
    lines.append(f"Tangkapan layar ({len(names)}): " + ", ".join(names))
    lines.append("PERINGATAN: NIK lengkap ditemukan di: " + ", ".join(leaks) if leaks else
                 "Privasi: laporan, pantauan dan layar penilaian tanpa NIK dan tanpa nama.")
    with (out / "report.txt").open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return leaks


__all__ = ["head_of_service", "run_head_of_service"]
