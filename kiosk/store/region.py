"""PostgreSQL logical replication between a branch and its region (`anjungan region …`).

Branch side (`publish`, as the owner role or the superuser): every published table gets the
branch's code as a column with a constant default (PostgreSQL 11+ adds it without rewriting the
table; no program of the branch writes it), a unique index on (code, the table's key) that becomes
the table's replica identity, a publication with column lists that leave every NIK, name, phone
number, reference and free text at home (kiosk/domain/region.py), and a replication role that may
read exactly the published columns.

Region side (`RegionStore`, as the region's superuser: PostgreSQL 15 lets only a superuser make a
subscription): one table per published table, keyed on (code, key), in the schema of the same name
as the branch's (subscriptions match tables by schema-qualified name); one subscription per
branch; and per branch a schema of views showing only its rows in the shape of a branch database,
with its own report summaries, so the branch's own report code runs on it unchanged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Iterator

import psycopg
from sqlalchemy import Connection, Engine, MetaData, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from kiosk.domain import region as rules
from kiosk.domain.catalog import msgid
from kiosk.store.models import metadata

PG = postgresql.dialect()
REPORT_TABLES = ("tickets", "events", "ratings", "skm_responses", "bookings", "branch_configs", "devices",
                 "counter_states", "day_summaries")
DERIVED = ("visit_facts", "visit_days")
CONNECT_TIMEOUT_S = 5


class RegionRefused(Exception):
    """PostgreSQL or the set-up refused a region step: `key` is the message id, `values` its fields."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key = key
        self.values = values


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def libpq(url: str) -> str:
    """A libpq connection URI from a SQLAlchemy or libpq URL."""
    return re.sub(r"^postgresql\+\w+://", "postgresql://", url.strip())


def _detail(exc: Exception) -> str:
    diag = getattr(getattr(exc, "orig", exc), "diag", None)
    primary = getattr(diag, "message_primary", None)
    return primary or str(getattr(exc, "orig", exc)).strip().splitlines()[0]


# ------------------------------------------------------------------------------ the branch side

@dataclass(frozen=True)
class Published:
    branch: str
    publication: str
    role: str
    tables: dict[str, list[str]]          # table -> published columns
    max_slot_wal_keep_size: str
    slots: list[dict]


def _key_columns(conn: Connection, relation: str, primary: bool = True) -> list[str]:
    flag = "indisprimary" if primary else "indisreplident"
    return list(conn.execute(text(
        f"SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
        f"AND a.attnum = ANY(i.indkey) WHERE i.indrelid = CAST(:r AS regclass) AND i.{flag} "
        f"ORDER BY array_position(CAST(i.indkey AS int2[]), a.attnum)"), {"r": relation}).scalars())


def _table_columns(conn: Connection, schema: str, table: str) -> list[str]:
    return list(conn.execute(text(
        "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relname = :t "
        "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"), {"s": schema, "t": table}).scalars())


def _branch_of(conn: Connection, schema: str, table: str) -> str | None:
    """The code a branch table already carries as its constant default, None without the column."""
    default = conn.execute(text(
        "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid "
        "AND d.adnum = a.attnum WHERE n.nspname = :s AND c.relname = :t AND a.attname = :c AND NOT a.attisdropped"),
        {"s": schema, "t": table, "c": rules.BRANCH_COLUMN}).first()
    if default is None:
        return None
    found = re.match(r"^'((?:[^']|'')*)'", default[0] or "")
    return found.group(1).replace("''", "'") if found else ""


def publish(engine: Engine, code: str, *, role: str = rules.REPLICATION_ROLE,
            keep_wal: str | None = None) -> Published:
    """Make this branch database publish to a region (idempotent; again after every `db upgrade`)."""
    try:
        _publish(engine, code, role)
    except RegionRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - a lock not granted in time (a busy lobby), a right missing
        raise RegionRefused(msgid("region.publish.refused"), error=_detail(exc)) from None
    if keep_wal is not None:
        set_keep_wal(engine, keep_wal)
    return Published(code, rules.PUBLICATION, role, _published(engine), keep_wal_size(engine), slots(engine))


