"""Wiring: load the configuration, connect and migrate the store, and join the use cases."""
from __future__ import annotations

import os
from datetime import datetime
from typing import Callable

from kiosk.app.assistance import AssistanceUseCases
from kiosk.app.bookings import BookingUseCases
from kiosk.app.counter import CounterUseCases
from kiosk.app.following import FollowUseCases
from kiosk.app.roles import RoleUseCases
from kiosk.app.issue import IssueUseCases
from kiosk.app.participants import ParticipantUseCases
from kiosk.app.phone import PhoneUseCases
from kiosk.app.reports import ReportUseCases
from kiosk.app.skm import SkmUseCases
from kiosk.app.staff import StaffUseCases
from kiosk.app.status import StatusUseCases
from kiosk.app.timeline import TimelineUseCases
from kiosk.app.tokens import TokenUseCases
from kiosk.config import Config, load_config
from kiosk.domain import errors
from kiosk.store import db, schema


class Services(BookingUseCases, IssueUseCases, CounterUseCases, FollowUseCases, StatusUseCases, RoleUseCases, AssistanceUseCases,
               ParticipantUseCases, StaffUseCases, TokenUseCases, PhoneUseCases, TimelineUseCases, SkmUseCases,
               ReportUseCases):
    """The one object the windows, the command line and the benchmarks call; each use case lives
    in its own module of `kiosk.app`."""


def open_services(config_path=None, db_url: str | None = None, clock: Callable[[], datetime] | None = None,
                  directory=None, upgrade: bool = True, config: Config | None = None) -> Services:
    """Load the configuration, connect to the store (creating/migrating it), and return the API."""
    config = config or load_config(config_path)
    clock = clock or fixed_clock_from_env()
    url = db_url or config.database_url or db.default_url()
    engine = db.make_engine(url)
    if upgrade:
        try:
            schema.upgrade(engine)
        except errors.AnjunganError:
            raise
        except Exception as exc:  # driver errors while connecting
            raise db.unavailable(engine, exc) from None
    return Services(config, engine, clock=clock, directory=directory)


def fixed_clock_from_env() -> Callable[[], datetime] | None:
    """`ANJUNGAN_NOW=2026-11-23T09:00:00+07:00` pins the clock (rehearsals, scripted checks)."""
    value = os.environ.get("ANJUNGAN_NOW")
    if not value:
        return None
    try:
        fixed = datetime.fromisoformat(value)
    except ValueError:
        raise errors.ConfigError.of("error.clock.not_iso", value=value) from None
    if fixed.tzinfo is None:
        raise errors.ConfigError.of("error.clock.no_zone")
    return lambda: fixed
