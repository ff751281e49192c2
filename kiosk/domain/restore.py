"""Backups and restores of the branch's store: what a restored store must never do again.

A number a participant holds is never handed out twice. A backup is a moment; numbers may have
been handed out after it (the branch kept serving). So a store restored during a service day
continues that day's numbering past every number that may already be in someone's hand:
- when the store being replaced could still be read, its own last numbers are known: numbering
  continues right after them;
- when it could not (a new machine, a lost or broken file), numbering jumps past a safe margin:
  as many numbers as the service's busiest day in the backup's history, at least
  `RESTORE_GAP_MIN`. The numbers jumped over were never issued here: they count for no quota.
"""
from __future__ import annotations

from dataclasses import dataclass

RESTORE_GAP_MIN = 100        # numbers jumped over at least, when the last ones handed out are unknown
BACKUPS_KEPT = 14            # backups kept in the folder by default: two weeks of nightly backups


@dataclass(frozen=True)
class Continued:
    """Where a service's numbering goes on today after a restore."""
    service: str
    last_in_backup: int      # the last number the backup knew of
    last: int                # the last number now taken: the next ticket gets `last + 1`
    skipped: int             # numbers jumped over (never issued here), all restores of the day
    known: bool              # the replaced store's own last number was read (no margin needed)


def restore_gap(busiest_day: int) -> int:
    """Numbers to jump over when the last ones handed out are unknown: a whole busy day's worth."""
    return max(RESTORE_GAP_MIN, busiest_day)


def continue_numbering(service: str, in_backup: int, skipped_in_backup: int, replaced: int | None,
                       busiest_day: int) -> Continued:
    """Today's numbering of `service` in a restored store: `in_backup` is the backup's last number
    (0: none), `replaced` the replaced store's own last number today (None: it could not be read)."""
    if replaced is not None:
        last = max(in_backup, replaced)
    else:
        last = in_backup + restore_gap(busiest_day)
    return Continued(service, in_backup, last, skipped_in_backup + last - in_backup, replaced is not None)


def replaced_store_known(replaced_tickets: int, backup_tickets: int) -> bool:
    """Whether the store being replaced tells the numbers handed out after the backup: it must be
    the backup's own store carried on (at least the backup's tickets), not an empty new one."""
    return replaced_tickets > 0 and replaced_tickets >= backup_tickets


def issued(last: int, skipped: int) -> int:
    """Numbers issued: the last one taken less those jumped over after a restore."""
    return last - skipped


def backups_to_remove(names: list[str], keep: int) -> list[str]:
    """Of the backups in a folder (names that sort by the moment taken), those beyond the newest `keep`."""
    keep = max(1, keep)
    ordered = sorted(names)
    return ordered[:-keep] if len(ordered) > keep else []
