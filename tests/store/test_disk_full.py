"""A full disk is said as a full disk, with where, not as "cannot reach the database": SQLite on
a small filesystem of its own (and SQLite's own page limit, where mounting is not allowed), and a
PostgreSQL table on a tablespace of a small filesystem. Through the command (one sentence, exit 6)
and the services."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from kiosk.domain import errors

ANSWERS = ",".join(["4"] * 9)


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB filesystem (tmpfs), when this machine lets the test mount one."""
    yield from _mounted(tmp_path / "small")


@pytest.fixture
def small_server_disk():
    """A 1 MiB filesystem the database server's own user can reach (outside the test's folder)."""
    yield from _mounted(Path(f"/tmp/anjungan-small-{uuid.uuid4().hex[:8]}"), remove=True)


def _mounted(where: Path, remove: bool = False):
    where.mkdir(mode=0o755)
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)], capture_output=True)
    if made.returncode != 0:
        pytest.skip("mounting a small filesystem is not allowed here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)
        if remove:
            shutil.rmtree(where, ignore_errors=True)


def paper(path: Path, rows: int) -> Path:
    text = "long words " * 40
    path.write_text("date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9,suggestion\n" + "".join(
        f"2026-11-23,INFO,{ANSWERS},{text}{path.stem} {i}\n" for i in range(rows)), encoding="utf-8")
    return path


def test_sqlite_on_a_full_disk_says_the_disk_is_full_and_where(make_services, small_disk, tmp_path):
    url = f"sqlite:///{small_disk / 'queue.sqlite'}"
    svc = make_services(url)
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(0, free - 48 * 1024))
    with pytest.raises(errors.StoreNotReady) as caught:
        for _ in range(20):
            svc.import_skm_csv(paper(tmp_path / f"paper{_}.csv", 200))
    said = caught.value
    assert said.key == "safety.db.disk_full"
    assert str(small_disk) in said.message and "penuh" in said.message and "full" in said.message_en
    assert "dihubungi" not in said.message
    cli = subprocess.run([sys.executable, "-m", "kiosk", "--db", url, "skm", "import",
                          str(paper(tmp_path / "more.csv", 200))], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "ANJUNGAN_NOW": "2026-11-23T09:30:00+07:00"})
    assert cli.returncode == 6
    assert cli.stderr.count("\n") == 1 and "penuh" in cli.stderr and str(small_disk) in cli.stderr
    assert "Traceback" not in cli.stderr
    filler.unlink()                                   # space again: the same import goes in
    assert svc.import_skm_csv(tmp_path / "more.csv").imported == 200


def test_sqlite_at_its_page_limit_says_the_disk_is_full(make_services, tmp_path):
    from sqlalchemy import event

    url = f"sqlite:///{tmp_path / 'queue.sqlite'}"
    svc = make_services(url)
    engine = svc._app.database.engine
    pages = {}

    @event.listens_for(engine, "connect")
    def _limit(dbapi, _record):
        pages.setdefault("n", dbapi.execute("PRAGMA page_count").fetchone()[0])
        dbapi.execute(f"PRAGMA max_page_count = {pages['n'] + 4}")

    engine.dispose()
    with pytest.raises(errors.StoreNotReady) as caught:
        svc.import_skm_csv(paper(tmp_path / "paper.csv", 400))
    assert caught.value.key == "safety.db.disk_full" and str(tmp_path) in caught.value.message


def test_postgresql_on_a_full_disk_names_the_server(make_services, pg_db, pg_url, small_server_disk, tmp_path):
    from sqlalchemy import create_engine, text

    small_disk = small_server_disk
    os.chown(small_disk, *_postgres_ids())
    space = f"tiny_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE TABLESPACE {space} LOCATION '{small_disk}'"))
    except Exception as exc:  # noqa: BLE001 - the server is elsewhere or may not use the folder
        admin.dispose()
        pytest.skip(f"no tablespace on a small filesystem here: {str(exc).splitlines()[0]}")
    svc = make_services(pg_db)
    engine = create_engine(pg_db)
    try:
        with engine.begin() as conn:
            conn.execute(text(f"ALTER TABLE skm_responses SET TABLESPACE {space}"))
        with pytest.raises(errors.StoreNotReady) as caught:
            for i in range(40):
                svc.import_skm_csv(paper(tmp_path / f"paper{i}.csv", 300))
        said = caught.value
        assert said.key == "install.pg.disk_full" and "127.0.0.1" in said.message_en and "full" in said.message_en
    finally:
        svc.close()
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE skm_responses SET TABLESPACE pg_default"))
        engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f"DROP TABLESPACE IF EXISTS {space}"))
        admin.dispose()


def _postgres_ids() -> tuple[int, int]:
    import pwd

    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("no postgres user on this machine")
    return entry.pw_uid, entry.pw_gid


def test_a_log_file_on_a_full_disk_is_one_sentence_a_minute_not_a_traceback_per_line(small_disk, capsys):
    import logging

    from kiosk.app.logsetup import LogFile

    (small_disk / "filler").write_bytes(b"\0" * shutil.disk_usage(small_disk).free)
    handler = LogFile(small_disk / "anjungan.log", maxBytes=1_000_000, backupCount=1, encoding="utf-8")
    logger = logging.getLogger("anjungan.test.full_log")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for i in range(200):
            logger.warning("line %s %s", i, "x" * 200)
    finally:
        logger.removeHandler(handler)
        try:
            handler.close()
        except OSError:
            pass
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "tidak dapat ditulis" in err and "Traceback" not in err, err[:500]
