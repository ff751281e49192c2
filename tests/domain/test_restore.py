"""The restore rules: a restored store's next number is past every number that may be in a hand,
and the numbers jumped over count for nothing."""
from __future__ import annotations

from hypothesis import given, strategies as st

from kiosk.domain import restore as rules


@given(in_backup=st.integers(0, 2000), after=st.integers(0, 2000), busiest=st.integers(0, 2000),
       skipped=st.integers(0, 500))
def test_unknown_numbers_are_jumped_past_a_whole_busy_day(in_backup, after, busiest, skipped):
    """Numbers handed out after the backup (`after`, at most a busiest day's worth) are never handed again."""
    after = min(after, max(busiest, rules.RESTORE_GAP_MIN))
    c = rules.continue_numbering("INFO", in_backup, skipped, None, busiest)
    assert c.last + 1 > in_backup + after and not c.known
    assert rules.issued(c.last, c.skipped) == rules.issued(in_backup, skipped)     # none counted as issued


@given(in_backup=st.integers(0, 2000), replaced=st.integers(0, 2000))
def test_a_known_store_goes_on_right_after_its_last_number(in_backup, replaced):
    c = rules.continue_numbering("INFO", in_backup, 0, replaced, 50)
    assert c.last == max(in_backup, replaced) and c.known
    assert rules.issued(c.last, c.skipped) == in_backup


def test_only_the_backups_own_store_carried_on_is_known():
    assert rules.replaced_store_known(10, 7)
    assert not rules.replaced_store_known(0, 0)              # an empty new store knows nothing
    assert not rules.replaced_store_known(3, 7)              # an older or other store neither


@given(st.lists(st.integers(0, 10**6), unique=True, max_size=30), st.integers(1, 20))
def test_rotation_keeps_the_newest(stamps, keep):
    names = [f"anjungan-{s:08d}" for s in stamps]
    gone = rules.backups_to_remove(names, keep)
    kept = sorted(set(names) - set(gone))
    assert len(kept) == min(keep, len(names)) and all(g < min(kept) for g in gone)
