"""Who may do what on a PostgreSQL branch: every command, window action and API route, and the
database roles (`anjungan db roles`) under which it works.

This is data, the one statement of the rule: the table of docs/roles.md and the README's
least-privilege paragraph are written from it (`python -m kiosk.store.access_matrix --write`),
kiosk/store/roles.py grants what these jobs need, and tests/store/test_role_matrix.py tries every
cell on a real PostgreSQL server: allowed exactly where the matrix says so, refused ("this
computer may not do that") everywhere else.

An API route is counted under the role the web service logs in with; the tokens' own roles
(kiosk/domain/access.py) decide who may call a route once the service can serve it.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

ROLES = ("owner", "kiosk", "counter", "display", "report", "web", "notifier")
MACHINE_ROLES = ROLES[1:]

MACHINES = {
    "owner": "the server PC: migrations, PINs, tokens, imports (`db upgrade`, `staff set-pin`, …)",
    "kiosk": "each kiosk PC in the lobby",
    "counter": "each counter PC, and the rating screen beside it",
    "display": "each hall display (TV)",
    "report": "the head of service's monitor and reports",
    "web": "the branch web service (`anjungan web`): phone page, API, event stream",
    "notifier": "the SMS service (`anjungan notifier`, beside gammu-smsd): the event feed, the tickets it follows "
                "without their NIKs, the opted-in phone numbers",
}

O, K, C, D, R, W, N = ROLES
EVERY = ROLES
SCREENS = (O, K, C, D, R, W)    # every role but the SMS service's: a window or the web service runs under it
ISSUERS = (O, K, C, W)          # check-in and the counter's F8 booking allocate numbers too
COUNTERS = (O, C, W)
RATERS = (O, K, C, W)
BOOKERS = (O, C, W)
DAY_CLOSERS = (O, K, C, R, W)   # whoever acts first on a new day closes the days before it
# The machines whose heartbeat each role writes (kiosk/domain/devices.py MachineKind): a role may
# make or update only those rows of `devices` (row-level security, kiosk/store/roles.py).
# The SMS service writes none: it has no window, no printer and no place on the monitor's machines line.
HEARTBEATS = {K: ("kiosk",), C: ("counter", "rating"), D: ("display",), R: ("monitor",), W: ("web",)}


@dataclass(frozen=True)
class Action:
    key: str                      # the test's name for it
    surface: str                  # "command", "window" or "api"
    title: str                    # as the docs show it
    roles: tuple[str, ...]        # the database roles it works under


def _cmd(key: str, title: str, roles) -> Action:
    return Action(key, "command", title, tuple(roles))


def _win(key: str, title: str, roles) -> Action:
    return Action(key, "window", title, tuple(roles))


def _api(key: str, title: str, roles) -> Action:
    return Action(key, "api", title, tuple(roles))


ACTIONS: tuple[Action, ...] = (
    # -- the command line ------------------------------------------------------------------------
    _cmd("cli.db_upgrade", "`anjungan db upgrade`", (O,)),
    _cmd("cli.db_roles", "`anjungan db roles` (the first time: as the database's superuser)", (O,)),
    _cmd("cli.check", "`anjungan check NIK`", (O, K, C, W)),
    _cmd("cli.issue", "`anjungan issue`", ISSUERS),
    _cmd("cli.call", "`anjungan call`", COUNTERS),
    _cmd("cli.recall", "`anjungan recall`", COUNTERS),
    _cmd("cli.start", "`anjungan start`", COUNTERS),
    _cmd("cli.skip", "`anjungan skip`", COUNTERS),
    _cmd("cli.return", "`anjungan return`", COUNTERS),
    _cmd("cli.finish", "`anjungan finish`", COUNTERS),
    _cmd("cli.transfer", "`anjungan transfer`", COUNTERS),
    _cmd("cli.pause", "`anjungan pause` / `resume`", COUNTERS),
    _cmd("cli.status", "`anjungan status`", SCREENS),
    _cmd("cli.watch", "`anjungan watch`", EVERY),
    _cmd("cli.reprint", "`anjungan ticket reprint`", (O, K, C, W)),
    _cmd("cli.purge", "`anjungan purge`", ISSUERS),
    _cmd("cli.participants_import", "`anjungan participants import` / `demo`", (O,)),
    _cmd("cli.set_pin", "`anjungan staff set-pin`", (O,)),
    _cmd("cli.report", "`anjungan report`", (O, R)),
    _cmd("cli.rate", "`anjungan rate`", RATERS),
    _cmd("cli.skm_import", "`anjungan skm import`", RATERS),
    _cmd("cli.token_create", "`anjungan token create` / `revoke`", (O,)),
    _cmd("cli.token_list", "`anjungan token list`", (O, W)),
    _cmd("cli.bookings_import", "`anjungan bookings import` / `add`", BOOKERS),
    _cmd("cli.bookings_cancel", "`anjungan bookings cancel`", ISSUERS),
    _cmd("cli.bookings_list", "`anjungan bookings list`", (O, K, C, W)),
    _cmd("cli.check_in", "`anjungan check-in`", ISSUERS),
    _cmd("cli.doctor", "`anjungan doctor` on the role's own machine: its role check", EVERY),
    _cmd("cli.notifier", "`anjungan notifier`: SMS to opted-in participants (reads their phone numbers)", (O, N)),
    _cmd("cli.devices", "`anjungan devices`", SCREENS),
    _cmd("cli.config_push", "`anjungan config push FILE`: the branch configuration for every machine", (O,)),
    _cmd("cli.config_show", "`anjungan config show` / `history`", EVERY),
    _cmd("cli.backup", "`anjungan backup`: `pg_dump` reads every table, PIN hashes and tokens included", (O,)),
    _cmd("cli.restore", "`anjungan restore`: the schema's tables made again from a backup", (O,)),
    _cmd("cli.day_close", "`anjungan day close`: open tickets, bookings never checked in, the day's summary",
         DAY_CLOSERS),
    # -- the windows, through the services as they call them -------------------------------------
    _win("kiosk.check", "kiosk: check a NIK", (O, K, C, W)),
    _win("kiosk.issue", "kiosk: issue and print a ticket", ISSUERS),
    _win("kiosk.check_in", "kiosk: check a booking in", ISSUERS),
    _win("kiosk.return", "kiosk: today's no-show of a NIK back into the queue", ISSUERS),
    _win("kiosk.staff_pin", "kiosk: staff PIN (checked in the server)", (O, K, C)),
    _win("kiosk.assistance", "kiosk: call for assistance, front desk, online channel", ISSUERS),
    _win("kiosk.rate", "kiosk: rating after a QR scan", RATERS),
    _win("counter.call", "counter: call next, recall, start, finish", COUNTERS),
    _win("counter.skip", "counter: no-show", COUNTERS),
    _win("counter.return", "counter: back to the queue", COUNTERS),
    _win("counter.transfer", "counter: transfer", COUNTERS),
    _win("counter.pause", "counter: pause / resume", COUNTERS),
    _win("counter.open_ticket", "counter: open a scanned ticket (calls it), waiting list, figures", COUNTERS),
    _win("counter.book", "counter: book the next visit (F8)", BOOKERS),
    _win("counter.assistance", "counter: answer a call for assistance", ISSUERS),
    _win("rating.rate", "rating screen: one-tap rating and questionnaire", RATERS),
    _win("display.follow", "display: status and the event feed (`watch`)", SCREENS),
    _win("monitor.report", "monitor: figures, report, suggestions", (O, R)),
    _win("machine.heartbeat", "every window and the web service: its heartbeat and printer paper state; the "
                              "monitor's machines line", SCREENS),
    _win("machine.day_close", "the first action of a new day on any machine but a display: the days before "
                              "it closed (a display's is left to the others)", DAY_CLOSERS),
    # -- the web service, logged in as the role ---------------------------------------------------
    _api("api.page", "`GET /t/{ref}` phone page, `…/state`, `…/events`, `/api/v1/tickets/{ref}`", (O, K, C, W)),
    _api("api.rating", "`POST /t/{ref}/rating`, `/t/{ref}/survey`", RATERS),
    _api("api.status", "`GET /api/v1/status`, `/api/v1/events` (a token)", (O, W)),
    _api("api.check", "`POST /api/v1/check`", (O, W)),
    _api("api.issue", "`POST /api/v1/tickets`", (O, W)),
    _api("api.check_in", "`POST /api/v1/check-in`", (O, W)),
    _api("api.counter", "`GET /api/v1/counters/{n}`, `POST …/call`, `recall`, `skip`, `finish`, `transfer`, "
                        "`pause`, `resume`", (O, W)),
    _api("api.metrics", "`GET /metrics` (Prometheus: waiting, waits, calls, print failures, machines)", SCREENS),
    _api("api.bookings", "`GET/POST /api/v1/bookings`, `GET/DELETE /api/v1/bookings/{code}`", (O, W)),
)

BY_KEY = {a.key: a for a in ACTIONS}

# Every `anjungan` command and where the matrix holds it: an action's key, the actions of the
# window it opens ("window:<prefix>"), the web routes ("api"), "sqlite" for the demo (one PC's own
# file), or None when it does not open the database at all; "region" for the region's commands, which run as the
# branch's owner or superuser or the region's superuser, never as a machine role (docs/region.md). A test keeps
# this equal to the command line's own list.
COMMANDS: dict[str, str | None] = {
    "db upgrade": "cli.db_upgrade", "db roles": "cli.db_roles", "check": "cli.check", "issue": "cli.issue",
    "call": "cli.call", "recall": "cli.recall", "start": "cli.start", "skip": "cli.skip", "finish": "cli.finish",
    "return": "cli.return",
    "transfer": "cli.transfer", "pause": "cli.pause", "resume": "cli.pause", "status": "cli.status",
    "watch": "cli.watch", "ticket reprint": "cli.reprint", "purge": "cli.purge",
    "participants import": "cli.participants_import", "participants demo": "cli.participants_import",
    "staff set-pin": "cli.set_pin", "report": "cli.report", "rate": "cli.rate", "skm import": "cli.skm_import",
    "token create": "cli.token_create", "token revoke": "cli.token_create", "token list": "cli.token_list",
    "bookings import": "cli.bookings_import", "bookings add": "cli.bookings_import",
    "bookings cancel": "cli.bookings_cancel", "bookings list": "cli.bookings_list", "check-in": "cli.check_in",
    "kiosk": "window:kiosk.", "counter": "window:counter.", "rating": "window:rating.",
    "display": "window:display.", "monitor": "window:monitor.", "web": "api",
    "demo": "sqlite",              # the scripted demo, on one PC's own SQLite file
    "printer status": None, "printer test": None, "announce": None, "init": None,
    "doctor": "cli.doctor",
    "notifier": "cli.notifier",
    "config check": None, "units": None, "region units": None,
    "ktp read": None,              # one picture read in memory: no database
    "devices": "cli.devices",
    "day close": "cli.day_close",
    "backup": "cli.backup", "restore": "cli.restore",
    "config push": "cli.config_push", "config show": "cli.config_show", "config history": "cli.config_show",
    # a region of branches (docs/region.md): the branch's owner or superuser, the region's superuser
    **{f"region {c}": "region" for c in ("publish", "add-branch", "remove-branch", "reseed", "status", "upgrade",
                                          "bundle", "follow", "apply", "monitor", "report")},
}
SURFACES = {"command": "Command", "window": "Window action", "api": "Web service route"}


def allowed(key: str, role: str) -> bool:
    return role in BY_KEY[key].roles


# -- the documents written from it ----------------------------------------------------------------

BEGIN, END = "<!-- role matrix: begin (python -m kiosk.store.access_matrix --write) -->", "<!-- role matrix: end -->"


def table() -> str:
    """The matrix as a Markdown table (✓ allowed, · refused by the database)."""
    lines = ["| " + " | ".join(["What", *[f"`{r}`" for r in ROLES]]) + " |",
             "|---" + "|:-:" * len(ROLES) + "|"]
    for surface, heading in SURFACES.items():
        lines.append(f"| **{heading}s** |" + " |" * len(ROLES))
        for action in (a for a in ACTIONS if a.surface == surface):
            marks = ["✓" if r in action.roles else "·" for r in ROLES]
            lines.append(f"| {action.title} | " + " | ".join(marks) + " |")
    return "\n".join(lines)


def machines() -> str:
    without = ", ".join(f"`{c}`" for c, where in COMMANDS.items() if where is None)
    return ("\n".join(f"- `anjungan_{role}`: {text}" for role, text in MACHINES.items())
            + f"\n\nThese commands open no database, so no role matters to them: {without}; `demo` runs on one "
              "PC's own SQLite file. The windows (`kiosk`, `counter`, `rating`, `display`, `monitor`) are their "
              "actions below; `web` is its routes.")


def readme_paragraph() -> str:
    counts = {surface: sum(a.surface == surface for a in ACTIONS) for surface in SURFACES}
    lines = (f"Least privilege: `anjungan db roles` makes `anjungan_owner` (owns the tables: migrations, "
             f"`staff set-pin`, tokens, imports) and one login role per kind of machine — "
             f"{', '.join(f'`anjungan_{r}`' for r in MACHINE_ROLES)} — each allowed its machine's job and nothing "
             f"else. No machine role can create, alter, drop or delete anything of the queue; none reads a PIN "
             f"hash (PINs are checked inside the server); the display reads no NIK column and no name; the "
             f"report role never reads a full NIK or a name; the SMS service reads no NIK column and no "
             f"participant, only the phone numbers it sends to. The web service runs as `anjungan_web` and "
             f"`anjungan notifier` as `anjungan_notifier`, never as the owner. What each role may do "
             f"({counts['command']} commands, {counts['window']} window actions "
             f"and {counts['api']} web routes × {len(ROLES)} roles, each cell tried on PostgreSQL by the tests) "
             f"is the table in [docs/roles.md](docs/roles.md).")
    return _wrap(lines)


def _wrap(text: str, width: int = 100) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False))


def _between(text: str, body: str) -> str:
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + "\n" + body + "\n" + text[end:]


def documents(root: Path) -> dict[Path, str]:
    """The files written from the matrix, with their new text."""
    roles_md, readme = root / "docs" / "roles.md", root / "README.md"
    return {roles_md: _between(roles_md.read_text(encoding="utf-8"), machines() + "\n\n" + table()),
            readme: _between(readme.read_text(encoding="utf-8"), readme_paragraph())}


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parents[2]
    stale = [path for path, new in documents(root).items() if path.read_text(encoding="utf-8") != new]
    if "--write" in argv:
        for path, new in documents(root).items():
            path.write_text(new, encoding="utf-8")
        return 0
    for path in stale:
        print(f"{path} is not what the matrix says: run python -m kiosk.store.access_matrix --write", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
