from __future__ import annotations

import pytest

from tests.events.helpers import anjungan


@pytest.fixture
def cli_run(tmp_path):
    """Run `anjungan …` in another process on a SQLite file of this test (Monday 09.00)."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"

    def run(*args: str):
        return anjungan(*args, db=url)

    return run
