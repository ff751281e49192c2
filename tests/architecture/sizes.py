"""Size as a symptom: module lines, class size and bases, cyclomatic complexity of functions.

A small AST measure (no third-party tool). Complexity follows McCabe as radon counts it: 1 for the
function, +1 for each `if`/`elif`, conditional expression, loop (and its `else`), `except` clause,
`try ... else`, `match` case, comprehension loop and its `if`s, and each extra operand of `and`/`or`.
A nested function or class is measured on its own, not added to the function around it.

    python -m tests.architecture.sizes          # the largest of each and every offender
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("kiosk", "printer")
SKIP = ("kiosk/store/migrations/versions/",)   # generated migration scripts

MAX_MODULE_LINES = 700
MAX_BASES = 3
MAX_COMPLEXITY = 25


@dataclass(frozen=True)
class Module:
    path: str
    lines: int


@dataclass(frozen=True)
class Class:
    path: str
    name: str
    lines: int
    methods: int
    bases: int


@dataclass(frozen=True)
class Function:
    path: str
    name: str
    line: int
    complexity: int


def _complexity(node: ast.AST) -> int:
    """Decision points inside `node`, not entering nested functions, lambdas' bodies or classes."""
    total = 0
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(child, (ast.If, ast.IfExp)):
            total += 1
        elif isinstance(child, (ast.For, ast.AsyncFor, ast.While)):
            total += 1 + bool(child.orelse)
        elif isinstance(child, ast.Try) or type(child).__name__ == "TryStar":
            total += len(child.handlers) + bool(child.orelse)
        elif isinstance(child, ast.BoolOp):
            total += len(child.values) - 1
        elif isinstance(child, ast.comprehension):
            total += 1 + len(child.ifs)
        elif isinstance(child, ast.match_case):
            total += 1
        total += _complexity(child)
    return total


def complexity(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    return 1 + _complexity(function)


def files(root: Path = ROOT) -> list[Path]:
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if not rel.startswith(SKIP):
                found.append(path)
    return found


def _walk(tree: ast.AST, rel: str, prefix: str, classes: list[Class], functions: list[Function]) -> None:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.ClassDef):
            name = prefix + node.name
            methods = sum(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in node.body)
            classes.append(Class(rel, name, node.end_lineno - node.lineno + 1, methods, len(node.bases)))
            _walk(node, rel, name + ".", classes, functions)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = prefix + node.name
            functions.append(Function(rel, name, node.lineno, complexity(node)))
            _walk(node, rel, name + ".", classes, functions)
        else:
            _walk(node, rel, prefix, classes, functions)


@dataclass
class Sizes:
    modules: list[Module]
    classes: list[Class]
    functions: list[Function]

    def large_modules(self, limit: int = MAX_MODULE_LINES) -> list[Module]:
        return sorted((m for m in self.modules if m.lines > limit), key=lambda m: -m.lines)

    def many_bases(self, limit: int = MAX_BASES) -> list[Class]:
        return sorted((c for c in self.classes if c.bases > limit), key=lambda c: -c.bases)

    def complex_functions(self, limit: int = MAX_COMPLEXITY) -> list[Function]:
        return sorted((f for f in self.functions if f.complexity > limit), key=lambda f: -f.complexity)


def measure(root: Path = ROOT) -> Sizes:
    modules: list[Module] = []
    classes: list[Class] = []
    functions: list[Function] = []
    for path in files(root):
        rel = path.relative_to(root).as_posix()
        source = path.read_text(encoding="utf-8")
        modules.append(Module(rel, len(source.splitlines())))
        _walk(ast.parse(source, filename=rel), rel, "", classes, functions)
    return Sizes(modules, classes, functions)


def report(sizes: Sizes) -> str:
    module = max(sizes.modules, key=lambda m: m.lines)
    by_lines = max(sizes.classes, key=lambda c: c.lines)
    by_methods = max(sizes.classes, key=lambda c: c.methods)
    by_bases = max(sizes.classes, key=lambda c: c.bases)
    function = max(sizes.functions, key=lambda f: f.complexity)
    out = [
        f"modules measured: {len(sizes.modules)}, classes: {len(sizes.classes)}, "
        f"functions: {len(sizes.functions)}",
        f"largest module: {module.path} {module.lines} lines",
        f"largest class: {by_lines.path}::{by_lines.name} {by_lines.lines} lines, {by_lines.methods} methods",
        f"most methods: {by_methods.path}::{by_methods.name} {by_methods.methods} methods, "
        f"{by_methods.lines} lines",
        f"most base classes: {by_bases.path}::{by_bases.name} {by_bases.bases} bases",
        f"highest complexity: {function.path}::{function.name} (line {function.line}) {function.complexity}",
        "",
        f"modules over {MAX_MODULE_LINES} lines:",
        *[f"  {m.path} {m.lines}" for m in sizes.large_modules()],
        f"classes with more than {MAX_BASES} base classes:",
        *[f"  {c.path}::{c.name} {c.bases} bases" for c in sizes.many_bases()],
        f"functions with cyclomatic complexity over {MAX_COMPLEXITY}:",
        *[f"  {f.path}::{f.name} (line {f.line}) {f.complexity}" for f in sizes.complex_functions()],
    ]
    return "\n".join(out)


def main() -> int:
    print(report(measure(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
