"""Who may do what through the branch's web service: the roles of API tokens and their rights.

A token is made for one role (`anjungan token create --role … --name …`). Each role may do only
its part: a display reads, a kiosk checks NIKs, issues tickets and checks in bookings, a counter
works its queue (and books later visits for participants), a booking system manages bookings,
and an administrator may do everything. Reading the branch status and the event stream needs a
token of any role; the participant's phone page needs none (its reference is the secret).
"""
from __future__ import annotations

from enum import Enum


class Role(str, Enum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    DISPLAY = "display"
    BOOKING = "booking"
    ADMIN = "admin"


class Permission(str, Enum):
    READ = "read"                  # branch status, waiting lists, the event stream
    CHECK = "check"                # check a NIK
    ISSUE = "issue"                # issue a walk-in ticket
    CHECK_IN = "check_in"          # check a booking in
    COUNTER = "counter"            # call, recall, skip, finish, transfer, pause, resume
    BOOK = "book"                  # make, change and cancel bookings
    READ_BOOKINGS = "read_bookings"


RIGHTS: dict[Role, frozenset[Permission]] = {
    Role.DISPLAY: frozenset({Permission.READ}),
    Role.KIOSK: frozenset({Permission.READ, Permission.CHECK, Permission.ISSUE, Permission.CHECK_IN}),
    Role.COUNTER: frozenset({Permission.READ, Permission.CHECK, Permission.CHECK_IN, Permission.COUNTER,
                             Permission.BOOK, Permission.READ_BOOKINGS}),
    Role.BOOKING: frozenset({Permission.READ, Permission.BOOK, Permission.READ_BOOKINGS}),
    Role.ADMIN: frozenset(Permission),
}

ROLE_NAMES = tuple(r.value for r in Role)


def may(role: Role | str, permission: Permission) -> bool:
    try:
        return permission in RIGHTS[Role(role)]
    except ValueError:
        return False