def _published(engine: Engine) -> dict[str, list[str]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT tablename, attnames FROM pg_publication_tables WHERE pubname = :p"),
                            {"p": rules.PUBLICATION}).all()
    order = list(rules.PUBLISHED)
    return {t: list(cols) for t, cols in sorted(rows, key=lambda r: order.index(r[0]) if r[0] in order else 99)}


def _publish(engine: Engine, code: str, role: str) -> None:
    with engine.begin() as conn:
        if conn.execute(text("SHOW wal_level")).scalar() != "logical":
            raise RegionRefused(msgid("region.publish.wal_level"))
        schema = conn.execute(text("SELECT current_schema()")).scalar()
        superuser = conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar()
        present = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :s"),
                                   {"s": schema}).scalars())
        if "tickets" not in present:
            raise RegionRefused(msgid("region.publish.no_schema"))
        if "region_bundle_results" not in present:
            _results_table(conn, schema)
            present.add("region_bundle_results")
        tables = [t for t in rules.PUBLISHED if t in present]
        for table in tables:
            known = _branch_of(conn, schema, table)
            if known is not None and known != code:
                raise RegionRefused(msgid("region.publish.other_code"), code=known)
        s = q(schema)
        columns: dict[str, list[str]] = {}
        for table in tables:
            t = f"{s}.{q(table)}"
            if _branch_of(conn, schema, table) is None:
                conn.execute(text(f"ALTER TABLE {t} ADD COLUMN {q(rules.BRANCH_COLUMN)} varchar(16) "
                                  f"NOT NULL DEFAULT {lit(code)}"))
            key = _key_columns(conn, f"{s}.{q(table)}")
            index = f"rg_{table}_branch_key"
            conn.execute(text(f"CREATE UNIQUE INDEX IF NOT EXISTS {q(index)} ON {t} "
                              f"({', '.join(q(c) for c in (rules.BRANCH_COLUMN, *key))})"))
            conn.execute(text(f"ALTER TABLE {t} REPLICA IDENTITY USING INDEX {q(index)}"))
            columns[table] = [c for c in _table_columns(conn, schema, table)
                              if c == rules.BRANCH_COLUMN or rules.crosses(table, c)]
        _replication_role(conn, schema, role, columns, superuser)
        spec = ", ".join(f"{s}.{q(t)} ({', '.join(q(c) for c in cols)})" for t, cols in columns.items())
        exists = conn.execute(text("SELECT 1 FROM pg_publication WHERE pubname = :p"),
                              {"p": rules.PUBLICATION}).first()
        try:
            with conn.begin_nested():
                if exists:
                    conn.execute(text(f"ALTER PUBLICATION {q(rules.PUBLICATION)} SET TABLE {spec}"))
                else:
                    conn.execute(text(f"CREATE PUBLICATION {q(rules.PUBLICATION)} FOR TABLE {spec} "
                                      "WITH (publish = 'insert, update, delete')"))
        except Exception as exc:  # noqa: BLE001 - the owner may not create one in this database yet
            raise RegionRefused(msgid("region.publish.refused"), error=_detail(exc)) from None
        if superuser:    # the tables' owner keeps the publication in line after each upgrade
            owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE schemaname = :s AND tablename = 'tickets'"),
                                 {"s": schema}).scalar()
            conn.execute(text(f"ALTER PUBLICATION {q(rules.PUBLICATION)} OWNER TO {q(owner)}"))


def _replication_role(conn: Connection, schema: str, role: str, columns: dict[str, list[str]],
                      superuser: bool) -> None:
    r, s = q(role), q(schema)
    if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
        if not superuser:
            raise RegionRefused(msgid("region.publish.role_missing"), role=role)
        conn.execute(text(f"CREATE ROLE {r} LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT"))
    if not conn.execute(text("SELECT has_schema_privilege(:r, :s, 'USAGE')"), {"r": role, "s": schema}).scalar():
        conn.execute(text(f"GRANT USAGE ON SCHEMA {s} TO {r}"))
    conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}"))
    for table in conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = :s"), {"s": schema}).scalars():
        cols = ", ".join(q(c) for c in _table_columns(conn, schema, table))
        if cols and conn.execute(text("SELECT pg_has_role(current_user, tableowner, 'USAGE') OR "
                                      "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
                                      "FROM pg_tables WHERE schemaname = :s AND tablename = :t"),
                                 {"s": schema, "t": table}).scalar():
            conn.execute(text(f"REVOKE ALL ({cols}) ON {s}.{q(table)} FROM {r}"))
    for table, cols in columns.items():
        conn.execute(text(f"GRANT SELECT ({', '.join(q(c) for c in cols)}) ON {s}.{q(table)} TO {r}"))


