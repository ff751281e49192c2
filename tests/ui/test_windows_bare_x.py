"""Every window covers its whole screen on X without a window manager (docs/kiosk-lockdown.md, option B).

One Xvfb per screen size (1920×1080, a 1080×1920 portrait screen, 1366×768) and no window manager:
one process opens the kiosk, counter, hall display, monitor and rating screen one after the other
with the very commands a branch machine runs (`anjungan kiosk`, `counter --fullscreen`, `display`,
`monitor --fullscreen`, in both languages, `rating`; and the monitor as an ordinary window). While
each is up, it asks the X server where the window is (`xdotool getwindowgeometry`), touches the
screen's far corners through the X server (`xdotool click`), and checks that every text of the
window fits (tests/ui/fit.py); the monitor's report tab too.

Run as `python -m tests.ui.test_windows_bare_x CONFIG DB_URL` with DISPLAY set, the process prints one
JSON line: per window, the X server's geometry, Qt's, the corners that reached the window, the
texts that do not fit, and the Qt warnings.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SIZES = [(1920, 1080), (1080, 1920), (1366, 768)]
COMMANDS = {
    "kiosk": ["kiosk"],
    "counter": ["counter", "--counter", "1", "--fullscreen"],
    "display": ["display", "--silent"],
    "monitor": ["monitor", "--fullscreen"],
    "monitor-en": ["monitor", "--fullscreen", "--lang", "en"],
    "rating": ["rating", "--counter", "1"],
    "monitor-windowed": ["monitor"],           # an ordinary window: on the screen, never past its edges
}
WINDOWED = {"monitor-windowed"}
SETTLE_S = 0.4          # after the window is exposed: layouts, the first data from the feed
TOUCH_WAIT_S = 3.0


# ------------------------------------------------------------------------------------------------
# the process on the X server
# ------------------------------------------------------------------------------------------------

def _x_geometry(window_id: int) -> dict:
    """The window's rectangle as the X server has it (without a window manager, on the root window)."""
    out = subprocess.run(["xdotool", "getwindowgeometry", "--shell", str(window_id)], capture_output=True, text=True,
                         timeout=10, check=True).stdout
    fields = dict(line.split("=", 1) for line in out.split())
    return {"x": int(fields["X"]), "y": int(fields["Y"]), "width": int(fields["WIDTH"]), "height": int(fields["HEIGHT"])}


class _Watch:
    """Waits for the command's window, measures it, touches the corners, then ends the command."""

    def __init__(self, app, seen: set, windowed: bool) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.app, self.seen, self.result, self.windowed = app, seen, {}, windowed
        self.window = None
        self.presses: list[tuple[int, int]] = []
        self.corners: list[tuple[int, int]] = []
        self.stage_at = time.monotonic()
        watch = self

        class Presses(QObject):
            def eventFilter(self, obj, event):
                if (event.type() == QEvent.Type.MouseButtonPress and watch.window is not None
                        and getattr(obj, "isWindowType", lambda: False)() and obj is watch.window.windowHandle()):
                    point = event.globalPosition().toPoint()
                    watch.presses.append((point.x(), point.y()))
                return False

        self.filter = Presses()
        app.installEventFilter(self.filter)
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self.step)
        self.timer.start()

    def _shown(self):
        for w in self.app.topLevelWidgets():
            handle = w.windowHandle()
            if w.isVisible() and handle is not None and handle.isExposed() and id(w) not in self.seen:
                return w
        return None

    def step(self) -> None:
        try:
            self._step()
        except Exception as exc:            # noqa: BLE001 - reported in the result, the command ends
            self.result["error"] = repr(exc)
            self.finish()

    def _step(self) -> None:
        now = time.monotonic()
        if self.window is None:
            self.window = self._shown()
            self.stage_at = now
            return
        if not self.corners:
            if now - self.stage_at < SETTLE_S:
                return
            self.measure()
            return
        if len(self.presses) < len(self.corners) and now - self.stage_at < TOUCH_WAIT_S:
            return
        self.result["touched"] = [list(p) for p in self.presses]
        self.finish()

    def measure(self) -> None:
        from tests.ui.fit import text_problems

        w = self.window
        screen = w.screen().geometry()
        self.result.update(screen=screen.getRect(), qt=w.geometry().getRect(), x=_x_geometry(int(w.winId())),
                           min=w.minimumSize().toTuple(), problems=text_problems(w))
        tabs = getattr(w, "tabs", None)
        if tabs is not None:                # the monitor: its report tab fits too
            for index in range(1, tabs.count()):
                tabs.setCurrentIndex(index)
                self.app.processEvents()
                self.result["problems"] += [f"tab {index}: {p}" for p in text_problems(w)]
            tabs.setCurrentIndex(0)
        area = w.geometry() if self.windowed else screen        # a corner off the screen lands on its edge
        right, bottom = area.right() - 1, area.bottom() - 1
        self.corners = [(right, bottom), (area.left() + 1, bottom), (right, area.top() + 1)]
        self.result["corners"] = [list(c) for c in self.corners]
        for x, y in self.corners:
            subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True, timeout=10)
        self.stage_at = time.monotonic()

    def finish(self) -> None:
        self.timer.stop()
        self.app.removeEventFilter(self.filter)
        if self.window is not None:
            self.seen.add(id(self.window))
            self.window.hide()
        self.app.quit()


