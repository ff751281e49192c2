"""The layer contracts catch what they claim, and the import graph has no cycles.

Each forbidden import found in review is added to a copy of the tree; `lint-imports` must then
fail, naming the broken contract. Each import a contract allows on purpose keeps it. The real tree
must keep every contract.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")

ENTRY = "ui, web, cli and demo reach the application only through kiosk.services"
NO_SQL = "the application speaks no SQL: no SQLAlchemy, driver or migrations in kiosk.app"

# (module file, line added, contract expected to break)
FORBIDDEN = [
    ("kiosk/app/issue.py", "import kiosk.voice.qt", "the Qt-free core never reaches a Qt edge"),
    ("kiosk/store/queue.py", "import kiosk.ui.kiosk.theme", "layers"),
    ("kiosk/store/queue.py", "import kiosk.domain.catalog; import kiosk.app.views", "layers"),
    ("printer/layout.py", "import kiosk.services", "the printer package stands alone"),
    ("printer/layout.py", "from kiosk.domain import formatting", "the printer package stands alone"),
    ("kiosk/events/feed.py", "import PySide6.QtCore", "Qt only in ui and the Qt edges"),
    ("kiosk/domain/queue.py", "import sqlalchemy", "the domain is pure"),
    ("kiosk/domain/queue.py", "import kiosk.config", "layers"),
    ("kiosk/ui/kiosk/keypad.py", "import kiosk.store.queue", "ui and cli go through the application"),
    ("kiosk/ui/kiosk/keypad.py", "import printer.preview", "windows draw tickets through the application"),
    ("kiosk/cli/queue.py", "import kiosk.directory.local", "ui and cli go through the application"),
    ("kiosk/voice/backends.py", "import kiosk.voice.qt", "the voice outside voice/qt.py is Qt-free"),
    ("kiosk/web/app.py", "import kiosk.store.queue", "ui and cli go through the application"),
    ("kiosk/web/hub.py", "import kiosk.ui.kiosk.theme", "layers"),
    ("kiosk/ui/pin.py", "import kiosk.web.page", "layers"),
    ("kiosk/demo/headless.py", "import kiosk.cli.windows", "layers"),
    ("kiosk/demo/lobby.py", "import kiosk.store.queue", "ui and cli go through the application"),
    ("kiosk/demo/director.py", "import printer.preview", "windows draw tickets through the application"),
    ("kiosk/app/issue.py", "import kiosk.demo.cast", "layers"),
    # the windows, the web service, the command line and the demo go through kiosk.services
    ("kiosk/cli/reports.py", "import kiosk.app.report_files", ENTRY),
    ("kiosk/ui/monitor/window.py", "import kiosk.app.report_files", ENTRY),
    ("kiosk/cli/__init__.py", "from kiosk.app import logsetup", ENTRY),
    ("kiosk/web/hub.py", "import kiosk.events.feed", ENTRY),
    ("kiosk/web/app.py", "import kiosk.app.phone", ENTRY),
    ("kiosk/demo/headless.py", "import kiosk.app.issue", ENTRY),
    ("kiosk/demo/lobby.py", "import kiosk.events.feed", ENTRY),
    # the use cases speak no SQL
    ("kiosk/app/core.py", "import sqlalchemy", NO_SQL),
    ("kiosk/app/issue.py", "from sqlalchemy.exc import DBAPIError", NO_SQL),
]

# Imports a contract allows on purpose: each must keep its contract.
ALLOWED = [
    ("kiosk/ui/pin.py", "import kiosk.events.qt", ENTRY),          # the feed's Qt adapter, for windows
    ("kiosk/cli/queue.py", "import kiosk.events.qt", ENTRY),       # and for the command line
    ("kiosk/web/hub.py", "import kiosk.services", ENTRY),
    ("kiosk/app/issue.py", "import kiosk.store.uow", NO_SQL),      # the stores speak SQL for it
]


def lint(tree: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(tree))
    return subprocess.run([str(LINT), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("tree")
    for name in ("kiosk", "printer"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_the_tree_keeps_every_contract(tree):
    result = lint(tree)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module,line,contract", FORBIDDEN, ids=[f"{m}:{l}" for m, l, _ in FORBIDDEN])
def test_a_forbidden_import_breaks_its_contract(tree, module, line, contract):
    path = tree / module
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original + f"\n{line}\n", encoding="utf-8")
        result = lint(tree)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0, f"{line} in {module} kept every contract"
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, broken[:2000]


@pytest.mark.parametrize("module,line,contract", ALLOWED, ids=[f"{m}:{l}" for m, l, _ in ALLOWED])
def test_an_allowed_import_keeps_its_contract(tree, module, line, contract):
    path = tree / module
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(original + f"\n{line}\n", encoding="utf-8")
        result = lint(tree)
    finally:
        path.write_text(original, encoding="utf-8")
    importer = module.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    imported = line.split()[1]
    summary = " ".join(result.stdout.split("Contracts:", 1)[0].split())    # lint-imports wraps long names
    assert f"{contract} KEPT" in summary or f"{contract} BROKEN" in summary, result.stdout[-3000:]
    assert f"{importer} -> {imported} " not in result.stdout, result.stdout.split("Broken contracts", 1)[-1]


def import_cycles(graph) -> list[list[str]]:
    """Groups of modules that import each other, directly or through others (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_no_import_cycles():
    graph = grimp.build_graph("kiosk", "printer")
    assert import_cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for name in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(name)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert import_cycles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]