def _results_table(conn: Connection, schema: str) -> None:
    """What became of each configuration bundle from the region (written by `region apply`)."""
    t = f"{q(schema)}.region_bundle_results"
    conn.execute(text(f"CREATE TABLE {t} (bundle_id bigint PRIMARY KEY, applied boolean NOT NULL, "
                      "config_version integer, reason text, at timestamptz NOT NULL)"))
    owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE schemaname = :s AND tablename = 'tickets'"),
                         {"s": schema}).scalar()
    conn.execute(text(f"ALTER TABLE {t} OWNER TO {q(owner)}"))


def follow_bundles(engine: Engine, code: str, url: str) -> str:
    """On a branch (superuser): subscribe to the region's configuration bundles and the schema the
    region takes; the branch's owner role may read them. The subscription's name."""
    r = q(rules.REGION_SCHEMA)
    name = rules.bundles_subscription(code)
    with engine.begin() as conn:
        owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() "
                                  "AND tablename = 'tickets'")).scalar()
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {r}"))
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {r}.bundles (id bigint PRIMARY KEY, target varchar(16) NOT NULL, "
                          "source text NOT NULL, digest text NOT NULL, body text NOT NULL, pushed_at timestamptz NOT NULL)"))
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {r}.meta (key text PRIMARY KEY, value text NOT NULL)"))
        if owner:
            conn.execute(text(f"GRANT USAGE ON SCHEMA {r} TO {q(owner)}"))
            conn.execute(text(f"GRANT SELECT ON {r}.bundles, {r}.meta TO {q(owner)}"))
        exists = conn.execute(text("SELECT 1 FROM pg_subscription WHERE subname = :s"), {"s": name}).first()
    if not exists:
        conninfo = libpq(url)
        if "connect_timeout" not in conninfo:
            conninfo += ("&" if "?" in conninfo else "?") + f"connect_timeout={CONNECT_TIMEOUT_S}"
        try:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f"CREATE SUBSCRIPTION {q(name)} CONNECTION {lit(conninfo)} PUBLICATION "
                                  f"{q(rules.BUNDLES_PUBLICATION)} WITH (slot_name = {lit(name)})"))
        except Exception as exc:  # noqa: BLE001
            raise RegionRefused(msgid("region.follow.refused"), error=_detail(exc)) from None
    return name


def branch_code(engine: Engine) -> str | None:
    """The code this branch publishes as (None: it does not)."""
    with engine.connect() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar()
        return _branch_of(conn, schema, "tickets")


def _follows(conn: Connection) -> bool:
    return conn.execute(text("SELECT to_regclass(:t)"), {"t": f"{rules.REGION_SCHEMA}.bundles"}).scalar() is not None


def pending_bundle(engine: Engine, code: str) -> tuple[int, str, str] | None:
    """The newest bundle for this branch (or every branch) newer than the last one it answered:
    (id, source, body)."""
    with engine.connect() as conn:
        if not _follows(conn):
            return None
        done = conn.execute(text("SELECT coalesce(max(bundle_id), 0) FROM region_bundle_results")).scalar()
        row = conn.execute(text(
            f"SELECT id, source, body FROM {q(rules.REGION_SCHEMA)}.bundles WHERE target IN (:c, :all) "
            "AND id > :done ORDER BY id DESC LIMIT 1"), {"c": code, "all": rules.ALL_BRANCHES, "done": done}).first()
    return tuple(row) if row else None


def record_result(engine: Engine, bundle_id: int, applied: bool, version: int | None, reason: str | None,
                  at: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO region_bundle_results (bundle_id, applied, config_version, reason, at) "
                          "VALUES (:b, :a, :v, :r, :t) ON CONFLICT (bundle_id) DO UPDATE SET applied = excluded.applied, "
                          "config_version = excluded.config_version, reason = excluded.reason, at = excluded.at"),
                     {"b": bundle_id, "a": applied, "v": version, "r": reason, "t": at})


