"""The paper ticket speaks the visitor's language: its fixed words come from the catalog through
the ticket's data, and the printer package writes no sentence of its own."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kiosk.app.printing import check_page_labels, ticket_labels
from kiosk.domain.catalog import catalog
from printer import PrinterSettings
from printer.layout import check_page_ops, plain_lines, ticket_ops
from tests.conftest import made_sqlite
from tests.printer.samples import ticket

YOUNG = "3171012902001234"
PRINTER = Path(__file__).resolve().parents[2] / "printer"

ENGLISH = ("QUEUE NUMBER", "People ahead of you:", "Estimated wait:", "Documents to bring:")
INDONESIAN = ("NOMOR ANTRIAN", "Antrian di depan Anda:", "Perkiraan waktu tunggu:", "Dokumen yang perlu dibawa:")


def _printed(svc, ticket_id: str, folder: Path, lang: str) -> tuple[str, Path]:
    """Print through the preview printer; the ESC/POS bytes read back as text, and the PNG."""
    outcome = svc.print_ticket(ticket_id, f"preview://{folder}", wait=True, lang=lang)
    assert outcome.ok, outcome.reason
    png, raw = (Path(f) for f in outcome.files)
    return raw.read_bytes().decode("cp437", errors="replace"), png


@pytest.mark.parametrize("lang,words,others", [("en", ENGLISH, INDONESIAN), ("id", INDONESIAN, ENGLISH)])
def test_a_visit_prints_its_ticket_in_the_visitors_language(make_services, tmp_path, lang, words, others):
    svc = make_services()
    issued = svc.issue(YOUNG, "INFO")
    text, png = _printed(svc, issued.ticket_id, tmp_path / lang, lang)
    for word in words:
        assert word in text, word
    for word in others:
        assert word not in text, word
    spec = svc.branch.service("INFO")
    # the service name, the documents and the day are in the same language as the labels
    assert (spec.name_en if lang == "en" else spec.name_id)[:20] in text
    first_document = (spec.documents_en if lang == "en" else spec.documents)[0]
    assert first_document.split()[0] in text
    assert ("Monday" if lang == "en" else "Senin") in text
    assert png.stat().st_size > 1000
    # the preview the kiosk shows is drawn from the same layout
    assert svc.ticket_preview(issued.ticket_id, lang=lang).width == svc.printer_settings().dots


@pytest.mark.parametrize("lang,words,others", [("en", ENGLISH, INDONESIAN), ("id", INDONESIAN, ENGLISH)])
def test_the_layout_the_issue_makes_is_in_the_visitors_language(make_services, tmp_path, lang, words, others):
    """The kiosk prints and shows `IssuedTicket.ticket_data`, laid out once by the issue."""
    svc = make_services()
    issued = svc.issue(YOUNG, "INFO", lang=lang)
    assert issued.ticket_data.labels == ticket_labels(lang)
    outcome = svc.print_ticket_data(issued.ticket_data, f"preview://{tmp_path}", wait=True)
    text = Path(outcome.files[1]).read_bytes().decode("cp437", errors="replace")
    assert all(word in text for word in words) and not any(word in text for word in others)


@pytest.mark.parametrize("lang,words,others", [("en", ENGLISH, INDONESIAN), ("id", INDONESIAN, ENGLISH)])
def test_the_kiosk_visit_prints_in_the_language_the_visitor_chose(make_services, tmp_path, lang, words, others):
    """The visit as the kiosk drives it (its Qt-free model): the language toggle reaches the paper."""
    from kiosk.services import KioskSettings, Step, VisitFlow
    from tests.ui.conftest import ACTIVE_NIK, scripted_rows

    svc = make_services()
    svc.import_participants(scripted_rows())
    flow = VisitFlow(svc, KioskSettings(voice=False), clock=lambda: 1000.0, printer_url=f"preview://{tmp_path}")
    flow.go_welcome()
    if lang == "en":
        flow.toggle_language()
    flow.start_visit()
    for digit in ACTIVE_NIK:
        flow.press_digit(digit)
    flow.submit_nik()
    if flow.showing_groups:
        flow.choose_group(svc.branch.service("INFO").group)
    flow.choose_service("INFO")
    flow.issue_ticket()
    assert flow.step is Step.TICKET and flow.visit.print_outcome.ok
    raw = next(Path(f) for f in flow.visit.print_outcome.files if f.endswith(".bin"))
    text = raw.read_bytes().decode("cp437", errors="replace")
    assert all(word in text for word in words) and not any(word in text for word in others)


def test_the_command_line_prints_an_english_ticket(tmp_path, monkeypatch, capsys):
    from kiosk.cli import main

    monkeypatch.setenv("ANJUNGAN_NOW", "2026-11-23T09:00:00+07:00")
    db = made_sqlite(tmp_path / "cli.sqlite")
    code = main(["--db", db, "issue", "--nik", YOUNG, "--service", "INFO", "--lang", "en", "--printer",
                 f"preview://{tmp_path / 'paper'}", "--json"])
    assert code == 0, capsys.readouterr().err
    (raw,) = (tmp_path / "paper").glob("*.bin")
    text = raw.read_bytes().decode("cp437", errors="replace")
    assert all(word in text for word in ENGLISH) and not any(word in text for word in INDONESIAN)


def test_the_english_and_indonesian_previews_differ_only_by_language(make_services):
    svc = make_services()
    issued = svc.issue(YOUNG, "INFO")
    english = svc.ticket_preview(issued.ticket_id, lang="en")
    indonesian = svc.ticket_preview(issued.ticket_id, lang="id")
    assert english.tobytes() != indonesian.tobytes()
    assert svc.ticket_preview(issued.ticket_id, lang="en").tobytes() == english.tobytes()


def test_the_layout_prints_the_labels_it_is_given():
    settings = PrinterSettings("dummy://")
    lines = plain_lines(ticket_ops(ticket(labels=ticket_labels("en"), reprint=True, verified=False,
                                          priority=True, priority_reason="lansia", wait_text=None),
                                   settings), settings.columns)
    text = "\n".join(lines)
    for word in ("REPRINT", "QUEUE NUMBER", "PRIORITY SERVICE: lansia", "NOT VERIFIED YET", "People ahead of you:",
                 "Documents to bring:", "Ref. 01JD3K7Q2M8ZC4"):
        assert word in text, word
    assert "Estimated wait:" in text and lines[[i for i, l in enumerate(lines) if "Estimated wait:" in l][0]].endswith("-")
    assert not any(word in text for word in INDONESIAN)


def test_the_test_page_speaks_the_language_it_is_given():
    settings = PrinterSettings.for_paper("dummy://", 80)
    english = "\n".join(plain_lines(check_page_ops(settings, check_page_labels("en")), settings.columns))
    indonesian = "\n".join(plain_lines(check_page_ops(settings, check_page_labels("id")), settings.columns))
    assert "PRINTER TEST PAGE" in english and "80 mm, 576 dots, 48 columns" in english
    assert "HALAMAN UJI PRINTER" in indonesian and "80 mm, 576 titik, 48 kolom" in indonesian


# -- no sentence of its own in the printer package ----------------------------------------------
_SENTENCE = re.compile(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}")
# where a string is for a programmer or a log, not for a person: log calls, programming errors
_FOR_PROGRAMMERS = {"ValueError", "RuntimeError", "TypeError", "AttributeError", "KeyError", "debug", "info",
                    "warning", "error", "exception"}


def _for_programmers(node: ast.AST, parents: dict) -> bool:
    while (node := parents.get(id(node))) is not None:
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in _FOR_PROGRAMMERS:
                return True
        if isinstance(node, (ast.Compare, ast.stmt)):
            return isinstance(node, ast.Compare)
    return False


def printed_words(source: str) -> list[tuple[int, str]]:
    """String constants that read as words for a person (two words or more, or a word of the
    paper in capitals), docstrings, log lines and programming errors aside."""
    tree = ast.parse(source)
    parents = {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if isinstance(parents.get(id(node)), ast.Expr) or _for_programmers(node, parents):
            continue
        if _SENTENCE.search(node.value) or any(word in node.value for word in _TICKET_WORDS):
            found.append((node.lineno, node.value))
    return found


_TICKET_WORDS = ("NOMOR", "ANTRIAN", "CETAK", "PRIORITAS", "TERVERIFIKASI", "HALAMAN")


def test_the_printer_package_writes_no_sentence_of_its_own():
    """Ticket words, test page words, faults, address errors and status lines all come from the
    catalog; what is left in printer/ is for programmers and logs."""
    found = []
    for path in sorted(PRINTER.glob("*.py")):
        found += [f"{path.name}:{line}: {text!r}" for line, text in printed_words(path.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize("planted", [
    'b.line("NOMOR ANTRIAN", "center")', 'b.pair("Antrian di depan Anda:", "3")', 'b.line("Dokumen yang perlu dibawa:")',
    'raise PrinterError("Printer tidak menjawab.", "The printer does not answer.")',
    'NO_ANSWER = Fault("no_answer", "Printer tidak menjawab.", "The printer does not answer.")',
    'doc.update(message="Printer siap.", message_en="Printer ready.")',
])
def test_the_word_check_finds_a_planted_sentence(planted):
    assert printed_words(f"def f(b, doc):\n    {planted}\n")


def test_the_word_check_leaves_logs_and_programming_errors():
    source = ('log.info("ticket %s printed on %s", n, url)\n'
              'raise ValueError(f"paper_mm must be 58 or 80, not {x}")\n'
              'ok = "timed out" in str(exc)\n')
    assert printed_words(source) == []


def test_every_message_the_printer_can_say_is_in_the_catalog():
    from printer.outcome import FAULTS

    keys = {fault.key for fault in FAULTS}
    for path in sorted(PRINTER.glob("*.py")):
        keys |= set(re.findall(r"\"(printer\.[a-z_.]+[a-z])\"", path.read_text(encoding="utf-8")))
        keys |= {"printer.address." + why for why in re.findall(r"_bad\([^,]+, \"([a-z_]+)\"", path.read_text())}
    assert len(keys) > 20
    assert sorted(k for k in keys if k not in catalog()) == []
