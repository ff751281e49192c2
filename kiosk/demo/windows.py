"""`anjungan demo`: the interactive demo, kiosk (windowed) + counter + hall display on the
embedded default configuration, a preview printer, and the web service beside them."""
from __future__ import annotations

import socket
import sys
from pathlib import Path

from kiosk.demo.cast import DEMO_PARTICIPANTS, closed_port
from kiosk.demo.director import staff_windows


def run_windows(config_path=None, db_url: str | None = None, out: Path | None = None) -> int:
    """The interactive demo: kiosk (windowed) + counter + hall display on the embedded default."""
    from kiosk.ui.app import make_app

    app = make_app()
    from kiosk.services import demo_config, open_services
    from kiosk.ui.kiosk import KioskWindow

    svc = open_services(config=demo_config(config_path), db_url=db_url)
    if svc.participant_count() == 0:
        svc.add_demo_participants(DEMO_PARTICIPANTS)
    out = Path(out or "demo-out").resolve()
    tickets = out / "tickets"
    tickets.mkdir(parents=True, exist_ok=True)
    kiosk = KioskWindow(svc, printer_url=f"preview://{tickets}", settings=svc.config.kiosk)
    kiosk.resize(1280, 800)
    feed, counter_window, display_window = staff_windows(svc, speak=True)
    for w in (kiosk, counter_window, display_window):
        w.show()
    sys.stdout.write(f"Demo berjalan. Tiket pratinjau: {tickets}\n")
    start_web_service(svc, config_path, db_url)
    code = app.exec()
    feed.close()
    svc.close()
    return code


def start_web_service(svc, config_path=None, db_url: str | None = None):
    """`anjungan web` beside the demo windows, in a process of its own on the same database (it
    follows the queue as a branch server would); its address is printed, and it stops with the demo."""
    import atexit
    import subprocess

    from kiosk.domain.catalog import tr

    port = svc.config.web.port
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:      # taken: any free port
            port = closed_port()
    args = [sys.executable, "-m", "kiosk"] + (["--config", str(config_path)] if config_path else []) + \
        (["--db", db_url] if db_url else []) + ["web", "--host", "127.0.0.1", "--port", str(port)]
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    atexit.register(lambda: child.poll() is None and (child.terminate(), child.wait(5)))
    sys.stdout.write(tr("cli.demo.web", url=f"http://127.0.0.1:{port}/") + "\n")
    return child
