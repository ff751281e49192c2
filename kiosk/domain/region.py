"""A region of branches: what crosses the WAN from a branch to its region, how a branch is named
there, and how the region ranks its branches. Pure rules (the SQL is kiosk/store/region.py).

Each branch keeps its own database; the region gathers them by PostgreSQL logical replication.
Rows of different branches never collide in the region because every published table carries the
branch's code (`BRANCH_COLUMN`) in its key: the branch adds the column with its code as a constant
default, so no program on the branch writes it, and the region's tables key on (code, the
branch's own key). Nothing in the region depends on a sequence: the branch's own numbers (event
ids, questionnaire ids, configuration versions) are copied as values beside the code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.domain.catalog import msgid
from kiosk.domain.monitor import Severity
from kiosk.domain.skm import RatingIndex, ikm_from_sums

PUBLICATION = "anjungan_region"          # on each branch
REPLICATION_ROLE = "anjungan_region"     # the role the region logs in with at a branch
BRANCH_COLUMN = "branch_code"
REGION_SCHEMA = "anjungan_region"        # the region's own bookkeeping (branches, bundles)
BUNDLES_PUBLICATION = "anjungan_bundles"  # in the region: configuration bundles and the schema it takes
BRANCH_ROLE = "anjungan_branch"          # the role a branch logs in with at the region
REPORT_ROLE = "anjungan_region_report"   # the region's report and monitor: SELECT on what they read, nothing else
ALL_BRANCHES = "*"                       # a bundle's target: every branch
SUBSCRIPTION_PREFIX = "anjungan_"
VIEW_PREFIX = "anjungan_b_"              # one schema of read-only views per branch in the region
CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_]{0,15}")

# The tables a region needs, and the columns of each that never leave the branch: every NIK form
# (full, hashed, last four), the phone page's unguessable reference (a bearer token), and free text
# a person typed (a transfer's reason, a questionnaire's suggestion) that may name someone.
# Participants, PINs, PIN attempts, API tokens and key fingerprints are not published at all.
PUBLISHED: dict[str, tuple[str, ...]] = {
    "tickets": ("nik", "nik_hash", "nik_last4", "ref", "transfer_reason"),
    "events": (),
    "ratings": (),
    "skm_responses": ("suggestion",),
    "bookings": ("nik", "nik_hash", "nik_last4"),
    "devices": (),
    "branch_configs": (),
    "counter_states": (),
    "day_summaries": (),
    "region_bundle_results": (),          # what became of each configuration bundle from the region
}
NEVER_PUBLISHED = ("participants", "staff_pins", "pin_attempts", "api_tokens", "key_fingerprints",
                   "number_sequences", "visit_facts", "visit_days", "alembic_version")
# Beside the lists above, no column whose name says it is personal crosses (a column added to a
# branch table later, such as a phone number for SMS, stays at home until this rule is changed).
_PERSONAL = re.compile(r"nik|name|phone|pin|token|secret|hash|ref$|suggestion|birth|card|address", re.I)
_NOT_PERSONAL = {("devices", "name")}        # a machine's name


def crosses(table: str, column: str) -> bool:
    """Does this column of this branch table go to the region?"""
    if table not in PUBLISHED or column in PUBLISHED[table]:
        return False
    return (table, column) in _NOT_PERSONAL or not _PERSONAL.search(column)


def valid_code(code: str) -> bool:
    return bool(CODE_PATTERN.fullmatch(code or ""))


def subscription_name(code: str) -> str:
    """The region's subscription (and the branch's replication slot) of a branch."""
    return SUBSCRIPTION_PREFIX + code.lower()


def bundles_subscription(code: str) -> str:
    """A branch's subscription to the region's bundles (and its slot in the region)."""
    return "anjungan_bundles_" + code.lower()


def view_schema(code: str) -> str:
    return VIEW_PREFIX + code.lower()


# -- what a branch may change itself while its region's configuration bundle is in force
LOCAL_SECTIONS = ("printer", "display", "voice", "web")   # a bundle that says nothing: the machine sections
BUNDLE_TABLE = "region"                 # a bundle file's own table: [region] local_sections = ["printer", …]
LOCAL_KEY = "local_sections"


@dataclass(frozen=True)
class BundleInForce:
    """The region's newest configuration bundle this branch took (`region apply`), and the
    sections it lets the branch change with its own `config push` (`local`)."""

    number: int
    local: tuple[str, ...] = LOCAL_SECTIONS

    @classmethod
    def of(cls, number: int, listed: tuple[str, ...] | None) -> "BundleInForce":
        """From the bundle's own `[region] local_sections` (None: not said, the machine sections)."""
        return cls(number, LOCAL_SECTIONS if listed is None else tuple(listed))


def changed_sections(in_force: dict, pushed: dict) -> tuple[str, ...]:
    """The configuration sections whose content differs between two sets of branch sections."""
    return tuple(sorted(name for name in set(in_force) | set(pushed) if in_force.get(name) != pushed.get(name)))


def refused_locally(bundle: BundleInForce | None, in_force: dict, pushed: dict) -> tuple[str, ...]:
    """The sections a branch's own `config push` would change that the region governs and does not
    let it change; empty: the push may go through. Under a bundle the region governs every branch
    section; a branch that has taken no bundle yet decides alone."""
    if bundle is None:
        return ()
    return tuple(name for name in changed_sections(in_force, pushed) if name not in bundle.local)


SLOT_LOST = "lost"                     # pg_replication_slots.wal_status of an invalidated slot
SILENT_AFTER_S = 15 * 60               # a branch with no event for this long in opening hours is silent


