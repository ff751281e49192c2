"""One shape for a use case and one shape for a ticket's place, checked on the source: the facade
stays thin, the use cases stay functions, and a ticket handed to its participant is made in one
place. Each check is also run on a planted example, so that it is seen to fail."""
from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import kiosk.app.phone
from kiosk.services import Services

ROOT = Path(__file__).resolve().parents[2]
KIOSK = ROOT / "kiosk"


def _trees(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def not_forwarding(cls_source: str) -> list[str]:
    """Methods of the facade that do more than forward to one use-case function with the branch
    context first (`return module.function(self._app, …)`)."""
    tree = ast.parse(cls_source)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef) or node.name.startswith("__"):
            continue
        body = [s for s in node.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
        if len(body) == 1 and isinstance(body[0], ast.Assign):       # a setter puts a value in force
            if not ast.unparse(body[0].targets[0]).startswith("self._app."):
                found.append(node.name)
            continue
        ok = (len(body) == 1 and isinstance(body[0], (ast.Return, ast.Expr))
              and isinstance(body[0].value, (ast.Call, ast.Attribute)))
        if ok and isinstance(body[0].value, ast.Call):
            args = body[0].value.args
            call = body[0].value.func
            ok = (isinstance(call, ast.Attribute) and ((args and ast.unparse(args[0]) == "self._app")
                                                          or ast.unparse(call.value).startswith("self._app")))
        elif ok:
            ok = ast.unparse(body[0].value).startswith("self._app")
        if not ok:
            found.append(node.name)
    return found


def use_case_classes(trees) -> list[str]:
    """Classes in kiosk/app that gather use cases as methods (the mixins the facade was made of)."""
    return [f"{path.name}:{node.name}" for path, tree in trees for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef) and node.name.endswith("UseCases")]


def issued_tickets_made(trees) -> list[str]:
    """Where an `IssuedTicket` is built: by the one function that hands a ticket to its participant."""
    return [f"{path.relative_to(ROOT)}:{node.lineno}" for path, tree in trees for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "IssuedTicket"]


STATE_LITERAL = re.compile(r"""\bstate\s*[!=]==?\s*["'](waiting|called|serving|done|no_show|cancelled)["']""")


def test_the_facade_only_forwards_and_has_no_base_class():
    assert Services.__bases__ == (object,)
    assert not_forwarding(inspect.getsource(Services)) == []
    planted = ("class S:\n    def issue(self, nik):\n        ticket = self._app.issue(nik)\n        return ticket\n"
               "    def check(self, nik):\n        return checking.check(self._app, nik)\n")
    assert not_forwarding(planted) == ["issue"]


def test_use_cases_are_functions_not_mixins():
    assert use_case_classes(_trees(KIOSK / "app")) == []
    planted = [(Path("planted.py"), ast.parse("class IssueUseCases(AppCore):\n    pass\n"))]
    assert use_case_classes(planted) == ["planted.py:IssueUseCases"]


def test_a_ticket_is_handed_to_its_participant_in_one_place():
    made = issued_tickets_made(_trees(KIOSK))
    assert len(made) == 1 and made[0].startswith("kiosk/app/issue.py"), made
    planted = [(ROOT / "planted.py", ast.parse("t = IssuedTicket(place, False)\n"))]
    assert issued_tickets_made(planted) == ["planted.py:1"]


def test_pages_ask_the_place_not_a_state_literal():
    scripts = {p.name: p.read_text(encoding="utf-8") for p in (KIOSK / "web" / "assets").glob("*.js")}
    assert [name for name, text in scripts.items() if STATE_LITERAL.search(text)] == []
    assert STATE_LITERAL.search('el("figures").hidden = s.state !== "waiting";')


def test_the_place_is_the_one_answer_the_board_and_a_held_ticket_give():
    from kiosk.app.phone import Board
    from kiosk.app.views import IssuedTicket
    from kiosk.domain.place import Place

    assert Board.__dataclass_fields__["places"].type in ("dict[str, Place]", dict[str, Place])
    assert IssuedTicket.__dataclass_fields__["place"].type in ("Place", Place)
    assert "FINAL" not in vars(kiosk.app.phone)          # the phone page's own set of final states is gone
