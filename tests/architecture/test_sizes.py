"""Size as a symptom: no module in kiosk/ or printer/ over 700 lines, no class with more than 3
base classes, no function with a cyclomatic complexity over 25.

Each failure lists every offender with its figure; `python -m tests.architecture.sizes` prints
the largest of each.
"""
from __future__ import annotations

import ast
import textwrap

from tests.architecture import sizes


def test_no_module_over_700_lines():
    large = sizes.measure().large_modules()
    assert not large, f"modules over {sizes.MAX_MODULE_LINES} lines:\n" + "\n".join(
        f"  {m.path}: {m.lines} lines" for m in large)


def test_no_class_with_more_than_3_base_classes():
    wide = sizes.measure().many_bases()
    assert not wide, f"classes with more than {sizes.MAX_BASES} base classes:\n" + "\n".join(
        f"  {c.path}::{c.name}: {c.bases} bases" for c in wide)


def test_no_function_with_complexity_over_25():
    tangled = sizes.measure().complex_functions()
    assert not tangled, f"functions with cyclomatic complexity over {sizes.MAX_COMPLEXITY}:\n" + "\n".join(
        f"  {f.path}::{f.name} (line {f.line}): {f.complexity}" for f in tangled)


# The measure itself: each figure moves with the code it claims to count.

def _function(source: str) -> ast.FunctionDef:
    return ast.parse(textwrap.dedent(source)).body[0]


def test_a_straight_function_has_complexity_1():
    assert sizes.complexity(_function("def f(x):\n    y = x + 1\n    return y\n")) == 1


def test_each_branch_counts_once():
    source = """
        def f(xs, a, b):
            for x in xs:                      # +1
                if x and a or b:              # +1 if, +2 operands
                    continue
                elif x > 3:                   # +1
                    break
            else:                             # +1 loop else
                pass
            try:
                pass
            except ValueError:                # +1
                pass
            except KeyError:                  # +1
                pass
            y = 1 if a else 2                 # +1
            return [v for v in xs if v]       # +2 loop and its if
    """
    assert sizes.complexity(_function(source)) == 1 + 1 + 3 + 1 + 1 + 2 + 1 + 2


def test_a_nested_function_is_measured_on_its_own(tmp_path):
    package = tmp_path / "kiosk"
    package.mkdir()
    (tmp_path / "printer").mkdir()
    branches = "".join(f"        if x == {i}:\n            return {i}\n" for i in range(30))
    (package / "big.py").write_text(
        "def outer(x):\n    def inner(x):\n" + branches + "    return inner(x)\n", encoding="utf-8")
    measured = sizes.measure(tmp_path)
    assert [(f.name, f.complexity) for f in measured.complex_functions()] == [("outer.inner", 31)]
    assert {f.name: f.complexity for f in measured.functions}["outer"] == 1


def test_a_long_module_and_a_wide_class_are_named(tmp_path):
    (tmp_path / "kiosk").mkdir()
    (tmp_path / "printer").mkdir()
    (tmp_path / "printer" / "long.py").write_text("x = 1\n" * 701, encoding="utf-8")
    (tmp_path / "printer" / "short.py").write_text("x = 1\n" * 700, encoding="utf-8")
    (tmp_path / "kiosk" / "wide.py").write_text(
        "class A: pass\nclass B: pass\nclass C: pass\nclass D: pass\n"
        "class Three(A, B, C):\n    pass\n"
        "class Four(A, B, C, D):\n    def a(self): pass\n    def b(self): pass\n", encoding="utf-8")
    measured = sizes.measure(tmp_path)
    assert [(m.path, m.lines) for m in measured.large_modules()] == [("printer/long.py", 701)]
    assert [(c.name, c.bases, c.methods, c.lines) for c in measured.many_bases()] == [("Four", 4, 2, 3)]
    assert "largest module: printer/long.py 701 lines" in sizes.report(measured)
