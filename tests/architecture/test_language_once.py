"""Language once: the catalog alone decides what "English" means.

Outside `kiosk/domain/catalog`, code never compares a value with a language code
(`lang == "en"`, `"id" if lang == "en" else "en"`); it asks the catalog's `Lang`
(`Lang.of(x)`, `lang.pick(id, en)`, `lang.other`), `pick(lang, id, en)` or `error_text(err, lang)`.
There is one list of languages, `LANGUAGES`, and the report is exported through one function.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOG = "kiosk/domain/catalog/"
LANGUAGE_CODES = {"en", "id"}


def language_comparisons(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """`x == "en"`, `"id" != x`, `x in ("id", "en")`: a language code compared by hand, with its line."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        codes = [o for o in operands if isinstance(o, ast.Constant) and o.value in LANGUAGE_CODES]
        tuples = [o for o in operands if isinstance(o, (ast.Tuple, ast.List, ast.Set))
                  and {e.value for e in o.elts if isinstance(e, ast.Constant)} == LANGUAGE_CODES]
        if codes or tuples:
            found.append((node.lineno, ast.unparse(node)))
    return found


def language_lists(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """Tuples or lists written out as exactly the language codes: `("id", "en")`."""
    return [(node.lineno, ast.unparse(node)) for node in ast.walk(ast.parse(source, filename))
            if isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) == 2
            and all(isinstance(e, ast.Constant) for e in node.elts)
            and [e.value for e in node.elts] == ["id", "en"]]


def _product_sources():
    for package in ("kiosk", "printer"):
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if not rel.startswith(CATALOG):
                yield rel, path.read_text(encoding="utf-8")


def test_no_language_is_decided_outside_the_catalog():
    found = [f"{rel}:{line}: {text}" for rel, source in _product_sources()
             for line, text in language_comparisons(source, rel)]
    assert found == []


def test_there_is_one_list_of_languages():
    found = [f"{rel}:{line}: {text}" for rel, source in _product_sources() for line, text in language_lists(source, rel)]
    assert found == []


@pytest.mark.parametrize("planted", [
    'name = spec.name_en if lang == "en" else spec.name_id',
    'other = "id" if self.lang == "en" else "en"',
    'if "en" != lang: pass',
    'ok = lang in ("id", "en")',
    'if self.language == "id": pass',
])
def test_the_check_finds_a_planted_language_decision(planted):
    assert language_comparisons(planted)


def test_the_check_lets_the_catalog_be_asked():
    allowed = ("name = pick(lang, spec.name_id, spec.name_en)\n"
               "other = Lang.of(self.lang).other\n"
               "words = tr('ticket.title', 'en')\n")
    assert language_comparisons(allowed) == []
    assert language_lists('LANGS = ("id", "en")') and not language_lists("LANGS = LANGUAGES")


def test_the_report_is_exported_through_the_services_entry_point():
    """The command line and the monitor name no file format themselves: one `ReportFormat`, one
    `export_report`, reached through `kiosk.services`."""
    for rel in ("kiosk/cli/reports.py", "kiosk/ui/monitor/window.py", "kiosk/ui/reports_pdf.py"):
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not {m for m in imported if m and m.startswith("kiosk.app")}, rel
        formats = [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Compare)
                   for c in [n.left, *n.comparators] if isinstance(c, ast.Constant) and c.value in
                   ("xlsx", "csv", "pdf", "json")]
        assert formats == [], (rel, formats)
    from kiosk import services
    from kiosk.domain.report_text import ReportFormat

    assert services.ReportFormat is ReportFormat and callable(services.export_report)


def decimal_commas(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """`text.replace(".", ",")`: a decimal comma made by hand."""
    return [(node.lineno, ast.unparse(node)) for node in ast.walk(ast.parse(source, filename))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "replace"
            and [a.value for a in node.args if isinstance(a, ast.Constant)] == [".", ","]]


def test_one_decimal_comma_formatter():
    """Figures are written with `kiosk.domain.formatting.decimal_text` only."""
    found = [f"{rel}:{line}: {text}" for rel, source in _product_sources() if rel != "kiosk/domain/formatting.py"
             for line, text in decimal_commas(source, rel)]
    assert found == []
    assert decimal_commas('s = f"{v:.2f}".replace(".", ",")')
