import pytest

import kiosk.config.devices  # noqa: F401  (installs the catalog as the printer's sayer, as the product does)
from tests.printer.standin import PrinterStandin


@pytest.fixture
def printer_standin():
    """A loopback ESC/POS network printer (see tests/printer/standin.py); `.url` to print to it."""
    standin = PrinterStandin()
    yield standin
    standin.close()
