import json
import socket

import pytest

from kiosk.cli import main


def test_printer_status_json_on_a_working_printer(printer_standin, capsys):
    assert main(["printer", "status", "--printer", printer_standin.url, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] and doc["online"] and doc["paper"] == "ok" and doc["message"] == "Printer siap."


def test_printer_status_fails_with_one_sentence(printer_standin, capsys):
    printer_standin.paper_out()
    assert main(["printer", "status", "--printer", printer_standin.url]) == 4
    captured = capsys.readouterr()
    assert captured.err.strip() == "anjungan: Kertas printer habis."


def test_printer_test_page_to_preview(tmp_path, capsys):
    assert main(["printer", "test", "--printer", f"preview://{tmp_path}", "--paper", "58", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["status"] == "printed" and len(doc["files"]) == 2
    assert (tmp_path / "halaman-uji.png").exists()


def test_printer_test_page_on_a_dead_printer(printer_standin, capsys):
    printer_standin.power_off()
    assert main(["printer", "test", "--printer", printer_standin.url, "--json"]) == 4
    captured = capsys.readouterr()
    assert json.loads(captured.out)["fault"] == "unreachable"
    assert "Printer tidak dapat dihubungi." in captured.err


@pytest.mark.parametrize("action", ["status", "test"])
def test_bad_printer_url_is_one_sentence_and_exit_4(action, capsys):
    assert main(["printer", action, "--printer", "lpt://1", "--json"]) == 4
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("anjungan: Alamat printer tidak dapat dipakai (lpt://1): ")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


def test_unreachable_printer_is_one_sentence_and_exit_4(capsys):
    with socket.socket() as s:   # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert main(["printer", "status", "--printer", f"tcp://127.0.0.1:{port}"]) == 4
    assert capsys.readouterr().err == "anjungan: Printer tidak dapat dihubungi.\n"
