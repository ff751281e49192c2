import pytest

from tests.printer.standin import PrinterStandin


@pytest.fixture
def printer_standin():
    """A loopback ESC/POS network printer (see tests/printer/standin.py); `.url` to print to it."""
    standin = PrinterStandin()
    yield standin
    standin.close()
