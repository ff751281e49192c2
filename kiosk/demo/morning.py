"""What the headless demo holds while it plays: the services on a demo clock, the kiosk window and
its director, the scripted visitors, the output folders, and the figures of the start."""
from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kiosk.demo.cast import LANDSCAPE, DemoClock, Person, cast, demo_start, seed
from kiosk.demo.director import Director


@dataclass
class Morning:
    app: object
    svc: object
    clock: DemoClock
    window: object
    d: Director
    people: dict[str, Person]
    out: Path
    tickets: Path
    printer_url: str
    workdir: tempfile.TemporaryDirectory | None
    started: datetime
    simulated: bool
    seeded: int
    cold_start_s: float
    issued_before: object
    said: list[str] = field(default_factory=list)   # spoken guidance, written down (not played)

    @property
    def shots(self) -> Path:
        return self.d.shots


def _folders(out: Path) -> tuple[Path, Path, Path]:
    out = Path(out).resolve()
    shots, tickets = out / "screenshots", out / "tickets"
    shots.mkdir(parents=True, exist_ok=True)
    tickets.mkdir(parents=True, exist_ok=True)
    return out, shots, tickets


def open_morning(out: Path, config_path=None, db_url: str | None = None) -> Morning:
    """The demo's services (a temporary SQLite database unless `db_url`), on a clock at the
    office's opening hours, seeded with the visitors; the kiosk window shown, landscape."""
    from kiosk.ui.app import make_app

    app = make_app(["anjungan-demo"], headless=True)
    from kiosk.services import demo_config, fixed_clock_from_env, open_services
    from kiosk.ui.kiosk import KioskWindow

    out, shots, tickets = _folders(out)
    workdir = None
    if db_url is None:
        workdir = tempfile.TemporaryDirectory(prefix="anjungan-demo-")
        db_url = f"sqlite:///{Path(workdir.name) / 'demo.sqlite'}"
    pinned = fixed_clock_from_env()             # ANJUNGAN_NOW: the demo's morning starts then
    clock = DemoClock(pinned() if pinned else datetime.now(ZoneInfo("Asia/Jakarta")))
    svc = open_services(config=demo_config(config_path), db_url=db_url, clock=clock)
    tz = ZoneInfo(svc.branch.timezone)
    started, simulated = demo_start(svc, clock, pinned().astimezone(tz) if pinned else datetime.now(tz))
    people = cast(svc.today())
    seeded = seed(svc, people)
    printer_url = f"preview://{tickets}"
    t0 = time.perf_counter()
    said: list[str] = []
    window = KioskWindow(svc, kiosk_id="kiosk-demo", printer_url=printer_url, inactivity_ms=3_600_000,
                         ticket_return_ms=3_600_000, settings=svc.config.kiosk,
                         guide=said.append if svc.config.kiosk.spoken_guidance else None)
    window.resize(*LANDSCAPE)
    window.show()
    d = Director(app, window, shots)
    d.settle()
    return Morning(app=app, svc=svc, clock=clock, window=window, d=d, people=people, out=out, tickets=tickets,
                   printer_url=printer_url, workdir=workdir, started=started, simulated=simulated, seeded=seeded,
                   cold_start_s=time.perf_counter() - t0, issued_before=svc.status(), said=said)