def last_result(engine: Engine) -> dict | None:
    with engine.connect() as conn:
        if conn.execute(text("SELECT to_regclass('region_bundle_results')")).scalar() is None:
            return None
        row = conn.execute(text("SELECT bundle_id, applied, reason FROM region_bundle_results "
                                "ORDER BY bundle_id DESC LIMIT 1")).first()
    return {"bundle": row[0], "applied": row[1], "reason": row[2]} if row else None


def region_head(engine: Engine) -> str | None:
    """The schema the region takes, as this branch last heard (None: it follows no region)."""
    with engine.connect() as conn:
        if conn.dialect.name != "postgresql" or not _follows(conn):
            return None
        return conn.execute(text(f"SELECT value FROM {q(rules.REGION_SCHEMA)}.meta WHERE key = 'schema_head'")).scalar()


def keep_wal_size(engine: Engine) -> str:
    with engine.connect() as conn:
        return conn.execute(text("SHOW max_slot_wal_keep_size")).scalar()


def set_keep_wal(engine: Engine, size: str) -> None:
    """Bound the WAL a branch keeps for a region that does not come (superuser; takes effect at once)."""
    if not re.fullmatch(r"\d+\s*(kB|MB|GB|TB)?|-1", size.strip()):
        raise RegionRefused(msgid("region.publish.keep_wal"), size=size)
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f"ALTER SYSTEM SET max_slot_wal_keep_size = {lit(size.strip())}"))
            conn.execute(text("SELECT pg_reload_conf()"))
    except Exception as exc:  # noqa: BLE001
        raise RegionRefused(msgid("region.publish.refused"), error=_detail(exc)) from None


def slots(engine: Engine) -> list[dict]:
    """The region's replication slots on this branch: how much WAL each keeps, and a lost one."""
    with engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            return []
        rows = conn.execute(text(
            "SELECT slot_name, active, wal_status, "
            "CASE WHEN restart_lsn IS NULL THEN NULL ELSE pg_current_wal_lsn() - restart_lsn END AS kept "
            "FROM pg_replication_slots WHERE slot_type = 'logical' AND database = current_database() "
            "AND slot_name LIKE :p ORDER BY slot_name"), {"p": rules.SUBSCRIPTION_PREFIX + "%"}).all()
        publishes = conn.execute(text("SELECT 1 FROM pg_publication WHERE pubname = :p"),
                                 {"p": rules.PUBLICATION}).first() is not None
    found = [{"slot": r.slot_name, "active": bool(r.active), "wal_status": r.wal_status,
              "wal_bytes": int(r.kept) if r.kept is not None else None} for r in rows]
    return found if publishes or found else []


def publishes(engine: Engine) -> bool:
    with engine.connect() as conn:
        if conn.dialect.name != "postgresql":
            return False
        return conn.execute(text("SELECT 1 FROM pg_publication WHERE pubname = :p"),
                            {"p": rules.PUBLICATION}).first() is not None


# ------------------------------------------------------------------------------ the region side

@dataclass(frozen=True)
class BranchTables:
    """What a branch publishes, as its replication role sees it."""

    code: str | None                                    # the code its tables carry
    tables: dict[tuple[str, str], list[tuple[str, str]]]   # (schema, table) -> [(column, type)]
    keys: dict[tuple[str, str], list[str]]


def read_branch(url: str) -> BranchTables:
    """Ask a branch what it publishes (the region's replication role may read the catalog)."""
    try:
        conn = psycopg.connect(libpq(url), connect_timeout=CONNECT_TIMEOUT_S, autocommit=True)
    except psycopg.Error as exc:
        raise RegionRefused(msgid("region.branch.unreachable"), error=_detail(exc)) from None
    with conn:
        rows = conn.execute("SELECT schemaname, tablename, attnames FROM pg_publication_tables WHERE pubname = %s",
                            (rules.PUBLICATION,)).fetchall()
        if not rows:
            raise RegionRefused(msgid("region.branch.not_published"))
        tables, keys, codes = {}, {}, set()
        for schema, table, names in rows:
            types = dict(conn.execute(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
                (f"{q(schema)}.{q(table)}",)).fetchall())
            tables[(schema, table)] = [(n, types[n]) for n in names]
            keys[(schema, table)] = [r[0] for r in conn.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisreplident "
                "ORDER BY array_position(i.indkey::int2[], a.attnum)", (f"{q(schema)}.{q(table)}",)).fetchall()]
            default = conn.execute(
                "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a "
                "ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = %s::regclass AND a.attname = %s",
                (f"{q(schema)}.{q(table)}", rules.BRANCH_COLUMN)).fetchone()
            found = re.match(r"^'((?:[^']|'')*)'", default[0]) if default and default[0] else None
            codes.add(found.group(1) if found else None)
    return BranchTables(codes.pop() if len(codes) == 1 else None, tables, keys)


