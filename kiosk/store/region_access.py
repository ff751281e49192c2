"""Who may do what with a region beyond replication (docs/region.md, docs/roles.md).

In the region: the report role (`anjungan_region_report`) the region's report and monitor log in
with, which may read the merged tables, each branch's views and summaries and the list of branches,
and nothing else. At a branch: the region's configuration bundle in force, whose `[region]
local_sections` say which sections the branch's own `config push` may still change (the rule is
kiosk/domain/region.py).
"""
from __future__ import annotations

from sqlalchemy import Engine, text

from kiosk.domain import region as rules
from kiosk.store.region import _follows, _table_columns, q


def keep_report_role(engine: Engine) -> str:
    """The role the region's report and monitor log in with (made when missing; its rights set again
    after the views are made again): LOGIN, SELECT on the merged tables, the branches' views and
    summaries and the list of branches; no write, no replication, no subscription (PostgreSQL keeps
    each subscription's connection string from every role but the superuser). As the region's superuser."""
    role, own = q(rules.REPORT_ROLE), q(rules.REGION_SCHEMA)
    with engine.begin() as conn:
        if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": rules.REPORT_ROLE}).first():
            conn.execute(text(f"CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                              "NOBYPASSRLS NOINHERIT"))
        database = conn.execute(text("SELECT current_database()")).scalar()
        conn.execute(text(f"GRANT CONNECT ON DATABASE {q(database)} TO {role}"))
        schemas = {own: [f"{own}.branches", f"{own}.meta"]}
        for code, schema in conn.execute(text(f"SELECT code, schema_name FROM {own}.branches")):
            schemas.setdefault(q(schema), [f"{q(schema)}.{q(t)}" for t in rules.PUBLISHED
                                           if _table_columns(conn, schema, t)])
            v = rules.view_schema(code)
            schemas[q(v)] = [f"{q(v)}.{q(t)}" for t in conn.execute(text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = :s AND c.relkind IN ('r', 'v') ORDER BY 1"), {"s": v}).scalars()]
        for schema, tables in schemas.items():
            conn.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {role}"))
            conn.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role}"))
            if tables:
                conn.execute(text(f"GRANT SELECT ON {', '.join(tables)} TO {role}"))
    return rules.REPORT_ROLE


def may_summarise(engine: Engine, code: str) -> bool:
    """May this login keep a branch's report summaries in the region (the superuser may; the report
    role reads only)?"""
    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT has_table_privilege(:t, 'INSERT')"),
                                 {"t": f"{q(rules.view_schema(code))}.visit_facts"}).scalar())


def bundle_in_force(engine: Engine) -> tuple[int, str, str] | None:
    """At a branch: the newest bundle it took (`region apply`), as (id, source, body); None when it
    took none."""
    with engine.connect() as conn:
        if not _follows(conn) or conn.execute(text("SELECT to_regclass('region_bundle_results')")).scalar() is None:
            return None
        row = conn.execute(text(
            f"SELECT b.id, b.source, b.body FROM {q(rules.REGION_SCHEMA)}.bundles b JOIN region_bundle_results r "
            "ON r.bundle_id = b.id WHERE r.applied ORDER BY b.id DESC LIMIT 1")).first()
    return tuple(row) if row else None
