"""A power cut during `db upgrade` never leaves an unusable store.

The first start after an update migrates the store; a power cut in the middle of a migration
once left SQLite with a column added and the old revision recorded, and every command after that
failed. Each migration is one transaction now: killed anywhere, the store is at the revision
before or after that migration, shaped exactly like a store that got there without a cut, and
the next `db upgrade` finishes with every ticket and event kept.
(The soak `python -m tests.soak.upgrade_power_cuts` cuts before every statement of a year's store.)
"""
from __future__ import annotations

import pytest

from kiosk.store import schema
from tests.store import power_cut


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    return power_cut.reference_shapes(tmp_path_factory.mktemp("reference"))


@pytest.fixture
def upgrader():
    runs = power_cut.Upgrader()
    yield runs
    runs.close()


def _store(tmp_path):
    path = tmp_path / "branch.sqlite"
    kept = power_cut.first_revision_store(path, days=20, visits=20)
    return path, f"sqlite:///{path}", kept


def test_a_cut_in_the_middle_of_every_migration_leaves_a_store_that_upgrades(tmp_path, shapes, upgrader):
    path, url, kept = _store(tmp_path)
    dry = tmp_path / "dry.sqlite"
    dry.write_bytes(path.read_bytes())
    whole = upgrader.run(f"sqlite:///{dry}")
    revisions = list(shapes)
    assert len(whole.stamps) == len(revisions) - 1          # 0002 … head, one stamp each
    assert power_cut.revision_of(dry) == schema.HEAD

    # Run k starts at revision k (the cuts before rolled back only their own migration): cut the
    # first pending migration in the middle, then the second pending one (the first commits).
    for k, (after, offset) in enumerate(power_cut.cuts_inside_each_migration(whole.stamps)):
        if after:                                   # a run from revisions[k - 1]: migration k is its second
            assert power_cut.revision_of(path) == revisions[k - 1]
        run = upgrader.run(url, after, offset)
        assert run.killed, f"the upgrade finished before the cut in migration {revisions[k + 1]}"
        revision = power_cut.revision_of(path)
        assert revision == revisions[k], f"cut in {revisions[k + 1]} left revision {revision}"
        assert power_cut.columns_by_table(path) == shapes[revision], f"half of {revisions[k + 1]} after a cut"
        assert power_cut.counts(path) == kept

    finished = upgrader.run(url)
    assert not finished.killed
    assert power_cut.revision_of(path) == schema.HEAD
    assert power_cut.columns_by_table(path) == shapes[schema.HEAD]
    assert power_cut.counts(path) == kept


def test_the_store_serves_after_an_upgrade_that_was_cut(tmp_path, upgrader, make_services):
    path, url, kept = _store(tmp_path)
    run = upgrader.run(url, 2, 3)          # 3 statements into the third migration
    assert run.killed
    assert power_cut.revision_of(path) == "0003"
    upgrader.run(url)
    svc = make_services(url)
    ticket = svc.issue("3171011708450001", "INFO")
    assert ticket.number.split("-")[1] == "001"
    assert power_cut.counts(path)["tickets"] == kept["tickets"] + 1


def test_a_failed_migration_says_which_step_and_logs_the_cause(tmp_path, caplog, make_services):
    """A store left half-migrated by an older release (the column of 0008 already there at 0007)
    is said in one sentence naming the step; the driver's own cause goes to the log."""
    import sqlite3

    from kiosk.domain.errors import StoreNotReady

    path = tmp_path / "old.sqlite"
    power_cut.store_at(path, "0007")
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE events ADD COLUMN txid BIGINT")       # what a cut under the old release left
    con.commit()
    con.close()
    with pytest.raises(StoreNotReady) as caught:
        make_services(f"sqlite:///{path}")
    assert caught.value.key == "deploy.schema.step_failed"
    assert "0007" in str(caught.value) and "0008" in str(caught.value)
    assert "duplicate column name: txid" in caplog.text
    assert power_cut.revision_of(path) == "0007"
