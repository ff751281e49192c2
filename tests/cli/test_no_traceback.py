"""No traceback reaches the person at the screen: one sentence and an exit status, the full
traceback in the log file of the data folder, and no full NIK in any log line or error.

Before: 11 tracebacks and 1 hang in 84 CLI cases, and tracebacks printed full NIKs and names
(SQLAlchemy's `[parameters: {… 'nik': '3171011708450001' …}]`).
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from kiosk.config.loader import default_config_path
from tests.events.helpers import MONDAY_9, ROOT
from tests.conftest import made_sqlite

NIK = "3171011708450001"


def run(*args: str, env: dict | None = None, code: str | None = None, timeout: float = 30):
    full_env = {**os.environ, "ANJUNGAN_NOW": MONDAY_9, **(env or {})}
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "kiosk", *args]
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=timeout)
    return done, time.monotonic() - started


def one_sentence(done) -> str:
    lines = done.stderr.strip().splitlines()
    assert "Traceback" not in done.stderr and len(lines) == 1, done.stderr
    return lines[0]


def config_file(tmp_path, old: str, new: str):
    text = default_config_path().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "branch.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(path)


def test_an_async_driver_url_is_one_sentence(tmp_path):
    done, _ = run("--db", "postgresql+asyncpg://kiosk@10.0.0.1/anjungan", "status")
    assert done.returncode == 2 and "asyncpg" in one_sentence(done)


def test_a_sqlite_path_under_a_file_is_one_sentence(tmp_path):
    (tmp_path / "f").write_text("x")
    done, _ = run("--db", f"sqlite:///{tmp_path}/f/q.sqlite", "status")
    assert done.returncode == 3 and "bukan folder" in one_sentence(done)


def test_an_unusable_data_folder_is_one_sentence(tmp_path):
    (tmp_path / "f").write_text("x")
    done, _ = run("status", env={"ANJUNGAN_DATA_DIR": str(tmp_path / "f" / "data")})
    assert done.returncode == 2 and "Folder data" in one_sentence(done)


def test_an_unknown_printer_profile_is_refused_when_the_configuration_is_read(tmp_path):
    path = config_file(tmp_path, 'profile = "TM-T20II"', 'profile = "TM-NOPE"')
    done, _ = run("--config", path, "status")
    assert done.returncode == 2 and "printer.profile" in one_sentence(done)


def test_a_pin_hash_with_ten_trillion_iterations_is_refused_at_once(tmp_path):
    salt, digest = "ab" * 16, "cd" * 32
    text = default_config_path().read_text(encoding="utf-8")
    head, tail = text.split("[kiosk]", 1)
    tail = "\n".join(line for line in tail.splitlines() if not line.startswith(("staff_pin_hash", "admin_pin_hash")))
    path = tmp_path / "pin.toml"
    path.write_text(f'{head}[kiosk]\nstaff_pin_hash = "pbkdf2$10000000000000${salt}${digest}"\n{tail}\n',
                    encoding="utf-8")
    done, took = run("--config", str(path), "status")
    assert done.returncode == 2 and "staff_pin_hash" in one_sentence(done)
    assert took < 10


def test_a_toml_array_nested_5000_deep_is_one_sentence(tmp_path):
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 5000 + "1" + "]" * 5000 + "\n")
    done, _ = run("--config", str(path), "status")
    assert done.returncode == 2 and "TOML" in one_sentence(done)


def test_watch_count_0_exits_at_once(tmp_path):
    done, took = run("--db", f"sqlite:///{tmp_path / 'w.sqlite'}", "watch", "--count", "0", timeout=20)
    assert done.returncode == 0 and done.stdout == "" and took < 10


def test_a_program_error_is_one_sentence_and_the_traceback_goes_to_the_log(tmp_path, isolated_data_dir):
    code = ("import sys; sys.argv = ['anjungan', '--db', %r, 'check', %r]\n"
            "import kiosk.app.check as c\n"
            "def boom(self, *a, **k):\n"
            "    raise KeyError('participant %s Dewi Lestari')\n"
            "c.check = boom\n"
            "from kiosk.cli import main\n"
            "raise SystemExit(main())\n") % (made_sqlite(tmp_path / "q.sqlite"), NIK, NIK)
    done, _ = run(code=code)
    assert done.returncode == 70
    sentence = one_sentence(done)
    log = isolated_data_dir / "logs" / "anjungan.log"
    assert str(log) in sentence
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "KeyError" in logged and "boom" in logged
    assert NIK not in logged and "************0001" in logged
    assert oct(log.stat().st_mode & 0o777) == "0o600"


def test_sqlalchemy_errors_do_not_carry_the_parameters(make_services, db_url):
    from sqlalchemy.exc import DBAPIError

    svc = make_services(db_url)
    with pytest.raises(DBAPIError) as caught, svc.database.engine.begin() as conn:
        conn.execute(text("INSERT INTO tickets (ticket_id, nik) VALUES (:id, :nik)"), {"id": "X", "nik": NIK})
    assert NIK not in str(caught.value)
    assert "hidden" in str(caught.value)


def test_every_log_line_has_its_16_digit_numbers_masked(tmp_path):
    from kiosk.app.logsetup import MaskingFormatter, MaskNumbers

    path = tmp_path / "l.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.addFilter(MaskNumbers())
    handler.setFormatter(MaskingFormatter("%(name)s %(message)s"))
    logger = logging.getLogger("anjungan.test.masking")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("nik %s and kk %d in %s", NIK, 3171010101010001, "a-line")
        logger.warning("a NIK inside a word x%sy and a 20-digit 12345678901234567890", NIK)
        try:
            raise ValueError(f"bad {NIK}")
        except ValueError:
            logger.exception("failed for %s", NIK)
        logger.warning("short numbers stay: 0812345678 and 2026")
    finally:
        logger.removeHandler(handler)
        handler.close()
    written = path.read_text(encoding="utf-8")
    assert NIK not in written and "3171010101010001" not in written and "12345678901234567890" not in written
    assert written.count("************0001") >= 4
    assert "0812345678 and 2026" in written