@dataclass(frozen=True)
class LinkFacts:
    """One subscription as the region sees it, and its slot as the branch sees it."""

    branch: str
    subscription: str
    enabled: bool
    worker: bool
    last_msg_at: datetime | None
    conninfo: str | None
    reachable: bool | None = None
    wal_status: str | None = None
    sending: bool | None = None          # None: the branch was not asked
    lag_s: float | None = None
    lag_bytes: int | None = None
    slot_wal_bytes: int | None = None
    last_event_at: datetime | None = None


class RegionStore:
    """The region's database, reached as its superuser."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def _autocommit(self):
        return self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")

    def ensure_own(self, conn: Connection) -> None:
        r = q(rules.REGION_SCHEMA)
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {r}"))
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {r}.branches (code varchar(16) PRIMARY KEY, "
                          "subscription text NOT NULL, schema_name text NOT NULL, added_at timestamptz NOT NULL)"))
        conn.execute(text(f"CREATE TABLE IF NOT EXISTS {r}.meta (key text PRIMARY KEY, value text NOT NULL)"))

    def branches(self) -> list[tuple[str, str, str]]:
        with self.engine.begin() as conn:
            if conn.execute(text("SELECT to_regclass(:t)"), {"t": f"{rules.REGION_SCHEMA}.branches"}).scalar() is None:
                if not self._superuser(conn):           # a reader (the report role) of a region not made yet
                    return []
                self.ensure_own(conn)
            return [tuple(r) for r in conn.execute(text(
                f"SELECT code, subscription, schema_name FROM {q(rules.REGION_SCHEMA)}.branches ORDER BY code"))]

    def meta(self, key: str) -> str | None:
        with self.engine.begin() as conn:
            self.ensure_own(conn)
            return conn.execute(text(f"SELECT value FROM {q(rules.REGION_SCHEMA)}.meta WHERE key = :k"),
                                {"k": key}).scalar()

    def set_meta(self, key: str, value: str) -> None:
        with self.engine.begin() as conn:
            self.ensure_own(conn)
            conn.execute(text(f"INSERT INTO {q(rules.REGION_SCHEMA)}.meta VALUES (:k, :v) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value"), {"k": key, "v": value})

    def superuser(self) -> bool:
        with self.engine.connect() as conn:
            return self._superuser(conn)

    @staticmethod
    def _superuser(conn: Connection) -> bool:
        return bool(conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar())

    def ensure_bundles(self) -> None:
        """The bundles table, its publication, and the role the branches log in with to follow it."""
        r = q(rules.REGION_SCHEMA)
        role = q(rules.BRANCH_ROLE)
        with self.engine.begin() as conn:
            self.ensure_own(conn)
            conn.execute(text(f"CREATE TABLE IF NOT EXISTS {r}.bundles (id bigint GENERATED ALWAYS AS IDENTITY "
                              "PRIMARY KEY, target varchar(16) NOT NULL, source text NOT NULL, digest text NOT NULL, "
                              "body text NOT NULL, pushed_at timestamptz NOT NULL)"))
            if not conn.execute(text("SELECT 1 FROM pg_publication WHERE pubname = :p"),
                                {"p": rules.BUNDLES_PUBLICATION}).first():
                conn.execute(text(f"CREATE PUBLICATION {q(rules.BUNDLES_PUBLICATION)} FOR TABLE {r}.bundles, {r}.meta"))
            if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": rules.BRANCH_ROLE}).first():
                conn.execute(text(f"CREATE ROLE {role} LOGIN REPLICATION NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT"))
            conn.execute(text(f"GRANT USAGE ON SCHEMA {r} TO {role}"))
            conn.execute(text(f"GRANT SELECT ON {r}.bundles, {r}.meta TO {role}"))

    def add_bundle(self, target: str, source: str, digest: str, body: str) -> int:
        self.ensure_bundles()
        with self.engine.begin() as conn:
            return conn.execute(text(
                f"INSERT INTO {q(rules.REGION_SCHEMA)}.bundles (target, source, digest, body, pushed_at) "
                "VALUES (:t, :s, :d, :b, now()) RETURNING id"), {"t": target, "s": source, "d": digest, "b": body}).scalar()

    def bundle_results(self, schema: str = "public") -> dict[str, dict]:
        """Each branch's answer to its newest bundle: {code: {"bundle", "applied", "reason"}}."""
        with self.engine.connect() as conn:
            if not _table_columns(conn, schema, "region_bundle_results"):
                return {}
            rows = conn.execute(text(
                f"SELECT DISTINCT ON ({q(rules.BRANCH_COLUMN)}) {q(rules.BRANCH_COLUMN)}, bundle_id, applied, reason "
                f"FROM {q(schema)}.region_bundle_results ORDER BY {q(rules.BRANCH_COLUMN)}, bundle_id DESC")).all()
        return {r[0]: {"bundle": r[1], "applied": r[2], "reason": r[3]} for r in rows}

    def summary_sums(self, first, last, schema: str = "public") -> dict[str, dict]:
        """Per branch, the sums of its day summaries of `first`…`last` (and each weighed time's
        arrival-weighted sum `<name>_w` with its weight `<name>_n`)."""
        with self.engine.connect() as conn:
            if not _table_columns(conn, schema, "day_summaries"):
                return {}
            parts = [f"sum({q(c)})" for c in rules.SUMMED]
            for name in rules.WEIGHED:
                parts += [f"sum(CAST({q(name)} AS bigint) * arrivals) FILTER (WHERE {q(name)} IS NOT NULL)",
                          f"sum(arrivals) FILTER (WHERE {q(name)} IS NOT NULL)"]
            names = [*rules.SUMMED, *(f"{n}_{x}" for n in rules.WEIGHED for x in ("w", "n"))]
            rows = conn.execute(text(
                f"SELECT {q(rules.BRANCH_COLUMN)}, {', '.join(parts)} FROM {q(schema)}.day_summaries "
                f"WHERE service_day BETWEEN :a AND :b GROUP BY 1 ORDER BY 1"), {"a": first, "b": last}).all()
        return {r[0]: dict(zip(names, (float(v) if v is not None else None for v in r[1:]))) for r in rows}

    # -- the merged tables -----------------------------------------------------------------------
    def prepare(self, branch: BranchTables) -> list[str]:
        """Tables for what the branch publishes (made, or given the columns they lack); the tables."""
        try:
            return self._prepare(branch)
        except RegionRefused:
            raise
        except Exception as exc:  # noqa: BLE001 - a lock not granted in time, a type that differs
            raise RegionRefused(msgid("region.add.refused"), error=_detail(exc)) from None

    def _prepare(self, branch: BranchTables) -> list[str]:
        made = []
        with self.engine.begin() as conn:
            self.ensure_own(conn)
            for (schema, table), cols in branch.tables.items():
                s, t = q(schema), f"{q(schema)}.{q(table)}"
                conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {s}"))
                have = set(_table_columns(conn, schema, table))
                if not have:
                    body = ", ".join(f"{q(c)} {kind}" for c, kind in cols)
                    key = ", ".join(q(c) for c in branch.keys[(schema, table)])
                    conn.execute(text(f"CREATE TABLE {t} ({body}, PRIMARY KEY ({key}))"))
                else:
                    for c, kind in cols:
                        if c not in have:
                            conn.execute(text(f"ALTER TABLE {t} ADD COLUMN {q(c)} {kind}"))
                names = {c for c, _ in cols}
                model = metadata.tables.get(table)
                indexes = set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE schemaname = :s"),
                                           {"s": schema}).scalars())
                for index in (model.indexes if model is not None else ()):
                    parts = [c.name for c in index.columns]
                    # an index made only when missing: the other branches' first copies hold the table
                    if all(p in names for p in parts) and "rg_" + index.name not in indexes:
                        conn.execute(text(f"CREATE INDEX {q('rg_' + index.name)} ON {t} "
                                          f"({', '.join(q(c) for c in (rules.BRANCH_COLUMN, *parts))})"))
                made.append(table)
        return made

    def missing_columns(self, branch: BranchTables) -> list[str]:
        """`table.column`s the branch publishes that the region's tables lack (the region is behind)."""
        out = []
        with self.engine.connect() as conn:
            for (schema, table), cols in branch.tables.items():
                have = set(_table_columns(conn, schema, table))
                out += [f"{table}.{c}" for c, _ in cols if have and c not in have]
        return out

    def model_tables(self, schema: str = "public") -> list[str]:
        """Give the region's merged tables every published column of this program's tables (`region
        upgrade`, before the branches' own upgrades); the columns added."""
        added = []
        with self.engine.begin() as conn:
            for table in rules.PUBLISHED:
                model = metadata.tables.get(table)
                have = set(_table_columns(conn, schema, table))
                if model is None or not have:
                    continue
                for column in model.columns:
                    if column.name not in have and rules.crosses(table, column.name):
                        kind = column.type.compile(dialect=PG)
                        conn.execute(text(f"ALTER TABLE {q(schema)}.{q(table)} ADD COLUMN {q(column.name)} {kind}"))
                        added.append(f"{table}.{column.name}")
        return added

    def views(self, code: str, schema: str = "public") -> str:
        """The branch's schema of views (its rows in a branch database's shape) and its own report
        summaries; made again when the merged tables change."""
        v = rules.view_schema(code)
        with self.engine.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {q(v)}"))
            for table in REPORT_TABLES:
                have = _table_columns(conn, schema, table)
                if not have:
                    continue
                model = metadata.tables.get(table)
                if model is not None:
                    shown = [q(c.name) if c.name in have else f"CAST(NULL AS {c.type.compile(dialect=PG)}) AS {q(c.name)}"
                             for c in model.columns]
                else:
                    shown = [q(c) for c in have if c != rules.BRANCH_COLUMN]
                conn.execute(text(f"DROP VIEW IF EXISTS {q(v)}.{q(table)}"))
                conn.execute(text(f"CREATE VIEW {q(v)}.{q(table)} AS SELECT {', '.join(shown)} FROM "
                                  f"{q(schema)}.{q(table)} WHERE {q(rules.BRANCH_COLUMN)} = {lit(code)}"))
            own = MetaData()
            for table in DERIVED:
                metadata.tables[table].to_metadata(own, schema=v)
            own.create_all(conn, checkfirst=True)
        return v

    def forget(self, code: str, schema: str = "public") -> int:
        """Delete a branch's rows from the merged tables and its summaries; how many rows."""
        gone = 0
        with self.engine.begin() as conn:
            for table in rules.PUBLISHED:
                if _table_columns(conn, schema, table):
                    gone += conn.execute(text(f"DELETE FROM {q(schema)}.{q(table)} WHERE "
                                              f"{q(rules.BRANCH_COLUMN)} = :c"), {"c": code}).rowcount
            v = rules.view_schema(code)
            for table in DERIVED:
                if _table_columns(conn, v, table):
                    conn.execute(text(f"DELETE FROM {q(v)}.{q(table)}"))
        return gone

    # -- subscriptions ---------------------------------------------------------------------------
    def subscribe(self, code: str, url: str, schema: str) -> str:
        name = rules.subscription_name(code)
        conninfo = libpq(url)
        if "connect_timeout" not in conninfo:
            conninfo += ("&" if "?" in conninfo else "?") + f"connect_timeout={CONNECT_TIMEOUT_S}"
        try:
            with self._autocommit() as conn:
                conn.execute(text(f"CREATE SUBSCRIPTION {q(name)} CONNECTION {lit(conninfo)} PUBLICATION "
                                  f"{q(rules.PUBLICATION)} WITH (copy_data = true, slot_name = {lit(name)})"))
                self.ensure_own(conn)
                conn.execute(text(f"INSERT INTO {q(rules.REGION_SCHEMA)}.branches VALUES (:c, :s, :n, now()) "
                                  "ON CONFLICT (code) DO UPDATE SET subscription = excluded.subscription, "
                                  "schema_name = excluded.schema_name"), {"c": code, "s": name, "n": schema})
        except Exception as exc:  # noqa: BLE001
            raise RegionRefused(msgid("region.add.refused"), error=_detail(exc)) from None
        return name

    def conninfo(self, code: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(text("SELECT subconninfo FROM pg_subscription WHERE subname = :s"),
                                {"s": rules.subscription_name(code)}).scalar()

    def unsubscribe(self, code: str) -> bool:
        """Drop a branch's subscription; True when its slot was dropped at the branch too (False:
        the branch did not answer, and its slot is left there for `pg_drop_replication_slot`)."""
        name = q(rules.subscription_name(code))
        with self._autocommit() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_subscription WHERE subname = :s"),
                                  {"s": rules.subscription_name(code)}).first()
            if exists:
                conn.execute(text(f"ALTER SUBSCRIPTION {name} DISABLE"))
                try:
                    conn.execute(text(f"DROP SUBSCRIPTION {name}"))
                except Exception:  # noqa: BLE001 - the branch is out of reach: leave its slot
                    conn.execute(text(f"ALTER SUBSCRIPTION {name} SET (slot_name = NONE)"))
                    conn.execute(text(f"DROP SUBSCRIPTION {name}"))
                    return False
            self.ensure_own(conn)
            conn.execute(text(f"DELETE FROM {q(rules.REGION_SCHEMA)}.branches WHERE code = :c"), {"c": code})
        return True

    def links(self, probe: bool = True) -> Iterator[LinkFacts]:
        """Each branch's subscription, and (with `probe`) its slot asked of the branch itself."""
        known = {name: (code, schema) for code, name, schema in self.branches()}
        with self.engine.connect() as conn:
            rows = conn.execute(text(        # the connection string (the superuser's only) to ask the branches
                f"SELECT s.subname, s.subenabled, {'s.subconninfo' if probe else 'NULL'} AS subconninfo, st.pid, "
                "st.last_msg_receipt_time "
                "FROM pg_subscription s LEFT JOIN pg_stat_subscription st ON st.subid = s.oid AND st.relid IS NULL "
                "WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "ORDER BY s.subname")).all()
            for r in rows:
                if r.subname not in known:
                    continue
                code, schema = known[r.subname]
                last = conn.execute(text(f"SELECT max(at) FROM {q(schema)}.events WHERE {q(rules.BRANCH_COLUMN)} = :c"),
                                    {"c": code}).scalar() if _table_columns(conn, schema, "events") else None
                facts = LinkFacts(code, r.subname, bool(r.subenabled), r.pid is not None, r.last_msg_receipt_time,
                                  r.subconninfo, last_event_at=last)
                yield _probe(facts) if probe else facts


def _probe(facts: LinkFacts) -> LinkFacts:
    from dataclasses import replace

    if not facts.conninfo:
        return facts
    try:
        conn = psycopg.connect(facts.conninfo, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True)
    except psycopg.Error:
        return replace(facts, reachable=False, sending=False)
    with conn:
        slot = conn.execute(
            "SELECT wal_status, pg_current_wal_lsn() - restart_lsn, pg_current_wal_lsn() - confirmed_flush_lsn "
            "FROM pg_replication_slots WHERE slot_name = %s", (facts.subscription,)).fetchone()
        sender = conn.execute(
            "SELECT extract(epoch FROM replay_lag), pg_current_wal_lsn() - replay_lsn FROM pg_stat_replication "
            "WHERE application_name = %s", (facts.subscription,)).fetchone()
    if slot is None:
        return replace(facts, reachable=True, sending=False)
    wal_status, kept, behind = slot
    lag_s = None
    if sender is not None:
        lag_s = float(sender[0]) if sender[0] is not None else 0.0
    return replace(facts, reachable=True, wal_status=wal_status, sending=sender is not None, lag_s=lag_s,
                   lag_bytes=int(behind) if behind is not None else None,
                   slot_wal_bytes=int(kept) if kept is not None else None)


def branch_url(engine: Engine, code: str) -> str:
    """The region's URL, looking at one branch's schema of views (its report runs there)."""
    url = engine.url.update_query_dict({"options": f"-csearch_path={rules.view_schema(code)}"})
    return url.render_as_string(hide_password=False)


def region_url_ok(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"
