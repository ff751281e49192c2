import json

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


def test_bad_printer_url_is_a_user_error(capsys):
    assert main(["printer", "status", "--printer", "lpt://1"]) != 0
    err = capsys.readouterr().err
    assert "Alamat printer" in err and "Traceback" not in err
