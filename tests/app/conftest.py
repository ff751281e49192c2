from __future__ import annotations

import pytest

from tests.conftest import made_sqlite
from tests.events.helpers import anjungan


@pytest.fixture
def cli_run(tmp_path):
    """Run `anjungan …` in another process on a SQLite file of this test (Monday 09.00)."""
    url = made_sqlite(tmp_path / "cli.sqlite")           # made as a branch makes it: `db upgrade` first

    def run(*args: str):
        return anjungan(*args, db=url)

    return run
