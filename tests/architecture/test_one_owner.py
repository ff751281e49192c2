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


# ---------------------------------------------------------------------------------------------
# Edge vocabularies, one owner each: a second spelling anywhere else is a finding.
# ---------------------------------------------------------------------------------------------

NAVY = "#134074"
PALETTE = "kiosk/domain/palette.py"
# Files that still spell the navy themselves, each owned by another change; none may be added.
NAVY_NOT_YET_MOVED = frozenset({"kiosk/app/report_files.py"})


def _sources(*tops: str):
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def navy_spelled(source: str) -> bool:
    return NAVY in source.lower()


def whole_minutes_by_hand(source: str, filename: str = "<source>") -> list[int]:
    """Lines that turn a duration into minutes themselves (`….total_seconds() // 60`)."""
    return [node.lineno for node in ast.walk(ast.parse(source, filename))
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.FloorDiv)
            and isinstance(node.right, ast.Constant) and node.right.value == 60
            and any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "total_seconds"
                    for n in ast.walk(node.left))]


def booking_alphabets(source: str, filename: str = "<source>") -> list[int]:
    """Lines that write the booking-code alphabet again (its letters and digits, or a pattern of them)."""
    from kiosk.domain.booking import CODE_ALPHABET

    letters = set(CODE_ALPHABET)
    return [node.lineno for node in ast.walk(ast.parse(source, filename))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and (set(node.value) == letters or "A-Z0-9-" in node.value or "A-Z0-9\\-" in node.value)]


def skm_elements_declared(source: str, filename: str = "<source>") -> list[int]:
    """Lines that declare the SKM elements u1…u9 again: fields named after them, or lists of them."""
    names = {f"u{i}" for i in range(1, 10)}
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id in names:
            found.append(node.lineno)
        elif isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if len(names.intersection(words)) >= 3:
                found.append(node.lineno)
    return found


def dynamic_svc_calls(source: str, filename: str = "<source>") -> list[int]:
    """Lines that pick a use case by a computed name (`getattr(svc, action)`)."""
    return [node.lineno for node in ast.walk(ast.parse(source, filename))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
            and len(node.args) >= 2 and isinstance(node.args[0], (ast.Name, ast.Attribute))
            and (node.args[0].id if isinstance(node.args[0], ast.Name) else node.args[0].attr) == "svc"
            and not isinstance(node.args[1], ast.Constant)]


def classes_named(source: str, name: str, filename: str = "<source>") -> list[int]:
    return [node.lineno for node in ast.walk(ast.parse(source, filename))
            if isinstance(node, ast.ClassDef) and node.name == name]


HALL_KINDS = ("PAUSED", "RESUMED", "CALLS", "CLEARS")


def hall_kinds_read(source: str, filename: str = "<source>") -> list[int]:
    """Lines that fold the hall's events themselves (a call, a clear, a pause) instead of `kiosk.domain.hall`."""
    return [node.lineno for node in ast.walk(ast.parse(source, filename))
            if isinstance(node, ast.Attribute) and node.attr in HALL_KINDS
            and isinstance(node.value, ast.Name) and node.value.id == "EventKind"]


def test_the_navy_is_named_once_in_the_palette():
    spelled = {rel for rel, source in _sources("kiosk", "printer") if rel != PALETTE and navy_spelled(source)}
    assert spelled <= NAVY_NOT_YET_MOVED, sorted(spelled - NAVY_NOT_YET_MOVED)


def test_whole_minutes_are_counted_by_the_domain_only():
    found = [f"{rel}:{line}" for rel, source in _sources("kiosk", "printer") if not rel.startswith("kiosk/domain/")
             for line in whole_minutes_by_hand(source, rel)]
    assert found == []


def test_one_booking_alphabet():
    found = [f"{rel}:{line}" for rel, source in _sources("kiosk", "printer") if rel != "kiosk/domain/booking.py"
             for line in booking_alphabets(source, rel)]
    assert found == []


def test_the_kiosk_code_keys_are_the_booking_alphabet():
    """The code keypad lays the alphabet out in rows; its keys are the domain's, no more, no fewer."""
    from kiosk.domain.booking import CODE_ALPHABET

    tree = ast.parse((ROOT / "kiosk/ui/kiosk/keypad.py").read_text(encoding="utf-8"))
    rows = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "CODE_ROWS" for t in node.targets))
    keys = "".join(ast.literal_eval(rows))
    assert sorted(keys) == sorted(CODE_ALPHABET)


def test_the_skm_elements_are_the_domains():
    found = [f"{rel}:{line}" for rel, source in _sources("kiosk", "printer") if rel != "kiosk/domain/skm.py"
             for line in skm_elements_declared(source, rel)]
    assert found == []


def test_counter_actions_are_named_once_and_carried_out_in_one_place():
    found = [f"{rel}:{line}" for rel, source in _sources("kiosk") if rel != "kiosk/app/counter_desk.py"
             for line in dynamic_svc_calls(source, rel)]
    assert found == []
    owners = [rel for rel, source in _sources("kiosk", "printer") if classes_named(source, "CounterAction", rel)]
    assert owners == ["kiosk/domain/counter.py"]


def test_one_background_worker_for_the_windows():
    owners = [rel for rel, source in _sources("kiosk") if classes_named(source, "Background", rel)]
    assert owners == ["kiosk/ui/worker.py"]


def test_the_hall_events_are_folded_in_the_domain_only():
    found = [f"{rel}:{line}" for top in ("kiosk/ui", "kiosk/web", "kiosk/events", "kiosk/cli")
             for rel, source in _sources(top) for line in hall_kinds_read(source, rel)]
    assert found == []


def test_the_vocabulary_checks_find_what_they_look_for():
    assert navy_spelled('STYLE = "#header { background: #134074; }"') and navy_spelled("#134074".upper())
    assert whole_minutes_by_hand("m = int((end - start).total_seconds() // 60)\n") == [1]
    assert whole_minutes_by_hand("h = m // 60\n") == []
    assert booking_alphabets('CODE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")\n') == [1]
    assert booking_alphabets('RE = r"^[A-Z0-9][A-Z0-9-]{2,31}$"\n') == [1]
    assert booking_alphabets('SERVICE = r"^[A-Z][A-Z0-9_]{0,15}$"\n') == []
    assert skm_elements_declared("class SurveyIn:\n    u1: int = 1\n") == [2]
    assert skm_elements_declared('ELEMENTS = ("u1", "u2", "u3")\n') == [1]
    assert skm_elements_declared('doc = {"u1": 1}\n') == []
    assert dynamic_svc_calls("getattr(svc, action.value)(counter)\n") == [1]
    assert dynamic_svc_calls('getattr(self.svc, "branch")\n') == []
    assert classes_named("class Background(QObject):\n    pass\n", "Background") == [1]
    assert hall_kinds_read("if event.kind in (EventKind.PAUSED, EventKind.RESUMED):\n    pass\n") == [1, 1]
    assert hall_kinds_read("if event.kind == EventKind.FINISHED:\n    pass\n") == []
