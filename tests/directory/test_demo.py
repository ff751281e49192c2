from collections import Counter
from datetime import date

from kiosk.directory.csvfile import ParticipantRow, read_participants
from kiosk.directory.demo import demo_rows, write_demo_csv
from kiosk.domain.nik import parse_nik
from kiosk.domain.participant import Status

TODAY = date(2026, 11, 22)


def test_demo_rows_are_valid_unique_and_varied():
    rows = list(demo_rows(2000, seed=7, today=TODAY))
    assert len(rows) == 2000
    assert len({r.nik for r in rows}) == 2000
    ages = []
    for row in rows:
        info = parse_nik(row.nik, TODAY)
        assert info.birth_date == row.birth_date and info.sex == row.sex
        ages.append(info.age(TODAY))
        if row.segment == "BPU":
            assert "JP" not in row.programs
        assert row.status_text == row.status.label_id
        assert row.last_paid is None or row.last_paid <= "2026-11"
    assert sum(a >= 56 for a in ages) > 0.3 * len(ages)
    assert sum(a >= 60 for a in ages) > 0.1 * len(ages)
    assert sum(a < 30 for a in ages) > 0.05 * len(ages)
    assert min(ages) >= 18
    statuses = Counter(r.status for r in rows)
    assert statuses[Status.ACTIVE] > len(rows) / 2
    assert all(statuses[s] > 0 for s in (Status.INACTIVE, Status.UNPAID, Status.DECEASED, Status.SUSPENDED))
    assert set(r.segment for r in rows) == {"PU", "BPU", "JAKON", "PMI"}
    assert len({r.name for r in rows}) > 200


def test_same_seed_same_rows_other_seed_other_rows():
    assert list(demo_rows(50, seed=1, today=TODAY)) == list(demo_rows(50, seed=1, today=TODAY))
    assert list(demo_rows(50, seed=1, today=TODAY)) != list(demo_rows(50, seed=2, today=TODAY))


def test_demo_csv_imports_cleanly(tmp_path):
    path = tmp_path / "demo.csv"
    assert write_demo_csv(path, 300, seed=3, today=TODAY) == 300
    imported = list(read_participants(path, TODAY))
    assert all(isinstance(r, ParticipantRow) for r in imported)
    assert imported == list(demo_rows(300, seed=3, today=TODAY))
