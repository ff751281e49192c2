"""PINs: no shipped configuration carries a working one; the first start asks (`anjungan staff
set-pin`), the hash is kept in the database for every machine, and only `anjungan demo` uses the
demo PINs. The hash parameters a file may give are bounded.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from kiosk.config import load_config
from kiosk.domain import errors
from kiosk.domain.pins import MAX_ITERATIONS, hash_pin, parse_pin_hash, verify_pin
from tests.events.helpers import MONDAY_9, ROOT
from tests.conftest import made_sqlite


@pytest.fixture
def plain(make_services, db_url):
    """Services on the shipped default configuration: no PIN at all."""
    return make_services(db_url, config=load_config())


def test_the_shipped_configuration_opens_nothing_until_pins_are_set(plain):
    assert plain.missing_pins() == ("staff", "admin")
    assert not plain.staff_pin("1234").ok and not plain.staff_pin("9999", "admin").ok


def test_a_pin_set_on_one_machine_opens_on_every_machine(plain, make_services, db_url):
    plain.set_pin("staff", "2468")
    plain.set_pin("admin", "97531")
    other = make_services(db_url, config=load_config())
    assert other.missing_pins() == ()
    assert other.staff_pin("2468").ok and other.staff_pin("97531", "admin").ok
    assert not other.staff_pin("2468", "admin").ok
    assert other.staff_pin("97531").role == "admin"          # the admin PIN opens staff work too


def test_setting_a_pin_clears_the_lock_of_the_old_one(plain):
    plain.set_pin("staff", "2468")
    for _ in range(5):
        assert not plain.staff_pin("0000").ok
    assert plain.staff_pin("2468").locked_until is not None
    plain.set_pin("staff", "8642")
    assert plain.staff_pin("8642").ok


@pytest.mark.parametrize("pin", ["1234", "9999", "0000", "123", "12a4", "1234567890123", "١٢٣٤٥"])
def test_weak_short_long_and_non_digit_pins_are_refused(plain, pin):
    with pytest.raises(errors.AnjunganError):
        plain.set_pin("staff", pin)
    assert plain.missing_pins() == ("staff", "admin")


def test_the_stored_pin_is_a_bounded_hash_not_the_pin(plain):
    plain.set_pin("staff", "2468")
    stored = plain.pin_settings().staff_pin_hash
    assert "2468" not in stored and parse_pin_hash(stored)[0] <= MAX_ITERATIONS


def test_hash_parameters_are_bounded():
    salt, digest = "ab" * 16, "cd" * 32
    for iterations in (10 ** 13, MAX_ITERATIONS + 1, 999):
        with pytest.raises(ValueError):
            parse_pin_hash(f"pbkdf2${iterations}${salt}${digest}")
    started = time.monotonic()
    assert not verify_pin("1234", f"pbkdf2${10 ** 13}${salt}${digest}")     # refused, not computed
    assert time.monotonic() - started < 0.1
    with pytest.raises(ValueError):
        hash_pin("1234", iterations=10 ** 13)


def _cli(*args, env=None, stdin=subprocess.DEVNULL, timeout=60):
    full = {**os.environ, "ANJUNGAN_NOW": MONDAY_9, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "kiosk", *args], cwd=ROOT, env=full, stdin=stdin,
                          capture_output=True, text=True, timeout=timeout)


def test_windows_without_pins_stop_with_the_sentence_that_says_what_to_run(tmp_path):
    url = made_sqlite(tmp_path / "q.sqlite")
    for args in (("kiosk", "--windowed"), ("counter", "--counter", "1")):
        done = _cli("--db", url, *args)
        assert done.returncode == 7, done.stderr          # not set up: systemd does not restart it
        assert "anjungan staff set-pin" in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_set_pin_from_the_command_line(tmp_path, make_services):
    url = made_sqlite(tmp_path / "q.sqlite")
    done = _cli("--db", url, "staff", "set-pin", "--role", "staff", "--pin-from-env", env={"ANJUNGAN_NEW_PIN": "2468"})
    assert done.returncode == 0, done.stderr
    assert "2468" not in done.stdout + done.stderr
    svc = make_services(url, config=load_config())
    assert svc.missing_pins() == ("admin",) and svc.staff_pin("2468").ok
    weak = _cli("--db", url, "staff", "set-pin", "--role", "admin", "--pin-from-env", env={"ANJUNGAN_NEW_PIN": "9999"})
    assert weak.returncode == 1 and "mudah ditebak" in weak.stderr
    both = _cli("--db", url, "staff", "set-pin", "--pin-from-env", env={"ANJUNGAN_NEW_PIN": "8642"})
    assert both.returncode == 2 and "--role staff atau --role admin" in both.stderr    # not "is empty"
    assert svc.missing_pins() == ("admin",)


def test_the_first_start_at_a_terminal_asks_for_the_pins(tmp_path):
    """`anjungan staff set-pin` at a terminal: each PIN twice, hidden; a mismatch changes nothing."""
    import pty

    url = made_sqlite(tmp_path / "q.sqlite")
    env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9}
    pid, fd = pty.fork()
    if pid == 0:                                    # the child: the command at a terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "kiosk", "--db", url, "staff", "set-pin"], env)
    seen = b""
    try:
        for answer in (b"2468\n", b"2468\n", b"97531\n", b"97531\n"):
            while b": " not in seen.rsplit(b"\n", 1)[-1]:
                seen += os.read(fd, 1024)
            seen = b""
            os.write(fd, answer)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    from kiosk.services import open_services

    svc = open_services(db_url=url, config=load_config())
    try:
        assert svc.missing_pins() == () and svc.staff_pin("97531", "admin").ok
    finally:
        svc.close()
