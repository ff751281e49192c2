"""Rule for reviews, checked: no literal ticket state or route outside the domain.

Outside `kiosk/domain`, code names ticket states and routes through the domain's enums
(`TicketState`, `Route`, `Move`), so that a rule changed in the domain is changed everywhere.
JSON keys and lookups by key (`{"waiting": n}`, `doc["online"]`) are names of fields, not states,
and are allowed.
"""
from __future__ import annotations

import ast
from pathlib import Path

from kiosk.domain.classification import Route
from kiosk.domain.queue import TicketState

ROOT = Path(__file__).resolve().parents[2]
WORDS = {s.value for s in TicketState} | {r.value for r in Route}
SKIP = ("kiosk/domain/", "kiosk/store/migrations/", "kiosk/config/")   # config: key names of the file


def _field_names(tree: ast.AST) -> set[int]:
    """ids of constants used as dict keys, subscripts, keyword names or text-catalog keys."""
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            ids.update(id(k) for k in node.keys if k is not None)
        elif isinstance(node, ast.Subscript):
            ids.add(id(node.slice))
        elif isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute)):
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            if name in ("tr", "get", "setdefault", "pop", "setProperty", "property", "setObjectName"):
                ids.update(id(a) for a in node.args[:1])
    return ids


def literal_states(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    tree = ast.parse(source, filename)
    allowed = _field_names(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in WORDS
            and id(node) not in allowed]


def test_no_literal_ticket_state_or_route_outside_the_domain():
    found = []
    for path in sorted((ROOT / "kiosk").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(SKIP):
            continue
        found += [f"{rel}:{line}: {word!r}" for line, word in literal_states(path.read_text(encoding="utf-8"), rel)]
    assert found == []


def test_the_check_finds_a_planted_literal():
    planted = 'def f(view):\n    return view.state in ("called", "serving")\n'
    assert literal_states(planted) == [(2, "called"), (2, "serving")]
    assert literal_states('doc = {"waiting": 3}\nn = doc["waiting"]\n') == []