def _seed(config: str, db_url: str) -> None:
    """PINs in place (the kiosk and the counter need them) and a queue for the windows to show."""
    from kiosk.directory.demo import demo_rows
    from kiosk.domain.errors import AnjunganError
    from kiosk.services import open_services

    svc = open_services(config_path=config, db_url=db_url)
    svc.set_pin("staff", "2468")
    svc.set_pin("admin", "8642")
    rows = list(demo_rows(40, seed=3, today=svc.today()))
    svc.import_participants(rows)
    codes = [s.code for s in svc.branch.services]
    issued = 0
    for i, row in enumerate(rows):
        try:
            svc.issue(row.nik, codes[i % len(codes)])
            issued += 1
        except AnjunganError:            # not every participant may take every service
            continue
    assert issued >= 6, issued
    svc.call_next(1)
    svc.close()


def child(config: str, db_url: str) -> int:
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    _seed(config, db_url)
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from kiosk.cli import main
    from kiosk.ui.app import make_app

    warnings: list[str] = []

    def on_message(kind, context, message):
        if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
            warnings.append(f"{context.category}: {message}")

    qInstallMessageHandler(on_message)
    app = make_app(["anjungan"])
    seen: set = set()
    results = {}
    for name, argv in COMMANDS.items():
        started = time.monotonic()
        watch = _Watch(app, seen, name in WINDOWED)
        status = main(["--config", config, "--db", db_url, *argv])
        results[name] = dict(watch.result, status=status, warnings=warnings[:], seconds=round(time.monotonic() - started, 2))
        warnings.clear()
    sys.stdout.write(json.dumps(results) + "\n")
    return 0


# ------------------------------------------------------------------------------------------------
# the test
# ------------------------------------------------------------------------------------------------

def _free_display() -> int:
    for n in range(140, 190):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


def _start_xvfb(width: int, height: int):
    n = _free_display()
    server = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{n}").exists():
        if server.poll() is not None or time.monotonic() > end:
            server.kill()
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    return server, f":{n}"


def _child_env(display: str, folder: Path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "ANJUNGAN_CONFIG", "ANJUNGAN_DB_URL")}
    env.update(DISPLAY=display, ANJUNGAN_NOW="2026-11-23T09:00:00+07:00", ANJUNGAN_DATA_DIR=str(folder),
               PYTHONPATH=str(ROOT), QT_DEBUG_PLUGINS="0",
               # the sound backend probing for optional libraries (PipeWire, VA-API) is no window's business
               QT_LOGGING_RULES="qt.multimedia.symbolsresolver=false")
    return env


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """Per screen size, what the process on that Xvfb saw: (exit status, its JSON line or stderr).
    The three servers and processes run side by side."""
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{', '.join(missing)} missing: ./run installs them (xvfb, xdotool)")
        pytest.skip(f"{', '.join(missing)} not installed (./run installs them)")
    servers, children = [], {}
    try:
        for size in SIZES:
            folder = tmp_path_factory.mktemp(f"screen{size[0]}x{size[1]}")
            config = folder / "branch.toml"     # the shipped configuration; no sound server to speak to here
            config.write_text('extends = "default.toml"\n\n[kiosk]\nspoken_guidance = false\n', encoding="utf-8")
            server, display = _start_xvfb(*size)
            servers.append(server)
            children[size] = subprocess.Popen(
                [sys.executable, "-m", "tests.ui.test_windows_bare_x", str(config), f"sqlite:///{folder / 'b.sqlite'}"],
                cwd=ROOT, env=_child_env(display, folder), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        seen = {}
        for size, child_process in children.items():
            out, err = child_process.communicate(timeout=120)
            seen[size] = (child_process.returncode, out.strip().splitlines()[-1] if out.strip() else err[-3000:])
        return seen
    finally:
        for child_process in children.values():
            if child_process.poll() is None:
                child_process.kill()
        for server in servers:
            server.terminate()
            server.wait(10)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_window_covers_its_screen_without_a_window_manager(measured, size):
    width, height = size
    status, said = measured[size]
    assert status == 0, said
    windows = json.loads(said)
    assert set(windows) == set(COMMANDS)
    for name, seen in windows.items():
        assert "error" not in seen, (name, seen["error"])
        assert seen["status"] == 0, (name, seen)
        x = seen["x"]
        if name in WINDOWED:
            # an ordinary window lies on the screen, never past its edges (it was 1920×1080 on any screen)
            assert x["x"] >= 0 and x["y"] >= 0 and x["x"] + x["width"] <= width and x["y"] + x["height"] <= height, \
                (name, seen)
            assert seen["qt"] == [x["x"], x["y"], x["width"], x["height"]], (name, seen)
        else:
            # the X server's own word: the window's rectangle is the screen
            assert x == {"x": 0, "y": 0, "width": width, "height": height}, (name, seen)
            assert seen["qt"] == [0, 0, width, height], (name, seen)
        # a touch in the far corners (of the screen; of an ordinary window) reaches the window
        assert sorted(map(tuple, seen["touched"])) == sorted(map(tuple, seen["corners"])), (name, seen)
        # and the window's layout fits the screen: no text cut, nothing pushed past an edge (the
        # monitor is a desk PC's landscape window, at least 1100 wide: on a portrait screen it covers
        # the screen, squeezed)
        if not (name.startswith("monitor") and height > width):
            assert seen["problems"] == [], (name, seen["problems"][:10])
        assert seen["warnings"] == [], (name, seen["warnings"])


if __name__ == "__main__":
    sys.exit(child(sys.argv[1], sys.argv[2]))
