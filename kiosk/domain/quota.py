"""A service's quota as one figure everywhere: the monitor, the report, the kiosk and `status`.

The rule, stated once: a service's quota for a day is its configured daily quota (with
`quota_per_counter`, the quota per counter × every counter the branch configures for it, fixed
when the configuration is read, never the counters that happen to be staffed); the quota used
is the tickets issued for it that day. A booking's held place is not a ticket yet: the kiosk
refuses a new ticket when the issued tickets and the held places together reach the quota
(`kiosk.domain.booking.quota_count`), but the figure shown is issued against the quota.
"""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.branch import ServiceSpec


@dataclass(frozen=True)
class QuotaFigure:
    used: int
    capacity: int | None            # None: the service has no quota

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.used >= self.capacity


def quota_capacity(spec: ServiceSpec, days: int = 1) -> int | None:
    """The quota of `days` open days (None: no quota)."""
    return spec.daily_quota * days if spec.daily_quota else None


def quota_figure(spec: ServiceSpec, issued: int) -> QuotaFigure:
    return QuotaFigure(issued, quota_capacity(spec))
