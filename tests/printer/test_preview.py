from pathlib import Path

import pytest
from PIL import Image

from printer import PrinterSettings, Spooler, render_preview
from printer.escpos_out import render_bytes
from printer.layout import ticket_ops
from tests.printer.samples import ticket


def dark_rows(image, threshold=128):
    gray = image.convert("L")
    w, h = gray.size
    data = gray.tobytes()
    return [sum(1 for v in data[y * w:(y + 1) * w] if v < threshold) for y in range(h)]


@pytest.mark.parametrize("paper,dots", [(58, 384), (80, 576)])
def test_preview_is_the_printer_width_and_shows_the_number_large_near_the_top(paper, dots):
    image = render_preview(ticket(), PrinterSettings.for_paper("dummy://", paper))
    assert image.width == dots
    assert image.height > 600
    rows = dark_rows(image)
    assert sum(rows) > 0.02 * image.width * image.height  # not blank
    # the number is the widest block of ink in the first third of the ticket
    top = rows[: image.height // 3]
    widest = max(top)
    assert widest > 0.45 * dots
    tall = sum(1 for r in top if r > 0.25 * dots)
    assert tall >= 60  # tens of dot rows: a number you can read from arm's length


def test_preview_differs_when_the_number_differs():
    s = PrinterSettings("dummy://")
    a = render_preview(ticket(), s)
    b = render_preview(ticket(number="B-101"), s)
    box = (0, 0, a.width, a.height // 3)
    assert a.crop(box).tobytes() != b.crop(box).tobytes()


def test_preview_printer_writes_png_and_raw_bytes(tmp_path):
    settings = PrinterSettings(f"preview://{tmp_path / 'tiket'}")
    with Spooler(settings) as spooler:
        outcome = spooler.print_now(ticket())
    assert outcome.ok and outcome.status == "printed"
    png, binary = (Path(f) for f in outcome.files)
    assert png.suffix == ".png" and binary.suffix == ".bin"
    assert "A-023" in png.name
    with Image.open(png) as image:
        assert image.width == 576
    assert binary.read_bytes() == render_bytes(ticket_ops(ticket(), settings), settings)


def test_preview_into_an_unwritable_place_fails_with_a_sentence(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with Spooler(PrinterSettings(f"preview://{blocker}/sub")) as spooler:
        outcome = spooler.print_now(ticket())
    assert not outcome.ok and outcome.reason
