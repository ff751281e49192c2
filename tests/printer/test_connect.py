import pytest
from hypothesis import given, strategies as st

from printer import PrinterError, PrinterSettings, parse_url


def test_urls_of_every_supported_connection():
    t = parse_url("tcp://192.168.1.50:9100")
    assert (t.kind, t.host, t.port, t.read_status) == ("tcp", "192.168.1.50", 9100, True)
    assert parse_url("tcp://printer.local").port == 9100
    assert parse_url("tcp://10.0.0.5:9100?status=0").read_status is False
    u = parse_url("usb://04b8:0e15")
    assert (u.vendor_id, u.product_id, u.read_status) == (0x04B8, 0x0E15, True)
    s = parse_url("serial:///dev/ttyUSB0?baudrate=19200")
    assert (s.device, s.baudrate) == ("/dev/ttyUSB0", 19200)
    f = parse_url("file:///dev/usb/lp0")
    assert (f.device, f.read_status) == ("/dev/usb/lp0", False)
    assert parse_url("cups://TM-T20II").queue == "TM-T20II"
    assert parse_url("preview:///tmp/tiket").directory == "/tmp/tiket"
    from printer.connect import default_preview_dir

    assert parse_url("preview://tiket").directory == str(default_preview_dir() / "tiket")   # inside the folder
    assert parse_url("dummy://").kind == "dummy"


def test_bare_preview_goes_to_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("ANJUNGAN_DATA_DIR", str(tmp_path))
    assert parse_url("preview://").directory == str(tmp_path / "tickets")


@pytest.mark.parametrize("url", ["lpt://1", "tcp://", "usb://04b8", "usb://zz:01", "serial://", "tcp://h:99999", "http://x"])
def test_wrong_urls_get_a_sentence(url):
    with pytest.raises(PrinterError) as err:
        parse_url(url)
    assert "Alamat printer" in err.value.message and url in err.value.message


@given(st.text(max_size=40))
def test_any_text_either_parses_or_raises_printer_error(text):
    try:
        target = parse_url(text)
    except PrinterError as exc:
        assert exc.message.endswith(".")
    else:
        assert target.kind in ("tcp", "usb", "serial", "file", "cups", "preview", "dummy")


def test_paper_presets():
    assert (PrinterSettings.for_paper("dummy://", 58).dots, PrinterSettings.for_paper("dummy://", 58).columns) == (384, 32)
    s80 = PrinterSettings.for_paper("dummy://", 80)
    assert (s80.dots, s80.columns, s80.profile) == (576, 48, "TM-T20II")
    t88 = PrinterSettings.for_paper("dummy://", 80, dpi=180)
    assert (t88.dots, t88.columns, t88.profile) == (512, 42, "TM-T88V")
    with pytest.raises(ValueError):
        PrinterSettings.for_paper("dummy://", 76)


def test_printer_error_is_one_sentence_in_two_languages_with_exit_status_4():
    err = PrinterError("Printer tidak dapat dihubungi.", "The printer cannot be reached.")
    assert isinstance(err, Exception)
    assert str(err) == err.message == "Printer tidak dapat dihubungi."
    assert err.message_en == "The printer cannot be reached."
    assert err.exit_status == PrinterError.exit_status == 4
    assert PrinterError("Hanya bahasa Indonesia.").message_en == "Hanya bahasa Indonesia."


def test_the_printer_package_stands_on_its_own():
    """Printing, previews and errors work without loading anything of the kiosk application."""
    import subprocess
    import sys

    code = (
        "import sys, tempfile\n"
        "from datetime import datetime, timezone\n"
        "from printer import PrinterError, PrinterSettings, Spooler, TicketData, TicketLabels, parse_url, render_preview\n"
        "words = TicketLabels(*'NUMBER REPRINT PRIORITY Ahead: Wait: - NIK: UNVERIFIED Check. Documents: Ref.'.split())\n"
        "t = TicketData('T1', 'A-001', 'INFO', 'Informasi', 'Information', datetime(2026, 11, 23, 9, tzinfo=timezone.utc),\n"
        "               'Cabang', '', 0, None, False, None, True, None, (), (), 'T1',\n"
        "               labels=words, issued_text='Senin, 23 November 2026 09.00', wait_text=None)\n"
        "render_preview(t, PrinterSettings('dummy://'))\n"
        "with Spooler(PrinterSettings('preview://' + tempfile.mkdtemp())) as s:\n"
        "    assert s.print_now(t).ok\n"
        "try:\n"
        "    parse_url('lpt://1')\n"
        "except PrinterError:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m == 'kiosk' or m.startswith('kiosk.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
