"""Printer URLs write only where a printer is: `file://` to a character device, never creating or
replacing a file; `preview://` inside its folder.

Before: `printer test --printer file:///…/any.conf` replaced the file, and `preview://../elsewhere`
wrote outside the preview folder.
"""
from __future__ import annotations

import os

import pytest

from kiosk.cli import main
from printer import PrinterError, PrinterSettings, parse_url
from printer.connect import default_preview_dir, open_char_device


def test_file_urls_to_an_ordinary_file_are_refused_and_the_file_is_kept(tmp_path, capsys):
    conf = tmp_path / "any.conf"
    conf.write_text("keep = 1\n")
    with pytest.raises(PrinterError, match="perangkat karakter"):
        parse_url(f"file://{conf}")
    assert main(["printer", "test", "--printer", f"file://{conf}"]) == 4
    assert conf.read_text() == "keep = 1\n"
    assert "perangkat karakter" in capsys.readouterr().err


def test_file_urls_never_create_a_file(tmp_path):
    new = tmp_path / "new.conf"
    assert main(["printer", "test", "--printer", f"file://{new}"]) == 4
    assert not new.exists()
    with pytest.raises(FileNotFoundError):
        open_char_device(str(new))


def test_a_file_swapped_in_after_the_check_is_still_refused(tmp_path):
    conf = tmp_path / "late.conf"
    conf.write_text("x")
    with pytest.raises(PrinterError):
        open_char_device(str(conf))          # the check is made on the opened file itself
    assert conf.read_text() == "x"


def test_a_character_device_is_a_printer(tmp_path):
    assert parse_url("file:///dev/null").device == "/dev/null"
    with open_char_device("/dev/null") as device:
        device.write(b"\x1b@")


@pytest.mark.parametrize("url", ["preview://../elsewhere", "preview://a/../../b", "preview:///tmp/../etc",
                                 "preview://%2e%2e/x"])
def test_preview_urls_cannot_climb_out(url):
    with pytest.raises(PrinterError, match=r"\.\."):
        parse_url(url)


def test_a_relative_preview_folder_lies_inside_the_tickets_folder(isolated_data_dir):
    assert parse_url("preview://kiosk-2").directory == str(default_preview_dir() / "kiosk-2")
    assert default_preview_dir() == isolated_data_dir / "tickets"


def test_a_link_leading_out_of_the_tickets_folder_is_refused(isolated_data_dir, tmp_path):
    (isolated_data_dir / "tickets").mkdir()
    os.symlink(tmp_path, isolated_data_dir / "tickets" / "out")
    with pytest.raises(PrinterError):
        parse_url("preview://out")


def test_the_configuration_refuses_such_printers_at_start(tmp_path):
    from kiosk.config import parse_config
    from kiosk.config.loader import default_config_path
    from kiosk.domain.errors import ConfigError

    base = default_config_path().read_text(encoding="utf-8")
    conf = tmp_path / "any.conf"
    conf.write_text("x")
    for url in (f"file://{conf}", "preview://../elsewhere"):
        text = _with_printer_url(base, url)
        with pytest.raises(ConfigError, match="printer.url"):
            parse_config(text, "x.toml")


def _with_printer_url(text: str, url: str) -> str:
    import re

    out, n = re.subn(r'(?m)^url = "[^"]*"', f'url = "{url}"', text.split("[printer]", 1)[1], count=1)
    assert n == 1
    return text.split("[printer]", 1)[0] + "[printer]" + out


def test_an_unknown_profile_is_refused_at_start_not_while_printing(tmp_path):
    from kiosk.config import parse_config
    from kiosk.config.loader import default_config_path
    from kiosk.domain.errors import ConfigError

    base = default_config_path().read_text(encoding="utf-8")
    assert 'profile = "TM-T20II"' in base
    with pytest.raises(ConfigError, match="printer.profile"):
        parse_config(base.replace('profile = "TM-T20II"', 'profile = "NO-SUCH-PRINTER"', 1), "x.toml")
    with pytest.raises(PrinterError):
        from printer.escpos_out import render_bytes

        render_bytes([], PrinterSettings(url="dummy://", profile="NO-SUCH-PRINTER"))