@dataclass(frozen=True)
class BranchLink:
    """What the region knows of one branch's replication at a moment."""

    branch: str
    enabled: bool
    worker: bool                     # the region's apply worker for it runs
    reachable: bool | None           # the branch answered (None: not asked)
    wal_status: str | None           # the branch's slot: reserved | extended | unreserved | lost
    sending: bool | None             # the branch's sender for the region runs (None: not asked)
    lag_s: float | None
    lag_bytes: int | None
    slot_wal_bytes: int | None

    @property
    def connected(self) -> bool:
        return self.enabled and self.worker and self.sending is not False

    @property
    def slot_lost(self) -> bool:
        return self.wal_status == SLOT_LOST

    @property
    def problem(self) -> str | None:
        """The message id of what is wrong with the link, None when nothing is."""
        if self.slot_lost:
            return msgid("region.status.slot_lost")
        if not self.enabled:
            return msgid("region.status.disabled")
        if self.reachable is False:
            return msgid("region.status.unreachable")
        if not self.connected:
            return msgid("region.status.not_connected")
        return None


def in_trouble(connected: bool, silent: bool, severity) -> bool:
    """Does the region's monitor draw this branch as one to look at: cut off, silent, or its own
    monitor warning (an office closed for the day is no trouble)?"""
    return not connected or silent or severity not in (None, Severity.OK, Severity.CLOSED)


def league(rows: list[dict]) -> list[dict]:
    """The branches ranked: IKM first (a branch without questionnaires last), then the share of
    visits served within the target, then the shorter p90 wait. Each row keeps its fields and
    gains `rank` (1 = best)."""
    def key(row: dict):
        ikm = row.get("ikm")
        level = row.get("service_level_pct")
        p90 = row.get("wait_p90_min")
        return (ikm is None, -(ikm or 0.0), level is None, -(level or 0.0), p90 is None, p90 or 0.0, row["branch"])

    return [{**row, "rank": i} for i, row in enumerate(sorted(rows, key=key), start=1)]


# the league as a printed page shows (the region's PDF report): the rank, the branch, its IKM and
# grade, the share served within the target, the p90 wait and the arrivals
LEAGUE_PAGE_COLUMNS = ("rank", "branch", "ikm", "ikm_grade", "service_level_pct", "wait_p90_min", "arrivals")
LEAGUE_COLUMNS = ("rank", "branch", "name", "arrivals", "served", "no_show", "wait_p50_min", "wait_p90_min",
                  "service_level_pct", "ikm", "ikm_grade", "ikm_respondents", "rating_index")


@dataclass(frozen=True)
class RegionReport:
    """The branch report's figures for the whole region and for each branch (by its code)."""

    date_from: object
    date_to: object
    region: object                            # kiosk.domain.report.Report
    branches: tuple[tuple[str, object], ...]  # (code, Report)

    def league(self) -> list[dict]:
        rows = []
        for code, report in self.branches:
            total = report.total
            rows.append({"branch": code, "name": report.branch, "arrivals": total.get("arrivals"),
                         "served": total.get("served"), "no_show": total.get("no_show"),
                         "wait_p50_min": total.get("wait_p50_min"), "wait_p90_min": total.get("wait_p90_min"),
                         "service_level_pct": total.get("service_level_pct"), "ikm": report.ikm.value,
                         "ikm_grade": report.ikm.grade, "ikm_respondents": report.ikm.respondents,
                         "rating_index": report.ratings.value})
        return league(rows)

    def region_row(self) -> dict:
        """The whole region's figures in the league's columns, without a rank (its `branch` is the
        caller's word for the whole region)."""
        region = self.region
        return {**region.total, "rank": "", "branch": "", "name": region.branch, "ikm": region.ikm.value,
                "ikm_grade": region.ikm.grade, "ikm_respondents": region.ikm.respondents,
                "rating_index": region.ratings.value}

    def to_json(self) -> dict:
        branches = []
        for code, report in self.branches:
            shaped = report.to_json()
            branches.append({"branch": code, **{k: v for k, v in shaped.items() if k != "branch"},
                             "name": shaped["branch"]})
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat(), "region": self.region.to_json(),
                "branches": branches, "league": self.league()}


# -- the figures of many branches from their day summaries (a country's month in well under a second)
SUMMED = ("arrivals", "served", "no_show", "transferred", "not_served", "skm_respondents",
          *(f"rating_{s}" for s in range(1, 5)), *(f"skm_u{i}" for i in range(1, 10)))
WEIGHED = ("wait_p50_s", "wait_p90_s")      # each day's figure weighed by its arrivals


def summary_figures(sums: dict) -> dict:
    """A branch's (or the whole region's) figures from the sums of its day summaries: counts and the
    IKM exactly as the branch report gives them; the waits as the days' medians and 90th
    percentiles weighed by each day's arrivals (close to, not the same as, the period's own)."""
    ikm = ikm_from_sums([float(sums.get(f"skm_u{i}") or 0) for i in range(1, 10)], int(sums.get("skm_respondents") or 0))
    ratings = RatingIndex(tuple(int(sums.get(f"rating_{s}") or 0) for s in range(1, 5)))
    out = {k: int(sums.get(k) or 0) for k in SUMMED[:5]}
    for name in WEIGHED:
        weight = sums.get(f"{name}_n") or 0
        out[name.replace("_s", "_min")] = round(sums[f"{name}_w"] / weight / 60, 1) if weight else None
    out.update(ikm=ikm.value, ikm_grade=ikm.grade, ikm_respondents=ikm.respondents, rating_index=ratings.value)
    return out
